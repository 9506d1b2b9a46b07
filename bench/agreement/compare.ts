/**
 * The comparison of the agreement benchmark: what our import stored for each record against what an
 * independent parser read from it, field by field, after a light normalization applied to both sides
 * alike (documented on each function; bench/agreement/README.md lists the rules).
 */
import { decodeHTML } from 'entities';

export const FIELDS = ['title', 'doi', 'year', 'authors'] as const;
export type Field = (typeof FIELDS)[number];

/** One record as one side read it: where it is (file and 0-based position) and the four fields. */
export interface RecordFields {
  file: string;
  index: number;
  title: string | null;
  doi: string | null;
  /** As the side gives it (an int, or text such as "2021/06//"); normalizeYear takes the year out. */
  year: number | string | null;
  authors: number | null;
  /**
   * Ours only: the shortDOI (`10/fqd6hj`) the record's DOI field gave, which our import keeps as the
   * source's `shortdoi` accession and never as its DOI.
   */
  shortDoi?: string | null;
}

/**
 * A title as compared: HTML/JATS tags dropped and entities decoded (vendors mark up titles; readers
 * differ on whether they strip it), LaTeX commands and braces dropped, Unicode compatibility forms
 * folded (NFKC: full-width letters, ligatures), lower-case, every punctuation mark and symbol removed,
 * spaces collapsed. Empty is no title.
 */
export function normalizeTitle(title: string | null | undefined): string | null {
  if (title === null || title === undefined) return null;
  const text = decodeHTML(title.replace(/<[^>]*>/g, ''))
    .replace(/\\[a-zA-Z]+\s*/g, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? null : text;
}

/** A DOI as compared: without a resolver prefix (https://doi.org/, dx.doi.org, "doi:"), lower-case (DOIs are case-insensitive). */
export function normalizeDoi(doi: string | null | undefined): string | null {
  if (doi === null || doi === undefined) return null;
  const text = doi
    .trim()
    .replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i, '')
    .replace(/^doi:\s*/i, '')
    .toLowerCase();
  return text === '' ? null : text;
}

/** A year as compared: the first four-digit number of what the side gives, as an integer. */
export function normalizeYear(year: number | string | null | undefined): number | null {
  if (year === null || year === undefined) return null;
  if (typeof year === 'number') return Number.isInteger(year) ? year : null;
  const match = /\d{4}/.exec(year);
  return match ? Number(match[0]) : null;
}

/** The normalized value of one field. */
export function normalized(field: Field, record: RecordFields): string | number | null {
  switch (field) {
    case 'title':
      return normalizeTitle(record.title);
    case 'doi':
      return normalizeDoi(record.doi);
    case 'year':
      return normalizeYear(record.year);
    case 'authors':
      return record.authors;
  }
}

/** One field of one record on which the two sides differ (values as each side gave them). */
export interface Disagreement {
  file: string;
  index: number;
  field: Field | 'record';
  ours: unknown;
  theirs: unknown;
  /** Set when the difference is one of the comparison's known rule differences (SHORT_DOI_RULE): why. */
  rule?: string;
}

/**
 * The rule difference the comparison recognises by itself: their DOI is a shortDOI that our import
 * kept as the source's `shortdoi` accession. Both sides read the same field; ours does not count an
 * alias as the DOI (the DOI it stands for is known only to doi.org), theirs takes the field as written.
 */
export const SHORT_DOI_RULE =
  "Their DOI is a shortDOI (10/…, an alias doi.org resolves), which our import keeps as the source's `shortdoi` accession, the same value, and does not count as the DOI: our DOI is the one the record states elsewhere (a doi.org link in URL), else none. The other parser takes the DOI field as written.";

const SHORT_DOI = /^10\/[a-z0-9]+$/;

/** The known rule difference a differing field is, if any. */
function ruleDifference(field: Field, ours: RecordFields, theirs: RecordFields): string | undefined {
  if (field !== 'doi') return undefined;
  const their = normalizeDoi(theirs.doi);
  const kept = ours.shortDoi?.trim().toLowerCase();
  return their !== null && SHORT_DOI.test(their) && kept === their ? SHORT_DOI_RULE : undefined;
}

/**
 * The formats no independent parser reads, each with the reason: their files are reported as not
 * compared and left out of every percentage. The exclusion is by format, declared here, never by what
 * a parser returns: a file of any other format that the independent side reads no record from (when
 * ours reads some) stays a disagreement on each record, so a broken independent parser shows.
 * A format is the folder its file is in (`noteexpress/x.net`, `extra/noteexpress/x.net`), as
 * independent.py picks its parser.
 */
