import type { ReadResult, SourceRecord } from '../../../model.ts';
import type { RecordReader } from '../../RecordReader.ts';
import { FieldError } from '../../common/problems.ts';
import { cellsOf } from '../../common/csvCells.ts';
import { csvHeader, readCsvRecords, type CsvRow } from '../../common/csvRecords.ts';
import { applyMapping } from '../../common/fieldMapping.ts';
import { SCOPUS_MAPPING } from './mapping.ts';
import { newRecord } from '../../common/newRecord.ts';

/** True when the header is Scopus's: its own column names (EID, Source title, Authors with affiliations...). */
function detect(head: string): boolean {
  const columns = new Set(csvHeader(head));
  return (
    columns.has('EID') && columns.has('Source title') && (columns.has('Authors') || columns.has('Author full names'))
  );
}

function convert(row: CsvRow, at: { file: string; index: number; line: number }): SourceRecord {
  const record = newRecord('scopus-csv', at.file, at.index, at.line);
  applyMapping(SCOPUS_MAPPING, cellsOf(row), (c) => c.column, record);
  if (!record.title) throw new FieldError('Title', 'the row has no title', at.line);
  return record;
}

function read(chunks: AsyncIterable<string>, file: string): AsyncIterable<ReadResult> {
  return readCsvRecords(chunks, file, convert);
}

/** The Scopus CSV reader. */
export const scopusCsvReader: RecordReader = { format: 'scopus-csv', extensions: ['csv'], detect, read };
