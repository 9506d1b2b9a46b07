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
 *   --memory-mb 1024          BULK_MEMORY_MB    the plan's memory budget for buffered rows (then sorted runs spill)
 *   --no-write                                  do not add the `load` entries to bench/results.json
 * Writes `load` entries {articles, mode: "bulk", corpus: "streamed", seconds, peakRssMb, peakChildRssMb, ...}
 * to bench/results.json, replacing earlier entries of this benchmark at the same size.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bulkLoadLocal, loadReferenceData, newImportContext } from '../src/ingest/index.ts';
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
    'memory-mb': { type: 'string', default: process.env['BULK_MEMORY_MB'] ?? '1024' },
    'no-write': { type: 'boolean', default: false },
    child: { type: 'string' },
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

/** One size in its own process (the options a seed run gives Node, and a heap limit the 4 GB goal implies). */
function runChild(size: number, memoryMb: number): Promise<BulkResult> {
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
      else resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as BulkResult);
    });
  });
}

async function main(): Promise<void> {
  const memoryMb = Number(flags['memory-mb']);
  if (flags.child !== undefined) return child(Number(flags.child), memoryMb);
  const sizes = flags.sizes!.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  for (const size of sizes)
    if (!Number.isInteger(size) || size < 100)
      throw new Error(`--sizes: ${size} is not a whole number of articles from 100`);
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

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
