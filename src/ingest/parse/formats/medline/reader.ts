import type { ReadResult, SourceAffiliation, SourceAuthor, SourceRecord } from '../../../model.ts';
import type { RecordReader } from '../../RecordReader.ts';
import { fitsAfterLine, oversizedReason } from '../../common/limits.ts';
import { readByLine, type TextLine } from '../../common/LineSplitter.ts';
import { authorFromInverted } from '../../common/personName.ts';
import { convertRecord, FieldError, problem } from '../../common/problems.ts';
import { applyTagRules, type TagValue } from '../../common/tagMapping.ts';
import { nonEmpty, parsePages } from '../../common/values.ts';
import { MEDLINE_FIELDS, MEDLINE_ONLY_TAGS, type MedlineDraft } from './mapping.ts';
import { newRecord } from '../../common/newRecord.ts';

/**
 * PubMed/MEDLINE text (the `.nbib` of PubMed's "Send to: Citation manager", the MEDLINE display
 * downloaded as `.txt`). No maintained JavaScript parser reads this layout with per-author
 * affiliations and MeSH flags, and the layout is simple, so it is read here, line by line:
 *
 *   PMID- 34567890                       a tag, padded to four characters, then "- "
 *   TI  - Study progress of exosomes     a value
 *         derived from ...               a continuation line (indented), joined with a space
 *   FAU - Chen, Haoming                  an author; AU, AUID and AD lines after it are that author's
 *
 * Records are separated by blank lines. Every tag the SourceRecord has room for is kept; the NLM
 * housekeeping tags (OWN, STAT, DCOM, LR, EDAT, MHDA, CRDT, PHST, SO, ...) and the investigators
 * (FIR/IR, who are not authors) are not.
 */

/** `PMID- `, `TI  - `, `FAU - `: a tag of 2-4 characters padded to four, then `-`. */
const TAG_LINE = /^([A-Z][A-Z0-9]{1,3}) {0,2}-(?: (.*))?$/;
const CONTINUATION = /^[ \t]+\S/;

type Field = TagValue;

/**
 * True when the head of a file is MEDLINE text: its first non-blank line is a tag line (PubMed
 * writes `PMID- ` first), not RIS's `TY  - `, and the head has at least three tag lines, one of
 * them a MEDLINE-only tag. A WPRIM page (`- Author:` lines, a title first) never starts with a tag.
 */
function detect(head: string): boolean {
  const lines = head.split(/\r\n|\r|\n/, 400);
  const first = lines.find((l) => l.trim() !== '');
  if (!first || !TAG_LINE.test(first) || /^TY {1,2}-/.test(first)) return false;
  if (/^PMID- ?\d/.test(first)) return true;
  const tags = lines.map((l) => TAG_LINE.exec(l)?.[1]).filter((t): t is string => t !== undefined);
  return tags.length >= 3 && tags.some((t) => MEDLINE_ONLY_TAGS.has(t));
}

class MedlineRecordBuilder {
  fields: Field[] = [];
  startLine = 0;
  chars = 0;
  oversized = false;
  badLine: TextLine | undefined;
}

/** The tags of the author block, read in order: each line after FAU/AU/CN belongs to that author. */
const AUTHOR_TAGS = new Set(['FAU', 'AU', 'CN', 'FIR', 'IR', 'AUID', 'AD']);

type Building = SourceAuthor & { hasAbbreviated?: boolean; fromFull?: boolean };

/**
 * An author printed only as AU. PubMed's older records print "Smith JA" (family name, then
 * initials); ERIC prints "Hulse, Taylyn" (family, comma, given), the same inverted form as FAU.
 */
function authorFromAu(value: string, line: number): Building {
  if (value.includes(',')) return { ...authorFromInverted(value), affiliations: [], line, hasAbbreviated: true };
  const m = /^(.*\S)\s+([A-Z]{1,4})$/.exec(value);
  return m?.[1] && m[2]
    ? { name: `${m[2]} ${m[1]}`, family: m[1], given: m[2], affiliations: [], line, hasAbbreviated: true }
    : { name: value, affiliations: [], line, hasAbbreviated: true };
}

