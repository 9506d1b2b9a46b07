import type { ReadResult, RecordFormat } from "../model.ts";
import type { RecordReader } from "../parse/RecordReader.ts";
import { DETECT_HEAD_CHARS, detectFormat, READERS, readerFor } from "../parse/formats.ts";
import type { ImportSource } from "./importSource.ts";

/** The chunks of a stream with its first `size` characters available up front, without reading it twice. */
async function peek(chunks: AsyncIterable<string>, size: number): Promise<{ head: string; all: AsyncIterable<string>; close(): Promise<void> }> {
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
  return { head: taken.join("").slice(0, size), all, close };
}

/** A file read with the reader its content calls for. */
export interface OpenedSource {
  /** The detected format, or undefined when no reader accepts the file. */
  format: RecordFormat | undefined;
  results: AsyncIterable<ReadResult>;
}

/**
 * Opens one import source, detects its format from its content (the file name's extension only
 * breaks ties between readers that both accept it) and reads its records as a stream. A file no
 * reader accepts yields one problem naming the file and the formats tried: never skipped silently.
 * A format the caller names is read without detection (detection sees only the start of a file, and
 * a BibTeX file can open with thousands of lines of @string abbreviations before its first entry).
 */
export async function readSource(source: ImportSource, readers: readonly RecordReader[] = READERS, format?: RecordFormat): Promise<OpenedSource> {
  const { head, all, close } = await peek(source.open(), DETECT_HEAD_CHARS);
  const named = format ? readerFor(format) : undefined;
  const empty = head.replace(/^\uFEFF/, "").trim() === "";
  const reader = named && !empty ? named : detectFormat(head, source.name, readers);
  if (!reader) {
    await close();
    const reason = empty
      ? "the file is empty"
      : `no reader recognises this content (tried ${readers.map((r) => r.format).join(", ")}); the file is not read`;
    return {
      format: undefined,
      results: (async function* () {
        yield { ok: false, problem: { file: source.name, line: 1, field: "(file)", reason } } satisfies ReadResult;
      })(),
    };
  }
  return { format: reader.format, results: reader.read(all, source.name) };
}
