/**
 * Cleans a DOI as a source gives it (surrounding whitespace, `https://doi.org/`, `dx.doi.org/`,
 * `doi:` prefixes, percent-encoding in a resolver URL) and derives the article key
 * `doi:<lower-case DOI>`. DOIs are case-insensitive by definition, so the key is lower-cased while
 * the DOI itself keeps its printed case. Returns undefined for something that is not a DOI.
 */
export function normalizeDoi(printed: string): { doi: string; key: string } | undefined {
  let doi = printed.trim();
  const url = /^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i.exec(doi);
  if (url) {
    doi = doi.slice(url[0].length);
    // Resolver URLs percent-encode the suffix (10.1000%2Fabc); a bare DOI is never encoded.
    if (/%[0-9a-f]{2}/i.test(doi)) {
      try {
        doi = decodeURIComponent(doi);
      } catch {
        return undefined;
      }
    }
  }
  doi = doi.replace(/^doi\s*:\s*/i, '').trim();
  if (!/^10\.\d{4,9}\/\S+$/.test(doi)) return undefined;
  return { doi, key: `doi:${doi.toLowerCase()}` };
}
