import type { ExportGraph, ExportNode } from './exportTypes.ts';

/**
 * VOSviewer map and network files (VOSviewer manual, "Map and network files"): tab-delimited text.
 *
 * - Map file: a header line, then one item per line. Columns: `id` (VOSviewer items are numbered:
 *   1..n in the graph's node order), `label`, `description` (the global id and entity type, so a
 *   file can be traced back to the API), `url` (the DOI's page, when the node has a DOI),
 *   `weight<Documents>`, `weight<Citations>` and, when any item has a year, `score<Avg. pub. year>`
 *   (VOSviewer's overlay colours). For an article: 1 document, the citations it receives in the
 *   whole graph (its `citations` property; CITES edges within this subgraph when the property is
 *   absent) and its year. For any other item (author, topic, journal, ...): the articles of this
 *   subgraph it is linked to, the sum of their citations and the mean of their years, as VOSviewer
 *   gives an author or term the documents behind it. VOSviewer computes links and total link strength itself.
 * - Network file: no header; one line per pair of linked items, `id<TAB>id<TAB>strength`, the
 *   strength being the number of edges between the two in either direction (VOSviewer's networks
 *   are undirected; a pair citing each other has strength 2). Pairs are listed once, smaller id first.
 *
 * Labels and descriptions are one line (tabs and line breaks become spaces); one with a comma,
 * semicolon or double quote is enclosed in double quotes, as the manual asks, inner quotes doubled.
 */
export function toVosviewerMap(graph: ExportGraph): string {
  const citedWithin = new Map<string, number>();
  for (const edge of graph.edges)
    if (edge.type === 'CITES') citedWithin.set(edge.target, (citedWithin.get(edge.target) ?? 0) + 1);
  const isArticle = (node: ExportNode) => node.type === 'ARTICLE';
  const citationsOf = (node: ExportNode) =>
    typeof node.properties?.citations === 'number' ? node.properties.citations : (citedWithin.get(node.id) ?? 0);
  const yearOf = (node: ExportNode) => (typeof node.properties?.year === 'number' ? node.properties.year : null);
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  // The articles of this subgraph each other item is linked to.
  const articlesOf = new Map<string, Set<ExportNode>>();
  for (const edge of graph.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target || isArticle(source) === isArticle(target)) continue;
    const [article, other] = isArticle(source) ? [source, target] : [target, source];
    articlesOf.set(other.id, (articlesOf.get(other.id) ?? new Set()).add(article));
  }
  const facts = graph.nodes.map((node) => {
    if (isArticle(node)) return { documents: 1, citations: citationsOf(node), year: yearOf(node) };
    const articles = [...(articlesOf.get(node.id) ?? [])];
    const years = articles.map(yearOf).filter((year): year is number => year !== null);
    return {
      documents: articles.length,
      citations: articles.reduce((sum, article) => sum + citationsOf(article), 0),
      year:
        years.length === 0 ? null : Math.round((years.reduce((sum, year) => sum + year, 0) / years.length) * 10) / 10,
    };
  });
  const hasYear = facts.some((fact) => fact.year !== null);
  const header = [
    'id',
    'label',
    'description',
    'url',
    'weight<Documents>',
    'weight<Citations>',
    ...(hasYear ? ['score<Avg. pub. year>'] : []),
  ];
  const lines = graph.nodes.map((node, i) => {
    const fact = facts[i]!;
    const row = [
      String(i + 1),
      field(node.label),
      field(`${node.id} (${node.type})`),
      urlOf(node),
      String(fact.documents),
      String(fact.citations),
    ];
    if (hasYear) row.push(fact.year === null ? '' : String(fact.year));
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
