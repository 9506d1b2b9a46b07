/**
 * `npm run bench` — this API against @neo4j/graphql (the peer) and against the raw driver (the
 * floor), side by side on the same Neo4j, interleaved, at each corpus size.
 *
 * Options (flags or environment variables; the defaults make the full run):
 *   --sizes 1000,10000,100000   BENCH_SIZES        corpus sizes (articles)
 *   --rounds 3                  BENCH_ROUNDS       interleaved rounds per operation
 *   --duration 10               BENCH_DURATION     seconds per side per round
 *   --warmup 3                  BENCH_WARMUP       seconds of warm-up per side before the rounds
 *   --connections 10            BENCH_CONNECTIONS  requests in flight per side
 *   --ops a,b                   BENCH_OPS          only these operations
 *   --reuse                     BENCH_REUSE=1      keep loaded corpora in bench/corpus and reuse them
 *   --profile DIR               BENCH_PROFILE      write a V8 CPU profile of each server process into DIR
 *   --no-write                                     do not write bench/RESULTS.md and bench/results.json
 *   --no-bulk                   BENCH_BULK=0       skip the bulk load (src/ingest/load/bulk) beside the transactional one
 *   --load-only                                    only the loads (both ways) and their comparison, no API measurements;
 *                                                  writes only the `load` entries and the load table
 * A quick run: `BENCH_SIZES=1000 BENCH_ROUNDS=1 BENCH_DURATION=2 BENCH_WARMUP=1 npm run bench -- --no-write`.
 *
 * Per size: a local Neo4j of its own (or NEO4J_URI, wiped), the synthetic corpus loaded with the
 * project's loader (timed), then (local Neo4j only) loaded again with the bulk path into a second,
 * new local Neo4j (timed), and both graphs compared by a canonical dump (src/graph/canonicalGraph.ts);
 * the bulk-loaded Neo4j is then stopped and the operations below run on the transactionally loaded
 * graph. The API and the peer each run in a child process. Before timing, every
 * input of every operation is sent to both: the answers, brought to one shape, must be identical,
 * and the statements each side sends per request are counted at its driver. The API's statements
 * are recorded too: the raw floor replays exactly them through neo4j-driver alone. Then each
 * operation runs in rounds, the three sides one after the other in a rotating order. Over each
 * side's timed rounds the CPU time of the server process, of the Neo4j JVM (local Neo4j only) and
 * of this process (the load generator) is read, so a throughput ratio can be set against the ratio
 * the CPU per request predicts when every core is busy, and against its bound were the API free.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import neo4j, { type Driver, type ProfiledPlan } from 'neo4j-driver';
import { createDatabase } from '../src/db/driver/createDatabase.ts';
import type { Database } from '../src/db/driver/Database.ts';
import { STATS } from '../src/db/cypher/lookupStatements.ts';
import { loadArticles, loadVocabulary, newImportContext, loadReferenceData, type NormalizedArticle, bulkLoadLocal } from '../src/ingest/index.ts';
import { canonicalGraphDigest, ensureSchema } from '../src/graph/index.ts';
import { startLocalNeo4j, type LocalNeo4j } from '../neo4j-local/index.ts';
import { generateCorpus } from '../tests/helpers/generateCorpus.ts';
import { OPERATIONS, type InputKind } from './operations.ts';
import { paramsFromJson } from './countingDriver.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const CORPUS_DIR = path.join(BENCH_DIR, 'corpus');
const RESULTS_MD = path.join(BENCH_DIR, 'RESULTS.md');
const RESULTS_JSON = path.join(BENCH_DIR, 'results.json');
const BEGIN = '<!-- BEGIN GENERATED (bench/run.ts) -->';
const END = '<!-- END GENERATED -->';
const INPUTS_PER_OP = 50;
const SEED = 42;

// The load generator and the raw floor run without source-mapped stack traces, as the servers do (bench/serverProcess.ts).
process.setSourceMapsEnabled(false);

const env = process.env;
const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: env['BENCH_SIZES'] ?? '1000,10000,100000' },
    rounds: { type: 'string', default: env['BENCH_ROUNDS'] ?? '3' },
    duration: { type: 'string', default: env['BENCH_DURATION'] ?? '10' },
    warmup: { type: 'string', default: env['BENCH_WARMUP'] ?? '3' },
    connections: { type: 'string', default: env['BENCH_CONNECTIONS'] ?? '10' },
    ops: { type: 'string', default: env['BENCH_OPS'] ?? '' },
    reuse: { type: 'boolean', default: env['BENCH_REUSE'] === '1' },
    profile: { type: 'string', default: env['BENCH_PROFILE'] ?? '' },
    'no-write': { type: 'boolean', default: false },
    'no-bulk': { type: 'boolean', default: env['BENCH_BULK'] === '0' },
    'load-only': { type: 'boolean', default: false },
  },
});
const sizes = flags.sizes!.split(',').map((s) => Number(s.trim()));
const rounds = Number(flags.rounds);
const durationS = Number(flags.duration);
const warmupS = Number(flags.warmup);
const connections = Number(flags.connections);
const operations = flags.ops ? OPERATIONS.filter((op) => flags.ops!.split(',').includes(op.id)) : OPERATIONS;

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

/* ------------------------------------------------------------------ servers */

