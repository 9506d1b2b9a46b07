/**
 * `npm run bench:bulk -- --sizes 100000,1000000` — the bulk path alone at sizes the transactional
 * loader cannot reach in a benchmark run: the synthetic corpus (with reference lists) streamed from
 * its generator into bulkLoadLocal, never held whole, into a new local Neo4j.
 *
 * Each size runs in a child process of its own, so the loader's peak memory is that process's own
 * high-water mark (process.resourceUsage().maxRSS: the generator, the streaming plan and its sorters,
 * the driver), not this one's; the import tool's and Neo4j's JVMs are measured apart (their summed RSS,
 * sampled). The graph is not compared here: tests/system/bulkLoad.test.ts and bench/run.ts compare the
 * bulk path with the transactional loader (by canonical dump up to 200,000 articles).
 *
 * Options:
 *   --sizes 100000            BENCH_SIZES       corpus sizes (articles)
 *   --memory-mb 256           BULK_MEMORY_MB    the plan's memory budget for buffered rows (then sorted runs spill)
 *                             BULK_SORT_THREAD  1 or 0: spilled runs sorted and articles planned on further threads or not (by default
 *                                               where there is a second core: docs/operations.md)
 *   --no-write                                  do not add the `load` entries to bench/results.json
 *   --plan-only                                 the plan alone (streamed records to import files): no import tool,
 *                                               no Neo4j; CPU seconds (process.cpuUsage: generator and plan),
 *                                               wall seconds and peak RSS of the child
 *   --baseline <dir>                            with --plan-only: also the plan of another checkout (an earlier
 *                                               commit's src/ and tests/, its node_modules linked), in the same
 *                                               run, interleaved in rotating order (baseline, this, this,
 *                                               baseline, ...); the import files of both must be byte-identical
 *   --rounds 3                                  with --plan-only: runs per side and size
 * Writes `load` entries {articles, mode: "bulk", corpus: "streamed", seconds, peakRssMb, peakChildRssMb, ...}
 * to bench/results.json, replacing earlier entries of this benchmark at the same size. With --plan-only,
 * entries {mode: "bulk-plan", side: "this" | "baseline", cpuSeconds, ...} with source
 * "bench/bulkLoad.ts --plan-only", one per side and size (medians and spread over the rounds), which
 * replace only earlier plan-only entries at that size and memory budget.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  bulkLoadLocal,
  bulkMemoryMb,
  bulkSortThread,
  loadReferenceData,
  newImportContext,
} from '../src/ingest/index.ts';
import { generateArticles } from '../tests/helpers/generateCorpus.ts';
import {
  DEFAULT_HEAP,
  DEFAULT_PAGE_CACHE,
  loadAverage1m,
  machineFacts,
  RESULTS_JSON,
  SEED,
  withPeakRss,
  writeResultsJson,
} from './harness/index.ts';

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: process.env['BENCH_SIZES'] ?? '100000' },
    'memory-mb': { type: 'string', default: String(bulkMemoryMb(undefined, process.env)) },
    'no-write': { type: 'boolean', default: false },
    'plan-only': { type: 'boolean', default: false },
    baseline: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    child: { type: 'string' },
    /** The checkout whose plan a plan-only child runs (this one when absent). */
    root: { type: 'string' },
  },
});

/** What one child reports. */
interface BulkResult {
  articles: number;
  mode: 'bulk';
  corpus: 'streamed';
  seconds: number;
  /** The loader process's high-water RSS, MB (process.resourceUsage().maxRSS). */
  peakRssMb: number;
  /** Peak summed RSS of the processes it started (the import tool, then Neo4j), MB. */
  peakChildRssMb: number;
  memoryBudgetMb: number;
  spilledRuns: number;
  spilledMb: number;
  nodes: number;
  relationships: number;
  phases: Record<string, number>;
  loadAverage1m: [number, number];
  /** Node's heap limit of the loader process, MB (the plan must stay under it). */
  heapLimitMb: number;
  source: 'bench/bulkLoad.ts';
}

const RESULT_PREFIX = 'BULK_RESULT ';

