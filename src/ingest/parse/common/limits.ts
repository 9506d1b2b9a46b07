/**
 * The size limits every format reader enforces while it reads, so one oversized record (a 50 MB
 * abstract, a runaway unclosed brace) is refused with a named problem instead of being buffered.
 */
import { MAX_RECORD_CHARS } from '../../limits.ts';

/**
 * The largest raw record a reader buffers: the one record-size limit of src/ingest/limits.ts, in
 * characters (bytes for JSON, where the streaming tokenizer counts bytes). Past it the reader stops
 * collecting the record, skips to its end and yields a problem for it.
 */
export { MAX_RECORD_CHARS };

/** How much of the start of a file format detection looks at (the RecordReader.detect contract). */
export const DETECT_HEAD_CHARS = 64 * 1024;

/** Human-readable form of a size limit for problem messages ("4 MiB"). */
export function describeLimit(chars: number): string {
  return chars >= 1024 * 1024 ? `${Math.round(chars / (1024 * 1024))} MiB` : `${Math.round(chars / 1024)} KiB`;
}

/** Why a record over MAX_RECORD_CHARS is a problem, in every reader's words (`what`: BibTeX says "entry"). */
export function oversizedReason(what = 'record'): string {
  return `the ${what} is larger than ${describeLimit(MAX_RECORD_CHARS)}; it was not read`;
}

/** A record read line by line: its size so far, and whether it went over MAX_RECORD_CHARS. */
export interface SizedRecord {
  chars: number;
  oversized: boolean;
}

/**
 * Adds a line and its line break to a record's size. False, with the record marked oversized, when
 * the line was cut at the line limit or the record is now over MAX_RECORD_CHARS: the reader then
 * drops what it collected and skips to the record's end.
 */
export function fitsAfterLine(rec: SizedRecord, line: { text: string; truncated?: boolean }): boolean {
  rec.chars += line.text.length + 1;
  if (!line.truncated && rec.chars <= MAX_RECORD_CHARS) return true;
  rec.oversized = true;
  return false;
}
