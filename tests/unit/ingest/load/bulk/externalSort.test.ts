import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  ExternalSorter,
  groupByKey,
  LineFile,
  mergeRuns,
  numberKey,
  RunSorter,
  sortKey,
  sortLines,
  SpillPool,
  type SpillStats,
} from '../../../../../src/ingest/load/bulk/externalSort.ts';

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'external-sort-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function collect<T>(items: Iterable<T>): T[] {
  return [...items];
}

function* of(lines: Array<[string, string]>): Generator<[string, string]> {
  yield* lines;
}

/** Deterministic keys with many repeats (a small PRNG: the same lines every run). */
function lines(count: number): Array<[string, string]> {
  let x = 12345;
  const out: Array<[string, string]> = [];
  for (let i = 0; i < count; i += 1) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push([sortKey(`key ${x % 97} é\t"\n`), JSON.stringify({ i })]);
  }
  return out;
}

/**
 * The planner's kinds of keys: ids with MARK (U+0000) or AFTER (U+0001) and what follows, prefixes of
 * each other, characters beyond one byte, and many repeats; more than 256 lines, so places take two digits.
 */
function plannerLines(count: number): Array<[string, string]> {
  const parts = [
    '',
    '\u0000',
    '\u0001',
    '\u0000\u0000',
    '\u0001\u0000',
    '\u0000x',
    '\u0001x',
    '\u0002',
    'x',
    'é',
    '\u4e00',
    '\ud83d\ude00',
  ];
  let x = 7;
  const out: Array<[string, string]> = [];
  for (let i = 0; i < count; i += 1) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push([`${'abc'.slice(0, x % 4)}${parts[(x >> 3) % parts.length]}${parts[(x >> 7) % parts.length]}`, String(i)]);
  }
  return out;
}

