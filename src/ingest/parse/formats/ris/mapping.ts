import type { RecordAccession, SourceJournal, SourceRecord } from '../../../model.ts';
import { listOf } from '../../common/csvCells.ts';
import { authorFromInverted } from '../../common/personName.ts';
import { FieldError } from '../../common/problems.ts';
import { parseScopusReferences } from '../../common/scopusReferences.ts';
import { firstOf, type TagRule, type TagValue } from '../../common/tagMapping.ts';
import {
  cleanDoi,
  cleanPmcid,
  cleanPmid,
  issnsInText,
  nonEmpty,
  parsePages,
  parseYear,
  splitKeywords,
} from '../../common/values.ts';

/**
 * What each RIS tag means, following the RIS specification with the exporters' known habits
 * (Zotero, EndNote, Mendeley, Scopus, Web of Science, EBSCO, Ovid, PubMed via a reference manager).
 * The table holds the one-tag fields; the rules below it need several tags at once.
 */

/**
 * The record being built: the record and its journal (attached only when something fills it), and
 * whether the record is Scopus's (isScopusRecord), which decides what its N1 notes mean.
 */
export interface RisDraft {
  record: SourceRecord;
  journal: SourceJournal;
  scopus: boolean;
}

const text = (key: 'volume' | 'issue' | 'abstract' | 'language') => (d: RisDraft, v: string) => {
  const value = nonEmpty(v);
  if (value) d.record[key] = value;
};

export const RIS_FIELDS: readonly TagRule<RisDraft>[] = [
  {
    target: 'publicationTypes',
    tags: ['TY'],
    take: 'first',
    set: (d, v) => void (d.record.publicationTypes = [v.trim()]),
  },
  // A1 is the older spelling of AU. A2-A4 are editors, series editors and translators, not authors.
  {
    target: 'authors',
    tags: ['AU', 'A1'],
    take: 'all',
    set: (d, v, f) => void d.record.authors.push({ ...authorFromInverted(v), affiliations: [], line: f.line }),
  },
  { target: 'volume', tags: ['VL'], take: 'first', set: text('volume') },
  { target: 'issue', tags: ['IS', 'CP'], take: 'first', set: text('issue') },
  { target: 'abstract', tags: ['AB', 'N2'], take: 'first', set: text('abstract') },
  { target: 'language', tags: ['LA'], take: 'first', set: text('language') },
  // SN may hold ISSN and ISBN, and several typed ISSNs on one line or wrapped lines (EndNote).
  { target: 'journal.issns', tags: ['SN'], take: 'all', set: (d, v) => void d.journal.issns.push(...issnsInText(v)) },
  { target: 'journal.publisher', tags: ['PB'], take: 'first', set: (d, v) => void (d.journal.publisher = v.trim()) },
  // KW may hold several keywords separated by `;` (EndNote, Scopus), or one per wrapped line.
  {
    target: 'subjects (keyword)',
    tags: ['KW'],
    take: 'all',
    set: (d, v) => {
      for (const term of v.split(/\s*\n\s*/).flatMap((x) => (x.includes(';') ? splitKeywords(x) : [x.trim()]))) {
        if (term !== '') d.record.subjects.push({ kind: 'keyword', term });
      }
    },
  },
  // N1 is a free note in most exporters (EBSCO writes its accession number and author list there,
  // reference managers the user's own notes); only in a Scopus record is it read, as Scopus's labelled notes.
  {
    target: 'references, citedByCount, funding (Scopus notes)',
    tags: ['N1'],
    take: 'all',
    set: (d, v, f) => {
      if (d.scopus) applyScopusNotes(d.record, v, f.line);
    },
  },
  // C2 holds the PMCID in EndNote's PubMed imports (`PMC1234567`); other exporters put notes there.
  {
    target: 'pmcid',
    tags: ['C2'],
    take: 'all',
    set: (d, v) => {
      if (/^PMC\d+$/i.test(v.trim())) d.record.pmcid ??= cleanPmcid(v.trim());
    },
  },
];

/** The title: TI, T1 in older exports, CT (the "caption" of some exporters). */
export const TITLE_TAGS = ['TI', 'T1', 'CT'] as const;

/**
 * The journal's name. JF is the full name where an exporter writes it (EndNote, EBSCO), JO the name
 * EBSCO and Ovid repeat; T2 ("secondary title") is the journal only when neither is given (Zotero,
 * Mendeley, Scopus, Web of Science): EBSCO writes the English translation of a foreign-language
 * title there beside JO/JF. The abbreviation is J2 / JA / J1, or JO when it differs from the full name.
 */
