import type { GraphRecord } from '../records/records.ts';

/** A year range; either end may be open. */
export interface YearRange {
  yearFrom: number | null;
  yearTo: number | null;
}

/**
 * A subgraph cut to the articles of a year range, as a view's year filter shows it (and so as
 * "download what is shown" must save it): articles outside the range, or without a year, leave
 * with their edges; then every other node no remaining edge reaches leaves too (an author or topic
 * known here only through those articles). The centre always stays. `truncated` is kept: it says
 * whether the neighbourhood itself was cut.
 */
export function filterGraphByYear(graph: GraphRecord, centreId: string, range: YearRange): GraphRecord {
  if (range.yearFrom === null && range.yearTo === null) return graph;
  const inRange = (year: unknown) =>
    typeof year === 'number' &&
    (range.yearFrom === null || year >= range.yearFrom) &&
    (range.yearTo === null || year <= range.yearTo);
  const dropped = new Set(
    graph.nodes
      .filter((node) => node.id !== centreId && node.label === 'Article' && !inRange(node.properties.year))
      .map((node) => node.id),
  );
  const edges = graph.edges.filter((edge) => !dropped.has(edge.source) && !dropped.has(edge.target));
  const linked = new Set<string>([centreId]);
  for (const edge of edges) {
    linked.add(edge.source);
    linked.add(edge.target);
  }
  const hadEdges = new Set<string>();
  for (const edge of graph.edges) {
    hadEdges.add(edge.source);
    hadEdges.add(edge.target);
  }
  // A node that had no edge to begin with (an isolated node of the neighbourhood) is not the filter's to remove.
  const nodes = graph.nodes.filter((node) => !dropped.has(node.id) && (linked.has(node.id) || !hadEdges.has(node.id)));
  return { nodes, edges, truncated: graph.truncated };
}