interface ServerProcess {
  port: number;
  /** Statements sent since the last call (and the recorded ones when recording was on); `record` switches recording for what follows. */
  statements(record?: boolean): Promise<{ count: number; recorded: Array<{ cypher: string; params: string }> | null }>;
  /** The server process's CPU time so far (user + system), in milliseconds. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

async function startServer(script: string, target: Target): Promise<ServerProcess> {
  const child: ChildProcess = fork(path.join(BENCH_DIR, script), [], {
    // --cpu-prof is refused in NODE_OPTIONS, hence a flag of its own (open the .cpuprofile in Chrome's DevTools).
    execArgv: ['--import', 'tsx', ...(flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(flags.profile)}`] : [])],
    env: { ...env, BENCH_NEO4J_URI: target.uri, BENCH_NEO4J_USER: target.user, BENCH_NEO4J_PASSWORD: target.password, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
    child.on('message', (message: { type: string; port?: number }) => {
      if (message.type === 'listening') resolve(message.port!);
    });
  });
  child.removeAllListeners('exit');
  return {
    port,
    statements: (record = false) =>
      new Promise((resolve) => {
        const onMessage = (message: { type: string; count: number; recorded: Array<{ cypher: string; params: string }> | null }) => {
          if (message.type !== 'statements') return;
          child.off('message', onMessage);
          resolve(message);
        };
        child.on('message', onMessage);
        child.send({ type: 'statements', record });
      }),
    cpuMs: () =>
      new Promise((resolve) => {
        const onMessage = (message: { type: string; micros: number }) => {
          if (message.type !== 'cpu') return;
          child.off('message', onMessage);
          resolve(message.micros / 1000);
        };
        child.on('message', onMessage);
        child.send({ type: 'cpu' });
      }),
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function post(port: number, body: string): Promise<{ data?: unknown; errors?: unknown[] }> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}

/* ------------------------------------------------------------------ load generation */

interface Measurement {
  requests: number;
  seconds: number;
  errors: number;
  latencies: number[];
  /** CPU time the server process spent meanwhile (HTTP sides only): a figure the machine's other load hardly moves. */
  serverCpuMs?: number;
  /** CPU time the Neo4j JVM spent meanwhile; null without a local Neo4j (NEO4J_URI), without /proc, or when it restarted. */
  neo4jCpuMs: number | null;
  /** CPU time this process (the load generator; for the raw floor also its driver) spent meanwhile. */
  clientCpuMs: number;
}

/** What a load run itself measures, before the CPU times are added. */
type LoadMeasurement = Pick<Measurement, 'requests' | 'seconds' | 'errors' | 'latencies'>;

/**
 * Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ). Asked once, because
 * `getconf` is the only way Node has to it; 100 on every common Linux.
 */
const CLOCK_TICKS_PER_SECOND = (() => {
  const answer = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const ticks = Number(answer.stdout?.trim());
  return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
})();

/**
 * CPU time (user + system, all threads) of another process so far, in milliseconds, from
 * /proc/<pid>/stat; null where there is no /proc or the process is gone. The Neo4j JVM cannot be
 * asked the way the Node servers are (ServerProcess.cpuMs), so the kernel's count is read instead.
 */
function procCpuMs(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
  // There field 3 (state) is index 0, so utime (14) and stime (15) are indexes 11 and 12.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : null;
}

/** This process's CPU time so far (user + system), in milliseconds. */
function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Where the CPU a request costs can go besides the API server: the database and the load generator. */
interface CpuSources {
  /** The local Neo4j JVM's pid at this moment (it changes after a supervised restart); null when Neo4j is not local. */
  neo4jPid: () => number | null;
}

/**
 * Neo4j's CPU time per second with no request in flight (garbage collection, query compilation,
 * checkpoints and other background work), in milliseconds; null where it cannot be read. The rounds
 * spread this over their requests, more of it per request on the slower side: this figure tells
 * how much of a side's Neo4j CPU per request the requests did not cause.
 */
async function idleNeo4jCpuMsPerSecond(sources: CpuSources, seconds: number): Promise<number | null> {
  const pid = sources.neo4jPid();
  const before = pid === null ? null : procCpuMs(pid);
  if (before === null) return null;
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = sources.neo4jPid() === pid ? procCpuMs(pid!) : null;
  return after === null ? null : ((after - before) * 1000) / (performance.now() - t0);
}

/**
 * `load`, with the CPU time spent during it by the server process (when there is one), the Neo4j
 * JVM and this process: on a machine whose cores are all busy, throughput follows the sum of the
 * three per request, so each is read over the same interval.
 */
async function withCpu(server: ServerProcess | null, sources: CpuSources, load: () => Promise<LoadMeasurement>): Promise<Measurement> {
  const serverBefore = server ? await server.cpuMs() : 0;
  const pid = sources.neo4jPid();
  const neo4jBefore = pid === null ? null : procCpuMs(pid);
  const clientBefore = ownCpuMs();
  const measurement = await load();
  const clientCpuMs = ownCpuMs() - clientBefore;
  const neo4jAfter = pid === null || sources.neo4jPid() !== pid ? null : procCpuMs(pid);
  const neo4jCpuMs = neo4jBefore === null || neo4jAfter === null ? null : neo4jAfter - neo4jBefore;
  const serverCpuMs = server ? (await server.cpuMs()) - serverBefore : undefined;
  return { ...measurement, ...(serverCpuMs === undefined ? {} : { serverCpuMs }), neo4jCpuMs, clientCpuMs };
}

/** autocannon against POST /graphql; bodies round-robin over the inputs. */
async function httpLoad(port: number, bodies: readonly string[], seconds: number): Promise<LoadMeasurement> {
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const start = performance.now();
  const instance = autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }),
        onResponse: (status, body) => {
          if (status !== 200 || body.includes('"errors"')) errors += 1;
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await instance;
  return { requests: latencies.length, seconds: (performance.now() - start) / 1000, errors: errors + result.errors + result.timeouts, latencies };
}

/**
 * The raw floor: `connections` loops replaying the API's statements for each input the way the API
 * sends them (src/db/driver/RequestTransaction.ts): the first as an auto-commit query, any further ones
 * in one read transaction.
 */
async function rawLoad(driver: Driver, work: ReadonlyArray<ReadonlyArray<{ cypher: string; params: Record<string, unknown> }>>, seconds: number): Promise<LoadMeasurement> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const statements = work[next++ % work.length]!;
      const t0 = performance.now();
      const session = driver.session({ defaultAccessMode: neo4j.session.READ });
      try {
        const [first, ...rest] = statements;
        if (first) await session.run(first.cypher, first.params);
        if (rest.length > 0) {
          await session.executeRead(async (tx) => {
            for (const statement of rest) await tx.run(statement.cypher, statement.params);
          });
        }
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors += 1;
        if (errors === 1) log(`raw error: ${(error as Error).message}`);
      } finally {
        await session.close();
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return { requests: latencies.length, seconds: (performance.now() - start) / 1000, errors, latencies };
}

