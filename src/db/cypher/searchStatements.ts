import type { Database } from '../driver/Database.ts';
import type { EntityLabel, SearchHitRecord } from '../records/records.ts';
import { entityProjection } from './entityMap.ts';

/**
 * Full-text search over titles, abstracts, keywords, names and synonyms (index entity_search).
 * Reference-only articles (works known only from reference lists: a title at most) never outrank
 * records: among the best candidates, records come first, each group by score.
 */
export const SEARCH = `
CALL db.index.fulltext.queryNodes('entity_search', $query) YIELD node, score
WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)
WITH node, score LIMIT $candidates
WITH node, score ORDER BY node:ReferenceOnly ASC, score DESC
LIMIT $first
RETURN ${entityProjection('node')} AS entity, score`;

/**
 * Runs one of the full-text statements with a query already in Lucene syntax: the index's first
 * `first * 5` candidates are re-ranked and the best `first` returned.
 */
function runFullText(
  statement: string,
  db: Database,
  query: string,
  labels: readonly EntityLabel[] | null,
  first: number,
): Promise<SearchHitRecord[]> {
  return db.read<SearchHitRecord>(statement, { query, labels, first, candidates: first * 5 });
}

/** Runs a full-text query (already in Lucene syntax) and returns the hits best first. */
export const fetchSearch = (db: Database, query: string, labels: readonly EntityLabel[] | null, first: number) =>
  runFullText(SEARCH, db, query, labels, first);

/**
 * Prefix search over names and titles only (index entity_names). Prefix matches score alike, so
 * the index's first candidates are re-ranked: records before reference-only articles (as in
 * search), then shorter labels (closer to what was typed) first.
 */
export const AUTOCOMPLETE = `
CALL db.index.fulltext.queryNodes('entity_names', $query) YIELD node, score
WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)
WITH node, score LIMIT $candidates
WITH node, score, coalesce(node.title, node.name) AS caption
ORDER BY node:ReferenceOnly ASC, score DESC, size(caption) ASC, caption ASC
LIMIT $first
RETURN ${entityProjection('node')} AS entity, score`;

/** Runs a prefix query (already in Lucene syntax). */
export const fetchAutocomplete = (db: Database, query: string, labels: readonly EntityLabel[] | null, first: number) =>
  runFullText(AUTOCOMPLETE, db, query, labels, first);