export function journalNames(fields: readonly TagValue[], journal: SourceJournal): void {
  const jf = nonEmpty(firstOf(fields, 'JF')?.value);
  const jo = nonEmpty(firstOf(fields, 'JO')?.value);
  const t2 = nonEmpty(firstOf(fields, 'T2')?.value);
  const title = jf ?? (jo ? jo : t2);
  const abbreviation = nonEmpty(firstOf(fields, 'J2', 'JA', 'J1')?.value) ?? (jo && jo !== title ? jo : undefined);
  if (title) journal.title = title;
  if (abbreviation && abbreviation !== title) journal.abbreviation = abbreviation;
}

/** The first date with a year among PY, Y1 and DA, in file order ("in press" or "forthcoming" state none: the record has no year). */
export function yearOf(fields: readonly TagValue[]): number | undefined {
  return fields
    .filter((f) => f.tag === 'PY' || f.tag === 'Y1' || f.tag === 'DA')
    .map((f) => parseYear(f.value))
    .find((y) => y !== undefined);
}

/** Pages: SP with EP, or SP holding the whole range; C7 (article number) is the first page only when SP is missing. */
export function pagesOf(fields: readonly TagValue[]): { firstPage?: string; lastPage?: string } {
  const sp = nonEmpty(firstOf(fields, 'SP')?.value);
  const ep = nonEmpty(firstOf(fields, 'EP')?.value);
  if (sp) return parsePages(ep && !/[-\u2010-\u2015]/.test(sp) ? `${sp}-${ep}` : sp);
  const articleNumber = nonEmpty(firstOf(fields, 'C7')?.value);
  return articleNumber ? { firstPage: articleNumber } : {};
}

const DOI_URL = /^https?:\/\/(?:dx\.)?doi\.org\/\S+$/i;
const BARE_DOI = /^10\.\d{4,9}\/\S+$/;

/**
 * The DOI: DO (also as a resolver URL: EndNote, Scopus, Ovid); else a doi.org URL in UR or L3, or a
 * bare DOI in L3, where EBSCO writes it ("L3  - 10.1080/16066359.2020.1867111").
 */
export function doiOf(fields: readonly TagValue[]): string | undefined {
  const doi = nonEmpty(firstOf(fields, 'DO')?.value);
  if (doi) return cleanDoi(doi);
  for (const f of fields) {
    if (f.tag !== 'UR' && f.tag !== 'L3') continue;
    const v = f.value.trim();
    if (DOI_URL.test(v) || (f.tag === 'L3' && BARE_DOI.test(v))) return cleanDoi(v);
  }
  return undefined;
}

/**
 * The PMID: AN is the PMID only when it says so (`PMID: 123`), or when the record comes from PubMed
 * (DB/DP naming NLM, PubMed or MEDLINE); Web of Science, EBSCO and Ovid put their own accession numbers there.
 * Scopus writes the PubMed ID (its CSV's "PubMed ID" column) in C2, where EndNote writes a PMCID.
 */
export function pmidOf(fields: readonly TagValue[]): string | undefined {
  const database = `${firstOf(fields, 'DB')?.value ?? ''} ${firstOf(fields, 'DP')?.value ?? ''}`;
  const fromPubmed = /\b(?:NLM|PubMed|MEDLINE)\b/i.test(database);
  for (const f of fields) {
    if (f.tag !== 'AN') continue;
    const v = f.value.trim();
    const labelled = /^PMID\s*:?\s*(\d+)$/i.exec(v);
    if (labelled?.[1]) return labelled[1];
    if (fromPubmed && /^\d{1,9}$/.test(v)) return cleanPmid(v);
  }
  const c2 = firstOf(fields, 'C2')?.value.trim();
  if (c2 && /^\d{1,9}$/.test(c2) && isScopusRecord(fields)) return cleanPmid(c2);
  return undefined;
}

const SCOPUS_RECORD_URL = /^https?:\/\/www\.scopus\.com\/inward\/record\.uri\?(?:\S*&)?eid=(2-s2\.0-\d+)/i;
const WOS_ACCESSION = /^WOS:\w+$/i;