/* ------------------------------------------------------------------ inputs */

type Inputs = Record<InputKind, string[]> & { facts: Record<string, string> };

function chooseInputs(corpus: readonly NormalizedArticle[]): Inputs {
  const topicCounts = new Map<string, number>();
  const authorCounts = new Map<string, number>();
  for (const article of corpus) {
    for (const topic of article.topics) topicCounts.set(topic.name, (topicCounts.get(topic.name) ?? 0) + 1);
    for (const w of article.authorships) authorCounts.set(`Author:${w.author.key}`, (authorCounts.get(`Author:${w.author.key}`) ?? 0) + 1);
  }
  const ranked = (counts: Map<string, number>) => [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  // Synthetic topics only: the real vocabulary topics have narrower topics, whose articles the
  // project counts in (a filter includes narrower topics) and the peer's plain relationship does not.
  const topics = ranked(topicCounts).filter(([name]) => name.startsWith('Synthetic Topic'));
  const authors = ranked(authorCounts);
  // 50 evenly spaced popularity ranks from the top 1 % to the top 25 %: mid-to-high popularity.
  const spread = <T>(list: T[]): T[] => {
    const lo = Math.max(1, Math.floor(list.length * 0.01));
    const hi = Math.max(lo + INPUTS_PER_OP - 1, Math.floor(list.length * 0.25));
    return Array.from({ length: INPUTS_PER_OP }, (_, i) => list[Math.min(list.length - 1, lo + Math.round((i * (hi - lo)) / (INPUTS_PER_OP - 1)))]!);
  };
  const pickedTopics = spread(topics);
  const pickedAuthors = spread(authors);
  const step = Math.max(1, Math.floor(corpus.length / INPUTS_PER_OP));
  const top = topics[0]!;
  const citedCounts = new Map<string, number>();
  for (const article of corpus) for (const ref of new Set((article.references ?? []).map((r) => r.doi!))) if (ref.startsWith('10.99999/synthetic.')) citedCounts.set(ref, (citedCounts.get(ref) ?? 0) + 1);
  const pickedCited = spread(ranked(citedCounts));
  const median = (list: Array<[string, number]>) => list.map(([, n]) => n).sort((a, b) => a - b)[Math.floor(list.length / 2)];
  return {
    doi: Array.from({ length: INPUTS_PER_OP }, (_, i) => corpus[Math.min(corpus.length - 1, i * step)]!.doi!),
    topic: pickedTopics.map(([name]) => name),
    author: pickedAuthors.map(([id]) => id),
    // A popular topic with a mid-popularity one: the intersection is small, the first topic large.
    topicPair: Array.from({ length: INPUTS_PER_OP }, (_, i) => `${topics[i % 10]![0]}|${pickedTopics[i]![0]}`),
    none: ['-'],
    topTopic: [top[0]],
    cited: pickedCited.map(([doi]) => doi),
    facts: {
      cited: `ranks ${Math.floor(citedCounts.size * 0.01) + 1}–${Math.floor(citedCounts.size * 0.25) + 1} of ${citedCounts.size} cited articles, median ${median(pickedCited)} citing articles`,
      topics: `ranks ${Math.floor(topics.length * 0.01) + 1}–${Math.floor(topics.length * 0.25) + 1} of ${topics.length} synthetic topics, median ${median(pickedTopics)} articles`,
      authors: `ranks ${Math.floor(authors.length * 0.01) + 1}–${Math.floor(authors.length * 0.25) + 1} of ${authors.length} authors, median ${median(pickedAuthors)} articles`,
      topTopic: `${top[0]} (${top[1]} articles)`,
    },
  };
}

/* ------------------------------------------------------------------ one size */

interface Target {
  uri: string;
  user: string;
  password: string;
}

interface SideResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Requests per second of each round, for the spread. */
  rounds: number[];
  /** Server CPU milliseconds per request over all rounds (null for the raw floor, which has no server). */
  cpuMsPerRequest: number | null;
  /** Neo4j JVM CPU milliseconds per request over the same rounds (null when Neo4j is not local or was not readable in every round). */
  neo4jCpuMsPerRequest: number | null;
  /** This process's (the load generator's) CPU milliseconds per request over the same rounds. */
  clientCpuMsPerRequest: number;
  /** Server + Neo4j + client CPU milliseconds per request (the raw floor: Neo4j + client); null when a part is unknown. */
  totalCpuMsPerRequest: number | null;
}

interface OpResult {
  op: string;
  project: SideResult;
  peer: SideResult | null;
  raw: SideResult;
  projectStatements: number;
  peerStatements: number | null;
  mismatches: number;
  profileDbHits: number | null;
  /** Neo4j's CPU ms per second with nothing sent, just before the rounds (idleNeo4jCpuMsPerSecond). */
  neo4jIdleCpuMsPerSecond: number | null;
}

interface SizeResult {
  size: number;
  counts: Record<string, number>;
  loadSeconds: number;
  loadReused: boolean;
  readIndexSeconds: number;
  inputs: Record<string, string>;
  loadAverage: number[];
  ops: OpResult[];
  /** One entry per load method measured at this size. */
  loads: LoadResult[];
  /** Whether the two loads built the same graph (canonical dump digests equal); null when only one ran. */
  sameGraph: boolean | null;
}

/** One timed load of the corpus. */
interface LoadResult {
  method: 'transactional' | 'bulk';
  seconds: number;
  /** 1-minute load average when the load started and when it ended. */
  loadAverage: [number, number];
  /** Bulk only: seconds per phase (plan, files, import tool, Neo4j start, placeholder fixes, schema and indexes). */
  phases?: Record<string, number>;
  /** sha256 of the canonical dump of the graph it built, and its lines (nodes + relationships). */
  digest?: string;
  lines?: number;
}

