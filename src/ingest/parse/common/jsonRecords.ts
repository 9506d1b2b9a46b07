import { Tokenizer, TokenType } from '@streamparser/json';
import type { ParsedTokenInfo } from '@streamparser/json';
import type { RecordProblem } from '../../model.ts';
import { MAX_RECORD_CHARS, oversizedReason } from './limits.ts';
import { LineSplitter } from './LineSplitter.ts';

/** One record-sized JSON value of a streamed file, or the problem that keeps it (or the rest of the file) out. */
export type JsonItem =
  | { ok: true; value: unknown; index: number; line: number }
  | { ok: false; problem: RecordProblem };

/**
 * The record values of a JSON export, streamed, whatever its shape:
 * - a JSON array of records (CSL-JSON, an OpenAlex or Crossref array);
 * - one record object;
 * - an API response: OpenAlex `{"meta": ..., "results": [...]}`, Crossref
 *   `{"status": "ok", "message": {...}}` (one work) or `{"message": {"items": [...]}}` (a query);
 * - JSON Lines (OpenAlex snapshot files): one record, or one response, per line.
 *
 * JSON Lines are recognised by their first line being a complete JSON object (looked for within the
 * first JSON_LINES_PROBE_CHARS) and are read line by line with JSON.parse. Everything else goes
 * through @streamparser/json's tokenizer (a maintained streaming JSON lexer that validates every
 * token): this module follows the token stream to find where each record starts and ends and checks
 * the grammar around and inside them; the bytes of a complete record, which the tokenizer has just
 * validated, are then built into a value by JSON.parse (native, and several times faster than
 * assembling the value from tokens). So only one record's bytes are ever held, a record larger than
 * MAX_RECORD_CHARS is dropped while it streams past (a problem says so), and every record knows its
 * line. Invalid JSON ends the file with one problem naming the line where it broke.
 */
/**
 * How far the reader looks for the end of the first line to recognise JSON Lines. A file whose first
 * line is longer (a minified API response, or a snapshot line of a huge work) goes through the
 * streaming tokenizer, which reads concatenated objects too, only slower than JSON.parse per line.
 */
const JSON_LINES_PROBE_CHARS = 64 * 1024;

export async function* jsonRecords(chunks: AsyncIterable<string>, file: string): AsyncGenerator<JsonItem> {
  const iterator = chunks[Symbol.asyncIterator]();
  // Look at the start: up to the end of the first line, to choose between JSON Lines and a document.
  let head = '';
  let done = false;
  while (!done) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head += next.value;
    const firstChar = head.search(/\S/);
    // A document ("[" or a minified response on one line) needs no look at its first line: stream it at once.
    if (
      firstChar >= 0 &&
      (head[firstChar] !== '{' || head.indexOf('\n', firstChar) >= 0 || head.length > JSON_LINES_PROBE_CHARS)
    )
      break;
  }
  const rest: AsyncIterable<string> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => (done ? { done: true, value: undefined } : iterator.next()),
    }),
  };
  async function* all(): AsyncGenerator<string> {
    if (head !== '') yield head;
    for await (const c of rest) yield c;
  }

  const text = head.replace(/^\uFEFF/, '');
  const start = text.search(/\S/);
  if (start < 0) {
    yield { ok: false, problem: { file, line: 1, field: '(json)', reason: 'the file is empty: no JSON value in it' } };
    return;
  }
  const newline = text.indexOf('\n', start);
  const firstLine = (newline < 0 ? text.slice(start) : text.slice(start, newline)).trim();
  if (newline >= 0 && firstLine.startsWith('{') && firstLine.endsWith('}') && isJsonObject(firstLine)) {
    yield* jsonLines(all(), file);
  } else {
    yield* jsonDocument(all(), file);
  }
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** The records of an API response object (`results`, `message.items`, `message`), or the object itself. */
function unwrap(value: Record<string, unknown>): { records: unknown[]; wrapped: boolean } {
  if (Array.isArray(value.results)) return { records: value.results, wrapped: true };
  const message = value.message;
  if (message && typeof message === 'object' && !Array.isArray(message)) {
    const items = (message as Record<string, unknown>).items;
    if (Array.isArray(items)) return { records: items, wrapped: true };
    return { records: [message], wrapped: true };
  }
  return { records: [value], wrapped: false };
}