describe('external sort', () => {
  it('merges spilled runs into the order of an in-memory stable sort, equal keys in the order added', () => {
    const dir = scratch();
    const pool = new SpillPool(4096);
    const stats: SpillStats = pool.stats;
    const sorter = new ExternalSorter(dir, 'test', pool);
    const input = lines(5000);
    for (const [k, v] of input) sorter.add(k, v);
    expect(stats.runs).toBeGreaterThan(10);
    const expected = [...input].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    expect(collect(sorter.sorted())).toEqual(expected);
    // The runs are gone once read.
    expect(readdirSync(dir)).toEqual([]);
  });

  it('merges more runs than it reads at once in steps, equal keys still in the order added', () => {
    const pool = new SpillPool(1);
    const sorter = new ExternalSorter(scratch(), 'test', pool);
    // A run per line: far more runs than one merge reads.
    const input = lines(700);
    for (const [k, v] of input) sorter.add(k, v);
    expect(pool.stats.runs).toBe(700);
    const expected = [...input].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    expect(collect(sorter.sorted())).toEqual(expected);
  });

  it('sorts lines as the string order of their keys, a prefix first, equal keys in the order given', () => {
    const input = plannerLines(3000);
    const expected = [...input].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    expect(sortLines([...input])).toEqual(expected);
    expect(sortLines([])).toEqual([]);
  });

  it('sorts a run on the second thread in the same order, a prefix first, equal keys in file order', async () => {
    const input = plannerLines(3000);
    const expected = [...input].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const dir = scratch();
    const out = new LineFile(path.join(dir, 'run.unsorted'));
    for (const [k, v] of input) out.write(`${k}\t${v}`);
    out.close();
    const runs = new RunSorter();
    try {
      await runs.sort(path.join(dir, 'run.unsorted'), path.join(dir, 'run'));
    } finally {
      await runs.close();
    }
    expect(collect(LineFile.read(path.join(dir, 'run')))).toEqual(expected.map(([k, v]) => `${k}\t${v}`));
  });

  it('keeps everything in memory when the budget holds it', () => {
    const pool = new SpillPool(1 << 30);
    const stats: SpillStats = pool.stats;
    const sorter = new ExternalSorter(scratch(), 'test', pool);
    const input = lines(500);
    for (const [k, v] of input) sorter.add(k, v);
    const sorted = collect(sorter.sorted());
    expect(stats).toEqual({ runs: 0, bytes: 0 });
    expect(sorted.map(([k]) => k)).toEqual(input.map(([k]) => k).sort());
  });

  it('bounds the sorters of one pool together: past the budget the largest buffer spills, and each still sorts all its lines', () => {
    const dir = scratch();
    const pool = new SpillPool(20_000);
    const [big, small] = [new ExternalSorter(dir, 'big', pool), new ExternalSorter(dir, 'small', pool)];
    const [bigLines, smallLines] = [lines(2000), lines(30)];
    let most = 0;
    for (let i = 0; i < bigLines.length; i += 1) {
      big.add(...bigLines[i]!);
      if (i < smallLines.length) small.add(...smallLines[i]!);
      most = Math.max(most, big.buffered + small.buffered);
    }
    expect(most).toBeLessThanOrEqual(20_000);
    expect(pool.stats.runs).toBeGreaterThan(5);
    // The small sorter never held the most: it spilled nothing, and kept its lines.
    expect(small.buffered).toBeGreaterThan(0);
    const order = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    expect(collect(big.sorted())).toEqual([...bigLines].sort(order));
    expect(collect(small.sorted())).toEqual([...smallLines].sort(order));
  });

  it('sorts spilled runs on a second thread into the same order, equal keys in the order added', async () => {
    const dir = scratch();
    const order = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    const pool = new SpillPool(20_000, { background: true });
    try {
      const [big, small] = [new ExternalSorter(dir, 'big', pool), new ExternalSorter(dir, 'small', pool)];
      const [bigLines, smallLines] = [lines(5000), lines(30)];
      for (let i = 0; i < bigLines.length; i += 1) {
        big.add(...bigLines[i]!);
        if (i < smallLines.length) small.add(...smallLines[i]!);
      }
      expect(pool.stats.runs).toBeGreaterThan(10);
      // Runs still being sorted are not read: the sorter must be awaited first.
      expect(() => big.sorted().next()).toThrow(/await ready\(\)/);
      await big.ready();
      // Every run written sorted, no unsorted file left behind.
      expect(readdirSync(dir).filter((f) => f.endsWith('.unsorted'))).toEqual([]);
      expect(collect(big.sorted())).toEqual([...bigLines].sort(order));
      // A sorter that never spilled needs no wait and sorts in memory.
      await small.ready();
      expect(collect(small.sorted())).toEqual([...smallLines].sort(order));
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it('reports a run the second thread could not sort, naming the cause, where the sorter is awaited', async () => {
    const runs = new RunSorter();
    try {
      const missing = path.join(scratch(), 'gone.unsorted');
      await expect(runs.sort(missing, `${missing}.run`)).rejects.toThrow(/sorting a spilled run failed: ENOENT/);
    } finally {
      await runs.close();
    }
  });

  it('merges sorted streams, preferring the earlier stream among equal keys', () => {
    const merged = collect(
      mergeRuns([
        of([
          ['a', '1'],
          ['c', '1'],
        ]),
        of([]),
        of([
          ['a', '2'],
          ['b', '2'],
          ['c', '2'],
        ]),
      ]),
    );
    expect(merged).toEqual([
      ['a', '1'],
      ['a', '2'],
      ['b', '2'],
      ['c', '1'],
      ['c', '2'],
    ]);
    expect(collect(groupByKey(of(merged)))).toEqual([
      { key: 'a', values: ['1', '2'] },
      { key: 'b', values: ['2'] },
      { key: 'c', values: ['1', '2'] },
    ]);
  });

  it('makes keys without tabs or line breaks, and numbers that sort as numbers', () => {
    expect(sortKey('a\tb\nc')).not.toMatch(/[\t\n]/);
    const numbers = [0, 9, 10, 35, 36, 1000, 999_999, 2 ** 40];
    expect(numbers.map(numberKey).sort()).toEqual(numbers.map(numberKey));
  });

  it('makes every key as JSON escaping does, whether or not the text needs escaping', () => {
    // The texts a key part is made of, plain or not: a key made another way would sort, group and be
    // read back (unKey) differently from the keys of other rows of the same value.
    const texts = [
      'doi:10.1000/xyz',
      'Müller, Jürgen',
      '',
      'say "hi"',
      'back\\slash',
      'tab\there',
      'bell\u0007 and unit separator \u001f',
      'line\u2028separator',
      'lone \ud800 surrogate',
      'lone low \udc00',
      'pair \ud83d\ude00 emoji',
      '\u007f delete',
    ];
    for (const text of texts) expect(sortKey(text), text).toBe(JSON.stringify(text).slice(1, -1));
    expect(JSON.parse(`"${sortKey('lone \ud800')}"`)).toBe('lone \ud800');
  });
});

/** The heap in use after a full collection (gc exposed at run time, as --expose-gc would). */
function heapAfterGc(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  return process.memoryUsage().heapUsed;
}

describe('line files', () => {
  it('reads back every line written: empty ones, characters of several bytes across read boundaries, lines longer than a read', () => {
    const file = path.join(scratch(), 'lines');
    // 65,535 ASCII bytes put the two bytes of é across the first 64 KiB read; the CJK and emoji lines
    // repeat three- and four-byte sequences across every later boundary; one line is 5 reads long.
    const written = [
      `${'a'.repeat(65_535)}é`,
      '',
      '黄芪多糖'.repeat(30_000),
      '',
      '',
      'x\ty',
      '🧪é'.repeat(50_000),
      'b'.repeat(5 * 65_536 + 7),
      'last',
    ];
    const out = new LineFile(file);
    for (const line of written) out.write(line);
    const bytes = out.close();
    expect(bytes).toBe(readFileSync(file).length);
    expect(collect(LineFile.read(file))).toEqual(written);
  });

  it('gives lines that hold their own characters, not the block they were read in', () => {
    const file = path.join(scratch(), 'lines');
    const out = new LineFile(file);
    // 20,000 lines of 2,000 characters, every 200th kept.
    for (let i = 0; i < 20_000; i += 1) out.write(`${i} ${'a'.repeat(2_000)}`);
    out.close();
    const before = heapAfterGc();
    const kept: string[] = [];
    let i = 0;
    for (const line of LineFile.read(file)) if (i++ % 200 === 0) kept.push(line);
    const grew = heapAfterGc() - before;
    expect(kept).toHaveLength(100);
    // 100 lines of 2 KB: 0.2 MB. As views into the 64 KiB blocks they were read in, they kept 100
    // blocks (6.5 MB).
    expect(grew).toBeLessThan(2 * 2 ** 20);
  });
});

describe('buffered rows', () => {
  it('hold their own characters: a value cut from a longer text does not keep that text alive', () => {
    const pool = new SpillPool(2 ** 30);
    const sorter = new ExternalSorter(scratch(), 'own', pool);
    const before = heapAfterGc();
    for (let i = 0; i < 300; i += 1) {
      // A records row of 100,000 characters, of which only a short field is buffered (as journal
      // statements cut from rows are).
      const row = `${numberKey(i)}\t${'r'.repeat(100_000)}\t{"journal":"Journal ${i}"}`;
      const cut = row.slice(row.lastIndexOf('\t') + 1);
      sorter.add(row.slice(0, row.indexOf('\t')), cut);
    }
    const grew = heapAfterGc() - before;
    // 300 short rows. As views they kept the 300 rows they were cut from: 30 MB.
    expect(grew).toBeLessThan(5 * 2 ** 20);
    expect(collect(sorter.sorted())).toHaveLength(300);
  });
});
