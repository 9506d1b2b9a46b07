import type { ReadResult, RecordFormat } from '../model.ts';
import type { RecordReader } from '../parse/RecordReader.ts';
import { chooseReader, DETECT_HEAD_CHARS, listsAuthors, READERS, readerFor } from '../parse/formats.ts';
import type { ImportSource } from './importSource.ts';

/** The chunks of a stream with its first `size` characters available up front, without reading it twice. */
async function peek(
  chunks: AsyncIterable<string>,
  size: number,
): Promise<{ head: string; all: AsyncIterable<string>; close(): Promise<void> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const taken: string[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    length += next.value.length;
  }
  const close = async () => {
    if (!done) {
      done = true;
      await iterator.return?.();
    }
  };
  const all = (async function* () {
    try {
      yield* taken;
      while (!done) {
        const next = await iterator.next();
        if (next.done) {
          done = true;
          return;
        }
        yield next.value;
      }
    } finally {
      await close(); // a reader that stops early still releases the file
    }
  })();
  return { head: taken.join('').slice(0, size), all, close };
}

/** A file read with the reader its content calls for. */
export interface OpenedSource {
  /** The detected format, or undefined when no reader accepts the file. */
  format: RecordFormat | undefined;
  results: AsyncIterable<ReadResult>;
}

/**
/**
 * Opens one import source, chooses its reader from its content (chooseReader: the reader whose
 * structure the file has and that reads most of it; the file name's extension only breaks ties) and
 * reads its records as a stream. A format the caller names is read without detection (detection sees
 * only the start of a file, and a BibTeX file can open with thousands of lines of @string
 * abbreviations before its first entry). A file no reader accepts, or that the chosen reader would
 * read without the authors it visibly lists, yields one problem naming the file: never skipped silently.
 */
export async function readSource(
  source: ImportSource,
  readers: readonly RecordReader[] = READERS,
  format?: RecordFormat,
): Promise<OpenedSource> {
  const { head, all, close } = await peek(source.open(), DETECT_HEAD_CHARS);
  const named = format ? readerFor(format) : undefined;
  const empty = head.replace(/^\uFEFF/, '').trim() === '';
  const reader = named && !empty ? named : await chooseReader(head, source.name, readers);
  if (!reader) {
    await close();
    const reason = empty
      ? 'the file is empty'
      : `no reader recognises this content (tried ${readers.map((r) => r.format).join(', ')}); the file is not read`;
    return {
      format: undefined,
      results: (async function* () {
        yield { ok: false, problem: { file: source.name, line: 1, field: '(file)', reason } } satisfies ReadResult;
      })(),
    };
  }
  const results = reader.read(all, source.name);
  return {
    format: reader.format,
    results: listsAuthors(head) ? authorsKept(results, source.name, reader.format) : results,
  };
}

/** How many records without authors are held back, waiting for one with authors, before the file is refused. */
const HELD_RECORDS = 200;

/**
 * The records of a file that visibly lists authors, refused as a whole when its reader yields none
 * of them (a reader whose detection accepted a file it does not understand: CSL-JSON taken for
 * OpenAlex gave title-only records). Records are held back until one has authors or the reader
 * rejects one (then it understood the file: its problems say what is wrong); a file whose records
 * (the first HELD_RECORDS, or all) have no author and no problem yields one problem naming the file.
 */
async function* authorsKept(
  results: AsyncIterable<ReadResult>,
  file: string,
  format: RecordFormat,
): AsyncGenerator<ReadResult> {
  const held: ReadResult[] = [];
  let heldRecords = 0;
  let passing = false;
  const refusal: ReadResult = {
    ok: false,
    problem: {
      file,
      line: 1,
      field: '(file)',
      reason: `the ${format} reader finds no author in the records although the file lists authors: the file is probably not ${format}; nothing of it is read (name its actual format)`,
    },
  };
  for await (const result of results) {
    if (passing) {
      yield result;
      continue;
    }
    held.push(result);
    if (!result.ok) {
      // A record the reader rejects may be where the authors are (a file cut off, a record without
      // title): the reader understood the file, and its problems say what is wrong. Nothing is held.
      passing = true;
      yield* held.splice(0);
      continue;
    }
    if (result.record.authors.length > 0) {
      passing = true;
      yield* held.splice(0);
      continue;
    }
    heldRecords += 1;
    if (heldRecords >= HELD_RECORDS) {
      yield refusal;
      return; // stops the reader: the rest of the file is not read
    }
  }
  if (!passing) yield* heldRecords > 0 ? [refusal] : held;
}
