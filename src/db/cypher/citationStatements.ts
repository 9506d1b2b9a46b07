import type { Database } from '../driver/Database.ts';
import { projectFields } from './nodeFields.ts';
import { bidirectionalSearch } from './graphStatements.ts';
import type { PageRequest } from './paging.ts';

/**
 * The citation graph's reads: (citing:Article)-[:CITES]->(cited:Article) as the loader writes it
 * (src/ingest/load/citations.ts). Every statement is batched over `$ids` (one statement answers the field
 * for every article of a list) and returns rows `{id, value}` for the repository's loaders.
 */

/** Which way a citation list reads: the article's references, or the articles citing it. */
export type CitationDirection = 'references' | 'citedBy';

/** The list name a citation list's cursors carry (a cursor of the other direction is refused). */
export function citationListName(direction: CitationDirection): string {
  return `citations:${direction}`;
}

const PATTERN: Readonly<Record<CitationDirection, string>> = {
  references: '(a)-[c:CITES]->(b:Article)',
  citedBy: '(a)<-[c:CITES]-(b:Article)',
};

/**
 * One page of an article's references or citing articles, newest first, then by id: keyset on
 * [year (-1 when none), id], so a cursor keeps its place while citations are added. The total is
 * the article's CITES degree in that direction (the degree store answers it).
 */
export function citationPageStatement(direction: CitationDirection): string {
  return `
UNWIND $ids AS id
MATCH (a:Article {id: id})
CALL (a) {
  MATCH ${PATTERN[direction]}
  WITH c, b, coalesce(b.year, -1) AS k
  WHERE $cursor IS NULL OR k < $cursor[0] OR (k = $cursor[0] AND b.id > $cursor[1])
  WITH c, b, k ORDER BY k DESC, b.id LIMIT $take
  RETURN collect({key: [k, b.id], node: {article: ${projectFields('Article', 'b')}, sources: coalesce(c.sources, []), text: c.text, position: c.position}}) AS rows
}
RETURN id, {rows: rows, total: COUNT { ${PATTERN[direction].replace('c:CITES', ':CITES')} }} AS value`;
}

/** The page parameters of citationPageStatement. */
export function citationPageParams(request: PageRequest): Record<string, unknown> {
  return { cursor: request.cursor, take: request.take };
}

/**
 * The `$first` articles `b` with the highest counts `n` (rows `b, n`, one per article), most first, then
 * by id. A popular work is cited by a hundred thousand articles at a million, and then most of the
 * time went to reading the id of every counted article for the order (at 100k articles, 90 of an
 * article's 120 ms). So the articles are first grouped by count: only those of the highest counts,
 * down to the count where `$first` is reached, have their ids read.
 */
const MOST_COUNTED = `
  WITH n, collect(b) AS level
  ORDER BY n DESC
  WITH collect({n: n, level: level}) AS levels
  UNWIND range(0, size(levels) - 1) AS i
  WITH levels[i] AS l, reduce(before = 0, higher IN levels[..i] | before + size(higher.level)) AS before
  WHERE before < $first
  UNWIND l.level AS b
  WITH b, l.n AS n
  ORDER BY n DESC, b.id
  LIMIT $first`;

/**
 * Co-citation: articles cited by the same citing articles as `a`, counted by citing article, most
 * first, then by id (a deterministic order for equal counts). count(*) counts citing articles: the
 * loader writes one CITES edge per citing and cited article (src/ingest/load/citations.ts), and CITES
 * joins articles only, so neither a set per article nor a label check is needed.
 */
export const CO_CITED = `
UNWIND $ids AS id
MATCH (a:Article {id: id})
CALL (a) {
  MATCH (a)<-[:CITES]-(p)-[:CITES]->(b)
  WHERE b <> a
  WITH b, count(*) AS n${MOST_COUNTED}
  RETURN collect({article: ${projectFields('Article', 'b')}, count: n}) AS items
}
RETURN id, items AS value`;

/**
 * Bibliographic coupling: articles citing the same works as `a`, counted by shared reference (one
 * CITES edge per pair, as for CO_CITED), most first, then by id.
 */
export const COUPLED = `
UNWIND $ids AS id
MATCH (a:Article {id: id})
CALL (a) {
  MATCH (a)-[:CITES]->(r)<-[:CITES]-(b)
  WHERE b <> a
  WITH b, count(*) AS n${MOST_COUNTED}
  RETURN collect({article: ${projectFields('Article', 'b')}, count: n}) AS items
}
RETURN id, items AS value`;

/** The citing articles of `a` by publication year, newest first. */
export const CITING_YEARS = `
UNWIND $ids AS id
MATCH (a:Article {id: id})
CALL (a) {
  MATCH (a)<-[:CITES]-(p:Article)
  WHERE p.year IS NOT NULL
  WITH p.year AS year, count(*) AS n
  ORDER BY year DESC
  RETURN collect({year: year, count: n}) AS years
}
RETURN id, years AS value`;

/** Which of the two ends exist as articles. */
const CITATION_PATH_ENDS = `
MATCH (n:Article) WHERE n.id IN [$from, $to]
RETURN collect(n.id) AS ids`;

/**
 * One level of the directed search: the not yet seen articles one citation away from the frontier,
 * following references from the citing side (`forward`) or citing articles from the cited side,
 * each with the frontier article it was reached from; at most `$take` rows.
 */
const CITATION_PATH_STEP = `
UNWIND $frontier AS fid
MATCH (f:Article {id: fid})
CALL (f) {
  WITH f WHERE $forward
  MATCH (f)-[:CITES]->(n:Article) RETURN n
  UNION
  WITH f WHERE NOT $forward
  MATCH (f)<-[:CITES]-(n:Article) RETURN n
}
WITH n, f WHERE NOT n.id IN $seen
RETURN n.id AS id, f.id AS parent
LIMIT $take`;

/**
 * The article ids along a shortest directed citation path from `from` to `to` (each cites the
 * next), or null when there is none within maxLength: the bounded bidirectional search of
 * shortestPath (bidirectionalSearch, graphStatements.ts) with directed citation steps.
 */
export async function fetchCitationPathIds(
  db: Database,
  from: string,
  to: string,
  options: { maxLength: number; budget: number },
): Promise<string[] | null> {
  const [ends] = await db.read<{ ids: string[] }>(CITATION_PATH_ENDS, { from, to });
  if (!ends || !ends.ids.includes(from) || !ends.ids.includes(to)) return null;
  if (from === to) return [from];
  // The citing side (from) follows references, the cited side (to) citing articles.
  return bidirectionalSearch(from, to, options, (side, take) =>
    db.read<{ id: string; parent: string }>(CITATION_PATH_STEP, {
      frontier: side.frontier,
      seen: side.seen,
      forward: side.fromEnd,
      take,
    }),
  );
}
