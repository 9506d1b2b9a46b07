import type { Database } from '../driver/Database.ts';
import type { StatsRecord } from '../records/records.ts';
import { MODEL_RELATIONSHIP_TYPES } from './entityMap.ts';
import type { PageRequest } from './paging.ts';

/**
 * Graph-wide counts. `articles` leaves out reference-only articles (works known only as references),
 * which are counted apart, so importing reference lists does not inflate the article count. Each count is a single-label or single-type pattern, which Neo4j answers from
 * its count store without scanning; the type list is the fixed model list, not input.
 */
export const STATS = `
CALL () { MATCH (n:Article) RETURN count(n) AS allArticles }
CALL () { MATCH (n:ReferenceOnly) RETURN count(n) AS referenceOnlyArticles }
CALL () { MATCH ()-[r:CITES]->() RETURN count(r) AS citations }
CALL () { MATCH (n:Author) RETURN count(n) AS authors }
CALL () { MATCH (n:Institution) RETURN count(n) AS institutions }
CALL () { MATCH (n:Journal) RETURN count(n) AS journals }
CALL () { MATCH (n:Topic) RETURN count(n) AS topics }
CALL () { MATCH (n:Source) RETURN count(n) AS sources }
CALL () { MATCH (n:Import) RETURN count(n) AS imports }
${MODEL_RELATIONSHIP_TYPES.map((type, i) => `CALL () { MATCH ()-[r:${type}]->() RETURN count(r) AS r${i} }`).join('\n')}
WITH allArticles - referenceOnlyArticles AS articles, referenceOnlyArticles, citations, authors, institutions, journals, topics, sources, imports, ${MODEL_RELATIONSHIP_TYPES.map((_, i) => `r${i}`).join(' + ')} AS relationships
RETURN articles, authors, institutions, journals, topics, relationships, sources, imports, referenceOnlyArticles, citations`;

/** Counts of every entity type and of model relationships. */
export async function fetchStats(db: Database): Promise<StatsRecord> {
  const rows = await db.read<StatsRecord>(STATS);
  const row = rows[0];
  if (!row) throw new Error('stats query returned no row');
  return row;
}

/** The entity types listed alphabetically by Query.authors, institutions, journals and topics. */
export type ListedLabel = 'Author' | 'Institution' | 'Journal' | 'Topic';

/** The lower-case name each list is ordered by (indexed: author_name_lower, journal_title_lower, ...). */
export const LIST_KEY: Readonly<Record<ListedLabel, 'nameLower' | 'titleLower'>> = {
  Author: 'nameLower',
  Institution: 'nameLower',
  Journal: 'titleLower',
  Topic: 'nameLower',
};

/** The list name an alphabetical list's cursors carry (a cursor of another list is refused). */
export function entityListName(label: ListedLabel): string {
  return `${label.toLowerCase()}s:NAME`;
}

/**
 * One alphabetical page, read along the name index in order (by name, ties by id): O(page), not
 * O(list). Every entity has its lower-case name (the loader sets it). `$contains` (authors only)
 * keeps names containing a part. The total is the label count (count store) unless filtered, and
 * is read only when asked, like whether anything precedes the cursor.
 */
export function entityListStatement(
  label: ListedLabel,
  request: PageRequest,
  needs: { total: boolean; beyond: boolean },
  projection: string,
): string {
  const k = `n.${LIST_KEY[label]}`;
  const contains = label === 'Author' ? ` AND ($contains IS NULL OR ${k} CONTAINS $contains)` : '';
  const afterCursor = request.cursor ? ` AND ${k} >= $cursor[0] AND (${k} > $cursor[0] OR n.id > $cursor[1])` : '';
  const total = !needs.total
    ? 'null'
    : label === 'Author'
      ? `CASE WHEN $contains IS NULL THEN COUNT { (:Author) } ELSE COUNT { MATCH (n:Author) WHERE ${k} CONTAINS $contains } END`
      : `COUNT { (:${label}) }`;
  const beyond =
    needs.beyond && request.cursor
      ? `EXISTS { MATCH (n:${label}) WHERE ${k} <= $cursor[0] AND (${k} < $cursor[0] OR n.id <= $cursor[1])${contains} }`
      : 'false';
  return `CALL () {
  MATCH (n:${label}) WHERE ${k} IS NOT NULL AND n.id IS NOT NULL${contains}${afterCursor}
  WITH n ORDER BY ${k}, n.id LIMIT $take
  RETURN collect({key: [${k}, n.id], node: ${projection}}) AS rows
}
RETURN rows, ${beyond} AS beyond, ${total} AS total`;
}

/**
 * A topic by global id or by any alias (preferred name, synonym, MeSH UI), as the start of a statement binding `scope`.
 * The alias is sought, never found by a scan of every alias: on small graphs the planner chose the scan by its
 * statistics, and a topic's page then cost work in proportion to the whole graph (tests/db/topicPageGrowth.test.ts).
 */
export const TOPIC_BY_NAME = `CALL () {
  MATCH (t:Topic {id: $text}) RETURN t
  UNION
  MATCH (al:Alias {value: $alias})-[:ALIAS_OF]->(t:Topic) USING INDEX SEEK al:Alias(value) RETURN t
}
WITH t AS scope ORDER BY scope.id LIMIT 1`;

/** An article by lower-cased DOI, as the start of a statement binding `scope`. */
export const ARTICLE_BY_DOI = 'MATCH (scope:Article {doiLower: $doi}) WITH scope LIMIT 1';

/** An article by an identifier key its sources gave it (`pmid:…`, `pmcid:…`, `openalex:…`), through its aliases. */
export const ARTICLE_BY_IDENTIFIER = 'MATCH (:Alias {value: $alias})-[:ALIAS_OF]->(scope:Article) WITH scope LIMIT 1';

/**
 * An article by its global id, or by the global id another of its identifiers would give it
 * (`Article:pmid:…` of an article keyed by its DOI): ids a user built from any identifier work.
 */
export const ARTICLE_BY_ID_OR_ALIAS = `
CALL () {
  MATCH (n:Article {id: $id}) RETURN n
  UNION
  MATCH (:Alias {value: $alias})-[:ALIAS_OF]->(n:Article) RETURN n
}
WITH n AS scope LIMIT 1`;

/** Any node by its global id and label, as the start of a statement binding `scope` (the label is a fixed identifier). */
export const NODE_BY_ID = (label: string) => `MATCH (scope:${label} {id: $id})`;

/**
 * The ids of the nodes of the given labels that a name names: by alias (preferred names,
 * synonyms, MeSH UIs, ISSNs) or, for authors, by the printed name (lower-cased).
 */
export const NODE_IDS_BY_NAME = `
UNWIND $labels AS label
CALL (label) {
  MATCH (:Alias {value: $alias})-[:ALIAS_OF]->(n) WHERE label IN labels(n) RETURN n
  UNION
  MATCH (n:Author {nameLower: $alias}) WHERE label = 'Author' RETURN n
}
RETURN collect(DISTINCT n.id) AS ids`;

/** The ids a name names among nodes of `labels` (lookup form `alias`), without duplicates. */
export async function fetchNodeIdsByName(db: Database, labels: readonly string[], alias: string): Promise<string[]> {
  const [row] = await db.read<{ ids: string[] }>(NODE_IDS_BY_NAME, { labels, alias });
  return row?.ids ?? [];
}
