import type { ExportGraph, ExportNode } from './exportTypes.ts';

/**
 * VOSviewer map and network files (VOSviewer manual, "Map and network files"): tab-delimited text.
 *
 * - Map file: a header line, then one item per line. Columns: `id` (VOSviewer items are numbered:
 *   1..n in the graph's node order), `label`, `description` (the global id and entity type, so a
 *   file can be traced back to the API), `url` (the DOI's page, when the node has a DOI),
 *   `weight<Citations>` (CITES edges pointing at the item within this graph: what VOSviewer sizes
 *   items by in a citation map) and `score<Year>` when any node has a year (VOSviewer's overlay
 *   colours). VOSviewer computes links and total link strength itself.
 * - Network file: no header; one line per pair of linked items, `id<TAB>id<TAB>strength`, the
 *   strength being the number of edges between the two in either direction (VOSviewer's networks
 *   are undirected; a pair citing each other has strength 2). Pairs are listed once, smaller id first.
 *
 * Labels and descriptions are one line (tabs and line breaks become spaces); one with a comma,
 * semicolon or double quote is enclosed in double quotes, as the manual asks, inner quotes doubled.
 */
export function toVosviewerMap(graph: ExportGraph): string {
  const citations = new Map<string, number>();
  for (const edge of graph.edges) if (edge.type === 'CITES') citations.set(edge.target, (citations.get(edge.target) ?? 0) + 1);
  const hasYear = graph.nodes.some((node) => typeof node.properties?.year === 'number');
  const header = ['id', 'label', 'description', 'url', 'weight<Citations>', ...(hasYear ? ['score<Year>'] : [])];
  const lines = graph.nodes.map((node, i) => {
    const row = [String(i + 1), field(node.label), field(`${node.id} (${node.type})`), urlOf(node), String(citations.get(node.id) ?? 0)];
    if (hasYear) row.push(typeof node.properties?.year === 'number' ? String(node.properties.year) : '');
    return row.join('\t');
  });
  return `${[header.join('\t'), ...lines].join('\n')}\n`;
}

/** The network file of the same graph (see toVosviewerMap for the item numbers). */
export function toVosviewerNetwork(graph: ExportGraph): string {
  const number = new Map(graph.nodes.map((node, i) => [node.id, i + 1]));
  const strength = new Map<string, number>();
  for (const edge of graph.edges) {
    const a = number.get(edge.source);
    const b = number.get(edge.target);
    if (a === undefined || b === undefined || a === b) continue;
    const key = a < b ? `${a}\t${b}` : `${b}\t${a}`;
    strength.set(key, (strength.get(key) ?? 0) + 1);
  }
  const pairs = [...strength].sort(([x], [y]) => {
    const [x1, x2] = x.split('\t').map(Number) as [number, number];
    const [y1, y2] = y.split('\t').map(Number) as [number, number];
    return x1 - y1 || x2 - y2;
  });
  return pairs.map(([pair, n]) => `${pair}\t${n}\n`).join('');
}

function field(text: string): string {
  const line = text.replace(/[\t\r\n]+/g, ' ');
  return /[,;"]/.test(line) ? `"${line.replace(/"/g, '""')}"` : line;
}

function urlOf(node: ExportNode): string {
  const doi = node.properties?.doi;
  return typeof doi === 'string' && doi !== '' ? `https://doi.org/${encodeURI(doi)}` : '';
}
