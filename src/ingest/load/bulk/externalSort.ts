import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Sorting more lines than memory holds: lines are kept in memory until their size passes the
 * budget, then sorted and written to disk as a run; reading merges the runs (k-way, with a heap).
 *
 * Hand-written rather than a library: the bulk planner sorts a dozen kinds of keyed rows, each
 * reduced as it is read back in key order; the npm external sorts (external-sorting, ...) sort whole
 * files of lines with their own line comparison and need a second read to reduce, and a key-value
 * store (lmdb, classic-level) would add a native dependency and random writes where sequential runs
 * suffice. This is a page of code.
 *
 * Synchronous I/O and generators on purpose: the plan moves about a hundred rows per record through
 * sorters, and an async generator's promise per row cost more than the planning itself (5,000 records:
 * 18 s of CPU, most of it in microtasks and generator frames). The bulk path runs in a CLI process of
 * its own, where blocking the event loop while it reads a run blocks nobody.
 *
 * Lines are `key \t value`: keys are compared as strings (UTF-16 code units, the same in memory and
 * in the merge); a key holds no tab or line break (see sortKey), a value no line break (JSON text).
 * Equal keys keep the order they were added in (runs are sorted stably, and the merge prefers the
 * earlier run), so a reduction may rely on "first added".
 */

/** What the sorters of one plan spilled to disk (for reports and for tests that the spill path ran). */
export interface SpillStats {
  runs: number;
  bytes: number;
}

/** Rough bytes of memory one buffered line takes (JavaScript strings are two bytes a character, plus the array slot and tuple). */
const LINE_OVERHEAD = 80;

/** What JSON escaping would change in a text: control characters, quote, backslash, and (lone) surrogates. */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A key part from any text: JSON escaping leaves no tab, line break or control character in it. */
export function sortKey(text: string): string {
  // Most keys (ids, identifiers) need no escaping: the text itself, without a JSON string made and cut.
  if (!ESCAPED.test(text)) return text;
  const quoted = JSON.stringify(text);
  return quoted.slice(1, -1);
}

/** A number as a fixed-width key part (0 … 2^53), so string order is numeric order. */
export function numberKey(n: number): string {
  return n.toString(36).padStart(11, '0');
}

/**
 * The text sortLines sorts for the line at place `i` with this key (see there). Self-contained (no
 * outer names): the sorting thread's script is given its source.
 */
function sortText(key: string, i: number): string {
  const low = /[\u0000\u0001]/;
  const encoded = low.test(key)
    ? key.replace(/[\u0000\u0001]/g, (c) => (c === '\u0000' ? '\u0001\u0001' : '\u0001\u0002'))
    : key;
  return `${encoded}\u0000${String.fromCharCode(i >>> 24, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff)}`;
}

/** The place a sortText was made for. Self-contained, as sortText. */
function sortTextPlace(text: string): number {
  const at = text.length - 4;
  return (
    text.charCodeAt(at) * 0x1000000 +
    ((text.charCodeAt(at + 1) << 16) | (text.charCodeAt(at + 2) << 8) | text.charCodeAt(at + 3))
  );
}

/**
 * The lines in key order, equal keys in the order given (stably), as a new array of the same lines.
 *
 * Not `lines.sort((a, b) => compare(a[0], b[0]))`: that comparator was a tenth of the plan's CPU (a
 * call from the sort into JavaScript and two string comparisons through two pointers each, for every
 * one of n log n comparisons; measured 2.3x slower on two million rows). Each line is given one text
 * that sorts as its key, then its place, and the texts are sorted by the engine's own string order,
 * without a comparator: the key with its characters U+0000 and U+0001 (MARK and AFTER of the planner)
 * written as two characters from U+0001 (U+0000 as 01 01, U+0001 as 01 02: the same order, and no
 * U+0000 left), then U+0000, then the place in four characters of one byte each (base 256). So a key
 * that is a prefix of another sorts first (U+0000 is below anything that can follow it), and equal
 * keys by place. The texts hold one-byte characters wherever the key does (the engine compares those
 * fastest, and they take half the memory). Memory: one such text per line while sorting, about the
 * key's size again; the budget counts every character twice and most keys are one-byte.
 */
