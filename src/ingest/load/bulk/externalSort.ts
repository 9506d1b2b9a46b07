import { createReadStream, createWriteStream, rmSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';

/**
 * Sorting more lines than memory holds: lines are kept in memory until their size passes the
 * budget, then sorted and written to disk as a run; reading merges the runs (k-way, with a heap).
 *
 * Hand-written rather than a library: the bulk planner sorts a dozen kinds of keyed rows, each
 * reduced as it is read back in key order; the npm external sorts (external-sorting, ...) sort whole
 * files of lines with their own line comparison and need a second read to reduce, and a key-value
 * store (lmdb, classic-level) would add a native dependency and random writes where sequential runs
 * suffice. This is a page of code over Node streams.
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

/** A key part from any text: JSON escaping leaves no tab, line break or control character in it. */
export function sortKey(text: string): string {
  const quoted = JSON.stringify(text);
  return quoted.slice(1, -1);
}

/** A number as a fixed-width key part (0 … 2^53), so string order is numeric order. */
export function numberKey(n: number): string {
  return n.toString(36).padStart(11, '0');
}

export class ExternalSorter {
  private lines: Array<[string, string]> = [];
  private bytes = 0;
  private readonly runs: string[] = [];
  private count = 0;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    /** Bytes of buffered lines before a run is written. */
    private readonly budget: number,
    private readonly stats: SpillStats,
  ) {}

  /** Rows added so far. */
  get size(): number {
    return this.count;
  }

  add(key: string, value: string): Promise<void> | undefined {
    this.lines.push([key, value]);
    this.count += 1;
    this.bytes += 2 * (key.length + value.length) + LINE_OVERHEAD;
    return this.bytes > this.budget ? this.spill() : undefined;
  }

  private sortBuffer(): Array<[string, string]> {
    // Array.prototype.sort is stable: equal keys stay in the order added.
    return this.lines.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  private async spill(): Promise<void> {
    const sorted = this.sortBuffer();
    this.lines = [];
    this.bytes = 0;
    const file = path.join(this.dir, `${this.name}-${this.runs.length}.run`);
    this.runs.push(file);
    const out = createWriteStream(file, { highWaterMark: 1 << 20 });
    let chunk: string[] = [];
    let size = 0;
    for (const [key, value] of sorted) {
      chunk.push(key, '\t', value, '\n');
      size += key.length + value.length + 2;
      if (size > 1 << 20) {
        this.stats.bytes += size;
        if (!out.write(chunk.join(''))) await once(out, 'drain');
        chunk = [];
        size = 0;
      }
    }
    this.stats.bytes += size;
    out.end(chunk.join(''));
    await once(out, 'finish');
    this.stats.runs += 1;
  }

  /** Every line added, in key order (and in the order added among equal keys); the run files are removed after. */
  async *sorted(): AsyncGenerator<[string, string]> {
    if (this.runs.length === 0) {
      const sorted = this.sortBuffer();
      this.lines = [];
      yield* sorted;
      return;
    }
    if (this.lines.length > 0) await this.spill();
    try {
      yield* mergeRuns(this.runs.map(readRun));
    } finally {
      for (const file of this.runs) rmSync(file, { force: true });
    }
  }
}

/** The lines of a run file, split into key and value. */
async function* readRun(file: string): AsyncGenerator<[string, string]> {
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    const batch: Array<[string, string]> = [];
    for (let end = text.indexOf('\n', start); end >= 0; end = text.indexOf('\n', start)) {
      const tab = text.indexOf('\t', start);
      batch.push([text.slice(start, tab), text.slice(tab + 1, end)]);
      start = end + 1;
    }
    rest = text.slice(start);
    yield* batch;
  }
}

/** K-way merge of sorted streams; among equal keys the earlier stream's line comes first. */
export async function* mergeRuns(
  streams: ReadonlyArray<AsyncIterator<[string, string]>>,
): AsyncGenerator<[string, string]> {
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
    const next = await streams[s]!.next();
    if (!next.done) push({ line: next.value, stream: s });
  }
  while (heap.length > 0) {
    const top = heap[0]!;
    yield top.line;
    const next = await streams[top.stream]!.next();
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
export async function* groupByKey(
  lines: AsyncIterable<[string, string]>,
): AsyncGenerator<{ key: string; values: string[] }> {
  let key: string | undefined;
  let values: string[] = [];
  for await (const [k, v] of lines) {
    if (k !== key) {
      if (key !== undefined) yield { key, values };
      key = k;
      values = [];
    }
    values.push(v);
  }
  if (key !== undefined) yield { key, values };
}

/** Appends lines to a file (the records as read, for the second pass). */
export class LineFile {
  private readonly out: WriteStream;
  private chunk: string[] = [];
  private size = 0;
  constructor(readonly file: string) {
    this.out = createWriteStream(file, { highWaterMark: 1 << 20 });
  }
  async write(line: string): Promise<void> {
    this.chunk.push(line, '\n');
    this.size += line.length + 1;
    if (this.size > 1 << 20) {
      const text = this.chunk.join('');
      this.chunk = [];
      this.size = 0;
      if (!this.out.write(text)) await once(this.out, 'drain');
    }
  }
  async close(): Promise<void> {
    this.out.end(this.chunk.join(''));
    this.chunk = [];
    await once(this.out, 'finish');
  }
  /** The lines written, in order. */
  static async *read(file: string): AsyncGenerator<string> {
    let rest = '';
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const lines = (rest + (chunk as string)).split('\n');
      rest = lines.pop()!;
      yield* lines;
    }
  }
}
