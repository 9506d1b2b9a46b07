/**
 * `npm run bench` — this API against @neo4j/graphql (the peer) and against the raw driver (the
 * floor), side by side on the same Neo4j, interleaved, at each corpus size; and the loads (bulk,
 * transactional, incremental) of each size, timed with their peak memory.
 *
 * Options (flags or environment variables; the defaults make the full run):
 *   --sizes 1000,10000,100000   BENCH_SIZES        corpus sizes (articles; up to 1000000)
 *   --rounds 3                  BENCH_ROUNDS       interleaved rounds per operation (at least 3 for a published figure)
 *   --duration 10               BENCH_DURATION     seconds per side per round
 *   --warmup 3                  BENCH_WARMUP       seconds per warm-up window (and per peer-alternative trial window)
 *   --max-warmup 8              BENCH_MAX_WARMUP   warm-up windows at most per side when throughput does not settle
 *   --connections 10            BENCH_CONNECTIONS  requests in flight per side
 *   --ops a,b                   BENCH_OPS          only these operations
 *   --incremental N             BENCH_INCREMENTAL  records of the incremental import (default 1 % of the size, at least 100; 0: none)
 *   --reuse                     BENCH_REUSE=1      keep loaded corpora in bench/corpus and reuse them (no incremental import then)
 *   --profile DIR               BENCH_PROFILE      write a V8 CPU profile of each server process into DIR
 *   --no-write                                     do not write bench/RESULTS.generated.md and bench/results.json
 *   --load both|bulk|transactional  BENCH_LOAD     how each size is loaded (default: both up to 200,000 articles,
 *                                                  bulk above; see below)
 *   --no-bulk                   BENCH_BULK=0       the same as --load transactional
 *                               BENCH_PAGE_CACHE   the page cache of every Neo4j the run starts (default 512m; a
 *                                                  million articles want one that holds their store, e.g. 8g)
 *   --load-only                                    only the loads and their comparison, no API measurements;
 *                                                  writes only the `load` entries and the load table
 * A quick run: `BENCH_SIZES=1000 BENCH_ROUNDS=3 BENCH_DURATION=2 BENCH_WARMUP=1 npm run bench -- --no-write`.
 * A million articles, loads only: `npm run bench -- --sizes 1000000 --load-only` (the bulk path, then the
 * incremental import of 10,000 records).
 *
 * Per size (bench/harness starts Neo4j, makes the corpus and knows where results go):
 * 1. Loads (bench/run/loads.ts), by --load:
 *    - both: a local Neo4j of its own (or NEO4J_URI, wiped), the synthetic corpus (an array) loaded with
 *      the project's loader; then (local Neo4j only) with the bulk path into a second, new local Neo4j,
 *      both graphs compared by a canonical dump and the bulk-loaded Neo4j stopped;
 *    - transactional: the first half of that alone;
 *    - bulk (local Neo4j only; refused with NEO4J_URI): the corpus streamed from its generator, never
 *      held whole, through the bulk path into the size's own new local Neo4j, which bulkLoadLocal starts
 *      with the service's schema (every index online) and which then serves steps 2 and 3. Nothing is
 *      compared ("not compared: bulk only"); the load's peak RSS is this process's high-water mark over
 *      the load, which here holds only the reference data besides it (as bench/bulkLoad.ts's loader
 *      process), under this process's heap limit (recorded as heapLimitMb).
 *    The inputs of the operations are chosen in one pass over the corpus (streamed unless it is held).
 * 2. Operations (bench/run/compare.ts) on the loaded graph (the transactional one if both). The API and the peer each
 *    run in a child process (bench/run/servers.ts). Before timing, every input is sent to the API and
 *    to every idiomatic peer query of the operation: only peer queries answering identically stay, and
 *    the fastest of them is measured. The API's statements are recorded: the raw floor replays
 *    exactly them through neo4j-driver alone. Each side warms up until its throughput settles, then
 *    the rounds run with the sides in rotating order; the CPU time of the server process, the Neo4j
 *    JVM and this process (bench/run/loadGenerators.ts) is read over each side's timed rounds. After
 *    every window, what its dropped requests left running in a local Neo4j is ended and Neo4j is let
 *    go quiet (endAbandonedTransactions), so no side pays for another's leftovers.
 * 3. The incremental import: new records into the loaded graph, then the same again.
 * The report (bench/run/report.ts) goes to bench/results.json and bench/RESULTS.generated.md.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import neo4j from 'neo4j-driver';
import type { Database } from '../src/db/index.ts';
import { STATS } from '../src/db/cypher/lookupStatements.ts';
import { ensureSchema } from '../src/graph/index.ts';
import { loadReferenceData, newImportContext, type NormalizedArticle } from '../src/ingest/index.ts';
import type { LocalNeo4j } from '../neo4j-local/index.ts';
import {
  BENCH_DIR,
  benchArticles,
  benchCorpus,
  connect,
  logger,
  machineFacts,
  newArticles,
  SEED,
  startBenchNeo4j,
  targetFromEnv,
  targetOf,
  writeGeneratedSection,
  RESULTS_JSON,
  writeResultsJson,
  type Target,
} from './harness/index.ts';
import { OPERATIONS } from './operations.ts';
import { compareOperation, cpuModel, type CompareSettings, type OpResult } from './run/compare.ts';
import { chooseInputs } from './run/inputs.ts';
import { type CpuSources, waitForIdleNeo4j } from './run/loadGenerators.ts';
import {
  loadBulk,
  loadBulkAndCompare,
  loadChoices,
  loadIncremental,
  loadTransactional,
  parseLoadChoice,
  type LoadChoice,
  type LoadResult,
} from './run/loads.ts';
import {
  cpuParts,
  f2,
  ms,
  loadEntries,
  otherLoadEntries,
  renderLoads,
  renderReport,
  resultsJson,
  type RunFacts,
  type SizeResult,
} from './run/report.ts';
import { startServer, type ServerProcess } from './run/servers.ts';

const CORPUS_DIR = path.join(BENCH_DIR, 'corpus');
const SECTION = 'bench/run.ts';
const LOADS_SECTION = 'bench/run.ts --load-only';

// The load generator and the raw floor run without source-mapped stack traces, as the servers do (bench/serverProcess.ts).
process.setSourceMapsEnabled(false);

const env = process.env;
const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: env['BENCH_SIZES'] ?? '1000,10000,100000' },
    rounds: { type: 'string', default: env['BENCH_ROUNDS'] ?? '3' },
    duration: { type: 'string', default: env['BENCH_DURATION'] ?? '10' },
    warmup: { type: 'string', default: env['BENCH_WARMUP'] ?? '3' },
    'max-warmup': { type: 'string', default: env['BENCH_MAX_WARMUP'] ?? '8' },
    connections: { type: 'string', default: env['BENCH_CONNECTIONS'] ?? '10' },
    ops: { type: 'string', default: env['BENCH_OPS'] ?? '' },
    incremental: { type: 'string', default: env['BENCH_INCREMENTAL'] ?? '' },
    reuse: { type: 'boolean', default: env['BENCH_REUSE'] === '1' },
    profile: { type: 'string', default: env['BENCH_PROFILE'] ?? '' },
    'no-write': { type: 'boolean', default: false },
    load: { type: 'string', default: env['BENCH_LOAD'] ?? '' },
    'no-bulk': { type: 'boolean', default: env['BENCH_BULK'] === '0' },
    'load-only': { type: 'boolean', default: false },
  },
});
/** An option refused: its message alone (a stack trace through the transformed source would bury it), exit code 2. */
function refuse(check: () => void): void {
  try {
    check();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}
const sizes = flags.sizes!.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
refuse(() => {
  for (const size of sizes)
    if (!Number.isInteger(size) || size < 100 || size > 1_000_000)
      throw new Error(`--sizes: ${size} is not a whole number of articles from 100 to 1000000`);
  if (flags['no-bulk'] && flags.load !== '' && flags.load !== 'transactional')
    throw new Error(`--no-bulk (BENCH_BULK=0) and --load ${flags.load} contradict each other`);
});
const external = targetFromEnv(env);
/** How each size is loaded, in the order of `sizes` (refused here, before any work, where it cannot be). */
let choices: LoadChoice[] = [];
refuse(() => {
  choices = loadChoices(
    sizes,
    flags['no-bulk'] ? 'transactional' : parseLoadChoice(flags.load!),
    external ? external.uri : null,
  );
});
const settings: CompareSettings = {
  rounds: Number(flags.rounds),
  durationS: Number(flags.duration),
  warmupS: Number(flags.warmup),
  maxWarmupWindows: Math.max(2, Number(flags['max-warmup'])),
  connections: Number(flags.connections),
};
const operations = flags.ops ? OPERATIONS.filter((op) => flags.ops!.split(',').includes(op.id)) : OPERATIONS;
/** Records of the incremental import at a size: 1 % of it (10k at 1M), at least 100, or the option. */
const incrementalRecords = (size: number) =>
  flags.incremental !== '' ? Number(flags.incremental) : Math.max(100, Math.round(size / 100));

const log = logger('bench');
if (settings.rounds < 3)
  log(`only ${settings.rounds} round(s) per side: a median ratio and its spread need at least 3`);

async function runSize(
  size: number,
  choice: LoadChoice,
  reference: Awaited<ReturnType<typeof loadReferenceData>>,
): Promise<SizeResult> {
  log(`=== ${size} articles (load: ${choice}) ===`);
  const dataDir = path.join(CORPUS_DIR, `neo4j-${size}`);
  const marker = path.join(CORPUS_DIR, `neo4j-${size}.json`);
  const reuse = flags.reuse && !external && existsSync(marker) && existsSync(dataDir);
  const corpusOptions = { realTopics: reference.vocabulary.topics, references: true };
  let local: LocalNeo4j | null = null;
  let db: Database | null = null;
  const servers: ServerProcess[] = [];
  try {
    const context = newImportContext({ importedBy: 'bench', tool: 'bench' });
    const loads: LoadResult[] = [];
    let sameGraph: boolean | null = null;
    let loadSeconds: number;
    // Held whole only when the transactional loader needs it (it takes an array); else streamed where read.
    let corpus: NormalizedArticle[] | null = null;
    // How the measured graph was loaded: this run's choice, or the earlier run's (before --load, transactionally).
    let loadedAs = choice;
    if (reuse) {
      local = await startBenchNeo4j({ dataDir, ephemeral: false, log });
      db = connect(targetOf(local));
      const marked = JSON.parse(readFileSync(marker, 'utf8')) as { loadSeconds: number; load?: LoadChoice };
      loadSeconds = marked.loadSeconds;
      loadedAs = marked.load ?? 'transactional';
      log(`reusing the loaded corpus (loaded in ${loadSeconds.toFixed(1)} s, ${loadedAs})`);
    } else if (choice === 'bulk') {
      rmSync(dataDir, { recursive: true, force: true });
      // The size's own Neo4j is the one the bulk path creates and starts: it serves everything after.
      const { bulk, loaded } = await loadBulk(
        dataDir,
        reference.vocabulary,
        benchArticles(size, corpusOptions),
        size,
        context,
        !flags.reuse,
        log,
      );
      local = loaded.neo4j;
      db = loaded.db;
      loads.push(bulk);
      loadSeconds = bulk.seconds;
      if (flags.reuse) writeFileSync(marker, JSON.stringify({ size, seed: SEED, loadSeconds, load: choice }));
    } else {
      if (external) {
        db = connect(external);
        const session = db.driver.session();
        await session
          .run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS')
          .finally(() => session.close());
      } else {
        rmSync(dataDir, { recursive: true, force: true });
        local = await startBenchNeo4j({ dataDir, ephemeral: !flags.reuse, log });
        db = connect(targetOf(local));
      }
      corpus = benchCorpus(size, corpusOptions);
      const transactional = await loadTransactional(db, reference.vocabulary, corpus, context, log);
      loads.push(transactional);
      loadSeconds = transactional.seconds;
      if (flags.reuse) writeFileSync(marker, JSON.stringify({ size, seed: SEED, loadSeconds, load: choice }));
      if (local && choice === 'both') {
        const bulkDir = path.join(CORPUS_DIR, `neo4j-${size}-bulk`);
        rmSync(bulkDir, { recursive: true, force: true });
        const compared = await loadBulkAndCompare(
          db,
          bulkDir,
          reference.vocabulary,
          corpus,
          context,
          transactional,
          log,
        );
        loads.push(compared.bulk);
        sameGraph = compared.sameGraph;
      }
    }
    const target: Target = local ? targetOf(local) : external!;
    const graph: Database = db;
    const incremental = async () => {
      const count = incrementalRecords(size);
      // Not into a reused store: it would no longer be the corpus the next run expects.
      if (count <= 0 || reuse || flags.reuse) return null;
      // The graph as the service opens it, whichever path loaded it (the bulk path ends with the same call).
      await ensureSchema(graph);
      const { first, repeat, repeatAdded } = await loadIncremental(
        graph,
        size,
        newArticles(size, count, corpusOptions),
        log,
      );
      loads.push(first, repeat);
      return repeatAdded;
    };
    if (flags['load-only']) {
      const incrementalRepeatAdded = await incremental();
      return {
        size,
        load: loadedAs,
        counts: {},
        loadSeconds,
        loadReused: reuse,
        readIndexSeconds: NaN,
        inputs: {},
        ops: [],
        loads,
        sameGraph,
        incrementalRepeatAdded,
      };
    }
    const i0 = performance.now();
    await ensureSchema(db);
    const readIndexSeconds = (performance.now() - i0) / 1000;
    const [counts] = await db.read<Record<string, number>>(STATS);
    const inputs = chooseInputs(corpus ?? benchArticles(size, corpusOptions), size);
    // Nothing reads the corpus after this: the load generator's process need not carry it through the rounds.
    corpus = null;

    const api = await startServer('apiServer.ts', target, flags.profile!);
    servers.push(api);
    const peer = await startServer('peerServer.ts', target, flags.profile!);
    servers.push(peer);
    const raw = neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), { maxConnectionPoolSize: 50 });

    const ops: OpResult[] = [];
    // With NEO4J_URI the database runs elsewhere (or in a container): its CPU is not this machine's to read.
    const cpuSources: CpuSources = { neo4jPid: () => (local && local.state === 'running' ? local.pid : null) };
    // After a load Neo4j keeps working for a while (checkpoints, index and statistics catch-up: 180-460 ms
    // of CPU per second with nothing sent were seen), which the first operation measured would pay for:
    // wait until it is quiet (below 50 ms per second twice in a row), at most two minutes.
    const settled = await waitForIdleNeo4j(cpuSources, 120);
    if (settled)
      log(
        `Neo4j settled after the load in ${settled.seconds.toFixed(0)} s (last second ${settled.lastMsPerSecond.toFixed(0)} ms CPU)`,
      );
    try {
      for (const op of operations) {
        const result = await compareOperation(op, inputs[op.input], { api, peer, raw, cpuSources }, settings, log);
        ops.push(result);
        log(
          `${op.id}: API ${result.project.rps.toFixed(0)} req/s` +
            (result.peer
              ? ` | peer ${result.peerQuery} ${result.peer.rps.toFixed(0)} req/s (median ×${f2(result.ratioMedian ?? NaN)}, ${f2(result.ratioSpread?.min ?? NaN)}–${f2(result.ratioSpread?.max ?? NaN)})`
              : '') +
            ` | raw ${result.raw.rps.toFixed(0)} req/s (${((result.project.rps / result.raw.rps) * 100).toFixed(0)} %) | db hits ${result.profileDbHits ?? '–'}` +
            ` | CPU ms/request server·Neo4j·client: API ${cpuParts(result.project)}${result.peer ? `, peer ${cpuParts(result.peer)}` : ''}, raw ${cpuParts(result.raw)}` +
            (result.peer
              ? ` | vs peer: predicted ×${f2(cpuModel(result.project, result.peer).predicted ?? NaN)}, if the API cost nothing ×${f2(cpuModel(result.project, result.peer).ifApiCostNothing ?? NaN)}`
              : '') +
            ` | p50/p99 API ${ms(result.project.p50)}/${ms(result.project.p99)} ms${result.peer ? `, peer ${ms(result.peer.p50)}/${ms(result.peer.p99)} ms` : ''}`,
        );
      }
    } finally {
      await raw.close();
    }
    // The servers are stopped before the incremental import, so it does not share the machine with them.
    for (const server of servers.splice(0)) await server.stop();
    const incrementalRepeatAdded = await incremental();
    return {
      size,
      load: loadedAs,
      counts: counts ?? {},
      loadSeconds,
      loadReused: reuse,
      readIndexSeconds,
      inputs: inputs.facts,
      ops,
      loads,
      sameGraph,
      incrementalRepeatAdded,
    };
  } finally {
    for (const server of servers) await server.stop().catch(() => undefined);
    await db?.driver.close();
    await local?.stop();
  }
}