export interface NotComparedFormat {
  format: string;
  reason: string;
}

export const NOT_COMPARED: readonly NotComparedFormat[] = [
  {
    format: 'noteexpress',
    reason:
      'No maintained parser of NoteExpress `.net` exports (`{Title}: …` lines) is on PyPI or npm: the one there, cnki2bib (a converter of CNKI NoteExpress files to BibTeX), has had no release since February 2023.',
  },
  {
    format: 'cnki-estudy',
    reason:
      'No parser of CNKI E-Study exports (`Title-题名: …` lines) is on PyPI or npm; the projects that read them (e.g. mrhelper, where the fixture comes from) are applications, not published libraries.',
  },
];

/** The format of a file named `<format>/<file>` (or `extra/<format>/<file>`): the folder it is in. */
export function formatOf(file: string): string {
  const parts = file.split('/');
  return parts.length >= 2 ? parts[parts.length - 2]! : '';
}

/** A file whose format is declared not compared: how many records our import read from it, and why. */
export interface NotComparedFile {
  file: string;
  format: string;
  /** Records our import read from the file (none of them is in the percentages). */
  records: number;
  reason: string;
}

export interface FieldAgreement {
  agree: number;
  total: number;
  percent: number;
}

export interface Agreement {
  /**
   * Records either side read of the compared files (a record only one side read disagrees on every
   * field): the number every percentage is computed over.
   */
  records: number;
  /** Files of a format declared not compared (NOT_COMPARED), in file order: outside every figure. */
  notCompared: NotComparedFile[];
  fields: Record<Field, FieldAgreement>;
  /** Records that agree on all four fields. */
  allFields: FieldAgreement;
  disagreements: Disagreement[];
}

const key = (r: { file: string; index: number }) => `${r.file}\u0000${r.index}`;
const share = (agree: number, total: number): FieldAgreement => ({
  agree,
  total,
  percent: total === 0 ? 100 : Math.round((agree / total) * 10_000) / 100,
});

/**
 * Pairs the records of both sides by file and position and compares the four fields. A record only
 * one side has is one disagreement of kind "record" (the other side's value `null`) and counts as
 * disagreeing on every field. Records of the files whose format `notCompared` declares are set aside,
 * whatever either side read from them, and reported per file instead.
 */