async function child(size: number, memoryMb: number): Promise<void> {
  const reference = await loadReferenceData();
  const dataDir = mkdtempSync(`${os.tmpdir()}/bench-bulk-`);
  try {
    const before = loadAverage1m();
    const t0 = performance.now();
    const articles = generateArticles({
      articles: size,
      seed: SEED,
      realTopics: reference.vocabulary.topics,
      references: true,
    });
    const { value: loaded, peakChildRssMb } = await withPeakRss(() =>
      bulkLoadLocal({
        dataDir,
        vocabulary: reference.vocabulary,
        articles,
        context: newImportContext({ importedBy: 'bench', tool: 'bench' }),
        memoryMb,
        keepOutcomes: false,
        start: { ephemeral: true, heap: DEFAULT_HEAP, pageCache: DEFAULT_PAGE_CACHE },
        log: (line) => console.error(`[bulk ${size}] ${line}`),
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    try {
      const { getHeapStatistics } = await import('node:v8');
      const result: BulkResult = {
        articles: size,
        mode: 'bulk',
        corpus: 'streamed',
        seconds: Number(seconds.toFixed(1)),
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        peakChildRssMb,
        memoryBudgetMb: memoryMb,
        spilledRuns: loaded.spill.runs,
        spilledMb: Math.round(loaded.spill.bytes / 2 ** 20),
        nodes: loaded.counts.nodes,
        relationships: loaded.counts.relationships,
        phases: Object.fromEntries(Object.entries(loaded.seconds).map(([k, v]) => [k, Number(v.toFixed(1))])),
        loadAverage1m: [Number(before.toFixed(2)), Number(loadAverage1m().toFixed(2))],
        heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
        source: 'bench/bulkLoad.ts',
      };
      console.log(`${RESULT_PREFIX}${JSON.stringify(result)}`);
    } finally {
      await loaded.db.driver.close();
      await loaded.neo4j.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What one plan-only child reports. */
interface PlanResult {
  articles: number;
  /** CPU seconds of the child from the first record to the closed import files (user + system; the generator's included). */
  cpuSeconds: number;
  /**
   * CPU seconds of the main thread alone over the same interval (Linux: /proc/self/task/<pid>/stat;
   * null elsewhere): the plan's critical path when a second core is free, since the sorting of spilled
   * runs moved to a thread of its own (cpuSeconds counts both, and V8's background GC threads).
   */
  mainThreadCpuSeconds: number | null;
  seconds: number;
  peakRssMb: number;
  spilledRuns: number;
  spilledMb: number;
  nodes: number;
  relationships: number;
  /** SHA-256 over the import files' names and bytes (both sides must agree). */
  filesSha256: string;
  loadAverage1m: [number, number];
}

/** A fixed import, so that two checkouts' import files can be compared byte for byte. */
const PLAN_CONTEXT = {
  importId: 'bench-plan',
  importedAt: '2026-01-01T00:00:00.000Z',
  importedBy: 'bench',
  tool: 'bench',
};

/**
 * The plan of the checkout at `root` alone: its own planBulkFiles, reference data and corpus generator
 * (imported from there), the records streamed from the generator, the import files written to a
 * temporary folder and hashed. Module loading and reference data are outside the measured interval.
 */
async function planChild(size: number, memoryMb: number, root: string): Promise<void> {
  const from = (file: string) => import(pathToFileURL(path.join(root, file)).href);
  const { loadReferenceData: reference } = (await from('src/ingest/normalize/loadReferenceData.ts')) as {
    loadReferenceData: typeof loadReferenceData;
  };
  const { planBulkFiles } = (await from('src/ingest/load/bulk/planBulkFiles.ts')) as {
    planBulkFiles: typeof import('../src/ingest/load/bulk/planBulkFiles.ts').planBulkFiles;
  };
  const { generateArticles: generate } = (await from('tests/helpers/generateCorpus.ts')) as {
    generateArticles: typeof generateArticles;
  };
  const { vocabulary } = await reference();
  const dir = mkdtempSync(`${os.tmpdir()}/bench-bulk-plan-`);
  try {
    const before = loadAverage1m();
    const main0 = mainThreadCpu();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const plan = await planBulkFiles({
      vocabulary,
      articles: generate({ articles: size, seed: SEED, realTopics: vocabulary.topics, references: true }),
      context: PLAN_CONTEXT,
      dir,
      spillDir: path.join(dir, 'spill'),
      memoryBytes: memoryMb * 1024 * 1024,
      backgroundSort: bulkSortThread(undefined, process.env),
      articleThread: bulkSortThread(undefined, process.env),
      keepOutcomes: false,
    });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const main1 = mainThreadCpu();
    const after = loadAverage1m();
    const hash = createHash('sha256');
    for (const f of [...plan.files].sort((a, b) => (a.file < b.file ? -1 : 1))) {
      hash.update(`${path.basename(f.file)}\n`);
      // Read in chunks: at a million articles one import file is over 3 GB (more than one Buffer holds).
      for await (const chunk of createReadStream(f.file)) hash.update(chunk as Buffer);
    }
    const result: PlanResult = {
      articles: size,
      cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
      mainThreadCpuSeconds: main0 === null || main1 === null ? null : Number((main1 - main0).toFixed(2)),
      seconds: Number(seconds.toFixed(2)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      spilledRuns: plan.spill.runs,
      spilledMb: Math.round(plan.spill.bytes / 2 ** 20),
      nodes: plan.counts.nodes,
      relationships: plan.counts.relationships,
      filesSha256: hash.digest('hex'),
      loadAverage1m: [Number(before.toFixed(2)), Number(after.toFixed(2))],
    };
    console.log(`${RESULT_PREFIX}${JSON.stringify(result)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU seconds (user + system) of this process's main thread so far: its task's stat line on Linux, else null. */
function mainThreadCpu(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces, in parentheses): utime and stime are the 14th and 15th.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    return ticks / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** Linux's USER_HZ (the unit of /proc's CPU times): 100 on every common build. */
const CLOCK_TICKS = 100;

/** One size in its own process (the options a seed run gives Node, and a heap limit the 4 GB goal implies). */
function runChild<R = BulkResult>(size: number, memoryMb: number, extra: string[] = []): Promise<R> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [
        '--max-semi-space-size=64',
        '--max-old-space-size=3072',
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--child',
        String(size),
        '--memory-mb',
        String(memoryMb),
        ...extra,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) reject(new Error(`bulk load of ${size} articles failed (exit code ${code})`));
      else resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as R);
    });
  });
}

async function main(): Promise<void> {
  const memoryMb = Number(flags['memory-mb']);
  if (flags.child !== undefined)
    return flags['plan-only']
      ? planChild(Number(flags.child), memoryMb, path.resolve(flags.root ?? THIS_ROOT))
      : child(Number(flags.child), memoryMb);
  const sizes = flags.sizes!.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  for (const size of sizes)
    if (!Number.isInteger(size) || size < 100)
      throw new Error(`--sizes: ${size} is not a whole number of articles from 100`);
  if (flags['plan-only']) return planOnly(sizes, memoryMb);
  const results: BulkResult[] = [];
  for (const size of sizes) {
    const result = await runChild(size, memoryMb);
    console.log(
      `${size} articles bulk-loaded (streamed) in ${result.seconds} s: loader peak RSS ${result.peakRssMb} MB, import tool / Neo4j ${result.peakChildRssMb} MB; ${result.spilledRuns} runs spilled (${result.spilledMb} MB); phases ${JSON.stringify(result.phases)}; load average ${result.loadAverage1m.join(' -> ')}`,
    );
    results.push(result);
  }
  if (flags['no-write']) return;
  const existing = existsSync(RESULTS_JSON)
    ? ((JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as { load?: unknown[] }).load ?? [])
    : [];
  // Entries of the comparison runs (bench/run.ts) stay; this benchmark's at a size measured again are replaced.
  const kept = (existing as Array<Record<string, unknown>>).filter(
    (e) => !(e['source'] === 'bench/bulkLoad.ts' && results.some((r) => r.articles === e['articles'])),
  );
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  writeResultsJson({
    load: [...kept, ...results.map((r) => ({ ...r, date, machine: machineFacts() }))],
  });
}

/** This checkout's root (the default of a plan-only child's --root). */
const THIS_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The main thread's CPU over the rounds (absent where it was not measured). */
function mainThread(rs: PlanResult[], size: number): Record<string, unknown> {
  if (rs.some((r) => r.mainThreadCpuSeconds === null)) return {};
  const main = spread(rs.map((r) => r.mainThreadCpuSeconds!));
  return { mainThreadCpuSeconds: main, mainThreadCpuMsPerRecord: Number(((main.median * 1000) / size).toFixed(3)) };
}

/** Median and range of some figures. */
function spread(xs: number[]): { median: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median: Number(median.toFixed(2)), min: s[0]!, max: s[s.length - 1]! };
}

/**
 * Plan-only runs: per size, `--rounds` runs of this checkout's plan and (with --baseline) as many of the
 * baseline's, in the rotating order baseline, this, this, baseline, baseline, this, ... so that a drift
 * of the machine's load weighs on both sides alike.
 */
async function planOnly(sizes: number[], memoryMb: number): Promise<void> {
  const rounds = Number(flags.rounds);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--rounds: ${flags.rounds} is not a whole number from 1`);
  const baseline = flags.baseline === undefined ? undefined : path.resolve(flags.baseline);
  const sides: Array<{ side: 'this' | 'baseline'; root: string }> = [{ side: 'this', root: THIS_ROOT }];
  if (baseline) sides.unshift({ side: 'baseline', root: baseline });
  const entries: Array<Record<string, unknown>> = [];
  for (const size of sizes) {
    const runs = new Map<string, PlanResult[]>(sides.map((s) => [s.side, []]));
    const loads: number[] = [];
    for (let k = 0; k < rounds * sides.length; k += 1) {
      // Pairs in alternating order: AB BA AB ... (one side alone: every run is its own).
      const pair = Math.floor(k / sides.length);
      const at = k % sides.length;
      const { side, root } = sides[pair % 2 === 0 ? at : sides.length - 1 - at]!;
      const r = await runChild<PlanResult>(size, memoryMb, ['--plan-only', '--root', root]);
      runs.get(side)!.push(r);
      loads.push(...r.loadAverage1m);
      console.log(
        `${size} articles, plan of ${side}: ${r.cpuSeconds} s CPU (main thread ${r.mainThreadCpuSeconds} s), ${r.seconds} s wall, peak RSS ${r.peakRssMb} MB, ${r.spilledRuns} runs spilled; load average ${r.loadAverage1m.join(' -> ')}; files ${r.filesSha256.slice(0, 12)}`,
      );
    }
    const hashes = new Set([...runs.values()].flat().map((r) => r.filesSha256));
    if (hashes.size !== 1)
      throw new Error(`${size} articles: the import files differ between runs or sides (${[...hashes].join(', ')})`);
    for (const [side, rs] of runs) {
      const cpu = spread(rs.map((r) => r.cpuSeconds));
      const entry = {
        articles: size,
        mode: 'bulk-plan',
        side,
        corpus: 'streamed',
        rounds: rs.length,
        cpuSeconds: cpu,
        cpuMsPerRecord: Number(((cpu.median * 1000) / size).toFixed(3)),
        ...mainThread(rs, size),
        seconds: spread(rs.map((r) => r.seconds)),
        peakRssMb: spread(rs.map((r) => r.peakRssMb)),
        memoryBudgetMb: memoryMb,
        spilledRuns: rs[0]!.spilledRuns,
        spilledMb: rs[0]!.spilledMb,
        nodes: rs[0]!.nodes,
        relationships: rs[0]!.relationships,
        filesSha256: rs[0]!.filesSha256,
        loadAverage1m: spread(loads),
        source: 'bench/bulkLoad.ts --plan-only',
      };
      console.log(JSON.stringify(entry));
      entries.push(entry);
    }
  }
  if (flags['no-write']) return;
  const existing = existsSync(RESULTS_JSON)
    ? ((JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as { load?: unknown[] }).load ?? [])
    : [];
  // Only plan-only entries at a size and memory budget measured again are replaced; the full runs' entries stay.
  const kept = (existing as Array<Record<string, unknown>>).filter(
    (e) =>
      !(
        e['source'] === 'bench/bulkLoad.ts --plan-only' &&
        sizes.includes(e['articles'] as number) &&
        e['memoryBudgetMb'] === memoryMb
      ),
  );
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  writeResultsJson({ load: [...kept, ...entries.map((e) => ({ ...e, date, machine: machineFacts() }))] });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
