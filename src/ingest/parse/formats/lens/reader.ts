import type { ReadResult, SourceRecord } from '../../../model.ts';
import type { RecordReader } from '../../RecordReader.ts';
import { FieldError } from '../../common/problems.ts';
import { cellsOf } from '../../common/csvCells.ts';
import { csvHeader, readCsvRecords, type CsvRow } from '../../common/csvRecords.ts';
import { applyMapping } from '../../common/fieldMapping.ts';
import { LENS_MAPPING } from './mapping.ts';
import { newRecord } from '../../common/newRecord.ts';

/** True when the header is Lens's scholarly works export (it starts with `Lens ID` and names Lens's own columns). */
function detect(head: string): boolean {
  const columns = csvHeader(head);
  return (
    columns[0] === 'Lens ID' &&
    columns.includes('Title') &&
    (columns.includes('Author/s') || columns.includes('Citing Works Count'))
  );
}

function convert(row: CsvRow, at: { file: string; index: number; line: number }): SourceRecord {
  const record = newRecord('lens-csv', at.file, at.index, at.line);
  applyMapping(LENS_MAPPING, cellsOf(row), (c) => c.column, record);
  if (!record.title) throw new FieldError('Title', 'the row has no title', at.line);
  return record;
}

function read(chunks: AsyncIterable<string>, file: string): AsyncIterable<ReadResult> {
  return readCsvRecords(chunks, file, convert);
}

/** The Lens.org scholarly works CSV reader. */
export const lensCsvReader: RecordReader = { format: 'lens-csv', extensions: ['csv'], detect, read };