/** `hasServer`: whether the side answers through a server process (the API, the peer) rather than from this process (the raw floor). */
function summarize(measurements: Measurement[], hasServer: boolean): SideResult {
  const latencies = measurements.flatMap((m) => m.latencies).sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))] ?? NaN;
  const requests = measurements.reduce((sum, m) => sum + m.requests, 0);
  const seconds = measurements.reduce((sum, m) => sum + m.seconds, 0);
  const cpuMsPerRequest = hasServer && measurements.every((m) => m.serverCpuMs !== undefined) ? measurements.reduce((sum, m) => sum + m.serverCpuMs!, 0) / requests : null;
  const neo4jCpuMsPerRequest = measurements.every((m) => m.neo4jCpuMs !== null) ? measurements.reduce((sum, m) => sum + m.neo4jCpuMs!, 0) / requests : null;
  const clientCpuMsPerRequest = measurements.reduce((sum, m) => sum + m.clientCpuMs, 0) / requests;
  return {
    rps: requests / seconds,
    p50: at(50),
    p99: at(99),
    errors: measurements.reduce((sum, m) => sum + m.errors, 0),
    rounds: measurements.map((m) => m.requests / m.seconds),
    cpuMsPerRequest,
    neo4jCpuMsPerRequest,
    clientCpuMsPerRequest,
    totalCpuMsPerRequest:
      neo4jCpuMsPerRequest === null || (hasServer && cpuMsPerRequest === null) ? null : (cpuMsPerRequest ?? 0) + neo4jCpuMsPerRequest + clientCpuMsPerRequest,
  };
}

/**
 * What the CPU model says of `project` against `other` (the peer or the raw floor): if every core
 * is busy, throughput is inversely proportional to the CPU all processes spend per request, so
 * the throughput ratio should be other's total ÷ project's total (`predicted`); and were the API
 * server free, the project's total would be its Neo4j and client parts alone (`ifApiCostNothing`,
 * the most any work on the API process can reach). Null where a part is unknown.
 */
function cpuModel(project: SideResult, other: SideResult): { predicted: number | null; ifApiCostNothing: number | null } {
  if (project.totalCpuMsPerRequest === null || other.totalCpuMsPerRequest === null || project.neo4jCpuMsPerRequest === null) return { predicted: null, ifApiCostNothing: null };
  return {
    predicted: other.totalCpuMsPerRequest / project.totalCpuMsPerRequest,
    ifApiCostNothing: other.totalCpuMsPerRequest / (project.neo4jCpuMsPerRequest + project.clientCpuMsPerRequest),
  };
}

