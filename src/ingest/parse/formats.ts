import type { RecordFormat } from "../model.ts";
import { bibtexReader } from "./formats/bibtex/reader.ts";
import { crossrefReader } from "./formats/crossref/reader.ts";
import { cslJsonReader } from "./formats/csl-json/reader.ts";
import { medlineReader } from "./formats/medline/reader.ts";
import { openAlexReader } from "./formats/openalex/reader.ts";
import { pubmedXmlReader } from "./formats/pubmed-xml/reader.ts";
import { risReader } from "./formats/ris/reader.ts";
import type { RecordReader } from "./RecordReader.ts";
import { wprimReader } from "./formats/wprim/reader.ts";
export { DETECT_HEAD_CHARS } from "./common/limits.ts";

/**
 * Every format reader, in detection priority order: when two readers accept the same head (rare;
 * the detectors look at content that only their format has), the file name's extension decides,
 * then this order. The most specific content signatures come first; the WPRIM page reader, whose
 * pages have the least distinctive layout, comes last, so that a MEDLINE `.txt` is never read as
 * WPRIM (tests/unit/formats/detectFormat.test.ts checks that no other reader accepts a WPRIM page).
 */
export const READERS: readonly RecordReader[] = [
  pubmedXmlReader,
  openAlexReader,
  crossrefReader,
  cslJsonReader,
  risReader,
  medlineReader,
  bibtexReader,
  wprimReader,
];

/** The reader of a format by its name. */
export function readerFor(format: RecordFormat): RecordReader | undefined {
  return READERS.find((r) => r.format === format);
}

/** The lower-case extension of a file name, without the dot ("" when it has none). */
export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/**
 * Recognises the format of a file from the start of its CONTENT (`head`: its first 64 KB as text).
 * The extension is only a hint, used to choose between readers that both accept the content (a
 * `.txt` can be MEDLINE or WPRIM). Returns undefined when no reader accepts the content, whatever the
 * extension, so the caller names the error instead of guessing.
 */
export function detectFormat(head: string, fileName?: string, readers: readonly RecordReader[] = READERS): RecordReader | undefined {
  const text = head.replace(/^\uFEFF/, "");
  const accepting = readers.filter((r) => r.detect(text));
  if (accepting.length <= 1) return accepting[0];
  const ext = fileName ? extensionOf(fileName) : "";
  return (ext ? accepting.find((r) => r.extensions.includes(ext)) : undefined) ?? accepting[0];
}
