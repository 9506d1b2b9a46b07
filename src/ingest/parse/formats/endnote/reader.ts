import type { ReadResult, SourceRecord } from '../../../model.ts';
import type { RecordReader } from '../../RecordReader.ts';
import { FieldError } from '../../common/problems.ts';
import { applyMapping } from '../../common/fieldMapping.ts';
import { readTaggedRecords, type TaggedField, type TaggedSyntax } from '../../common/taggedRecords.ts';
import { ENDNOTE_MAPPING } from './mapping.ts';
import { newRecord } from '../../common/newRecord.ts';

/**
 * EndNote tagged text (the Refer/BibIX layout EndNote imports; CNKI's and Wanfang's "EndNote"
 * export): `%` and one character, a space, the value; records separated by blank lines, each
 * usually opening with `%0` (the reference type). A line without a tag continues the previous value
 * (CNKI abstracts run over several lines, blank ones included).
 */

const TAG_LINE = /^%([0-9A-Z@+~?!#$&*^|\][<>()])(?: (.*))?$/;

export const ENDNOTE_SYNTAX: TaggedSyntax = {
  name: 'EndNote',
  tagLine(line) {
    const m = TAG_LINE.exec(line.trimEnd());
    return m?.[1] ? { tag: m[1], value: m[2] ?? '' } : undefined;
  },
  continues: () => true,
  opens: (tag) => tag === '0',
  startsOutside: () => true,
  blankLineCloses: true,
  outside: () => false,
};

/** True when the head starts with EndNote tag lines: `%0 ` (or another tag) first, and several tagged lines. */
function detect(head: string): boolean {
  const lines = head.split(/\r\n|\r|\n/, 60).filter((l) => l.trim() !== '');
  if (!lines[0] || !TAG_LINE.test(lines[0].trimEnd())) return false;
  const tagged = lines.slice(0, 30).filter((l) => TAG_LINE.test(l.trimEnd())).length;
  return tagged >= 3 && lines.slice(0, 30).some((l) => /^%[TAJ] /.test(l));
}

function convert(fields: TaggedField[], at: { file: string; index: number; line: number }): SourceRecord {
  const record = newRecord('endnote', at.file, at.index, at.line);
  applyMapping(ENDNOTE_MAPPING, fields, (f) => f.tag, record);
  if (!record.title) throw new FieldError('%T', 'the record has no title (%T)', at.line);
  return record;
}

function read(chunks: AsyncIterable<string>, file: string): AsyncIterable<ReadResult> {
  return readTaggedRecords(chunks, file, ENDNOTE_SYNTAX, convert);
}

/** The EndNote tagged-text reader. */
export const endnoteReader: RecordReader = { format: 'endnote', extensions: ['enw', 'txt'], detect, read };