/** Keys sorted, so two answers compare by content. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v)]));
  return value;
}

async function totalDbHits(driver: Driver, cypher: string, params: Record<string, unknown>): Promise<number> {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.run(`PROFILE ${cypher}`, params);
    const sum = (plan: ProfiledPlan): number => plan.dbHits + plan.children.reduce((acc, child) => acc + sum(child), 0);
    return result.summary.profile ? sum(result.summary.profile) : NaN;
  } finally {
    await session.close();
  }
}

async function runSize(size: number, reference: Awaited<ReturnType<typeof loadReferenceData>>): Promise<SizeResult> {
  log(`=== ${size} articles ===`);
  const dataDir = path.join(CORPUS_DIR, `neo4j-${size}`);
  const marker = path.join(CORPUS_DIR, `neo4j-${size}.json`);
  const reuse = flags.reuse && !env['NEO4J_URI'] && existsSync(marker) && existsSync(dataDir);
  let local: LocalNeo4j | null = null;
  let target: Target;
  if (env['NEO4J_URI']) {
    target = { uri: env['NEO4J_URI'], user: env['NEO4J_USER'] ?? 'neo4j', password: env['NEO4J_PASSWORD'] ?? '' };
  } else {
    if (!reuse) rmSync(dataDir, { recursive: true, force: true });
    local = await startLocalNeo4j({ dataDir, ephemeral: !flags.reuse, heap: '1g', pageCache: '512m', log: (line) => log(`[neo4j] ${line}`) });
    target = { uri: local.uri, user: local.user, password: local.password };
  }
  const db: Database = createDatabase({ uri: target.uri, auth: neo4j.auth.basic(target.user, target.password), queryTimeoutMs: 600_000 });
  const servers: ServerProcess[] = [];
  try {
    const corpus = generateCorpus({ articles: size, seed: SEED, realTopics: reference.vocabulary.topics, references: true });
    const context = newImportContext({ importedBy: 'bench', tool: 'bench' });
    const loads: LoadResult[] = [];
    let sameGraph: boolean | null = null;
    let loadSeconds: number;
    if (reuse) {
      loadSeconds = (JSON.parse(readFileSync(marker, 'utf8')) as { loadSeconds: number }).loadSeconds;
      log(`reusing the loaded corpus (loaded in ${loadSeconds.toFixed(1)} s)`);
    } else {
      if (env['NEO4J_URI']) {
        const session = db.driver.session();
        await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS').finally(() => session.close());
      }
      await ensureSchema(db);
      await loadVocabulary(db, reference.vocabulary);
      const before = os.loadavg()[0]!;
      const t0 = performance.now();
      await loadArticles(db, corpus, { context, onProgress: (n) => n % 20_000 === 0 && log(`loaded ${n}`) });
      await db.write('CALL db.awaitIndexes(600)');
      loadSeconds = (performance.now() - t0) / 1000;
      log(`loaded ${size} articles in ${loadSeconds.toFixed(1)} s (transactional; load average ${before.toFixed(2)} -> ${os.loadavg()[0]!.toFixed(2)})`);
      loads.push({ method: 'transactional', seconds: loadSeconds, loadAverage: [before, os.loadavg()[0]!] });
      if (flags.reuse) writeFileSync(marker, JSON.stringify({ size, seed: SEED, loadSeconds }));
    }
    if (local && !flags['no-bulk'] && loads.length > 0) {
      // The same corpus, vocabulary and import context through the bulk path, into a new local Neo4j.
      const bulkDir = path.join(CORPUS_DIR, `neo4j-${size}-bulk`);
      rmSync(bulkDir, { recursive: true, force: true });
      const before = os.loadavg()[0]!;
      const t0 = performance.now();
      const bulk = await bulkLoadLocal({
        dataDir: bulkDir,
        vocabulary: reference.vocabulary,
        articles: corpus,
        context,
        start: { ephemeral: true, heap: '1g', pageCache: '512m' },
        log: (line) => log(`[bulk] ${line}`),
      });
      const seconds = (performance.now() - t0) / 1000;
      const phases = Object.fromEntries(Object.entries(bulk.seconds).map(([k, v]) => [k, Number(v.toFixed(1))]));
      log(`loaded ${size} articles in ${seconds.toFixed(1)} s (bulk: ${JSON.stringify(phases)}; load average ${before.toFixed(2)} -> ${os.loadavg()[0]!.toFixed(2)})`);
      loads.push({ method: 'bulk', seconds, loadAverage: [before, os.loadavg()[0]!], phases });
      try {
        // Per-run values need no exclusion: both loads were given the same import context.
        const [tx, bk] = [await canonicalGraphDigest(db), await canonicalGraphDigest(bulk.db)];
        Object.assign(loads[0]!, { digest: tx.sha256, lines: tx.lines });
        Object.assign(loads[1]!, { digest: bk.sha256, lines: bk.lines });
        sameGraph = tx.sha256 === bk.sha256;
        log(`canonical dumps: transactional ${tx.lines} lines ${tx.sha256.slice(0, 12)}, bulk ${bk.lines} lines ${bk.sha256.slice(0, 12)}: ${sameGraph ? 'the same graph' : 'DIFFERENT graphs'}`);
      } finally {
        await bulk.db.driver.close();
        await bulk.neo4j.stop();
      }
    }
    if (flags['load-only']) return { size, counts: {}, loadSeconds, loadReused: reuse, readIndexSeconds: NaN, inputs: {}, loadAverage: [], ops: [], loads, sameGraph };
    const i0 = performance.now();
    await ensureSchema(db);
    const readIndexSeconds = (performance.now() - i0) / 1000;
    const [counts] = await db.read<Record<string, number>>(STATS);
    const inputs = chooseInputs(corpus);

    const api = await startServer('apiServer.ts', target);
    servers.push(api);
    const peer = await startServer('peerServer.ts', target);
    servers.push(peer);
    const raw = neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), { maxConnectionPoolSize: 50 });

    const loadAverage: number[] = [];
    const ops: OpResult[] = [];
    // With NEO4J_URI the database runs elsewhere (or in a container): its CPU is not this machine's to read.
    const cpuSources: CpuSources = { neo4jPid: () => (local && local.state === 'running' ? local.pid : null) };
    // After a load Neo4j keeps working for a while (checkpoints, index and statistics catch-up: 180-460 ms
    // of CPU per second with nothing sent were seen), which the first operation measured would pay for:
    // wait until it is quiet (below 50 ms per second twice in a row), at most a minute.
    const settle0 = performance.now();
    let quiet = 0;
    let idle: number | null = null;
    while (quiet < 2 && performance.now() - settle0 < 60_000) {
      idle = await idleNeo4jCpuMsPerSecond(cpuSources, 1);
      if (idle === null) break;
      quiet = idle < 50 ? quiet + 1 : 0;
    }
    if (idle !== null) log(`Neo4j settled after the load in ${((performance.now() - settle0) / 1000).toFixed(0)} s (last second ${idle.toFixed(0)} ms CPU)`);
    try {
      for (const op of operations) {
        // Check: identical answers; count statements; record the API's for the raw floor.
        const list = inputs[op.input];
        const projectBodies = list.map((input) => JSON.stringify({ query: op.project.query, variables: op.project.variables(input) }));
        const peerBodies = op.peerSide ? list.map((input) => JSON.stringify({ query: op.peerSide!.query, variables: op.peerSide!.variables(input) })) : [];
        const replay: Array<Array<{ cypher: string; params: Record<string, unknown> }>> = [];
        let mismatches = 0;
        let projectStatements = 0;
        let peerStatements = 0;
        for (let i = 0; i < list.length; i += 1) {
          await api.statements(true);
          const mine = await post(api.port, projectBodies[i]!);
          const recorded = await api.statements(false);
          if (mine.errors || !mine.data) throw new Error(`${op.id}(${list[i]}): API errors ${JSON.stringify(mine.errors).slice(0, 500)}`);
          projectStatements += recorded.count;
          replay.push(recorded.recorded!.map((statement) => ({ cypher: statement.cypher, params: paramsFromJson(statement.params) })));
          if (op.peerSide) {
            await peer.statements();
            const theirs = await post(peer.port, peerBodies[i]!);
            peerStatements += (await peer.statements()).count;
            if (theirs.errors || !theirs.data) throw new Error(`${op.id}(${list[i]}): peer errors ${JSON.stringify(theirs.errors).slice(0, 500)}`);
            const a = canonical(op.project.normalize(mine.data));
            const b = canonical(op.peerSide.normalize(theirs.data));
            if (!isDeepStrictEqual(a, b)) {
              mismatches += 1;
              if (mismatches === 1) log(`${op.id}(${list[i]}) answers differ:\n  API  ${JSON.stringify(a).slice(0, 600)}\n  peer ${JSON.stringify(b).slice(0, 600)}`);
            }
          }
        }
        const perProject = projectStatements / list.length;
        const perPeer = op.peerSide ? peerStatements / list.length : null;
        log(`${op.id}: ${list.length} inputs, ${mismatches} answer mismatches, statements per request: API ${perProject}${perPeer === null ? '' : `, peer ${perPeer}`}`);
        if (mismatches > 0) throw new Error(`${op.id}: the API and the peer answer differently; nothing is timed`);

        // Measure: warm-up, then rounds with the sides in a rotating order.
        const sides: Array<{ name: 'project' | 'peer' | 'raw'; run: (seconds: number) => Promise<Measurement> }> = [
          { name: 'project', run: (s) => withCpu(api, cpuSources, () => httpLoad(api.port, projectBodies, s)) },
          ...(op.peerSide ? [{ name: 'peer' as const, run: (s: number) => withCpu(peer, cpuSources, () => httpLoad(peer.port, peerBodies, s)) }] : []),
          { name: 'raw', run: (s) => withCpu(null, cpuSources, () => rawLoad(raw, replay, s)) },
        ];
        if (warmupS > 0) for (const side of sides) await side.run(warmupS);
        const neo4jIdleCpuMsPerSecond = await idleNeo4jCpuMsPerSecond(cpuSources, 1);
        const measured: Record<string, Measurement[]> = { project: [], peer: [], raw: [] };
        for (let round = 0; round < rounds; round += 1) {
          for (let k = 0; k < sides.length; k += 1) {
            const side = sides[(k + round) % sides.length]!;
            measured[side.name]!.push(await side.run(durationS));
            loadAverage.push(os.loadavg()[0]!);
          }
        }
        const middle = replay[Math.floor(replay.length / 2)]!;
        const profileDbHits = middle.length === 1 ? await totalDbHits(raw, middle[0]!.cypher, middle[0]!.params) : null;
        const result: OpResult = {
          op: op.id,
          project: summarize(measured['project']!, true),
          peer: op.peerSide ? summarize(measured['peer']!, true) : null,
          raw: summarize(measured['raw']!, false),
          projectStatements: perProject,
          peerStatements: perPeer,
          mismatches,
          profileDbHits,
          neo4jIdleCpuMsPerSecond,
        };
        ops.push(result);
        log(
          `${op.id}: API ${result.project.rps.toFixed(0)} req/s` +
            (result.peer ? ` | peer ${result.peer.rps.toFixed(0)} req/s (×${(result.project.rps / result.peer.rps).toFixed(2)})` : '') +
            ` | raw ${result.raw.rps.toFixed(0)} req/s (${((result.project.rps / result.raw.rps) * 100).toFixed(0)} %) | db hits ${profileDbHits ?? '–'}` +
            ` | server CPU per request ${ms(result.project.cpuMsPerRequest ?? NaN)} ms${result.peer ? ` vs peer ${ms(result.peer.cpuMsPerRequest ?? NaN)} ms` : ''}` +
            ` | CPU ms/request server·Neo4j·client: API ${cpuParts(result.project)}${result.peer ? `, peer ${cpuParts(result.peer)}` : ''}, raw ${cpuParts(result.raw)}` +
            (result.peer ? ` | vs peer: predicted ×${f2(cpuModel(result.project, result.peer).predicted ?? NaN)}, if the API cost nothing ×${f2(cpuModel(result.project, result.peer).ifApiCostNothing ?? NaN)}` : '') +
            ` | vs raw: predicted ×${f2(cpuModel(result.project, result.raw).predicted ?? NaN)}, if the API cost nothing ×${f2(cpuModel(result.project, result.raw).ifApiCostNothing ?? NaN)}` +
            ` | Neo4j idle ${f0(neo4jIdleCpuMsPerSecond ?? NaN)} ms CPU/s`,
        );
      }
    } finally {
      await raw.close();
    }
    return { size, counts: counts ?? {}, loadSeconds, loadReused: reuse, readIndexSeconds, inputs: inputs.facts, loadAverage, ops, loads, sameGraph };
  } finally {
    for (const server of servers) await server.stop().catch(() => undefined);
    await db.driver.close();
    await local?.stop();
  }
}

/* ------------------------------------------------------------------ report */

