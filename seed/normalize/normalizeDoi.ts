/**
 * Cleans a DOI as printed (surrounding whitespace, `https://doi.org/`, `doi:` prefixes) and derives the
 * article key `doi:<lower-case DOI>`. DOIs are case-insensitive by definition, so the key is lower-cased
 * while the DOI itself keeps its printed case. Returns undefined for something that is not a DOI.
 */
export function normalizeDoi(printed: string): { doi: string; key: string } | undefined {
  const doi = printed
    .trim()
    .replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i, "")
    .replace(/^doi\s*:\s*/i, "")
    .trim();
  if (!/^10\.\d{4,9}\/\S+$/.test(doi)) return undefined;
  return { doi, key: `doi:${doi.toLowerCase()}` };
}
