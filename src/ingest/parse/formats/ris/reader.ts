import type { ReadResult, SourceAffiliation, SourceJournal, SourceRecord } from '../../../model.ts';
import type { RecordReader } from '../../RecordReader.ts';
import { describeLimit, MAX_RECORD_CHARS } from '../../common/limits.ts';
import { readByLine, type TextLine } from '../../common/LineSplitter.ts';
import { convertRecord, FieldError, problem } from '../../common/problems.ts';
import { applyTagRules, type TaggedField } from '../../common/tagMapping.ts';
import { nonEmpty } from '../../common/values.ts';
import {
  accessionsOf,
  doiOf,
  journalNames,
  pagesOf,
  pmidOf,
  RIS_FIELDS,
  TITLE_TAGS,
  yearOf,
  type RisDraft,
} from './mapping.ts';

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

type Field = TaggedField;

/** Ovid's record number before each record: `1. `, `<12. >`. */
const OVID_NUMBER = /^\s*<?\d+\.\s*>?\s*$/;
/** Ovid's link line between records, and the URL line that may follow it. */
const OVID_LINK = /^Link to the Ovid Full Text or citation:/;
const BARE_URL = /^\s*https?:\/\/\S+\s*$/;

function detect(head: string): boolean {
  const first = head.split(/\r\n|\r|\n/, 50).find((l) => l.trim() !== '' && !OVID_NUMBER.test(l));
  return first !== undefined && /^TY {1,2}- ?\S/.test(first.trimStart());
}

function toRecord(fields: Field[], file: string, index: number, line: number): SourceRecord {
  const titleField = fields.find((f) => (TITLE_TAGS as readonly string[]).includes(f.tag) && f.value.trim() !== '');
  const title = nonEmpty(titleField?.value);
  if (!title) throw new FieldError('TI', 'the record has no title (TI or T1)', line);
  const record: SourceRecord = {
    origin: { format: 'ris', file, index, line },
    title,
    authors: [],
    subjects: [],
    references: [],
  };
  const draft: RisDraft = { record, journal: { issns: [] } };
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

async function* read(chunks: AsyncIterable<string>, file: string): AsyncGenerator<ReadResult> {
  let index = 0;
  let rec: { fields: Field[]; startLine: number; chars: number; oversized: boolean } | undefined;
  /** A run of lines outside any record (no TY before them): reported once per run. */
  let stray: TextLine | undefined;
  /** The previous line was Ovid's link label: a URL line after it is part of it. */
  let afterLink = false;

  const onLine = (l: TextLine, out: ReadResult[]): void => {
    const tag = l.truncated ? undefined : TAG_LINE.exec(l.text);
    if (!rec) {
      if (tag?.[1] === 'TY') {
        stray = undefined;
        afterLink = false;
        rec = {
          fields: [{ tag: 'TY', value: tag[2] ?? '', line: l.line }],
          startLine: l.line,
          chars: l.text.length,
          oversized: false,
        };
      } else if (OVID_NUMBER.test(l.text) || OVID_LINK.test(l.text) || (afterLink && BARE_URL.test(l.text))) {
        afterLink = OVID_LINK.test(l.text);
        return;
      } else if (l.text.trim() !== '' && !stray) {
        stray = l;
        out.push(
          problem({
            file,
            line: l.line,
            index: index++,
            field: tag?.[1] ?? '(line)',
            reason: `text outside a record: every RIS record starts with a "TY  - " line, found "${l.text.slice(0, 60)}"`,
          }),
        );
      }
      return;
    }
    if (tag?.[1] === 'ER') {
      const done = rec;
      rec = undefined;
      const at = { file, index: index++, line: done.startLine };
      if (done.oversized) {
        out.push(
          problem({
            ...at,
            field: '(record)',
            reason: `the record is larger than ${describeLimit(MAX_RECORD_CHARS)}; it was not read`,
          }),
        );
      } else {
        out.push(convertRecord(at, () => ({ ok: true, record: toRecord(done.fields, file, at.index, at.line) })));
      }
      return;
    }
    if (tag?.[1] === 'TY') {
      // A new record before the previous one ended: the previous one is cut off.
      const at = { file, index: index++, line: rec.startLine };
      out.push(
        problem({
          ...at,
          field: 'ER',
          reason: `the record starting on line ${rec.startLine} has no "ER  - " line before the next record on line ${l.line}`,
        }),
      );
      rec = {
        fields: [{ tag: 'TY', value: tag[2] ?? '', line: l.line }],
        startLine: l.line,
        chars: l.text.length,
        oversized: false,
      };
      return;
    }
    if (rec.oversized) return;
    rec.chars += l.text.length + 1;
    if (l.truncated || rec.chars > MAX_RECORD_CHARS) {
      rec.oversized = true;
      rec.fields = [];
      return;
    }
    if (tag?.[1]) {
      rec.fields.push({ tag: tag[1], value: tag[2] ?? '', line: l.line });
    } else if (l.text.trim() !== '' && rec.fields.length > 0) {
      // A wrapped value (long abstracts, EndNote's multi-line SN/AD): continues the previous tag.
      const last = rec.fields[rec.fields.length - 1] as Field;
      last.value = `${last.value}\n${l.text.trim()}`;
    }
  };

  yield* readByLine<ReadResult>(chunks, onLine, (out) => {
    if (rec) {
      out.push(
        problem({
          file,
          line: rec.startLine,
          index: index++,
          field: 'ER',
          reason: `the file ends inside the record starting on line ${rec.startLine}: no "ER  - " line closes it`,
        }),
      );
    }
  });
}

/** The RIS reader. */
export const risReader: RecordReader = {
  format: 'ris',
  extensions: ['ris'],
  detect,
  read,
};
