/** The `- Field:` names a WPRIM record page prints (canonical spelling). */
export const KNOWN_FIELDS = [
  'VernacularTitle',
  'Author',
  'Keywords',
  'From',
  'Country',
  'Language',
  'DOI',
  'Abstract',
] as const;
export type KnownField = (typeof KNOWN_FIELDS)[number];

/** What one cleaned line of a WPRIM page is, as far as field labels go. */
export type FieldLine =
  /** `- Author:` (value after the colon, possibly empty), also `- CountryChina` as WPRIM prints it. */
  | { kind: 'known'; field: KnownField; value: string }
  /** `- Publisher: …`: a field this reader does not read; its content is skipped. */
  | { kind: 'other'; label: string }
  /** `- Authors:`: a misspelt known label. Never data: an error naming the line. */
  | { kind: 'near-miss'; label: string; meant: KnownField }
  /** The bare `- ` line WPRIM prints before `Abstract:`. */
  | { kind: 'dash' };

/** `- Label: value`; the label is letters and spaces. */
const LABEL_RE = /^-\s*([A-Za-z][A-Za-z ]{0,40}?)\s*:\s*(.*)$/;
/** A known label without a colon: alone on its line (`- Author`), or Country glued to its value (`- CountryChina`). */
const BARE_KNOWN_RE = new RegExp(`^-\\s*(${KNOWN_FIELDS.join('|')})\\s*$`, 'i');
const GLUED_COUNTRY_RE = /^-\s*Country\s*([^:\sa-z].*)$/;
/** A dash followed by a single word and nothing else that is not a known label (`- Authors`). */
const BARE_WORD_RE = /^-\s*([A-Za-z][A-Za-z ]{0,40}?)\s*$/;

function canonical(label: string): KnownField | undefined {
  return KNOWN_FIELDS.find((f) => f.toLowerCase() === label.toLowerCase());
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), for short labels. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known field a label that is not one of them was probably meant to be: the same letters
 * with spaces or case changed (`Vernacular Title`), or one or two letters off (`Authors`, `Keyword`,
 * `Langauge`; one letter for labels of up to four letters, so `DOI` vs `PMID` is not a near miss).
 */
export function nearMissOf(label: string): KnownField | undefined {
  const compact = label.replace(/\s+/g, '').toLowerCase();
  for (const field of KNOWN_FIELDS) {
    const known = field.toLowerCase();
    if (compact === known) return field;
    const allowed = known.length <= 4 ? 1 : 2;
    if (editDistance(compact, known) <= allowed) return field;
  }
  return undefined;
}

/**
 * Classifies one cleaned line (whitespace collapsed, trimmed) as a field label line, or undefined
 * for content. A label must be spelt exactly as WPRIM prints it (case aside): a near miss is
 * reported as such, so `- Authors: X` can never become an author named `s: X`.
 */
export function classifyFieldLine(text: string): FieldLine | undefined {
  if (!text.startsWith('-')) return undefined;
  if (text === '-') return { kind: 'dash' };
  const labelled = LABEL_RE.exec(text);
  if (labelled?.[1] !== undefined) {
    const label = labelled[1].trim();
    const field = canonical(label);
    if (field) return { kind: 'known', field, value: (labelled[2] ?? '').trim() };
    const meant = nearMissOf(label);
    return meant ? { kind: 'near-miss', label, meant } : { kind: 'other', label };
  }
  const bare = BARE_KNOWN_RE.exec(text);
  if (bare?.[1] !== undefined) return { kind: 'known', field: canonical(bare[1])!, value: '' };
  const country = GLUED_COUNTRY_RE.exec(text);
  if (country?.[1] !== undefined) return { kind: 'known', field: 'Country', value: country[1].trim() };
  const word = BARE_WORD_RE.exec(text);
  if (word?.[1] !== undefined) {
    const meant = nearMissOf(word[1]);
    if (meant) return { kind: 'near-miss', label: word[1].trim(), meant };
  }
  return undefined;
}
