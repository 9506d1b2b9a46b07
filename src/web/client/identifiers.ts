/**
 * Telling an identifier typed into the search box from words: a DOI (bare, `doi:` or a doi.org
 * link), a PMID, a PMCID or an OpenAlex work id. Such input goes to full-text search, which the
 * API answers by identifier; prefix completion would split it into tokens (a DOI's `10.` and its
 * suffix matched unrelated titles). Pure, unit-tested.
 */
const IDENTIFIER_PATTERNS: readonly RegExp[] = [
  /^(doi:\s*|https?:\/\/(dx\.)?doi\.org\/)?10\.\d{4,9}\/\S+$/i,
  /^(pmid:\s*)?\d{1,9}$/i,
  /^(pmcid:\s*)?PMC\d+$/i,
  /^(openalex:\s*|https?:\/\/openalex\.org\/)?W\d{2,}$/i,
];

/** True when the text is one identifier, not words to look for. */
export function looksLikeIdentifier(text: string): boolean {
  const trimmed = text.trim();
  return IDENTIFIER_PATTERNS.some((pattern) => pattern.test(trimmed));
}

/** The `article(…)` arguments that look the identifier up exactly, or null for words. */
export function identifierLookup(
  text: string,
): { doi: string } | { pmid: string } | { pmcid: string } | { openalexId: string } | null {
  const trimmed = text.trim();
  let match = /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i.exec(trimmed);
  if (match) return { doi: match[1]! };
  match = /^(?:pmid:\s*)?(\d{1,9})$/i.exec(trimmed);
  if (match) return { pmid: match[1]! };
  match = /^(?:pmcid:\s*)?(PMC\d+)$/i.exec(trimmed);
  if (match) return { pmcid: match[1]!.toUpperCase() };
  match = /^(?:openalex:\s*|https?:\/\/openalex\.org\/)?(W\d{2,})$/i.exec(trimmed);
  if (match) return { openalexId: match[1]!.toUpperCase() };
  return null;
}
