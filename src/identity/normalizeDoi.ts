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

/**
 * A shortDOI (`10/fqd6hj`), as Zotero and Better BibTeX write in a DOI field: an alias the DOI
 * resolver redirects to a DOI, with or without the resolver (`https://doi.org/`, `dx.doi.org/`) or a
 * `doi:` label in front. It is no DOI (no `10.<registrant>/`), and which DOI it stands for is only
 * known by asking doi.org, so it is kept as what it is: lower-cased (shortDOIs are case-insensitive),
 * or undefined for anything else.
 */
export function normalizeShortDoi(printed: string): string | undefined {
  const text = printed
    .trim()
    .replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i, '')
    .replace(/^doi\s*:\s*/i, '');
  return /^10\/[a-z0-9]+$/i.test(text) ? text.toLowerCase() : undefined;
}