/** The author block, in file order: authors with their ORCIDs and affiliations, and addresses printed before any author. */
function readAuthors(fields: Field[], record: SourceRecord): void {
  const recordAffiliations: SourceAffiliation[] = [];
  let current: Building | undefined;
  let inInvestigators = false;
  for (const f of fields) {
    if (!AUTHOR_TAGS.has(f.tag)) continue;
    const value = nonEmpty(f.value);
    if (value === undefined) continue;
    switch (f.tag) {
      case 'FAU':
        inInvestigators = false;
        current = { ...authorFromInverted(value), affiliations: [], line: f.line, fromFull: true };
        record.authors.push(current);
        break;
      case 'AU':
        inInvestigators = false;
        if (current?.fromFull && !current.hasAbbreviated && !current.collective) {
          current.hasAbbreviated = true; // "Chen H" after "Chen, Haoming": the same author, abbreviated
        } else {
          current = authorFromAu(value, f.line);
          record.authors.push(current);
        }
        break;
      case 'CN':
        inInvestigators = false;
        current = { name: value, collective: true, affiliations: [], line: f.line };
        record.authors.push(current);
        break;
      case 'FIR':
      case 'IR':
        // Investigators are listed after the authors; their AUID/AD lines are theirs, not an author's.
        inInvestigators = true;
        current = undefined;
        break;
      case 'AUID': {
        if (inInvestigators) break;
        const m = /^ORCID:\s*(.+)$/i.exec(value);
        if (m?.[1] && current) current.orcid = m[1].trim();
        break;
      }
      case 'AD':
        if (inInvestigators) break;
        if (current) current.affiliations.push({ text: value });
        else recordAffiliations.push({ text: value }); // an address printed before any author belongs to no one in particular
        break;
    }
  }
  if (recordAffiliations.length > 0) record.affiliations = recordAffiliations;
  for (const a of record.authors as Building[]) {
    delete a.hasAbbreviated;
    delete a.fromFull;
  }
}

function toRecord(fields: Field[], file: string, index: number, line: number): SourceRecord {
  const record = newRecord('medline', file, index, line);
  const draft: MedlineDraft = { record, journal: { issns: [] } };
  readAuthors(fields, record);
  applyTagRules(MEDLINE_FIELDS, fields, draft);
  const pages = fields.find((f) => f.tag === 'PG' && f.value.trim() !== '');
  if (pages) Object.assign(record, parsePages(pages.value));
  const { journal } = draft;
  if (journal.title || journal.abbreviation || journal.issns.length > 0) record.journal = journal;
  if (record.title === '') {
    const ti = fields.find((f) => f.tag === 'TI');
    throw new FieldError('TI', ti ? 'the title (TI) is empty' : 'the record has no title (TI line)', ti?.line ?? line);
  }
  return record;
}

async function* read(chunks: AsyncIterable<string>, file: string): AsyncGenerator<ReadResult> {
  let index = 0;
  let rec: MedlineRecordBuilder | undefined;

  const finish = (): ReadResult | undefined => {
    const r = rec;
    rec = undefined;
    if (!r) return undefined;
    const at = { file, index: index++, line: r.startLine };
    if (r.oversized) {
      return problem({
        ...at,
        field: '(record)',
        reason: oversizedReason(),
      });
    }
    if (r.badLine) {
      const shown = r.badLine.text.length > 60 ? `${r.badLine.text.slice(0, 60)}…` : r.badLine.text;
      return problem({
        ...at,
        line: r.badLine.line,
        field: '(line)',
        reason: `expected a MEDLINE line "TAG - value" or an indented continuation, found "${shown}"`,
      });
    }
    return convertRecord(at, () => ({ ok: true, record: toRecord(r.fields, file, at.index, at.line) }));
  };

  const onLine = (l: TextLine, out: ReadResult[]): void => {
    if (l.text.trim() === '' && !l.truncated) {
      const done = finish();
      if (done) out.push(done);
      return;
    }
    const tag = l.truncated ? undefined : TAG_LINE.exec(l.text);
    // A PMID line always starts a record, even when the blank line before it is missing.
    if (tag?.[1] === 'PMID' && rec && rec.fields.length > 0) {
      const done = finish();
      if (done) out.push(done);
    }
    if (!rec) {
      rec = new MedlineRecordBuilder();
      rec.startLine = l.line;
    }
    if (rec.oversized) return;
    if (!fitsAfterLine(rec, l)) {
      rec.fields = [];
      return;
    }
    if (rec.badLine) return;
    if (tag?.[1]) {
      rec.fields.push({ tag: tag[1], value: tag[2] ?? '', line: l.line });
    } else if (CONTINUATION.test(l.text) && rec.fields.length > 0) {
      const last = rec.fields[rec.fields.length - 1] as Field;
      last.value = `${last.value} ${l.text.trim()}`;
    } else {
      rec.badLine = l;
    }
  };

  yield* readByLine<ReadResult>(chunks, onLine, (out) => {
    const last = finish();
    if (last) out.push(last);
  });
}

/** The MEDLINE text reader. */
export const medlineReader: RecordReader = {
  format: 'medline',
  extensions: ['nbib', 'medline', 'txt'],
  detect,
  read,
};
