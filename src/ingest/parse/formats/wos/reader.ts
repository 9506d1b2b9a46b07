import type { ReadResult, SourceRecord } from '../../../model.ts';
import type { RecordReader } from '../../RecordReader.ts';
import { FieldError } from '../../common/problems.ts';
import { readCsvRecords, type CsvRow } from '../../common/csvRecords.ts';
import { applyMapping } from '../../common/fieldMapping.ts';
import { readTaggedRecords, type TaggedField, type TaggedSyntax } from '../../common/taggedRecords.ts';
import { WOS_MAPPING } from './mapping.ts';
import { newRecord } from '../../common/newRecord.ts';

/**
 * Web of Science exports, both layouts of "Full record and cited references". Tab-delimited: a
 * header row of the field tags, one record per row (read with csv-parse, no quoting). Plain text
 * ("savedrecs.txt", Export > Plain text file): a header `FN Clarivate Analytics Web of Science` / `VR 1.0`, then records from `PT`
 * to `ER`, then `EF`. A line is a two-character tag, a space and the value; a value continues on
 * lines indented by three spaces (each such line is the next author, address or cited reference in
 * AU, AF, C1 and CR, and wrapped text elsewhere). The tags' meaning is the mapping table (mapping.ts).
 */

const TAG_LINE = /^([A-Z][A-Z0-9]) (.*)$/;
const BARE_TAG = /^([A-Z][A-Z0-9])$/;

export const WOS_SYNTAX: TaggedSyntax = {
  name: 'Web of Science',
  tagLine(text) {
    const m = TAG_LINE.exec(text) ?? BARE_TAG.exec(text.trimEnd());
    return m?.[1] ? { tag: m[1], value: m[2] ?? '' } : undefined;
  },
  continues: (text) => /^ {2,3}\S/.test(text) || /^\t/.test(text),
  opens: (tag) => tag === 'PT',
  closes: (tag) => tag === 'ER',
  blankLineCloses: false,
  outside: (text) => /^(?:FN|VR|EF)(?: |$)/.test(text.trim()),
  closingTag: 'ER',
};

/** The header of the tab-delimited export: the same field tags, one per column. */
const TAB_HEADER = /^PT\tAU\t(?:[A-Z][A-Z0-9]\t)*/;

/** True when the head is WoS plain text (the FN header of Thomson Reuters or Clarivate, or a first record opening with PT followed by WoS tags) or WoS tab-delimited (a header of field tags). */
function detect(head: string): boolean {
  const lines = head.split(/\r\n|\r|\n/, 40).filter((l) => l.trim() !== '');
  const first = lines[0]?.trim() ?? '';
  if (TAB_HEADER.test(lines[0] ?? '') && /\tTI\t/.test(lines[0] ?? '') && /\tUT\t?/.test(lines[0] ?? '')) return true;
  if (/^FN (?:Thomson Reuters|Clarivate|ISI)\b/.test(first)) return true;
  return /^PT [A-Z]$/.test(first) && lines.slice(1, 30).some((l) => /^(?:AU|AF|TI|SO|UT) /.test(l));
}

function convert(fields: TaggedField[], at: { file: string; index: number; line: number }): SourceRecord {
  const record = newRecord('wos', at.file, at.index, at.line);
  applyMapping(WOS_MAPPING, fields, (f) => f.tag, record);
  if (!record.title) throw new FieldError('TI', 'the record has no title (TI)', at.line);
  if (record.journal && !record.journal.title && !record.journal.abbreviation && record.journal.issns.length === 0)
    delete record.journal;
  return record;
}

/** Fields the tab-delimited export joins with `; ` that the plain-text export prints one per line. */
const ONE_PER_LINE = new Set(['AU', 'AF', 'BA', 'BF', 'CA', 'GP', 'BE', 'CR']);

/**
 * A row of the tab-delimited export as the fields of a plain-text record, so one mapping table
 * serves both layouts: `; `-joined authors and cited references become lines, C1's
 * `[Names] Address; [Names] Address` one line per address.
 */
function rowFields(row: CsvRow, line: number): TaggedField[] {
  const fields: TaggedField[] = [];
  for (const [tag, raw] of Object.entries(row)) {
    const value = raw.trim();
    if (value === '' || !/^[A-Z][A-Z0-9]$/.test(tag)) continue;
    const lines = ONE_PER_LINE.has(tag)
      ? value.split(/;\s+/)
      : tag === 'C1' && value.startsWith('[')
        ? value.split(/;\s+(?=\[)/)
        : tag === 'C1'
          ? value.split(/;\s+/)
          : [value];
    fields.push({ tag, lines, line, oneLine: true });
  }
  return fields;
}

async function* read(chunks: AsyncIterable<string>, file: string): AsyncGenerator<ReadResult> {
  // The layout is told by the first line: a header of tags separated by tabs, or tagged lines.
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: string[] = [];
  let head = '';
  while (!/[\r\n]/.test(head)) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    head += next.value;
  }
  async function* all(): AsyncGenerator<string> {
    yield* seen;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  if (TAB_HEADER.test(head.replace(/^\uFEFF/, ''))) {
    yield* readCsvRecords(all(), file, (row, at) => convert(rowFields(row, at.line), at), {
      delimiter: '\t',
      quote: false,
    });
  } else {
    yield* readTaggedRecords(all(), file, WOS_SYNTAX, convert);
  }
}

/** The Web of Science reader (plain text and tab-delimited). */
export const wosReader: RecordReader = { format: 'wos', extensions: ['txt', 'isi', 'ciw'], detect, read };
