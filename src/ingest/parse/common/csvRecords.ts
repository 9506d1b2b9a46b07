import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type { ReadResult, SourceRecord } from '../../model.ts';
import { describeLimit, MAX_RECORD_CHARS } from './limits.ts';
import { convertRecord, problem } from './problems.ts';

/** One data row of a CSV export: its cells by column name, as printed (a missing cell is absent). */
export type CsvRow = Readonly<Record<string, string>>;

/**
 * The rows of a CSV export with a header line (Scopus, Lens), parsed by csv-parse (a maintained,
 * streaming RFC 4180 parser: quoted cells with commas, doubled quotes and line breaks inside), each
 * converted by `convert` into a record or the problem that keeps it out. A row is at most
 * MAX_RECORD_CHARS; a file that breaks the CSV grammar (an unclosed quote) ends with one problem
 * naming the line where it broke. `skipLines` passes over lines before the header (Dimensions'
 * "About the data" line).
 */
export async function* readCsvRecords(
  chunks: AsyncIterable<string>,
  file: string,
  convert: (row: CsvRow, at: { file: string; index: number; line: number }) => SourceRecord,
  options: { skipLines?: number; delimiter?: string; quote?: boolean } = {},
): AsyncGenerator<ReadResult> {
  const parser = parse({
    bom: true,
    columns: (header: string[]) => header.map((h) => h.trim()),
    delimiter: options.delimiter ?? ',',
    // WoS tab-delimited cells are never quoted and may hold a lone `"`.
    quote: options.quote === false ? null : '"',
    from_line: (options.skipLines ?? 0) + 1,
    info: true,
    max_record_size: MAX_RECORD_CHARS,
    relax_column_count: true,
    skip_empty_lines: true,
  });
  // Driven chunk by chunk (not piped) so that every row parsed before a grammar error is still
  // yielded, in order, before the problem that ends the file.
  const parsed: Array<{ record: Record<string, string>; info: { lines: number } }> = [];
  let failure: (Error & { code?: string; lines?: number }) | undefined;
  parser.on('data', (item: { record: Record<string, string>; info: { lines: number } }) => parsed.push(item));
  parser.on('error', (e: Error) => {
    failure ??= e;
  });
  let index = 0;
  // The header is one line; the first row starts on the line after it.
  let line = (options.skipLines ?? 0) + 2;
  function* drain(): Generator<ReadResult> {
    for (const item of parsed.splice(0)) {
      const at = { file, index: index++, line };
      // info.lines is the line the row ENDS on; the next row starts after it.
      line = item.info.lines + 1;
      const row: Record<string, string> = {};
      for (const [k, v] of Object.entries(item.record)) if (typeof v === 'string') row[k] = v;
      yield convertRecord(at, () => ({ ok: true, record: convert(row, at) }));
    }
  }
  for await (const chunk of chunks) {
    if (failure) break;
    parser.write(chunk);
    yield* drain();
  }
  if (!failure) {
    parser.end();
    await finished(parser).catch(() => undefined);
  }
  yield* drain();
  if (failure) {
    const reason =
      failure.code === 'CSV_MAX_RECORD_SIZE'
        ? `a row is larger than ${describeLimit(MAX_RECORD_CHARS)}; the rest of the file was not read`
        : `the file is not valid CSV from here on (${failure.message.replace(/^Invalid [^:]*: /, '').slice(0, 160)}); the rest of the file was not read`;
    yield problem({ file, line: failure.lines ?? line, index, field: '(csv)', reason });
  }
}

/** The first line of a CSV head, as column names (for detection). */
export function csvHeader(head: string): string[] {
  const first = head.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, 1)[0] ?? '';
  return first.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
}
