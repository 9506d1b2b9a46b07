/** One physical line of a file as read, with its 1-based number. */
export interface RawLine {
  line: number;
  /** The line without its line end (BOM removed from line 1); cut at `maxLineChars`. */
  raw: string;
  /** True when the line was longer than `maxLineChars`: only its first `maxLineChars` characters are kept. */
  oversized?: true;
}

/**
 * Splits text delivered as chunks into lines (LF, CRLF and CR line ends, also when a CRLF pair is
 * split across two chunks), without ever holding more than one line: a file of any size streams
 * through in bounded memory. A line longer than `maxLineChars` is cut there and flagged, so a single
 * 50 MB line cannot exhaust memory either.
 */
export async function* readLines(chunks: AsyncIterable<string>, options: { maxLineChars: number }): AsyncGenerator<RawLine> {
  let partial = "";
  let oversized = false;
  let line = 1;
  let first = true;
  let pendingCr = false;
  const append = (piece: string) => {
    if (oversized) return;
    if (partial.length + piece.length > options.maxLineChars) {
      partial += piece.slice(0, options.maxLineChars - partial.length);
      oversized = true;
    } else partial += piece;
  };
  const take = (): RawLine => {
    const out: RawLine = oversized ? { line, raw: partial, oversized: true } : { line, raw: partial };
    partial = "";
    oversized = false;
    line += 1;
    return out;
  };
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.length === 0) continue;
      if (chunk.startsWith("\uFEFF")) chunk = chunk.slice(1);
      first = false;
    }
    let start = 0;
    if (pendingCr) {
      pendingCr = false;
      if (chunk.startsWith("\n")) start = 1; // the LF of a CRLF split across chunks
    }
    for (let i = start; i < chunk.length; i += 1) {
      const c = chunk.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      append(chunk.slice(start, i));
      yield take();
      if (c === 13) {
        if (i + 1 < chunk.length) {
          if (chunk.charCodeAt(i + 1) === 10) i += 1;
        } else pendingCr = true;
      }
      start = i + 1;
    }
    append(chunk.slice(start));
  }
  if (partial !== "" || oversized) yield take();
}

/** Chunks of a string, for callers that hold the whole text already (tests, uploads). */
export async function* textChunks(text: string, size = 65_536): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
