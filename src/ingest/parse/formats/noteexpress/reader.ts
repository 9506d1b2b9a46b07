import type { ReadResult, SourceRecord } from '../../../model.ts';
import type { RecordReader } from '../../RecordReader.ts';
import { FieldError } from '../../common/problems.ts';
import { applyMapping } from '../../common/fieldMapping.ts';
import { readTaggedRecords, type TaggedField, type TaggedSyntax } from '../../common/taggedRecords.ts';
import { NOTEEXPRESS_MAPPING } from './mapping.ts';
import { newRecord } from '../../common/newRecord.ts';

/**
 * NoteExpress tagged text, the format of the Chinese reference manager NoteExpress that Wanfang Data
 * and CNKI offer as an export: `{Field Name}: value` lines, each record opening with
 * `{Reference Type}:` and ending with a blank line. Wanfang repeats a field once per value (one
 * `{Author}` line per author, one `{Keywords}` line per keyword, with a leading space after the
 * first); CNKI joins values with `;` on one line. A line without a `{...}:` tag continues the
 * previous value (Wanfang breaks long abstracts onto further lines).
 */

const TAG_LINE = /^\{([A-Za-z][A-Za-z /-]{0,40})\}:(.*)$/;

export const NOTEEXPRESS_SYNTAX: TaggedSyntax = {
  name: 'NoteExpress',
  tagLine(line) {
    const m = TAG_LINE.exec(line.trimEnd());
    return m?.[1] ? { tag: m[1], value: (m[2] ?? '').trim() } : undefined;
  },
  continues: () => true,
  opens: (tag) => tag === 'Reference Type',
  blankLineCloses: true,
  outside: () => false,
};

/** True when the head starts with `{Reference Type}:` and goes on with NoteExpress field lines, `{Title}:` among them. */
function detect(head: string): boolean {
  const lines = head.split(/\r\n|\r|\n/, 60).filter((l) => l.trim() !== '');
  if (!lines[0]?.startsWith('{Reference Type}:')) return false;
  const first = lines.slice(0, 30);
  return first.filter((l) => TAG_LINE.test(l.trimEnd())).length >= 3 && first.some((l) => l.startsWith('{Title}:'));
}

function convert(fields: TaggedField[], at: { file: string; index: number; line: number }): SourceRecord {
  const record = newRecord('noteexpress', at.file, at.index, at.line);
  applyMapping(NOTEEXPRESS_MAPPING, fields, (f) => f.tag, record);
  if (!record.title) throw new FieldError('{Title}', 'the record has no title ({Title})', at.line);
  return record;
}

function read(chunks: AsyncIterable<string>, file: string): AsyncIterable<ReadResult> {
  return readTaggedRecords(chunks, file, NOTEEXPRESS_SYNTAX, convert);
}

/** The NoteExpress tagged-text reader. */
export const noteExpressReader: RecordReader = { format: 'noteexpress', extensions: ['net', 'txt'], detect, read };
