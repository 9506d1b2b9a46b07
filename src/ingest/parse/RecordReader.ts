import type { ReadResult, RecordFormat } from '../model.ts';

/**
 * One export format: how to recognise it and how to read it. Every reader yields the same
 * SourceRecord shape, so everything after reading is format-independent.
 */
export interface RecordReader {
  format: RecordFormat;
  /** File name extensions the format usually has, lower-case without dot; a hint for detection only. */
  extensions: readonly string[];
  /** True when the start of a file (its first 64 KB as text, BOM removed) is this format. */
  detect(head: string): boolean;
  /**
   * Reads the records of one file from its text, delivered as chunks, yielding each record (or the
   * problem that keeps it out) in file order. Streams: memory stays bounded by the largest record,
   * not the file. A file that is malformed as a whole yields one problem and ends.
   */
  read(chunks: AsyncIterable<string>, file: string): AsyncIterable<ReadResult>;
}
