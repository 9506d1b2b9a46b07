/**
 * Normalizers for the identifiers sources give besides DOIs. Each takes the value as a source
 * prints it (bare, prefixed or as a resolver URL) and returns the canonical form, or undefined
 * when the value is not a valid identifier of that kind: an unverifiable identifier is left out,
 * never guessed. Check digits are verified where the scheme has them (ISSN, ORCID, ROR).
 */

/** PubMed id: digits only (`PMID: 34567890`, `https://pubmed.ncbi.nlm.nih.gov/34567890/` -> `34567890`). */
export function normalizePmid(printed: string): string | undefined {
  const text = printed
    .trim()
    .replace(/^https?:\/\/(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov\/pubmed)\//i, '')
    .replace(/\/$/, '');
  const m = /^(?:pmid\s*:?\s*)?0*([1-9]\d{0,9})$/i.exec(text);
  return m?.[1];
}

const PMC_ARTICLE_URL =
  /^https?:\/\/(?:www\.)?(?:ncbi\.nlm\.nih\.gov\/pmc\/articles|pmc\.ncbi\.nlm\.nih\.gov\/articles)\//i;

/** PubMed Central id: `PMC` + digits (`pmc1234567`, `PMCID: PMC1234567`, a PMC article URL). */
export function normalizePmcid(printed: string): string | undefined {
  const trimmed = printed.trim();
  const text = trimmed.replace(PMC_ARTICLE_URL, '').replace(/\/$/, '');
  const m = /^(?:pmcid\s*:?\s*)?pmc\s*0*([1-9]\d{0,9})$/i.exec(text);
  if (m?.[1]) return `PMC${m[1]}`;
  // Inside a PMC article URL the number alone names the article: OpenAlex writes `ids.pmcid` as
  // `https://www.ncbi.nlm.nih.gov/pmc/articles/5815332`. A bare number elsewhere stays unverifiable.
  const inUrl = PMC_ARTICLE_URL.test(trimmed) ? /^0*([1-9]\d{0,9})$/.exec(text) : null;
  return inUrl?.[1] ? `PMC${inUrl[1]}` : undefined;
}

/** ISO 7064 MOD 11-2 check character of ORCID's first 15 digits. */
function orcidCheck(digits: string): string {
  let total = 0;
  for (const d of digits) total = (total + Number(d)) * 2;
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? 'X' : String(result);
}

/** ORCID iD: `0000-0002-1825-0097` (from a bare id or `https://orcid.org/...`), check digit verified. */
export function normalizeOrcid(printed: string): string | undefined {
  const text = printed
    .trim()
    .replace(/^https?:\/\/(?:www\.)?orcid\.org\//i, '')
    .replace(/^orcid\s*:?\s*/i, '')
    .replace(/\/$/, '');
  const m = /^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])$/.exec(text);
  if (!m) return undefined;
  const compact = `${m[1]}${m[2]}${m[3]}${m[4]}`.toUpperCase();
  if (orcidCheck(compact.slice(0, 15)) !== compact[15]) return undefined;
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8, 12)}-${compact.slice(12)}`;
}

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * ROR id: the 9-character id (`05dxps055`) from a bare id or `https://ror.org/05dxps055`. A ROR id
 * is `0`, six Crockford base32 characters and a two-digit ISO 7064 MOD 97-10 checksum of them.
 */
export function normalizeRor(printed: string): string | undefined {
  const text = printed
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\/(?:www\.)?ror\.org\//, '')
    .replace(/\/$/, '');
  const m = /^(0[0-9a-hjkmnp-tv-z]{6})(\d{2})$/.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  let value = 0n;
  for (const c of m[1]) value = value * 32n + BigInt(CROCKFORD.indexOf(c));
  const check = 98n - ((value * 100n) % 97n);
  return check === BigInt(m[2]) ? text : undefined;
}

/** ISSN: `NNNN-NNNC` with upper-case X, check digit verified (`2095428x` -> `2095-428X`). */
export function normalizeIssn(printed: string): string | undefined {
  const text = printed
    .trim()
    .replace(/^(?:e?issn(?:-l)?\s*:?\s*)/i, '')
    .replace(/^https?:\/\/portal\.issn\.org\/resource\/issn\//i, '');
  const m = /^(\d{4})[-\s]?(\d{3}[\dXx])$/.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  const digits = `${m[1]}${m[2]}`.toUpperCase();
  let total = 0;
  for (let i = 0; i < 7; i++) total += Number(digits[i]) * (8 - i);
  const check = (11 - (total % 11)) % 11;
  if ((check === 10 ? 'X' : String(check)) !== digits[7]) return undefined;
  return `${digits.slice(0, 4)}-${digits.slice(4)}`;
}

/** MeSH descriptor UI: `D` + 6 or 9 digits (`d001997`, `https://id.nlm.nih.gov/mesh/D001997` -> `D001997`). */
export function normalizeMeshUi(printed: string): string | undefined {
  const text = printed.trim().replace(/^https?:\/\/id\.nlm\.nih\.gov\/mesh\/(?:\d{4}\/)?/i, '');
  const m = /^[Dd](\d{6}|\d{9})$/.exec(text);
  return m?.[1] ? `D${m[1]}` : undefined;
}

/** MeSH qualifier UI: `Q` + 6 or 9 digits. */
export function normalizeMeshQualifierUi(printed: string): string | undefined {
  const text = printed.trim().replace(/^https?:\/\/id\.nlm\.nih\.gov\/mesh\/(?:\d{4}\/)?/i, '');
  const m = /^[Qq](\d{6}|\d{9})$/.exec(text);
  return m?.[1] ? `Q${m[1]}` : undefined;
}

/** OpenAlex id of a given kind (`W` works, `A` authors, `I` institutions, `S` sources, `T` topics), from a bare id or URL. */
export function normalizeOpenAlexId(printed: string, kind: 'W' | 'A' | 'I' | 'S' | 'T' = 'W'): string | undefined {
  const text = printed
    .trim()
    .replace(/^https?:\/\/(?:api\.)?openalex\.org\/(?:works\/|authors\/|institutions\/|sources\/|topics\/)?/i, '');
  const m = /^([WAISTwaist])(\d{1,12})$/.exec(text);
  if (!m?.[1] || !m[2] || m[1].toUpperCase() !== kind) return undefined;
  return `${kind}${m[2]}`;
}
