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
