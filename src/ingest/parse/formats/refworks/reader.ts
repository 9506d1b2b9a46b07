import type { ReadResult, SourceRecord } from '../../../model.ts';
import type { RecordReader } from '../../RecordReader.ts';
import { FieldError } from '../../common/problems.ts';
import { applyMapping } from '../../common/fieldMapping.ts';
import { readTaggedRecords, type TaggedField, type TaggedSyntax } from '../../common/taggedRecords.ts';
import { REFWORKS_MAPPING } from './mapping.ts';
import { newRecord } from '../../common/newRecord.ts';

/**
 * RefWorks tagged text (RefWorks' "Tagged format", CNKI's "Refworks" export): a two-character tag,
 * a space, the value (CNKI sometimes leaves out the space: `A1林行众`); records open with `RT` and
 * are separated by blank lines. RefWorks' own export starts with a legend ("Refworks Export Tagged
 * Format", `Character Set=utf-8`, `Tag legend`, `*****`, `RT=Reference Type`...), passed over. A
 * line that starts with no known tag continues the previous value.
 */

/** The tags of the RefWorks tagged format (RefWorks' tag legend), with `vo` as CNKI writes it and `URL`. */
const TAGS = new Set([
  'RT',
  'SR',
  'ID',
  'A1',
  'A2',
  'A3',
  'A4',
  'A5',
  'A6',
  'T1',
  'T2',
  'T3',
  'JF',
  'JO',
  'YR',
  'FD',
  'VO',
  'vo',
  'IS',
  'SP',
  'OP',
  'K1',
  'AB',
  'NO',
  'PB',
  'PP',
  'ED',
  'SN',
  'CN',
  'AV',
  'LA',
  'CL',
  'SF',
  'OT',
  'LK',
  'DO',
  'CR',
  'WT',
  'UL',
  'RD',
  'DS',
  'AD',
  'DB',
  'IP',
  'U1',
  'U2',
  'U3',
  'U4',
  'U5',
  'URL',
]);
const TAG_LINE = /^(URL|[A-Za-z][A-Za-z0-9]) ?(.*)$/;

export const REFWORKS_SYNTAX: TaggedSyntax = {
  name: 'RefWorks',
  tagLine(line) {
    const m = TAG_LINE.exec(line.trimEnd());
    return m?.[1] && TAGS.has(m[1]) ? { tag: m[1], value: (m[2] ?? '').trim() } : undefined;
  },
  continues: () => true,
  opens: (tag) => tag === 'RT',
  blankLineCloses: true,
  // RefWorks' legend before the first record.
  outside: (line) =>
    /^(?:Refworks Export Tagged Format|Character Set=|Tag legend|\*+$|[A-Z][A-Z0-9]=)/i.test(line.trim()),
};

/** True when the head is RefWorks tagged text: RefWorks' legend, or a first record line `RT <type>` followed by RefWorks tags. */
function detect(head: string): boolean {
  const lines = head.split(/\r\n|\r|\n/, 60).filter((l) => l.trim() !== '');
  if (/^Refworks Export Tagged Format/i.test(lines[0]?.trim() ?? '')) return true;
  if (!/^RT \S/.test(lines[0] ?? '')) return false;
  return lines.slice(1, 20).some((l) => /^(?:A1|T1|JF|YR|SR)\b/.test(l));
}

function convert(fields: TaggedField[], at: { file: string; index: number; line: number }): SourceRecord {
  const record = newRecord('refworks', at.file, at.index, at.line);
  applyMapping(REFWORKS_MAPPING, fields, (f) => f.tag, record);
  if (!record.title) throw new FieldError('T1', 'the record has no title (T1)', at.line);
  return record;
}

function read(chunks: AsyncIterable<string>, file: string): AsyncIterable<ReadResult> {
  return readTaggedRecords(chunks, file, REFWORKS_SYNTAX, convert);
}

/** The RefWorks tagged-text reader. */
export const refworksReader: RecordReader = { format: 'refworks', extensions: ['txt'], detect, read };
