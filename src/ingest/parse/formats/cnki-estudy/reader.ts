import type { ReadResult, SourceRecord } from '../../../model.ts';
import type { RecordReader } from '../../RecordReader.ts';
import { FieldError } from '../../common/problems.ts';
import { applyMapping } from '../../common/fieldMapping.ts';
import { readTaggedRecords, type TaggedField, type TaggedSyntax } from '../../common/taggedRecords.ts';
import { CNKI_ESTUDY_MAPPING } from './mapping.ts';
import { newRecord } from '../../common/newRecord.ts';

/**
 * CNKI's E-Study export (the format of CNKI's own reference manager, offered as "E-Study" or
 * "自定义" on CNKI's export page): `Field-字段: value` lines (`Title-题名:`, `Author-作者:`...), the
 * English name before the hyphen and the Chinese one after it; each record opens with
 * `DataType: <n>` (1 journal article, 2 thesis, 3 conference paper, 4 newspaper) and the next
 * `DataType:` line opens the next record, with no blank line between. A line without a tag
 * continues the previous value.
 */

/** `Title-题名: value`, or `DataType: 1`: the tag is the English name. */
const TAG_LINE = /^([A-Za-z][A-Za-z/]*)(?:-[^:：]{1,12})?: ?(.*)$/;

export const CNKI_ESTUDY_SYNTAX: TaggedSyntax = {
  name: 'CNKI E-Study',
  tagLine(line) {
    const m = TAG_LINE.exec(line.trimEnd());
    return m?.[1] ? { tag: m[1], value: (m[2] ?? '').trim() } : undefined;
  },
  continues: () => true,
  opens: (tag) => tag === 'DataType',
  blankLineCloses: false,
  outside: () => false,
};

/** True when the head opens with `DataType: <n>` and goes on with E-Study's bilingual field names, `Title-题名:` among them. */
function detect(head: string): boolean {
  const lines = head.split(/\r\n|\r|\n/, 40).filter((l) => l.trim() !== '');
  return /^DataType: ?\d+$/.test(lines[0]?.trim() ?? '') && lines.slice(1, 20).some((l) => l.startsWith('Title-题名:'));
}

function convert(fields: TaggedField[], at: { file: string; index: number; line: number }): SourceRecord {
  const record = newRecord('cnki-estudy', at.file, at.index, at.line);
  applyMapping(CNKI_ESTUDY_MAPPING, fields, (f) => f.tag, record);
  if (!record.title) throw new FieldError('Title-题名', 'the record has no title (Title-题名)', at.line);
  return record;
}

function read(chunks: AsyncIterable<string>, file: string): AsyncIterable<ReadResult> {
  return readTaggedRecords(chunks, file, CNKI_ESTUDY_SYNTAX, convert);
}

/** The CNKI E-Study reader. */
export const cnkiEstudyReader: RecordReader = { format: 'cnki-estudy', extensions: ['txt'], detect, read };
