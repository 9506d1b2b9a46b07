import type { RecordFormat, SourceRecord } from '../../model.ts';

/**
 * The record a reader starts filling: where it came from, its title (empty until a mapping table
 * sets it) and the lists every SourceRecord has, empty.
 */
export function newRecord(
  format: RecordFormat,
  file: string,
  index: number,
  line: number | undefined,
  title = '',
): SourceRecord {
  return { origin: { format, file, index, line }, title, authors: [], subjects: [], references: [] };
}
