import type { RecordFormat } from "../model.ts";
import { bibtexReader } from "./readers/bibtexReader.ts";
import { crossrefReader } from "./readers/crossrefReader.ts";
import { cslJsonReader } from "./readers/cslJsonReader.ts";
import { medlineReader } from "./readers/medlineReader.ts";
import { openAlexReader } from "./readers/openAlexReader.ts";
import { pubmedXmlReader } from "./readers/pubmedXmlReader.ts";
import { risReader } from "./readers/risReader.ts";
import type { RecordReader } from "./RecordReader.ts";

/**
 * Every format reader, in detection priority order: when two readers accept the same head (rare;
 * the detectors look at content that only their format has), the file name's extension decides,
 * then this order. The most specific content signatures come first.
 *
 * The WPRIM page reader joins this list: add it here. None of the readers below accepts a WPRIM
 * page (tests/unit/formats/detectFormat.test.ts checks every WPRIM fixture), so its place in the
 * order does not matter for WPRIM files; put it last so that a MEDLINE `.txt` is never read as WPRIM.
 */
export const READERS: readonly RecordReader[] = [
  pubmedXmlReader,
  openAlexReader,
  crossrefReader,
  cslJsonReader,
  risReader,
  medlineReader,
  bibtexReader,
  // WPRIM page reader: add here.
];

/** The reader of a format by its name. */
export function readerFor(format: RecordFormat): RecordReader | undefined {
  return READERS.find((r) => r.format === format);
}

/** The extension of a file name, lower-case, without the dot (`x.NBIB` -> `nbib`). */
function extensionOf(fileName: string | undefined): string | undefined {
  const m = fileName ? /\.([A-Za-z0-9]+)$/.exec(fileName) : null;
  return m?.[1]?.toLowerCase();
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
  const ext = extensionOf(fileName);
  return (ext ? accepting.find((r) => r.extensions.includes(ext)) : undefined) ?? accepting[0];
}