export function sortLines(lines: Array<[string, string]>): Array<[string, string]> {
  const n = lines.length;
  if (n < 2) return lines;
  if (n > 0xffffffff) throw new Error(`cannot sort ${n} lines at once`);
  const texts = new Array<string>(n);
  for (let i = 0; i < n; i += 1) texts[i] = sortText(lines[i]![0], i);
  texts.sort();
  const sorted = new Array<[string, string]>(n);
  for (let k = 0; k < n; k += 1) sorted[k] = lines[sortTextPlace(texts[k]!)]!;
  return sorted;
}

/**
 * One memory budget shared by several sorters: when the lines they buffer together pass it, the
 * sorter holding the most spills a run. So the budget bounds all of them at once, however many fill
 * at the same time.
 */
export class SpillPool {
  readonly stats: SpillStats = { runs: 0, bytes: 0 };
  private readonly sorters = new Set<ExternalSorter>();
  private buffered = 0;
  private runSorter: RunSorter | undefined;

  constructor(
    /** Bytes of buffered lines (estimated) all sorters of the pool hold at most. */
    readonly budget: number,
    options: {
      /**
       * Spilled runs are sorted on a second thread (RunSorter) while this one goes on adding: the
       * spilling sorter writes its lines unsorted and moves on. A sorter with runs must then be
       * awaited (`ready()`) before it is read. The thread holds one run at a time: up to `budget`
       * more memory, so a caller with a fixed total gives the pool half of it.
       */
      background?: boolean;
    } = {},
  ) {
    if (options.background) this.runSorter = new RunSorter();
  }

  /** The thread that sorts spilled runs, if the pool has one. */
  get background(): RunSorter | undefined {
    return this.runSorter;
  }

  /** Stops the background thread (its queued runs are abandoned: call once every sorter is read or given up). */
  async close(): Promise<void> {
    const runSorter = this.runSorter;
    this.runSorter = undefined;
    await runSorter?.close();
  }

  join(sorter: ExternalSorter): void {
    this.sorters.add(sorter);
  }

  leave(sorter: ExternalSorter): void {
    this.sorters.delete(sorter);
  }

  /** `bytes` more are buffered (negative: released); past the budget the largest buffer is spilled. */
  grow(bytes: number): void {
    this.buffered += bytes;
    while (this.buffered > this.budget) {
      let largest: ExternalSorter | undefined;
      for (const s of this.sorters) if (!largest || s.buffered > largest.buffered) largest = s;
      if (!largest || largest.buffered === 0) return;
      largest.spill();
    }
  }
}

/**
 * The text as a string holding its own characters only. A value cut from a longer text (slice,
 * split, a field of a row read back) is a view that keeps the whole longer text alive, while the
 * budget counts only the cut: buffered journal statements cut from records rows kept every row they
 * came from, so a million records ran out of heap whatever the budget. Short texts are copies already
 * (V8 makes a view only from 13 characters up); a longer one is copied once, through a concatenation
 * that slice flattens into a string of its own (measured: about 80 ns a value).
 */
export function ownCopy(text: string): string {
  return text.length < 13 ? text : `${text}\n`.slice(0, -1);
}