function sh(command: string, argv: string[]): string {
  const result = spawnSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
}

/** The machine and software, without the figures of a run. */
function machineFacts(): Record<string, unknown> {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  return {
    cpu: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    java: sh('java', ['-version']).split('\n')[0] ?? 'unknown',
    neo4j: 'Neo4j 5.26 Community, embedded (neo4j-local), heap 1g, page cache 512m, one per corpus size',
  };
}

function machine(results: SizeResult[]): Record<string, unknown> {
  const loads = results.flatMap((r) => r.loadAverage);
  return {
    ...machineFacts(),
    peer: '@neo4j/graphql 7.6.3 on Apollo Server 5 / Express 5, own process',
    loadAverage1m: { min: Math.min(...loads), mean: Number((loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length)).toFixed(2)), max: Math.max(...loads) },
    settings: { rounds, secondsPerSidePerRound: durationS, warmupSeconds: warmupS, connections, seed: SEED },
  };
}

function resultsJson(results: SizeResult[], date: string): Record<string, unknown> {
  return {
    date,
    machine: machine(results),
    peer: results.flatMap((r) =>
      r.ops
        .filter((o) => o.peer)
        .map((o) => ({
          operation: o.op,
          articles: r.size,
          ratio: Number((o.project.rps / o.peer!.rps).toFixed(2)),
          projectRps: Number(o.project.rps.toFixed(1)),
          peerRps: Number(o.peer!.rps.toFixed(1)),
          statementsPerRequest: o.projectStatements,
          projectCpuMsPerRequest: o.project.cpuMsPerRequest === null ? null : Number(o.project.cpuMsPerRequest.toFixed(3)),
          peerCpuMsPerRequest: o.peer!.cpuMsPerRequest === null ? null : Number(o.peer!.cpuMsPerRequest.toFixed(3)),
          projectNeo4jCpuMsPerRequest: round3(o.project.neo4jCpuMsPerRequest),
          peerNeo4jCpuMsPerRequest: round3(o.peer!.neo4jCpuMsPerRequest),
          projectClientCpuMsPerRequest: round3(o.project.clientCpuMsPerRequest),
          peerClientCpuMsPerRequest: round3(o.peer!.clientCpuMsPerRequest),
          projectTotalCpuMsPerRequest: round3(o.project.totalCpuMsPerRequest),
          peerTotalCpuMsPerRequest: round3(o.peer!.totalCpuMsPerRequest),
          predictedRatio: round2(cpuModel(o.project, o.peer!).predicted),
          ratioIfApiCostNothing: round2(cpuModel(o.project, o.peer!).ifApiCostNothing),
          neo4jIdleCpuMsPerSecond: round2(o.neo4jIdleCpuMsPerSecond),
        })),
    ),
    raw: results.flatMap((r) =>
      r.ops.map((o) => ({
        operation: o.op,
        articles: r.size,
        ratio: Number((o.project.rps / o.raw.rps).toFixed(2)),
        rawNeo4jCpuMsPerRequest: round3(o.raw.neo4jCpuMsPerRequest),
        rawClientCpuMsPerRequest: round3(o.raw.clientCpuMsPerRequest),
        rawTotalCpuMsPerRequest: round3(o.raw.totalCpuMsPerRequest),
        projectTotalCpuMsPerRequest: round3(o.project.totalCpuMsPerRequest),
        predictedRatio: round2(cpuModel(o.project, o.raw).predicted),
        ratioIfApiCostNothing: round2(cpuModel(o.project, o.raw).ifApiCostNothing),
        neo4jIdleCpuMsPerSecond: round2(o.neo4jIdleCpuMsPerSecond),
      })),
    ),
    load: loadEntries(results),
  };
}