/**
 * The databases' own accession numbers: the Scopus EID in the record link Scopus writes in UR
 * (`https://www.scopus.com/inward/record.uri?eid=2-s2.0-85091557653&...`), and the Web of Science
 * UT in AN (`WOS:000289143300001`). They identify the record in its database, as the Scopus and Web
 * of Science readers of the other formats keep them.
 */
export function accessionsOf(fields: readonly TagValue[]): RecordAccession[] {
  const out: RecordAccession[] = [];
  for (const f of fields) {
    const v = f.value.trim();
    const eid = f.tag === 'UR' ? SCOPUS_RECORD_URL.exec(v)?.[1] : undefined;
    if (eid) out.push({ scheme: 'scopus', id: eid });
    else if (f.tag === 'AN' && WOS_ACCESSION.test(v)) out.push({ scheme: 'wos', id: v });
  }
  return out;
}

/**
 * A Scopus record: `DB  - Scopus`, or the Scopus record link in UR (an export whose DB line was
 * removed by a reference manager keeps the link). Only then are the N1 notes Scopus's labelled ones.
 */
export function isScopusRecord(fields: readonly TagValue[]): boolean {
  return fields.some(
    (f) =>
      (f.tag === 'DB' && /^Scopus$/i.test(f.value.trim())) ||
      (f.tag === 'UR' && SCOPUS_RECORD_URL.test(f.value.trim())),
  );
}

/**
 * The labels Scopus writes in its N1 notes: the CSV export's column names. Exports of 2020 give each
 * label a note of its own, the references wrapped one per line:
 *   N1  - Export Date: 15 October 2020
 *   N1  - References: Mayergoyz, I.D., (1986) Phys. Rev. Lett., 56, p. 1518;
 *   Preisach, F., (1935) Z. Phys., 94, p. 277
 * later ones put them all in one note, joined by `; `:
 *   N1  - Export Date: 05 August 2024; Cited By: 2; Correspondence Address: L.N. Wilson; University of Alaska Museum, ...; email: ...
 * A note is cut only before one of these labels, so the `;` within an address, a funder list or a
 * reference list does not cut it.
 */
const SCOPUS_NOTE_LABEL =
  /(?:^|;\s+)(Export Date|Cited By(?: \(since 1996\))?|Correspondence Address|Funding details|Funding texts?(?: \d+)?|Tradenames|Manufacturers|Molecular Sequence Numbers|Chemicals\/CAS|CODEN|Sponsors|Editors|Conference name|Conference date|Conference location|Conference code|Publication Stage|Open Access|References)\s*:\s*/gi;

/** The labelled parts of one Scopus N1 note, in note order; text before the first label (none in Scopus's notes) is no part. */
export function scopusNotes(note: string): Array<{ label: string; text: string }> {
  const marks = [...note.matchAll(SCOPUS_NOTE_LABEL)];
  return marks.map((m, i) => ({
    label: m[1]!.toLowerCase(),
    text: note.slice(m.index + m[0].length, marks[i + 1]?.index ?? note.length).trim(),
  }));
}

/**
 * What a Scopus N1 note states, read as the Scopus CSV reader reads the same columns
 * (formats/scopus/mapping.ts): References through the same parser (so a cited work read from either
 * export keys to the same reference-only work), Cited By (also "Cited By (since 1996)", older exports)
 * as citedByCount, Funding details as funding. Not mapped, with the reason: Export Date (when the
 * file was written, not a fact of the work), Correspondence Address (repeats an author's affiliation,
 * with an e-mail address), Funding text (the prose of Funding details), Tradenames, Manufacturers,
 * Molecular Sequence Numbers, Chemicals/CAS (substance indexing the graph has no place for), CODEN,
 * Sponsors, Editors, Conference name/date/location/code, Publication Stage and Open Access, as in the
 * CSV reader.
 */
function applyScopusNotes(record: SourceRecord, note: string, line: number): void {
  for (const { label, text } of scopusNotes(note)) {
    if (label.startsWith('cited by')) {
      if (!/^\d+$/.test(text))
        throw new FieldError(
          'N1',
          `expected a count of citing works after "Cited By:", found "${text.slice(0, 40)}"`,
          line,
        );
      record.citedByCount ??= Number(text);
    } else if (label === 'references') {
      record.references.push(...parseScopusReferences(text));
    } else if (label === 'funding details') {
      const funders = listOf(text);
      if (funders.length > 0) (record.funding ??= []).push(...funders);
    }
  }
}