export class ExternalSorter {
  private lines: Array<[string, string]> = [];
  private bytes = 0;
  private readonly runs: string[] = [];
  /** Runs the background thread has not finished sorting yet. */
  private pending: Array<Promise<void>> = [];
  private count = 0;
  private merged = 0;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly pool: SpillPool,
  ) {
    pool.join(this);
  }

  /** Rows added so far. */
  get size(): number {
    return this.count;
  }

  /** Estimated bytes of the lines buffered now. */
  get buffered(): number {
    return this.bytes;
  }

  add(key: string, value: string): void {
    this.lines.push([ownCopy(key), ownCopy(value)]);
    this.count += 1;
    const bytes = 2 * (key.length + value.length) + LINE_OVERHEAD;
    this.bytes += bytes;
    this.pool.grow(bytes);
  }

  private sortBuffer(): Array<[string, string]> {
    return sortLines(this.lines);
  }

  /**
   * Writes the buffered lines as a sorted run (the pool calls it when its budget is passed). With a
   * background thread the lines are written as added and the thread sorts the file into the run.
   */
  spill(): void {
    const background = this.pool.background;
    const lines = background ? this.lines : this.sortBuffer();
    this.lines = [];
    this.pool.grow(-this.bytes);
    this.bytes = 0;
    const file = path.join(this.dir, `${this.name}-${this.runs.length}.run`);
    this.runs.push(file);
    const written = background ? `${file}.unsorted` : file;
    const out = new LineFile(written);
    for (const [key, value] of lines) out.write(`${key}\t${value}`);
    this.pool.stats.bytes += out.close();
    this.pool.stats.runs += 1;
    if (background) this.pending.push(background.sort(written, file));
  }

  /**
   * Resolves when the lines can be read (`sorted()`): a sorter with runs sorted in the background
   * spills what it still buffers and waits for its runs. Rejects with the background thread's error.
   */
  async ready(): Promise<void> {
    if (!this.pool.background || this.runs.length === 0) return;
    if (this.lines.length > 0) this.spill();
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
  }

  /** Every line added, in key order (and in the order added among equal keys); the run files are removed after. */
  *sorted(): Generator<[string, string]> {
    if (this.pending.length > 0 || (this.pool.background && this.runs.length > 0 && this.lines.length > 0))
      throw new Error(`sorter ${this.name}: its runs are sorted in the background; await ready() before sorted()`);
    // Read once: it no longer takes part in the pool (what it buffered is released as it is read).
    this.pool.leave(this);
    if (this.runs.length === 0) {
      const sorted = this.sortBuffer();
      this.lines = [];
      const bytes = this.bytes;
      this.bytes = 0;
      try {
        yield* sorted;
      } finally {
        this.pool.grow(-bytes);
      }
      return;
    }
    if (this.lines.length > 0) this.spill();
    // A few hundred runs at most are read at once (each holds a file and a buffer): more are merged
    // into longer runs first, the earliest first and put back first, so equal keys keep their order.
    while (this.runs.length > MAX_MERGE) {
      const some = this.runs.splice(0, MAX_MERGE);
      const file = path.join(this.dir, `${this.name}-merged-${this.merged++}.run`);
      const out = new LineFile(file);
      for (const [key, value] of mergeRuns(some.map(readRun))) out.write(`${key}\t${value}`);
      out.close();
      for (const run of some) rmSync(run, { force: true });
      this.runs.unshift(file);
    }
    try {
      yield* mergeRuns(this.runs.map(readRun));
    } finally {
      for (const file of this.runs) rmSync(file, { force: true });
    }
  }
}

/**
 * A second thread that sorts spilled runs: each job is a file of lines as they were added, sorted by
 * key (stably: equal keys in file order) into the run file, the unsorted file removed. The plan is
 * one thread of JavaScript; sorting is about a seventh of its CPU at 100,000 records and more at a
 * million, where nearly every row is spilled, so on a machine of two cores it runs beside the plan.
 *
 * The worker's code is a self-contained script (evaluated, not a module file): it then runs the
 * same under tsx, vitest and the built JavaScript alike, and needs nothing but node:fs.
 */
export class RunSorter {
  private readonly worker: Worker;
  private readonly jobs = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private next = 0;
  private failure: Error | undefined;

