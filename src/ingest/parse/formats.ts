import type { RecordFormat } from '../model.ts';
import { bibtexReader } from './formats/bibtex/reader.ts';
import { crossrefReader } from './formats/crossref/reader.ts';
import { cslJsonReader } from './formats/csl-json/reader.ts';
import { medlineReader } from './formats/medline/reader.ts';
import { openAlexReader } from './formats/openalex/reader.ts';
import { pubmedXmlReader } from './formats/pubmed-xml/reader.ts';
import { risReader } from './formats/ris/reader.ts';
import { textChunks } from './common/LineSplitter.ts';
import type { RecordReader } from './RecordReader.ts';
import { wprimReader } from './formats/wprim/reader.ts';
import { endnoteReader } from './formats/endnote/reader.ts';
import { lensCsvReader } from './formats/lens/reader.ts';
import { refworksReader } from './formats/refworks/reader.ts';
import { noteExpressReader } from './formats/noteexpress/reader.ts';
import { dimensionsCsvReader } from './formats/dimensions/reader.ts';
import { cnkiEstudyReader } from './formats/cnki-estudy/reader.ts';
import { scopusCsvReader } from './formats/scopus/reader.ts';
import { wosReader } from './formats/wos/reader.ts';
export { DETECT_HEAD_CHARS } from './common/limits.ts';

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
  wosReader,
  scopusCsvReader,
  lensCsvReader,
  dimensionsCsvReader,
  endnoteReader,
  refworksReader,
  noteExpressReader,
  cnkiEstudyReader,
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
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/**
 * Recognises the format of a file from the start of its CONTENT (`head`: its first 64 KB as text).
 * The extension is only a hint, used to choose between readers that both accept the content (a
 * `.txt` can be MEDLINE or WPRIM). Returns undefined when no reader accepts the content, whatever the
 * extension, so the caller names the error instead of guessing.
 */
export function detectFormat(
  head: string,
  fileName?: string,
  readers: readonly RecordReader[] = READERS,
): RecordReader | undefined {
  const text = head.replace(/^\uFEFF/, '');
  const accepting = readers.filter((r) => r.detect(text));
  if (accepting.length <= 1) return accepting[0];
  const ext = fileName ? extensionOf(fileName) : '';
  return (ext ? accepting.find((r) => r.extensions.includes(ext)) : undefined) ?? accepting[0];
}

/**
 * How much of a text a reader reads: per record, one for the record and one for each kind of fact
 * it took from it (authors, DOI, year, journal, subjects, references, PMID, abstract). Two readers that
 * both accept a file are compared by this on the file's head: the one that reads more of it wins.
 */
export async function readCoverage(
  reader: RecordReader,
  text: string,
): Promise<{ records: number; withAuthors: number; facts: number }> {
  let records = 0;
  let withAuthors = 0;
  let facts = 0;
  try {
    for await (const result of reader.read(textChunks(text), '(head)')) {
      if (!result.ok) continue;
      const r = result.record;
      records += 1;
      if (r.authors.length > 0) withAuthors += 1;
      facts +=
        1 +
        [
          r.authors.length > 0,
          r.doi,
          r.year !== undefined,
          r.journal,
          r.subjects.length > 0,
          r.references.length > 0,
          r.pmid,
          r.abstract,
        ].filter(Boolean).length;
    }
  } catch {
    // A reader that throws on this text reads none of it.
  }
  return { records, withAuthors, facts };
}

/** Author lists as the formats print them: JSON arrays of author objects, RIS/MEDLINE author tags, BibTeX author fields, PubMed XML authors. */
const AUTHOR_LISTS = [
  /"(?:author|authorships|creators)"\s*:\s*\[\s*\{/,
  /^(?:AU|A1|FAU) {0,2}- ?\S/m,
  /^\s*author\s*=\s*[{"]\s*[^\s}"]/im,
  /<Author[\s>][\s\S]*?<(?:LastName|CollectiveName)>/,
];

/** True when the text visibly lists authors, whatever its format. */
export function listsAuthors(text: string): boolean {
  return AUTHOR_LISTS.some((re) => re.test(text));
}

/**
 * Chooses the reader of a file from its head: a reader accepts the file only when the file has that
 * reader's required structure (its `detect`); when several accept, the one that reads more of the
 * head wins (then the extension, then READERS order). readSource then refuses a reader that reads
 * records without the authors the file visibly lists.
 */
export async function chooseReader(
  head: string,
  fileName?: string,
  readers: readonly RecordReader[] = READERS,
): Promise<RecordReader | undefined> {
  const text = head.replace(/^\uFEFF/, '');
  const accepting = readers.filter((r) => r.detect(text));
  if (accepting.length <= 1) return accepting[0];
  const scored = await Promise.all(
    accepting.map(async (reader) => ({ reader, facts: (await readCoverage(reader, text)).facts })),
  );
  const best = Math.max(...scored.map((s) => s.facts));
  const top = scored.filter((s) => s.facts === best).map((s) => s.reader);
  return top.length === 1 ? top[0] : detectFormat(text, fileName, top);
}
