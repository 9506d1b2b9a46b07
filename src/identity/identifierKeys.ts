import { normalizeDoi } from './normalizeDoi.ts';
import { normalizeIssn, normalizeOpenAlexId, normalizePmcid, normalizePmid } from './identifiers.ts';
import { CITED_WORK_SCHEME } from './keys.ts';
import { shortHash } from './shortHash.ts';

/**
 * Identifier keys: every identifier a source states for an article or a journal, each in the
 * canonical `<scheme>:<value>` form of the key rules (`doi:10.1000/abc`, `pmid:123`,
 * `pmcid:PMC5`, `openalex:W1`, `issn:2095-428X`). The loader keeps them as aliases of the node, so a
 * node is found by ANY identifier it was ever given by a source, not only by the one its key was
 * made from ("key once, identifiers as aliases"). Invalid values are left out, never guessed.
 */

/** The strong identifiers of an article, strongest first (the order of articleKey). */
export function articleIdentifierKeys(ids: {
  doi?: string | undefined;
  pmid?: string | undefined;
  pmcid?: string | undefined;
  openalexId?: string | undefined;
}): string[] {
  const keys: string[] = [];
  const doi = ids.doi ? normalizeDoi(ids.doi) : undefined;
  if (doi) keys.push(doi.key);
  const pmid = ids.pmid ? normalizePmid(ids.pmid) : undefined;
  if (pmid) keys.push(`pmid:${pmid}`);
  const pmcid = ids.pmcid ? normalizePmcid(ids.pmcid) : undefined;
  if (pmcid) keys.push(`pmcid:${pmcid}`);
  const openalex = ids.openalexId ? normalizeOpenAlexId(ids.openalexId, 'W') : undefined;
  if (openalex) keys.push(`openalex:${openalex}`);
  return keys;
}

/** The ISSN identifiers of a journal (linking ISSN first, then the others in the order given), deduplicated. */
export function journalIdentifierKeys(ids: { issnL?: string | undefined; issns?: readonly string[] }): string[] {
  const keys: string[] = [];
  for (const value of [ids.issnL, ...(ids.issns ?? [])]) {
    const issn = value ? normalizeIssn(value) : undefined;
    if (issn && !keys.includes(`issn:${issn}`)) keys.push(`issn:${issn}`);
  }
  return keys;
}

/**
 * The id of one source of an article: what one record of one file in one format states about one
 * article (`src:<hash of format|file|article id>`). The same record imported again from the same
 * file gets the same id, so its statements are replaced instead of added a second time.
 */
export function sourceKey(source: { format: string; file: string; articleId: string }): string {
  return `src:${shortHash(`${source.format}|${source.file}|${source.articleId}`)}`;
}

/** The id of one import (one CLI run, one API call): `import:<ISO start time>:<random hex>`. */
export function importKey(startedAt: Date, nonce: string): string {
  return `import:${startedAt.toISOString()}:${nonce}`;
}

/** Article key schemes from strongest to weakest: the order articleKey tries them in. */
const ARTICLE_SCHEMES = ['doi:', 'pmid:', 'pmcid:', 'openalex:', 'rec:', CITED_WORK_SCHEME];

/**
 * The strongest of several article global ids (by the scheme of their key, then alphabetically, so
 * the choice never depends on the order they come in): which of two articles found to be one keeps its id.
 */
export function strongestArticleId(ids: readonly string[]): string | undefined {
  const strength = (id: string) => {
    const key = id.startsWith('Article:') ? id.slice('Article:'.length) : id;
    const found = ARTICLE_SCHEMES.findIndex((scheme) => key.startsWith(scheme));
    return found < 0 ? ARTICLE_SCHEMES.length : found;
  };
  return [...ids].sort((a, b) => strength(a) - strength(b) || (a < b ? -1 : a > b ? 1 : 0))[0];
}
