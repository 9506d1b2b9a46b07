import { MAX_RECORD_CHARS } from './limits.ts';

/** One physical line of a streamed text file, as printed (line end removed), with its 1-based number. */
export interface TextLine {
  line: number;
  text: string;
  /** The line was longer than the limit: `text` holds only its start, the rest was not kept. */
  truncated?: boolean;
}

/** How much of an over-long line is kept, for the problem message only. */
const TRUNCATED_KEEP = 200;

/**
 * Cuts text that arrives in chunks of any size into lines (LF, CRLF or CR line ends, a leading BOM
 * removed), so the line formats (MEDLINE, RIS, BibTeX, JSON Lines) read a file of any size with
 * memory bounded by the longest line. A line longer than `maxLineChars` is not buffered past the
 * limit: it comes out `truncated`, and the reader turns that into a problem for its record.
 */
export class LineSplitter {
  private pending = '';
  private pendingTruncated = false;
  private lineNo = 0;
  private started = false;
  private lastChunkEndedWithCR = false;
  private readonly maxLineChars: number;

  constructor(options: { maxLineChars?: number } = {}) {
    this.maxLineChars = options.maxLineChars ?? MAX_RECORD_CHARS;
  }

  /** The lines completed by this chunk, in order. */
  push(chunk: string): TextLine[] {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const out: TextLine[] = [];
    let start = 0;
    // A CR that ended the previous chunk already ended its line; a LF right after it belongs to it.
    if (this.lastChunkEndedWithCR && text.charCodeAt(0) === 10) start = 1;
    this.lastChunkEndedWithCR = false;
    const n = text.length;
    for (let i = start; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.finishLine(out, text.slice(start, i));
      if (c === 13) {
        if (i + 1 < n) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else {
          this.lastChunkEndedWithCR = true;
        }
      }
      start = i + 1;
    }
    if (start < n) this.append(text.slice(start));
    return out;
  }

  /** The last line, when the text does not end with a line end. */
  end(): TextLine[] {
    if (this.pending === '' && !this.pendingTruncated) return [];
    const out: TextLine[] = [];
    this.finishLine(out, '');
    return out;
  }

  /** Number of the last line handed out (0 before the first). */
  get linesRead(): number {
    return this.lineNo;
  }

  private append(piece: string): void {
    if (this.pendingTruncated) return;
    if (this.pending.length + piece.length > this.maxLineChars) {
      this.pending = (this.pending + piece.slice(0, TRUNCATED_KEEP)).slice(0, TRUNCATED_KEEP);
      this.pendingTruncated = true;
      return;
    }
    this.pending += piece;
  }

  private finishLine(out: TextLine[], piece: string): void {
    this.append(piece);
    this.lineNo++;
    out.push(
      this.pendingTruncated
        ? { line: this.lineNo, text: this.pending, truncated: true }
        : { line: this.lineNo, text: this.pending },
    );
    this.pending = '';
    this.pendingTruncated = false;
  }
}

/**
 * The loop every line format shares: each line of the chunked text goes to `onLine`, which pushes
 * what it completes (records, problems) to `out`; that is yielded after each chunk, so results
 * flow while the file is still being read. `onEnd` adds what the end of the text completes.
 */
export async function* readByLine<T>(
  chunks: AsyncIterable<string>,
  onLine: (line: TextLine, out: T[]) => void,
  onEnd: (out: T[]) => void,
): AsyncGenerator<T> {
  const splitter = new LineSplitter();
  for await (const chunk of chunks) {
    const out: T[] = [];
    for (const l of splitter.push(chunk)) onLine(l, out);
    yield* out;
  }
  const out: T[] = [];
  for (const l of splitter.end()) onLine(l, out);
  onEnd(out);
  yield* out;
}

/** The lines of text delivered as chunks, one at a time (for readers that keep their own loop). */
export async function* linesOf(
  chunks: AsyncIterable<string>,
  options: { maxLineChars?: number } = {},
): AsyncGenerator<TextLine> {
  const splitter = new LineSplitter(options);
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}

/** Chunks of a string, for callers that hold the whole text already (tests, uploads). */
export async function* textChunks(text: string, size = 65_536): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