  constructor() {
    // sortText and sortTextPlace by their source: the script has no access to this module.
    this.worker = new Worker(
      `const ${sortText.name} = ${sortText.toString()};\nconst ${sortTextPlace.name} = ${sortTextPlace.toString()};\n(${runSorterThread.toString()})()`,
      { eval: true },
    );
    // Only jobs keep the process alive (ref'd while any is queued).
    this.worker.unref();
    this.worker.on('message', (message: { id: number; error?: string }) => {
      const job = this.jobs.get(message.id);
      if (!job) return;
      this.jobs.delete(message.id);
      if (message.error === undefined) job.resolve();
      else job.reject(new Error(`sorting a spilled run failed: ${message.error}`));
      if (this.jobs.size === 0) this.worker.unref();
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const job of this.jobs.values()) job.reject(this.failure);
      this.jobs.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the thread sorting spilled runs stopped (exit code ${code})`)));
  }

  /** Sorts the lines of `from` into `to` (from is removed); resolves when `to` is written. */
  sort(from: string, to: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    const done = new Promise<void>((resolve, reject) => this.jobs.set(id, { resolve, reject }));
    // A rejection is reported where the run is awaited (ready()), not as an unhandled one before.
    done.catch(() => {});
    if (this.jobs.size === 1) this.worker.ref();
    this.worker.postMessage({ id, from, to });
    return done;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the thread sorting spilled runs was closed');
    await this.worker.terminate();
  }
}

/**
 * The background thread's code (plain JavaScript, run by its text: nothing from outside it). Lines
 * are read as LineFile.read reads them, each decoded on its own; the order is externalSort's: keys
 * compared as strings, ties by file position.
 */
function runSorterThread(): void {
  // An evaluated worker script is CommonJS: require is there (and node:fs is all it needs).
  const fs = require('node:fs') as typeof import('node:fs');
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  parentPort!.on('message', ({ id, from, to }: { id: number; from: string; to: string }) => {
    try {
      const lines: string[] = [];
      const fd = fs.openSync(from, 'r');
      try {
        let buffer = Buffer.allocUnsafe(1 << 16);
        let start = 0;
        let end = 0;
        for (;;) {
          if (start > 0) {
            buffer.copy(buffer, 0, start, end);
            end -= start;
            start = 0;
          }
          if (end === buffer.length) {
            const larger = Buffer.allocUnsafe(buffer.length * 2);
            buffer.copy(larger, 0, 0, end);
            buffer = larger;
          }
          const n = fs.readSync(fd, buffer, end, buffer.length - end, null);
          if (n === 0) break;
          end += n;
          for (;;) {
            const lf = buffer.indexOf(10, start);
            if (lf === -1 || lf >= end) break;
            lines.push(buffer.toString('utf8', start, lf));
            start = lf + 1;
          }
        }
        if (start < end) lines.push(buffer.toString('utf8', start, end));
      } finally {
        fs.closeSync(fd);
      }
      // As sortLines: each key encoded with its place, sorted without a comparator.
      const texts = new Array<string>(lines.length);
      for (let i = 0; i < lines.length; i += 1) {
        const line = lines[i]!;
        texts[i] = sortText(line.slice(0, line.indexOf('\t')), i);
      }
      texts.sort();
      const order = texts.map(sortTextPlace);
      texts.length = 0;
      const out = fs.openSync(to, 'w');
      try {
        let parts: string[] = [];
        let size = 0;
        for (const i of order) {
          const line = lines[i]!;
          parts.push(line, '\n');
          size += line.length + 1;
          if (size > 1 << 20) {
            fs.writeSync(out, parts.join(''));
            parts = [];
            size = 0;
          }
        }
        if (parts.length > 0) fs.writeSync(out, parts.join(''));
      } finally {
        fs.closeSync(out);
      }
      fs.rmSync(from, { force: true });
      parentPort!.postMessage({ id });
    } catch (error) {
      parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}

/** The lines of a run file, split into key and value. */
function* readRun(file: string): Generator<[string, string]> {
  for (const line of LineFile.read(file)) {
    const tab = line.indexOf('\t');
    yield [line.slice(0, tab), line.slice(tab + 1)];
  }
}

/** K-way merge of sorted streams; among equal keys the earlier stream's line comes first. */
export function* mergeRuns(streams: ReadonlyArray<Iterator<[string, string]>>): Generator<[string, string]> {
  type Head = { line: [string, string]; stream: number };
  const heap: Head[] = [];
  const less = (a: Head, b: Head) => a.line[0] < b.line[0] || (a.line[0] === b.line[0] && a.stream < b.stream);
  const push = (h: Head) => {
    heap.push(h);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const siftDown = () => {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let s = 0; s < streams.length; s += 1) {
    const next = streams[s]!.next();
    if (!next.done) push({ line: next.value, stream: s });
  }
  while (heap.length > 0) {
    const top = heap[0]!;
    yield top.line;
    const next = streams[top.stream]!.next();
    if (next.done) {
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        siftDown();
      }
    } else {
      top.line = next.value;
      siftDown();
    }
  }
}

/** Consecutive lines of equal key as one group (the reading side of a reduction). */
export function* groupByKey(lines: Iterable<[string, string]>): Generator<{ key: string; values: string[] }> {
  let key: string | undefined;
  let values: string[] = [];
  for (const [k, v] of lines) {
    if (k !== key) {
      if (key !== undefined) yield { key, values };
      key = k;
      values = [];
    }
    values.push(v);
  }
  if (key !== undefined) yield { key, values };
}

const CHUNK = 1 << 20;
const LF = 0x0a;
/** Bytes read from a file at a time (a merge reads up to MAX_MERGE runs at once). */
const READ_CHUNK = 1 << 16;
/** Runs merged at once. */
const MAX_MERGE = 200;

/** Lines written to a file in chunks (runs, and the records as read for the second pass). */
export class LineFile {
  private readonly fd: number;
  private chunk: string[] = [];
  private size = 0;
  private written = 0;
  constructor(readonly file: string) {
    this.fd = openSync(file, 'w');
  }
  write(line: string): void {
    this.chunk.push(line, '\n');
    this.size += line.length + 1;
    if (this.size > CHUNK) this.flush();
  }
  private flush(): void {
    if (this.chunk.length === 0) return;
    this.written += writeSync(this.fd, this.chunk.join(''));
    this.chunk = [];
    this.size = 0;
  }
  /** Closes the file; the bytes written. */
  close(): number {
    this.flush();
    closeSync(this.fd);
    return this.written;
  }
  /**
   * The lines written, in order. Each line is decoded on its own from the bytes read: splitting a
   * decoded chunk would give views of that chunk, and a row kept from it (buffered in a sorter, held
   * by a reduction) would keep the whole chunk alive. A line break byte is never part of a UTF-8
   * sequence, so lines are found in the bytes. Also faster than decoding and splitting chunks.
   */
  static *read(file: string): Generator<string> {
    const fd = openSync(file, 'r');
    try {
      let buffer = Buffer.allocUnsafe(READ_CHUNK);
      let start = 0;
      let end = 0;
      for (;;) {
        if (start > 0) {
          buffer.copy(buffer, 0, start, end);
          end -= start;
          start = 0;
        }
        // A line longer than the buffer: a larger one.
        if (end === buffer.length) {
          const larger = Buffer.allocUnsafe(buffer.length * 2);
          buffer.copy(larger, 0, 0, end);
          buffer = larger;
        }
        const n = readSync(fd, buffer, end, buffer.length - end, null);
        if (n === 0) break;
        end += n;
        for (;;) {
          const lf = buffer.indexOf(LF, start);
          if (lf === -1 || lf >= end) break;
          yield buffer.toString('utf8', start, lf);
          start = lf + 1;
        }
      }
      if (start < end) yield buffer.toString('utf8', start, end);
    } finally {
      closeSync(fd);
    }
  }
}
