import type { RecordReader } from "./RecordReader.ts";
import { wprimReader } from "./wprim/wprimReader.ts";

/** Every reader the import pipeline knows, in the order detection tries them. */
export const READERS: readonly RecordReader[] = [wprimReader];

/** How many characters of a file detection looks at (see RecordReader.detect). */
export const DETECT_HEAD_CHARS = 65_536;

/** The lower-case extension of a file name, without the dot ("" when it has none). */
export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/**
 * The reader for a file, from its content: the first reader whose `detect` accepts the head of the
 * file, preferring one whose usual extensions include the file's (the extension is only a hint; it
 * never makes a reader accept content it does not recognise). Undefined when no reader accepts it.
 */
export function detectFormat(head: string, fileName?: string, readers: readonly RecordReader[] = READERS): RecordReader | undefined {
  const text = head.replace(/^\uFEFF/, "");
  const accepting = readers.filter((reader) => reader.detect(text));
  const extension = fileName ? extensionOf(fileName) : "";
  return accepting.find((reader) => extension !== "" && reader.extensions.includes(extension)) ?? accepting[0];
}
