import type { ReadResult, SourceRecord } from '../../../model.ts';
import type { RecordReader } from '../../RecordReader.ts';
import { FieldError } from '../../common/problems.ts';
import { cellsOf } from '../../common/csvCells.ts';
import { csvHeader, readCsvRecords, type CsvRow } from '../../common/csvRecords.ts';
import { applyMapping } from '../../common/fieldMapping.ts';
import { DIMENSIONS_MAPPING } from './mapping.ts';
import { newRecord } from '../../common/newRecord.ts';

/**
 * Dimensions publication export (CSV, "Export results"): a header row naming Dimensions' columns
 * (`Rank,Publication ID,DOI,PMID,PMCID,Title,...,Dimensions URL`), one row per publication. Some
 * exports put a line about the search above the header (`"About the data: Exported on ...
 * Criteria: ..."`); it is passed over.
 */

/** Dimensions' line above the header, quoted or not. */
const ABOUT = /^\uFEFF?"?About the data:/;

/** The head without the "About the data" line, when it has one. */
function withoutAbout(head: string): string {
  return ABOUT.test(head) ? head.slice(head.search(/\r\n|\r|\n/) + 1).replace(/^\n/, '') : head;
}

/** True when the header (after Dimensions' "About the data" line, if any) has Dimensions' own columns. */
function detect(head: string): boolean {
  const columns = new Set(csvHeader(withoutAbout(head)));
  return (
    columns.has('Publication ID') && columns.has('Title') && (columns.has('Dimensions URL') || columns.has('Rank'))
  );
}

function convert(row: CsvRow, at: { file: string; index: number; line: number }): SourceRecord {
  const record = newRecord('dimensions-csv', at.file, at.index, at.line);
  applyMapping(DIMENSIONS_MAPPING, cellsOf(row), (c) => c.column, record);
  if (!record.title) throw new FieldError('Title', 'the row has no title', at.line);
  return record;
}

/**
 * The chunks again, with whether the first line is the "About the data" line: the CSV parser must
 * know before it starts how many lines come before the header.
 */
async function firstLineSeen(
  chunks: AsyncIterable<string>,
): Promise<{ about: boolean; chunks: AsyncIterable<string> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: string[] = [];
  let text = '';
  // The first line (or the whole of a file that has only one), however the chunks cut it.
  while (!/[\r\n]/.test(text)) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    text += next.value;
  }
  async function* replay(): AsyncGenerator<string> {
    yield* seen;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { about: ABOUT.test(text), chunks: replay() };
}

async function* read(chunks: AsyncIterable<string>, file: string): AsyncIterable<ReadResult> {
  const start = await firstLineSeen(chunks);
  yield* readCsvRecords(start.chunks, file, convert, { skipLines: start.about ? 1 : 0 });
}

/** The Dimensions publication CSV reader. */
export const dimensionsCsvReader: RecordReader = { format: 'dimensions-csv', extensions: ['csv'], detect, read };
