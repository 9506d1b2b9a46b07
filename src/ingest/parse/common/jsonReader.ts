import type { ReadResult, RecordFormat, RecordProblem, SourceRecord } from '../../model.ts';
import type { RecordReader } from '../RecordReader.ts';
import type { JsonObject } from './jsonFields.ts';
import { jsonRecords } from './jsonRecords.ts';
import { convertRecord } from './problems.ts';

/** Where a JSON record was found, for its origin and problems. */
export interface JsonRecordAt {
  file: string;
  index: number;
  line: number;
}

/**
 * A RecordReader for a JSON format: jsonRecords streams the record objects (array, API response,
 * single object or JSON Lines), `convert` turns one into a SourceRecord (throwing FieldError with
 * the JSON path of a bad value).
 */
export function jsonReader(options: {
  format: RecordFormat;
  extensions: readonly string[];
  detect: (head: string) => boolean;
  convert: (value: JsonObject, at: JsonRecordAt) => SourceRecord;
}): RecordReader {
  async function* read(chunks: AsyncIterable<string>, file: string): AsyncGenerator<ReadResult> {
    for await (const item of jsonRecords(chunks, file)) {
      if (!item.ok) {
        yield named(item.problem);
        continue;
      }
      const at = { file, index: item.index, line: item.line };
      const result = convertRecord(at, () => ({ ok: true, record: options.convert(item.value as JsonObject, at) }));
      yield result.ok ? result : named(result.problem);
    }
  }
  return { format: options.format, extensions: options.extensions, detect: options.detect, read };
}

/** A problem of one item names the item, not only its line (`file: item 37 (line 1)`). */
function named(problem: RecordProblem): ReadResult {
  return { ok: false, problem: problem.index !== undefined ? { ...problem, item: problem.index + 1 } : problem };
}

/** The keys found in the head of a JSON file (`"key":`), for format detection. */
export function jsonKeysIn(head: string): Set<string> {
  const keys = new Set<string>();
  for (const m of head.matchAll(/"((?:[^"\\]|\\.){1,60})"\s*:/g)) if (m[1]) keys.add(m[1]);
  return keys;
}

/** True when the head starts like JSON (an object or array, after a BOM and whitespace). */
export function looksLikeJson(head: string): boolean {
  return /^\uFEFF?\s*[[{]/.test(head);
}
