import type { ReadResult, RecordProblem, SourceRecord } from '../../../src/ingest/model.ts';
import { DETECT_HEAD_CHARS } from '../../../src/ingest/parse/common/limits.ts';
import { detectFormat } from '../../../src/ingest/parse/formats.ts';
import type { RecordReader } from '../../../src/ingest/parse/RecordReader.ts';
import { readRepoFile } from '../fixtures.ts';

/** Repository-relative path of a format fixture. */
export const formatFixture = (format: string, name: string) => `tests/fixtures/formats/${format}/${name}`;

/** The text cut into chunks of `size` characters, as a stream would deliver it (boundaries anywhere). */
export async function* chunked(text: string, size = 97): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** Everything a reader yields for a text, split into records and problems (in order, with the raw list). */
export async function readAll(reader: RecordReader, text: string, file: string, chunkSize?: number) {
  const results: ReadResult[] = [];
  for await (const r of reader.read(chunked(text, chunkSize), file)) results.push(r);
  const records: SourceRecord[] = results
    .filter((r): r is { ok: true; record: SourceRecord } => r.ok)
    .map((r) => r.record);
  const problems: RecordProblem[] = results
    .filter((r): r is { ok: false; problem: RecordProblem } => !r.ok)
    .map((r) => r.problem);
  return { results, records, problems };
}

/** Reads a fixture with the reader its content is detected as (failing when none is). */
export async function readFixture(format: string, name: string, chunkSize?: number) {
  const file = formatFixture(format, name);
  const text = readRepoFile(file);
  const reader = detectFormat(text.slice(0, DETECT_HEAD_CHARS), file);
  if (!reader) throw new Error(`no reader detected for ${file}`);
  return { reader, ...(await readAll(reader, text, file, chunkSize)) };
}

/** The one record with this title prefix (fails loudly when absent). */
export function byTitle(records: SourceRecord[], start: string): SourceRecord {
  const r = records.find((x) => x.title.startsWith(start));
  if (!r) throw new Error(`no record titled "${start}…" among: ${records.map((x) => x.title).join(' | ')}`);
  return r;
}