async function* jsonLines(chunks: AsyncIterable<string>, file: string): AsyncGenerator<JsonItem> {
  const splitter = new LineSplitter();
  let index = 0;
  const handle = (line: { line: number; text: string; truncated?: boolean }): JsonItem[] => {
    if (line.text.trim() === '') return [];
    const refuse = (field: string, reason: string): JsonItem[] => [
      { ok: false, problem: { file, line: line.line, index: index++, field, reason } },
    ];
    if (line.truncated) {
      return refuse('(record)', oversizedReason());
    }
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (e) {
      const detail =
        e instanceof Error
          ? e.message.replace(/^Unexpected token/, 'unexpected character').replace(/, ".*$/s, '')
          : String(e);
      return refuse(
        '(json)',
        `line ${line.line} is not valid JSON (${detail}); in JSON Lines every line is one record`,
      );
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return refuse('(json)', `line ${line.line} is not a JSON object; in JSON Lines every line is one record`);
    }
    return unwrap(value as Record<string, unknown>).records.map((r) => ({
      ok: true,
      value: r,
      index: index++,
      line: line.line,
    }));
  };
  for await (const chunk of chunks) {
    const out: JsonItem[] = [];
    for (const l of splitter.push(chunk)) out.push(...handle(l));
    yield* out;
  }
  for (const l of splitter.end()) yield* handle(l);
}

type Role = 'records' | 'candidate' | 'message' | 'plain';
type Expect = 'value' | 'firstValueOrEnd' | 'key' | 'firstKeyOrEnd' | 'colon' | 'commaOrEnd';

interface Frame {
  kind: 'object' | 'array';
  role: Role;
  key: string | undefined;
}

interface Capture {
  /** Byte offset of the record's first token. */
  startOffset: number;
  /** Stack depth of the record's own container (0 for a root object). */
  depth: number;
  line: number;
  /** Passed the size limit: its bytes are no longer kept, only its end is looked for. */
  oversized: boolean;
}

class JsonSyntaxError extends Error {
  readonly offset: number;
  constructor(offset: number, message: string) {
    super(message);
    this.offset = offset;
  }
}

const TOKEN_TEXT: Record<number, string> = {
  [TokenType.LEFT_BRACE]: '{',
  [TokenType.RIGHT_BRACE]: '}',
  [TokenType.LEFT_BRACKET]: '[',
  [TokenType.RIGHT_BRACKET]: ']',
  [TokenType.COLON]: ':',
  [TokenType.COMMA]: ',',
};

const EXPECTED: Record<Expect, string> = {
  value: 'a value',
  firstValueOrEnd: 'a value or ]',
  key: 'a quoted key',
  firstKeyOrEnd: 'a quoted key or }',
  colon: ':',
  commaOrEnd: ', or the end of the object/array',
};

/**
 * Follows the token stream of a JSON document (or several concatenated), finds record values and
 * collects each one's tokens. See jsonRecords for the shapes.
 */
class RecordSplitter {
  readonly out: JsonItem[] = [];
  private stack: Frame[] = [];
  private expect: Expect = 'value';
  private capture: Capture | undefined;
  private index = 0;
  private sawValue = false;

  constructor(
    private readonly file: string,
    private readonly lineAt: (offset: number) => number,
    /** The text of the bytes [start, end) of the input (kept by the caller while a record is open). */
    private readonly textOf: (start: number, end: number) => string,
  ) {}

  /** Where the bytes of the record being read start, or undefined when none need keeping. */
  get keepFrom(): number | undefined {
    return this.capture && !this.capture.oversized ? this.capture.startOffset : undefined;
  }

  token(t: ParsedTokenInfo): void {
    const { token, offset } = t;
    const top = this.stack[this.stack.length - 1];
    if (this.capture && !this.capture.oversized && offset - this.capture.startOffset > MAX_RECORD_CHARS)
      this.capture.oversized = true;
    switch (token) {
      case TokenType.LEFT_BRACE:
      case TokenType.LEFT_BRACKET: {
        this.requireValue(t);
        const kind = token === TokenType.LEFT_BRACE ? 'object' : 'array';
        const role = this.beginValue(t, kind);
        this.stack.push({ kind, role, key: undefined });
        this.expect = kind === 'object' ? 'firstKeyOrEnd' : 'firstValueOrEnd';
        return;
      }
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET: {
        const kind = token === TokenType.RIGHT_BRACE ? 'object' : 'array';
        const okState =
          kind === 'object'
            ? this.expect === 'firstKeyOrEnd' || this.expect === 'commaOrEnd'
            : this.expect === 'firstValueOrEnd' || this.expect === 'commaOrEnd';
        if (!top || top.kind !== kind || !okState) this.unexpected(t);
        this.stack.pop();
        this.endValue(offset + 1);
        return;
      }
      case TokenType.COLON:
        if (this.expect !== 'colon') this.unexpected(t);
        this.expect = 'value';
        return;
      case TokenType.COMMA:
        if (this.expect !== 'commaOrEnd' || !top) this.unexpected(t);
        this.expect = top.kind === 'object' ? 'key' : 'value';
        return;
      case TokenType.STRING:
        if ((this.expect === 'key' || this.expect === 'firstKeyOrEnd') && top?.kind === 'object') {
          top.key = t.value as string;
          this.expect = 'colon';
          return;
        }
        this.requireValue(t);
        this.beginValue(t, 'primitive');
        this.endValue(undefined);
        return;
      case TokenType.NUMBER:
      case TokenType.TRUE:
      case TokenType.FALSE:
      case TokenType.NULL:
        this.requireValue(t);
        this.beginValue(t, 'primitive');
        this.endValue(undefined);
        return;
      default:
        return; // SEPARATOR: between concatenated documents
    }
  }

  /** At the end of the input: the document must be complete. */
  end(endOffset: number): void {
    if (this.stack.length > 0) {
      const open = this.stack.map((f) => (f.kind === 'object' ? '{' : '[')).join('');
      throw new JsonSyntaxError(
        endOffset,
        `the JSON ends before it is complete (still open: ${open}); the file may be cut off`,
      );
    }
    if (this.expect !== 'value') throw new JsonSyntaxError(endOffset, 'the JSON ends in the middle of a value');
    if (!this.sawValue) throw new JsonSyntaxError(endOffset, 'the file has no JSON value in it');
  }

  private requireValue(t: ParsedTokenInfo): void {
    if (this.expect !== 'value' && this.expect !== 'firstValueOrEnd') this.unexpected(t);
  }

  private unexpected(t: ParsedTokenInfo): never {
    const shown =
      TOKEN_TEXT[t.token] ??
      (typeof t.value === 'string'
        ? JSON.stringify(t.value.length > 30 ? `${t.value.slice(0, 30)}…` : t.value)
        : String(t.value));
    throw new JsonSyntaxError(t.offset, `expected ${EXPECTED[this.expect]} but found ${shown}`);
  }

  /** A value starts: decide what it is for (records array, record, wrapper part) and start capturing a record. */
  private beginValue(t: ParsedTokenInfo, kind: 'object' | 'array' | 'primitive'): Role {
    this.sawValue = true;
    const parent = this.stack[this.stack.length - 1];
    const depth = this.stack.length;
    const startCapture = () => {
      this.capture = { depth, startOffset: t.offset, line: this.lineAt(t.offset), oversized: false };
    };
    if (!parent) {
      if (kind === 'array') return 'records';
      if (kind === 'object') {
        startCapture();
        return 'candidate';
      }
      this.out.push({
        ok: false,
        problem: {
          file: this.file,
          line: this.lineAt(t.offset),
          index: this.index++,
          field: '(json)',
          reason: 'expected a JSON object or array of records, found a single value',
        },
      });
      return 'plain';
    }
    if (parent.role === 'records') {
      startCapture();
      return 'plain';
    }
    if (parent.role === 'candidate' && parent.key === 'results' && kind === 'array') {
      this.capture = undefined; // an OpenAlex list response, not a record
      return 'records';
    }
    if (parent.role === 'candidate' && parent.key === 'message' && kind === 'object') {
      startCapture(); // a Crossref response: the message is the work, unless it holds items
      return 'message';
    }
    if (parent.role === 'message' && parent.key === 'items' && kind === 'array') {
      this.capture = undefined;
      return 'records';
    }
    return 'plain';
  }

  /** A value ended (`end`: the byte after its closing bracket; undefined for a single primitive token). */
  private endValue(end: number | undefined): void {
    this.expect = this.stack.length === 0 ? 'value' : 'commaOrEnd';
    const c = this.capture;
    if (!c || this.stack.length !== c.depth) return;
    this.capture = undefined;
    const index = this.index++;
    const refuse = (field: string, reason: string): void => {
      this.out.push({ ok: false, problem: { file: this.file, line: c.line, index, field, reason } });
    };
    if (c.oversized) {
      refuse('(record)', oversizedReason());
      return;
    }
    const value: unknown = end === undefined ? undefined : JSON.parse(this.textOf(c.startOffset, end));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      refuse(
        '(json)',
        `expected a record (a JSON object), found ${Array.isArray(value) ? 'an array' : 'a single value'}`,
      );
      return;
    }
    // A wrapper that was not recognised while streaming (keys in an unusual order) is unwrapped here.
    for (const r of unwrap(value as Record<string, unknown>).records) {
      this.out.push({ ok: true, value: r, index, line: c.line });
    }
  }
}