export function compareRecords(
  ours: readonly RecordFields[],
  theirs: readonly RecordFields[],
  notCompared: readonly NotComparedFormat[] = [],
): Agreement {
  const excluded = new Map(notCompared.map((n) => [n.format, n.reason]));
  const setAside = new Map<string, NotComparedFile>();
  for (const r of ours) {
    const format = formatOf(r.file);
    const reason = excluded.get(format);
    if (reason === undefined) continue;
    const entry = setAside.get(r.file) ?? { file: r.file, format, records: 0, reason };
    entry.records += 1;
    setAside.set(r.file, entry);
  }
  const compared = (r: RecordFields) => !excluded.has(formatOf(r.file));
  const mine = new Map(ours.filter(compared).map((r) => [key(r), r]));
  const other = new Map(theirs.filter(compared).map((r) => [key(r), r]));
  const keys = [...new Set([...mine.keys(), ...other.keys()])].sort((a, b) => {
    const [fa, ia] = a.split('\u0000');
    const [fb, ib] = b.split('\u0000');
    return fa! < fb! ? -1 : fa! > fb! ? 1 : Number(ia) - Number(ib);
  });
  const agreeing = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>;
  let allFields = 0;
  const disagreements: Disagreement[] = [];
  for (const k of keys) {
    const a = mine.get(k);
    const b = other.get(k);
    if (!a || !b) {
      const present = (a ?? b)!;
      disagreements.push({
        file: present.file,
        index: present.index,
        field: 'record',
        ours: a ? summary(a) : null,
        theirs: b ? summary(b) : null,
      });
      continue;
    }
    let all = true;
    for (const field of FIELDS) {
      if (normalized(field, a) === normalized(field, b)) agreeing[field] += 1;
      else {
        all = false;
        const rule = ruleDifference(field, a, b);
        disagreements.push({
          file: a.file,
          index: a.index,
          field,
          ours: a[field],
          theirs: b[field],
          ...(rule ? { rule } : {}),
        });
      }
    }
    if (all) allFields += 1;
  }
  return {
    records: keys.length,
    notCompared: [...setAside.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    fields: Object.fromEntries(FIELDS.map((f) => [f, share(agreeing[f], keys.length)])) as Record<
      Field,
      FieldAgreement
    >,
    allFields: share(allFields, keys.length),
    disagreements,
  };
}

function summary(r: RecordFields): string {
  return `${r.title ?? '(no title)'} | ${r.doi ?? '-'} | ${r.year ?? '-'} | ${r.authors ?? '-'} author(s)`;
}

/**
 * What reading a disagreement in the file found: the other parser misreads the record
 * (`other-parser-mistake`), or both sides read what the record states and differ by a rule
 * (`rule-difference`: which of two dates is the year, whether an alias counts as the DOI), so neither
 * is wrong and the difference stays one of rules, not of correctness; or our import is wrong
 * (`our-mistake`: read, understood, not fixed yet), which stays a disagreement in every figure and
 * is listed with its reason apart from the open ones nobody has read.
 */
export type Verdict = 'other-parser-mistake' | 'rule-difference' | 'our-mistake';
export const VERDICTS: readonly Verdict[] = ['other-parser-mistake', 'rule-difference', 'our-mistake'];

/**
 * A disagreement read by hand (reviewed.json), with its verdict: it applies only while both sides
 * still give exactly these values, so a changed reader or parser brings the disagreement back to be
 * read again.
 */
export interface Review {
  file: string;
  index: number;
  field: Field | 'record';
  ours: unknown;
  theirs: unknown;
  verdict: Verdict;
  /** What the record says, and why the other parser reads it wrongly or which rule each side follows. */
  why: string;
}

/** A disagreement with what explains it: a review, with its verdict. */
export type ExplainedDisagreement = Disagreement & { verdict: Verdict; why: string };

export interface ReviewedAgreement {
  /** Records agreeing on all four fields, counting explained disagreements (of either verdict) as agreeing. */
  allFields: FieldAgreement;
  /** Disagreements nothing explains (our reader is wrong, or nobody has read them yet). */
  open: Disagreement[];
  /** Disagreements read by hand and found to be our import's mistakes: they count as disagreeing. */
  ours: ExplainedDisagreement[];
  /**
   * Disagreements a known rule difference or a review explains, with the verdict and reason
   * (ruleDifferences and mistakes are its two parts).
   */
  explained: ExplainedDisagreement[];
  /** The explained disagreements that are the other parser's mistakes. */
  mistakes: ExplainedDisagreement[];
  /** The explained disagreements that are rule differences: the record read alike, the rules differ. */
  ruleDifferences: ExplainedDisagreement[];
  /** Reviews that match no disagreement any more (the values changed, or both sides agree now). */
  stale: Review[];
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Applies the comparison's known rule differences and the reviews to its disagreements. */
export function applyReviews(agreement: Agreement, reviews: readonly Review[]): ReviewedAgreement {
  for (const r of reviews)
    if (!VERDICTS.includes(r.verdict))
      throw new Error(
        `reviewed.json: ${r.file} #${r.index} ${r.field}: verdict ${JSON.stringify(r.verdict)} is none of ${VERDICTS.join(', ')}`,
      );
  const used = new Set<Review>();
  const open: Disagreement[] = [];
  const ours: ExplainedDisagreement[] = [];
  const explained: ExplainedDisagreement[] = [];
  for (const d of agreement.disagreements) {
    // A known rule difference needs no review; it is still listed, as a rule difference.
    if (d.rule) {
      explained.push({ ...d, verdict: 'rule-difference', why: d.rule });
      continue;
    }
    const review = reviews.find(
      (r) =>
        r.file === d.file &&
        r.index === d.index &&
        r.field === d.field &&
        sameValue(r.ours, d.ours) &&
        sameValue(r.theirs, d.theirs),
    );
    if (review) used.add(review);
    if (review?.verdict === 'our-mistake') ours.push({ ...d, verdict: review.verdict, why: review.why });
    else if (review) explained.push({ ...d, verdict: review.verdict, why: review.why });
    else open.push(d);
  }
  const recordsWithOpen = new Set([...open, ...ours].map((d) => key(d))).size;
  return {
    allFields: share(agreement.records - recordsWithOpen, agreement.records),
    open,
    ours,
    explained,
    mistakes: explained.filter((d) => d.verdict === 'other-parser-mistake'),
    ruleDifferences: explained.filter((d) => d.verdict === 'rule-difference'),
    stale: reviews.filter((r) => !used.has(r)),
  };
}