/** The `load` entries of results.json: one per size and method (a reused corpus has no new transactional figure). */
function loadEntries(results: SizeResult[]) {
  return results.flatMap((r) =>
    (r.loads.length > 0 ? r.loads : [{ method: 'transactional' as const, seconds: r.loadSeconds, loadAverage: [NaN, NaN] as [number, number] }]).map((l) => ({
      articles: r.size,
      method: l.method,
      seconds: Number(l.seconds.toFixed(1)),
      ...(Number.isFinite(l.loadAverage[0]) ? { loadAverage1m: l.loadAverage.map((x) => Number(x.toFixed(2))) } : {}),
      ...(l.phases ? { phases: l.phases } : {}),
      ...(r.sameGraph !== null ? { sameGraphAsOtherMethod: r.sameGraph } : {}),
    })),
  );
}

/** The load table (both methods), also written on its own by --load-only. */
function renderLoads(results: SizeResult[], date: string): string {
  const out = [`### Load time by method (${date})`, '', 'Each size loaded twice in one run, one after the other: the transactional loader (`loadArticles`, incl. index catch-up) into one local Neo4j, then the bulk path (`bulkLoadLocal`: plan, import files, `neo4j-admin database import full`, start, schema and all indexes online) into a new one; both graphs then compared by a canonical dump of every node and relationship with typed properties. The API measurements run on the transactionally loaded graph.', ''];
  out.push('| Articles | Method | Seconds | Load average (1 min) at start → end | Phases (s) | Same graph |', '| ---: | --- | ---: | --- | --- | --- |');
  for (const r of results) {
    for (const l of r.loads) {
      const phases = l.phases ? Object.entries(l.phases).filter(([k]) => k !== 'total').map(([k, v]) => `${k} ${v}`).join(', ') : '–';
      out.push(`| ${r.size} | ${l.method} | ${l.seconds.toFixed(1)} | ${f2(l.loadAverage[0])} → ${f2(l.loadAverage[1])} | ${phases} | ${r.sameGraph === null ? '–' : r.sameGraph ? `yes (${l.lines} lines)` : `**no** (${l.lines} lines)`} |`);
    }
  }
  return out.join('\n');
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const ms = (n: number) => (!Number.isFinite(n) ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(1));
/** A side's CPU per request as server·Neo4j·client = total (ms; "–" for a part not measured, e.g. the raw floor's server). */
const cpuParts = (side: SideResult) =>
  `${ms(side.cpuMsPerRequest ?? NaN)}·${ms(side.neo4jCpuMsPerRequest ?? NaN)}·${ms(side.clientCpuMsPerRequest)} = ${ms(side.totalCpuMsPerRequest ?? NaN)}`;
/** A figure of results.json: rounded, or null when not measured. */
const round3 = (n: number | null) => (n === null || !Number.isFinite(n) ? null : Number(n.toFixed(3)));
const round2 = (n: number | null) => (n === null || !Number.isFinite(n) ? null : Number(n.toFixed(2)));

function renderReport(results: SizeResult[], date: string): string {
  const m = machine(results) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const out: string[] = ['## Measured (generated by `npm run bench`)', ''];
  out.push('| Fact | Value |', '| --- | --- |');
  out.push(`| Date | ${date} |`, `| CPU | ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB |`, `| OS / Node / Java | ${m.os} / ${m.node} / ${m.java} |`);
  out.push(`| Neo4j | ${m.neo4j} |`, `| Peer | ${m.peer} |`);
  out.push(`| Load average (1 min) during the measurements | min ${f2(m.loadAverage1m.min)}, mean ${f2(m.loadAverage1m.mean)}, max ${f2(m.loadAverage1m.max)} |`);
  out.push(`| Settings | ${rounds} rounds × ${durationS} s per side, ${warmupS} s warm-up per side, ${connections} requests in flight, seed ${SEED} |`, '');
  out.push('### Corpus and load time', '', '| Articles | Authors | Topics | Relationships | Load (project loader, incl. index catch-up) | Read indexes built after |', '| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    out.push(`| ${r.size} | ${r.counts['authors']} | ${r.counts['topics']} | ${r.counts['relationships']} | ${r.loadSeconds.toFixed(1)} s${r.loadReused ? ' (earlier run)' : ''} | ${r.readIndexSeconds.toFixed(1)} s |`);
  }
  if (results.some((r) => r.loads.length > 0)) out.push('', renderLoads(results, date));
  out.push('', '### Inputs', '', '| Articles | Topics | Authors | Most popular topic |', '| ---: | --- | --- | --- |');
  for (const r of results) out.push(`| ${r.size} | ${r.inputs['topics']} | ${r.inputs['authors']} | ${r.inputs['topTopic']} |`);
  out.push('', '### Operations', '', '| Operation | This API | @neo4j/graphql |', '| --- | --- | --- |');
  for (const op of operations) {
    out.push(`| **${op.id}**: ${op.title} | \`${op.project.query.replace(/\s+/g, ' ').replace(/\|/g, '\\|')}\` | ${op.peerSide ? `\`${op.peerSide.query.replace(/\s+/g, ' ').replace(/\|/g, '\\|')}\`` : '– (API against the raw floor only)'} |`);
  }
  out.push(
    '',
    'CPU per request, read over exactly the timed rounds of each side: the server process (its own count), the Neo4j JVM (the kernel\'s count, local Neo4j only) and the benchmark process that generates the load (for the raw floor also its driver, the floor having no server). ' +
      'With every core busy, throughput goes as 1 ÷ the sum of the three, so "predicted" is the other side\'s total ÷ the API\'s total, and "if the API cost nothing" is the other side\'s total ÷ (the API side\'s Neo4j + client): the most the ratio can reach by work on the API process alone. ' +
      '"Neo4j CPU ms/s idle" is what Neo4j spent per second with nothing sent, just before the rounds: background work the rounds spread over their requests, more of it per request on the slower side. ' +
      'Other load on the machine takes CPU from both sides alike and shows in none of these figures.',
  );
  for (const r of results) {
    out.push('', `### ${r.size} articles`, '');
    out.push('| Operation | API req/s | peer req/s | API / peer | raw req/s | API / raw | API p50 / p99 ms | peer p50 / p99 ms | server CPU ms per request (API / peer) | CPU ms/request server·Neo4j·client = total (API / peer / raw) | API / peer predicted by CPU · if the API cost nothing | API / raw predicted by CPU · if the API cost nothing | Neo4j CPU ms/s idle | statements per request (API / peer) | API / peer per round | PROFILE db hits (API statement) | errors (API/peer/raw) |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |');
    for (const o of r.ops) {
      const perRound = o.peer ? o.project.rounds.map((rps, i) => f2(rps / o.peer!.rounds[i]!)).join(', ') : '–';
      const model = (other: SideResult) => {
        const { predicted, ifApiCostNothing } = cpuModel(o.project, other);
        return `${f2(predicted ?? NaN)}× · ${f2(ifApiCostNothing ?? NaN)}×`;
      };
      out.push(
        `| ${o.op} | ${f0(o.project.rps)} | ${o.peer ? f0(o.peer.rps) : '–'} | ${o.peer ? `${f2(o.project.rps / o.peer.rps)}×` : '–'} | ${f0(o.raw.rps)} | ${f0((o.project.rps / o.raw.rps) * 100)} % | ${ms(o.project.p50)} / ${ms(o.project.p99)} | ${o.peer ? `${ms(o.peer.p50)} / ${ms(o.peer.p99)}` : '–'} | ${ms(o.project.cpuMsPerRequest ?? NaN)} / ${o.peer ? ms(o.peer.cpuMsPerRequest ?? NaN) : '–'} | ${cpuParts(o.project)} / ${o.peer ? cpuParts(o.peer) : '–'} / ${cpuParts(o.raw)} | ${o.peer ? model(o.peer) : '–'} | ${model(o.raw)} | ${f0(o.neo4jIdleCpuMsPerSecond ?? NaN)} | ${o.projectStatements} / ${o.peerStatements ?? '–'} | ${perRound} | ${o.profileDbHits ?? '–'} | ${o.project.errors}/${o.peer?.errors ?? '–'}/${o.raw.errors} |`,
      );
    }
  }
  const top = results.map((r) => ({ size: r.size, op: r.ops.find((o) => o.op === 'topTopicPage') })).filter((x) => x.op);
  if (top.length > 1) {
    const first = top[0]!;
    out.push('', `### The most popular topic's first page, against its page at ${first.size} articles`, '', '| Articles | API p50 ms | ratio to the smallest | raw p50 ms | ratio | PROFILE db hits |', '| ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const t of top) {
      out.push(`| ${t.size} | ${ms(t.op!.project.p50)} | ${f2(t.op!.project.p50 / first.op!.project.p50)}× | ${ms(t.op!.raw.p50)} | ${f2(t.op!.raw.p50 / first.op!.raw.p50)}× | ${t.op!.profileDbHits ?? '–'} |`);
    }
  }
  return out.join('\n');
}

const LOADS_BEGIN = '<!-- BEGIN GENERATED LOADS (bench/run.ts --load-only) -->';
const LOADS_END = '<!-- END GENERATED LOADS -->';

/** Replaces (or appends) one generated section of RESULTS.md. */
function writeSection(begin: string, endMarker: string, generated: string): void {
  const existing = existsSync(RESULTS_MD) ? readFileSync(RESULTS_MD, 'utf8') : '';
  const from = existing.indexOf(begin);
  const to = existing.indexOf(endMarker);
  const text =
    from >= 0 && to > from
      ? `${existing.slice(0, from)}${begin}\n${generated}\n${endMarker}${existing.slice(to + endMarker.length)}`
      : `${existing.trimEnd() || '# Benchmark results'}\n\n${begin}\n${generated}\n${endMarker}\n`;
  writeFileSync(RESULTS_MD, text);
}

async function main(): Promise<void> {
  mkdirSync(CORPUS_DIR, { recursive: true });
  const reference = await loadReferenceData();
  const results: SizeResult[] = [];
  for (const size of sizes) {
    results.push(await runSize(size, reference));
    writeFileSync(path.join(CORPUS_DIR, 'run.json'), JSON.stringify(results, null, 2));
  }
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  if (flags['load-only']) {
    const table = renderLoads(results, date);
    if (!flags['no-write']) {
      writeSection(LOADS_BEGIN, LOADS_END, table);
      const others = existsSync(RESULTS_JSON) ? (JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as Record<string, unknown>) : {};
      writeFileSync(RESULTS_JSON, `${JSON.stringify({ ...others, load: loadEntries(results), loadDate: date, loadMachine: machineFacts() }, null, 2)}\n`);
    }
    console.log(table);
    return;
  }
  const report = renderReport(results, date);
  if (!flags['no-write']) {
    writeSection(BEGIN, END, report);
    // Other benchmarks keep their own keys in the same file (import: bench/import.ts): keep them.
    const others = existsSync(RESULTS_JSON) ? (JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as Record<string, unknown>) : {};
    writeFileSync(RESULTS_JSON, `${JSON.stringify({ ...others, ...resultsJson(results, date) }, null, 2)}\n`);
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
