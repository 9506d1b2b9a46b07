import type { Database } from '../driver/Database.ts';
import type { EntityLabel, SearchHitRecord } from '../records/records.ts';
import { entityProjection } from './entityMap.ts';
import { aliasValue, normalizeDoi, normalizeOpenAlexId, normalizePmcid, normalizePmid } from '../../identity/index.ts';

/**
 * Search by article identifier. A DOI, PMID, PMCID or OpenAlex work id typed into the search box
 * is where researchers start (Connected Papers, Litmaps and OpenAlex all do), but the full-text
 * index splits it into words (`10.1038/nature12373` -> `10.1038`, `nature12373`) and answers
 * articles that merely share a number. So a query that is one identifier is looked up as one,
 * through the identifier aliases the loader keeps (and the DOI index), before any full-text search.
 */

/** What a search text is as an identifier: the alias key to look up, and whether it can be nothing else. */
export interface IdentifierQuery {
  /** `doi:10.…`, `pmid:…`, `pmcid:PMC…`, `openalex:W…`. */
  key: string;
  /** The DOI, lower case, for the doiLower index (DOIs only). */
  doi?: string;
  /**
   * True when the text can only be an identifier (a DOI, a PMCID, an OpenAlex id, a PubMed URL or
   * `pmid:` form): no full-text search follows. A bare number may also be a word of a title (a
   * year, a count), so it is tried as a PMID first and full text follows.
   */
  exclusive: boolean;
}

/** Reads a search text as one article identifier, or null when it is not one. */
export function identifierQuery(text: string): IdentifierQuery | null {
  const trimmed = text.trim();
  if (trimmed === '' || /\s/.test(trimmed.replace(/^(pmid|pmcid|doi)\s*:\s*/i, ''))) return null;
  const doi = normalizeDoi(trimmed);
  if (doi) return { key: doi.key, doi: doi.doi.toLowerCase(), exclusive: true };
  const pmcid = normalizePmcid(trimmed);
  if (pmcid) return { key: `pmcid:${pmcid}`, exclusive: true };
  const openalex = normalizeOpenAlexId(trimmed, 'W');
  if (openalex) return { key: `openalex:${openalex}`, exclusive: true };
  const pmid = normalizePmid(trimmed);
  if (pmid) return { key: `pmid:${pmid}`, exclusive: !/^\d+$/.test(trimmed) };
  return null;
}

/** The article an identifier names: by DOI index or by alias; labels restrict as search's `types` do. */
export const ARTICLE_BY_SEARCH_IDENTIFIER = `
CALL () {
  MATCH (n:Article) WHERE $doi IS NOT NULL AND n.doiLower = $doi RETURN n
  UNION
  MATCH (:Alias {value: $alias})-[:ALIAS_OF]->(n:Article) RETURN n
}
WITH n WHERE $labels IS NULL OR 'Article' IN $labels
WITH n ORDER BY n.id LIMIT 1
RETURN ${entityProjection('n')} AS entity, 1.0 AS score`;

/** The article an identifier query names, as a search hit; none when no article has it. */
export async function searchByIdentifier(
  db: Database,
  query: IdentifierQuery,
  labels: readonly EntityLabel[] | null,
): Promise<SearchHitRecord[]> {
  return db.read<SearchHitRecord>(ARTICLE_BY_SEARCH_IDENTIFIER, {
    doi: query.doi ?? null,
    alias: aliasValue(query.key),
    labels,
  });
}