async function* jsonDocument(chunks: AsyncIterable<string>, file: string): AsyncGenerator<JsonItem> {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const tokenizer = new Tokenizer({ separator: '' });
  // The input's bytes from the start of the record being read (at most MAX_RECORD_CHARS and a chunk).
  let kept: Array<{ start: number; bytes: Uint8Array }> = [];
  // Line bookkeeping: newlines counted up to `scanned` (a byte offset) in the current chunk.
  let bytes = new Uint8Array(0);
  let chunkStart = 0;
  let scanned = 0;
  let line = 1;
  const lineAt = (offset: number): number => {
    const to = Math.min(offset, chunkStart + bytes.length);
    for (let i = Math.max(scanned, chunkStart); i < to; i++) if (bytes[i - chunkStart] === 10) line++;
    if (to > scanned) scanned = to;
    return line;
  };
  const textOf = (start: number, end: number): string => {
    const parts = kept
      .filter((k) => k.start < end && k.start + k.bytes.length > start)
      .map((k) => k.bytes.subarray(Math.max(0, start - k.start), Math.min(k.bytes.length, end - k.start)));
    if (parts.length === 1) return decoder.decode(parts[0]);
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return decoder.decode(all);
  };
  const splitter = new RecordSplitter(file, lineAt, textOf);
  tokenizer.onToken = (t) => splitter.token(t);
  let first = true;

  const broken = (offset: number, reason: string): JsonItem => ({
    ok: false,
    problem: {
      file,
      line: lineAt(offset),
      field: '(json)',
      reason: `the JSON is malformed at line ${lineAt(offset)}: ${reason}`,
    },
  });

  for await (let chunk of chunks) {
    if (first) {
      chunk = chunk.replace(/^\uFEFF/, '');
      first = false;
    }
    lineAt(chunkStart + bytes.length); // count the rest of the previous chunk
    chunkStart += bytes.length;
    bytes = encoder.encode(chunk);
    kept.push({ start: chunkStart, bytes });
    try {
      tokenizer.write(bytes);
    } catch (e) {
      yield* splitter.out.splice(0);
      if (e instanceof JsonSyntaxError) yield broken(e.offset, e.message);
      else yield broken(tokenizerErrorOffset(e, chunkStart), tokenizerErrorReason(e));
      return;
    }
    const from = splitter.keepFrom;
    kept = from === undefined ? [] : kept.filter((k) => k.start + k.bytes.length > from);
    yield* splitter.out.splice(0);
  }
  const endOffset = chunkStart + bytes.length;
  try {
    tokenizer.end();
    splitter.end(endOffset);
  } catch (e) {
    yield* splitter.out.splice(0);
    if (e instanceof JsonSyntaxError) yield broken(e.offset, e.message);
    else
      yield broken(
        endOffset,
        e instanceof Error && /ended in the middle|unexpected end/i.test(e.message)
          ? 'the JSON ends in the middle of a value; the file may be cut off'
          : tokenizerErrorReason(e),
      );
    return;
  }
  yield* splitter.out.splice(0);
}

/** The tokenizer says `Unexpected "x" at chunk position "12" (absolute position "73") in state TRUE3`. */
function tokenizerErrorOffset(e: unknown, fallback: number): number {
  const m = e instanceof Error ? /absolute position "(\d+)"/.exec(e.message) : null;
  return m?.[1] ? Number(m[1]) : fallback;
}

function tokenizerErrorReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const m = /^Unexpected "(.*)" at/s.exec(message);
  if (m) return `unexpected character ${JSON.stringify(m[1])}`;
  return message.replace(/ in state \w+$/, '');
}