/** What results.json holds now (nothing when there is none yet). */
const earlierResults = (): Record<string, unknown> =>
  existsSync(RESULTS_JSON) ? (JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as Record<string, unknown>) : {};

async function main(): Promise<void> {
  mkdirSync(CORPUS_DIR, { recursive: true });
  const machine = machineFacts();
  const reference = await loadReferenceData();
  const results: SizeResult[] = [];
  for (const [i, size] of sizes.entries()) {
    results.push(await runSize(size, choices[i]!, reference));
    writeFileSync(path.join(CORPUS_DIR, 'run.json'), JSON.stringify(results, null, 2));
  }
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const facts: RunFacts = {
    date,
    machine,
    settings: {
      ...settings,
      seed: SEED,
      incrementalRecords: flags.incremental !== '' ? flags.incremental! : '1 % of the size, at least 100',
      load: sizes.map((size, i) => `${size}: ${choices[i]}`).join(', '),
    },
    operations,
  };
  if (flags['load-only']) {
    const table = renderLoads(results, date);
    if (!flags['no-write']) {
      writeGeneratedSection(LOADS_SECTION, table);
      writeResultsJson({
        load: [...otherLoadEntries(earlierResults()['load']), ...loadEntries(results)],
        loadDate: date,
        loadMachine: machine,
      });
    }
    console.log(table);
    return;
  }
  const report = renderReport(results, facts);
  if (!flags['no-write']) {
    writeGeneratedSection(SECTION, report);
    // Other benchmarks keep their own keys in the same file (import: bench/import.ts): writeResultsJson keeps them;
    // and their own entries under `load` (bench/bulkLoad.ts).
    const json = resultsJson(results, facts);
    writeResultsJson({
      ...json,
      load: [...otherLoadEntries(earlierResults()['load']), ...(json['load'] as unknown[])],
    });
  }
  console.log(report);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
