import type { ReadResult, SourceAffiliation, SourceJournal, SourceRecord } from '../../../model.ts';
import type { RecordReader } from '../../RecordReader.ts';
import { FieldError } from '../../common/problems.ts';
import { applyTagRules, type TagValue } from '../../common/tagMapping.ts';
import { readTaggedRecords, type TaggedSyntax } from '../../common/taggedRecords.ts';
import { nonEmpty } from '../../common/values.ts';
import {
  accessionsOf,
  doiOf,
  isScopusRecord,
  journalNames,
  pagesOf,
  pmidOf,
  RIS_FIELDS,
  TITLE_TAGS,
  yearOf,
  type RisDraft,
} from './mapping.ts';
import { newRecord } from '../../common/newRecord.ts';

/**
 * RIS (Zotero, EndNote, Mendeley, Scopus, Web of Science and PubMed-via-EndNote exports).
 *
 * Why not @citation-js/plugin-ris: it was evaluated first. It converts to CSL-JSON, which has no
 * place for author addresses (AD) or accession numbers (AN, where EndNote keeps the PMID), so both
 * are dropped; it takes the whole file as one string (no streaming, no line numbers for errors);
 * and a file without ER is not reported. RIS is a simple line format ("TY  - JOUR", two letters,
 * two spaces, a hyphen), so it is read here line by line. The unit tests check that this reader
 * and citation-js agree on every field both keep.
 *
 * What each tag means is the table in mapping.ts. AD (author address) is record-level: RIS does not
 * say whose it is, so it is attached to the author only when there is one author, else kept as the
 * record's affiliations.
 *
 * Between records, database front ends print lines that are not RIS: Ovid numbers each record
 * (`1. ` or `<1. >` on the line before `TY`) and may add "Link to the Ovid Full Text or citation:"
 * with a URL. Those are skipped; any other text outside a record is reported.
 */

/** `TY  - JOUR`: two characters, two spaces (one tolerated), a hyphen, a space and the value (empty allowed). */
const TAG_LINE = /^([A-Z][A-Z0-9]) {1,2}-(?: (.*)|\s*)$/;

type Field = TagValue;

/** Ovid's record number before each record: `1. `, `<12. >`. */
const OVID_NUMBER = /^\s*<?\d+\.\s*>?\s*$/;
/** Ovid's link line between records, and the URL line that may follow it. */
const OVID_LINK = /^Link to the Ovid Full Text or citation:/;
const BARE_URL = /^\s*https?:\/\/\S+\s*$/;

export const RIS_SYNTAX: TaggedSyntax = {
  name: 'RIS',
  tagLine(text) {
    const m = TAG_LINE.exec(text);
    return m?.[1] ? { tag: m[1], value: m[2] ?? '' } : undefined;
  },
  // Any untagged line inside a record continues the previous value, indented or not.
  continues: () => true,
  opens: (tag) => tag === 'TY',
  closes: (tag) => tag === 'ER',
  blankLineCloses: false,
  outside: (text, previous) =>
    OVID_NUMBER.test(text) ||
    OVID_LINK.test(text) ||
    (previous !== undefined && OVID_LINK.test(previous) && BARE_URL.test(text)),
  closingTag: 'ER',
  closingLine: 'ER  - ',
  openingLine: 'TY  - ',
};

function detect(head: string): boolean {
  const first = head.split(/\r\n|\r|\n/, 50).find((l) => l.trim() !== '' && !OVID_NUMBER.test(l));
  return first !== undefined && /^TY {1,2}- ?\S/.test(first.trimStart());
}

function toRecord(fields: Field[], file: string, index: number, line: number): SourceRecord {
  const titleField = fields.find((f) => (TITLE_TAGS as readonly string[]).includes(f.tag) && f.value.trim() !== '');
  const title = nonEmpty(titleField?.value);
  if (!title) throw new FieldError('TI', 'the record has no title (TI or T1)', line);
  const record = newRecord('ris', file, index, line, title);
  const draft: RisDraft = { record, journal: { issns: [] }, scopus: isScopusRecord(fields) };
  applyTagRules(RIS_FIELDS, fields, draft);

  const addresses: SourceAffiliation[] = fields
    .filter((f) => f.tag === 'AD')
    .flatMap((f) =>
      f.value
        .split(/\s*\n\s*/)
        .map((t) => nonEmpty(t))
        .filter((t): t is string => t !== undefined)
        .map((text) => ({ text })),
    );
  if (addresses.length > 0) {
    const only = record.authors.length === 1 ? record.authors[0] : undefined;
    if (only) only.affiliations.push(...addresses);
    else record.affiliations = addresses;
  }

  const journal: SourceJournal = draft.journal;
  journalNames(fields, journal);
  if (journal.title || journal.abbreviation || journal.issns.length > 0) record.journal = journal;
  const year = yearOf(fields);
  if (year !== undefined) record.year = year;
  Object.assign(record, pagesOf(fields));
  const doi = doiOf(fields);
  if (doi) record.doi = doi;
  const pmid = pmidOf(fields);
  if (pmid) record.pmid = pmid;
  const accessions = accessionsOf(fields);
  if (accessions.length > 0) record.accessions = accessions;
  return record;
}

function read(chunks: AsyncIterable<string>, file: string): AsyncIterable<ReadResult> {
  return readTaggedRecords(chunks, file, RIS_SYNTAX, (fields, at) =>
    // A wrapped value (long abstracts, EndNote's multi-line SN/AD) keeps its line breaks: AD splits on them.
    toRecord(
      fields.map((f) => ({ tag: f.tag, value: f.lines.join('\n'), line: f.line })),
      at.file,
      at.index,
      at.line,
    ),
  );
}

/** The RIS reader. */
export const risReader: RecordReader = {
  format: 'ris',
  extensions: ['ris'],
  detect,
  read,
};
