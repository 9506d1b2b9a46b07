import type { Database } from './Database.ts';
import type { EntityLabel, GraphEdgeRecord, GraphNodeRecord, GraphRecord } from './records.ts';

/**
 * Subgraphs for visualization: neighbourhoods (breadth-first, level by level, so the node limit
 * keeps the nearest nodes and is honoured exactly), shortest paths and a topic's article graph.
 * Every traversal is restricted to the model's relationship types, so internal Alias nodes never show.
 */

/** One breadth-first level: the unseen neighbours of the frontier, in a stable order. */
export const NEIGHBOURS_OF = `
UNWIND $frontier AS id
MATCH (n:Entity {id: id})-[r]-(m:Entity)
WHERE type(r) IN $relationshipTypes
  AND ($labels IS NULL OR any(l IN labels(m) WHERE l IN $labels))
  AND NOT m.id IN $seen
WITH DISTINCT m.id AS id
ORDER BY id
LIMIT $take
RETURN id`;

/** The nodes with the given ids and every model edge between two of them. */
export const SUBGRAPH_OF = `
MATCH (n:Entity) WHERE n.id IN $ids
WITH collect(n) AS nodes
CALL (nodes) {
  UNWIND nodes AS n
  MATCH (n)-[r]->(m:Entity)
  WHERE type(r) IN $relationshipTypes AND m IN nodes
  RETURN collect({type: type(r), source: n.id, target: m.id,
    properties: {position: r.position, articles: r.articles}}) AS edges
}
RETURN [n IN nodes | {
  id: n.id,
  label: head([l IN labels(n) WHERE l <> 'Entity']),
  caption: coalesce(n.title, n.name, n.id),
  properties: {year: n.year, doi: n.doi, meshId: n.meshId, issn: n.issn, city: n.city, country: n.country, localName: n.localName}
}] AS nodes, edges`;

/** Fetches the induced subgraph of a set of node ids. */
export async function fetchSubgraph(db: Database, ids: readonly string[], relationshipTypes: readonly string[]): Promise<Omit<GraphRecord, 'truncated'>> {
  const rows = await db.read<{ nodes: GraphNodeRecord[]; edges: GraphEdgeRecord[] }>(SUBGRAPH_OF, { ids, relationshipTypes });
  const row = rows[0] ?? { nodes: [], edges: [] };
  const order = new Map(ids.map((id, index) => [id, index]));
  const nodes = row.nodes
    .map((node) => ({ ...node, properties: withoutNulls(node.properties) }))
    .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const edges = row.edges
    .map((edge) => ({ ...edge, properties: withoutNulls(edge.properties) }))
    .sort((a, b) => compare(a.source, b.source) || compare(a.type, b.type) || compare(a.target, b.target));
  return { nodes, edges };
}

/** Options of a neighbourhood. */
export interface NeighborhoodOptions {
  depth: number;
  limit: number;
  relationshipTypes: readonly string[];
  /** Node labels to include (the centre always is); null for all. */
  labels: readonly EntityLabel[] | null;
}

/**
 * The subgraph within `depth` hops of a node: one round trip per level plus one for the subgraph.
 * Returns null when the centre does not exist.
 */
export async function fetchNeighborhood(db: Database, centreId: string, options: NeighborhoodOptions): Promise<GraphRecord | null> {
  const seen = [centreId];
  let frontier = [centreId];
  let truncated = false;
  for (let level = 1; level <= options.depth && frontier.length > 0; level += 1) {
    const room = options.limit - seen.length;
    // Ask for one more than there is room for: that extra row is how we know the limit cut.
    const rows = await db.read<{ id: string }>(NEIGHBOURS_OF, {
      frontier,
      seen,
      take: room + 1,
      relationshipTypes: options.relationshipTypes,
      labels: options.labels,
    });
    if (rows.length > room) truncated = true;
    frontier = rows.slice(0, room).map((row) => row.id);
    seen.push(...frontier);
    if (truncated) break;
  }
  const graph = await fetchSubgraph(db, seen, options.relationshipTypes);
  if (!graph.nodes.some((node) => node.id === centreId)) return null;
  return { ...graph, truncated };
}

const MAX_PATH_LENGTH = 10;

/**
 * Shortest-path queries, one per maximum length: variable-length bounds cannot be parameters, and
 * keeping the bound in the pattern (not a WHERE on length) lets Neo4j search breadth-first
 * without falling back to an exhaustive search.
 */
export const SHORTEST_PATH: readonly string[] = Array.from({ length: MAX_PATH_LENGTH + 1 }, (_, maxLength) =>
  maxLength === 0
    ? ''
    : `
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = shortestPath((a)-[*..${maxLength}]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $relationshipTypes)
  AND all(n IN nodes(p)[1..-1] WHERE n:Entity AND ($through IS NULL OR any(l IN labels(n) WHERE l IN $through)))
RETURN [n IN nodes(p) | n.id] AS ids`,
);

/** The node ids along a shortest path, or null when there is none within maxLength. */
export async function fetchShortestPathIds(
  db: Database,
  from: string,
  to: string,
  maxLength: number,
  relationshipTypes: readonly string[],
  through: readonly EntityLabel[] | null,
): Promise<string[] | null> {
  const cypher = SHORTEST_PATH[maxLength];
  if (!cypher) throw new RangeError(`maxLength ${maxLength} outside 1..${MAX_PATH_LENGTH}`);
  const rows = await db.read<{ ids: string[] }>(cypher, { from, to, relationshipTypes, through });
  return rows[0]?.ids ?? null;
}

/** The ids of a topic's article graph: the topic, its narrower topics, its newest articles and their topics. */
export const TOPIC_GRAPH_IDS = `
MATCH (t:Topic) WHERE t.id IN $topicIds
MATCH (sub:Topic)-[:BROADER]->{0,10}(t)
WITH collect(DISTINCT t.id) + collect(DISTINCT sub.id) AS topicIds, collect(DISTINCT sub) AS subs
CALL (subs) {
  UNWIND subs AS sub
  MATCH (sub)<-[:HAS_TOPIC]-(a:Article)
  WITH DISTINCT a ORDER BY coalesce(a.year, 0) DESC, a.id LIMIT $first
  RETURN collect(a) AS articles
}
CALL (articles) {
  UNWIND articles AS a
  MATCH (a)-[:HAS_TOPIC]->(o:Topic)
  RETURN collect(DISTINCT o.id) AS otherTopicIds
}
RETURN topicIds, [a IN articles | a.id] AS articleIds, otherTopicIds`;

/** Node ids for topicGraph, topic first. */
export async function fetchTopicGraphIds(db: Database, topicIds: readonly string[], first: number): Promise<string[]> {
  const rows = await db.read<{ topicIds: string[]; articleIds: string[]; otherTopicIds: string[] }>(TOPIC_GRAPH_IDS, { topicIds, first });
  const row = rows[0];
  if (!row) return [];
  return [...new Set([...topicIds.filter((id) => row.topicIds.includes(id)), ...row.topicIds, ...row.articleIds, ...row.otherTopicIds])];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function withoutNulls(properties: Record<string, string | number | boolean | null>): Record<string, string | number | boolean | null> {
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== null && value !== undefined));
}
