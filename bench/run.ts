/**
 * `npm run bench -- [--sizes 1000,10000,100000] [--duration 10] [--connections 8] [--warmup 2] [--seed 42]`
 *
 * For each corpus size: a fresh graph (its own local Neo4j in bench/corpus/, or a wiped NEO4J_URI),
 * load the synthetic corpus (timed), start the API in a child process, check that both sides give
 * the same answers, then per operation measure the GraphQL API over HTTP (autocannon) and the same
 * Cypher through neo4j-driver (same concurrency, same duration). Writes the generated section of
 * bench/RESULTS.md (text outside the markers is kept) and the raw numbers to bench/corpus/.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { SingleBar, Presets } from 'cli-progress';
import neo4j, { type Driver } from 'neo4j-driver';
import { createDatabase } from '../src/db/createDatabase.ts';
import type { Database } from '../src/db/Database.ts';
import { STATS } from '../src/db/entityQueries.ts';
import { ensureSchema, loadArticles, loadVocabulary, DEFAULT_BATCH_SIZE } from '../seed/load/loadGraph.ts';
import { loadReferenceData } from '../seed/normalize/loadReferenceData.ts';
import type { NormalizedArticle } from '../seed/model.ts';
import { startLocalNeo4j, type LocalNeo4j } from '../neo4j-local/index.ts';
import { corpusShape, generateCorpus, titleWords, TITLE_WORD_COUNT } from './generateCorpus.ts';
import * as operationsModule from './operations.ts';
import { cypherFingerprint, OPERATIONS, rawRead, type Operation } from './operations.ts';
import { profileOperations, type ProfileRow } from './profile.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const CORPUS_DIR = path.join(BENCH_DIR, 'corpus');
const RESULTS_FILE = path.join(BENCH_DIR, 'RESULTS.md');
const BEGIN = '<!-- BEGIN GENERATED (bench/run.ts) -->';
const END = '<!-- END GENERATED -->';
const INPUTS_PER_OP = 50;

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    seed: { type: 'string', default: '42' },
    ops: { type: 'string' },
    heap: { type: 'string', default: '1g' },
    pagecache: { type: 'string', default: '512m' },
    'batch-size': { type: 'string', default: String(DEFAULT_BATCH_SIZE) },
    'no-write': { type: 'boolean', default: false },
  },
});
const sizes = args.sizes!.split(',').map((s) => Number(s.trim()));
const durationS = Number(args.duration);
const connections = Number(args.connections);
const warmupS = Number(args.warmup);
const seed = Number(args.seed);
const batchSize = Number(args['batch-size']);
const operations = args.ops ? OPERATIONS.filter((op) => args.ops!.split(',').includes(op.id)) : OPERATIONS;

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

/* ------------------------------------------------------------------ measurement */

export interface Measurement {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

function summarize(latencies: number[], elapsedMs: number, errors: number): Measurement {
  const sorted = latencies.slice().sort((a, b) => a - b);
  return { requests: sorted.length, rps: sorted.length / (elapsedMs / 1000), p50: percentile(sorted, 50), p99: percentile(sorted, 99), errors };
}

/** `connections` concurrent loops, each running the next input (global round-robin) until the deadline. */
async function rawLoad(driver: Driver, op: Operation, inputs: readonly string[], seconds: number): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const input = inputs[next++ % inputs.length]!;
      const t0 = performance.now();
      try {
        await op.raw(driver, input);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors += 1;
        if (errors === 1) log(`raw ${op.id} error: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return summarize(latencies, performance.now() - start, errors);
}

/** autocannon against POST /graphql; bodies round-robin over the inputs through one global counter. */
async function httpLoad(port: number, op: Operation, inputs: readonly string[], seconds: number): Promise<Measurement> {
  const bodies = inputs.map((input) => JSON.stringify({ query: op.graphql, variables: op.variables(input) }));
  let next = 0;
  let graphqlErrors = 0;
  const latencies: number[] = [];
  let non2xx = 0;
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
          if (status === 200 && body.includes('"errors"')) graphqlErrors += 1;
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    else non2xx += 1;
  });
  const result = await instance;
  const elapsed = performance.now() - start;
  return summarize(latencies, elapsed, non2xx + graphqlErrors + result.errors + result.timeouts);
}

async function postGraphql(port: number, op: Operation, input: string): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: op.graphql, variables: op.variables(input) }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

/* ------------------------------------------------------------------ API child process */

interface ApiProcess {
  port: number;
  roundTrips(): Promise<number>;
  stop(): Promise<void>;
}

async function startApi(target: { uri: string; user: string; password: string }): Promise<ApiProcess> {
  const child: ChildProcess = fork(path.join(BENCH_DIR, 'apiServer.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_NEO4J_URI: target.uri, BENCH_NEO4J_USER: target.user, BENCH_NEO4J_PASSWORD: target.password, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`API process exited (${code})`)));
    child.on('message', (message: { type: string; port?: number; fingerprint?: string }) => {
      if (message.type !== 'listening') return;
      // The API process loads src/ now; this process loaded it at start: src/ may have changed in between.
      if (message.fingerprint !== cypherFingerprint()) {
        child.kill('SIGKILL');
        reject(new Error(`the API's Cypher changed since this run started (fingerprint ${message.fingerprint} vs ${cypherFingerprint()}): restart the bench`));
      } else resolve(message.port!);
    });
  });
  return {
    port,
    roundTrips: () =>
      new Promise<number>((resolve) => {
        const onMessage = (message: { type: string; count?: number }) => {
          if (message.type === 'roundTrips') {
            child.off('message', onMessage);
            resolve(message.count!);
          }
        };
        child.on('message', onMessage);
        child.send({ type: 'roundTrips' });
      }),
    stop: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/* ------------------------------------------------------------------ inputs */

export interface Inputs {
  topic: string[];
  author: string[];
  search: string[];
  prefix: string[];
  /** How many articles each picked topic / author has (min, median, max). */
  topicArticles: [number, number, number];
  authorArticles: [number, number, number];
  topTopic: { name: string; articles: number };
  topAuthor: { name: string; articles: number };
  topicRanks: [number, number];
  authorRanks: [number, number];
}

/** Popularity ranks from 1 % to 25 % of the used entities (rank 1 = most articles), evenly spaced. */
function pickRanked(counts: Map<string, number>): { picked: string[]; counts: number[]; ranks: [number, number]; top: [string, number] } {
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const lo = Math.max(1, Math.floor(ranked.length * 0.01));
  const hi = Math.max(lo + INPUTS_PER_OP - 1, Math.floor(ranked.length * 0.25));
  const picked: string[] = [];
  const pickedCounts: number[] = [];
  for (let i = 0; i < INPUTS_PER_OP; i += 1) {
    const rank = lo + Math.round((i * (hi - lo)) / (INPUTS_PER_OP - 1));
    const entry = ranked[Math.min(rank, ranked.length - 1)]!;
    picked.push(entry[0]);
    pickedCounts.push(entry[1]);
  }
  return { picked, counts: pickedCounts, ranks: [lo + 1, hi + 1], top: ranked[0]! };
}

function minMedianMax(values: number[]): [number, number, number] {
  const sorted = values.slice().sort((a, b) => a - b);
  return [sorted[0]!, sorted[Math.floor(sorted.length / 2)]!, sorted[sorted.length - 1]!];
}

function chooseInputs(corpus: readonly NormalizedArticle[]): Inputs {
  const topicCounts = new Map<string, number>();
  const authorCounts = new Map<string, number>();
  for (const article of corpus) {
    for (const topic of article.topics) topicCounts.set(topic.name, (topicCounts.get(topic.name) ?? 0) + 1);
    for (const w of article.authorships) {
      const id = `Author:${w.author.key}`;
      authorCounts.set(id, (authorCounts.get(id) ?? 0) + 1);
    }
  }
  const topics = pickRanked(topicCounts);
  const authors = pickRanked(authorCounts);
  // Search and autocomplete inputs are the same at every size: title words at fixed frequency ranks.
  const words = titleWords(TITLE_WORD_COUNT);
  const search: string[] = [];
  for (let i = 0; i < INPUTS_PER_OP; i += 1) {
    const a = words[20 + i * 10]!;
    search.push(i % 2 === 0 ? a : `${a} ${words[25 + i * 10]!}`);
  }
  const realPrefixes = ['bronch', 'exos', 'mesench', 'retinop', 'enteroc', 'premat', 'stem c', 'brain inj', 'newb', 'extracell'];
  const prefix = [...realPrefixes, ...Array.from({ length: INPUTS_PER_OP - realPrefixes.length }, (_, i) => words[30 + i * 13]!.slice(0, 4 + (i % 2)))];
  return {
    topic: topics.picked,
    author: authors.picked,
    search,
    prefix,
    topicArticles: minMedianMax(topics.counts),
    authorArticles: minMedianMax(authors.counts),
    topTopic: { name: topics.top[0], articles: topics.top[1] },
    topAuthor: { name: authors.top[0], articles: authors.top[1] },
    topicRanks: topics.ranks,
    authorRanks: authors.ranks,
  };
}

/* ------------------------------------------------------------------ one corpus size */

export interface OpResult {
  op: string;
  graphql: Measurement;
  raw: Measurement;
  graphqlRoundTrips: number;
  rawRoundTrips: number;
  mismatches: number;
  mismatchExample?: string;
}

export interface SizeResult {
  size: number;
  counts: Record<string, number>;
  generateMs: number;
  loadMs: number;
  inputs: Omit<Inputs, 'topic' | 'author' | 'search' | 'prefix'> & { sample: Record<string, string[]> };
  ops: OpResult[];
  profile: ProfileRow[];
}

async function wipe(driver: Driver): Promise<void> {
  const session = driver.session();
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
  } finally {
    await session.close();
  }
}

async function runSize(size: number, reference: Awaited<ReturnType<typeof loadReferenceData>>): Promise<SizeResult> {
  log(`=== ${size} articles ===`);
  let local: LocalNeo4j | null = null;
  let target: { uri: string; user: string; password: string };
  if (process.env['NEO4J_URI']) {
    target = { uri: process.env['NEO4J_URI'], user: process.env['NEO4J_USER'] ?? 'neo4j', password: process.env['NEO4J_PASSWORD'] ?? '' };
  } else {
    const dataDir = path.join(CORPUS_DIR, `neo4j-${size}`);
    rmSync(dataDir, { recursive: true, force: true });
    local = await startLocalNeo4j({ dataDir, ephemeral: true, heap: args.heap, pageCache: args.pagecache, log: (line) => log(`[neo4j] ${line}`) });
    target = { uri: local.uri, user: local.user, password: local.password };
  }
  const db: Database = createDatabase({ uri: target.uri, auth: neo4j.auth.basic(target.user, target.password), queryTimeoutMs: 120_000 });
  let api: ApiProcess | null = null;
  try {
    if (!local) {
      log('NEO4J_URI set: wiping the graph');
      await wipe(db.driver);
    }
    await ensureSchema(db);
    await loadVocabulary(db, reference.vocabulary);

    const g0 = performance.now();
    const corpus = generateCorpus({ articles: size, seed, realTopics: reference.vocabulary.topics });
    const generateMs = performance.now() - g0;
    const inputs = chooseInputs(corpus);

    const bar = new SingleBar({ format: `loading {bar} {value}/{total} articles | {eta_formatted} left`, stream: process.stderr, etaBuffer: 20 }, Presets.shades_classic);
    bar.start(corpus.length, 0);
    const l0 = performance.now();
    await loadArticles(db, corpus, { batchSize, onProgress: (written) => bar.update(written) });
    await db.write('CALL db.awaitIndexes(600)');
    const loadMs = performance.now() - l0;
    bar.stop();
    log(`loaded ${size} articles in ${(loadMs / 1000).toFixed(1)} s`);
    const [stats] = await db.read<Record<string, number>>(STATS);

    api = await startApi(target);
    const inputFor = (op: Operation) => inputs[op.input];

    // Check both sides answer alike, and count the API's round trips per request.
    const checks = new Map<string, { roundTrips: number; rawRoundTrips: number; mismatches: number; example?: string }>();
    await api.roundTrips();
    for (const op of operations) {
      let mismatches = 0;
      let example: string | undefined;
      const rawBefore = operationsModule.rawRoundTrips;
      for (const input of inputFor(op)) {
        const response = await postGraphql(api.port, op, input);
        if (response.errors || !response.data) throw new Error(`${op.id}(${input}): GraphQL errors ${JSON.stringify(response.errors).slice(0, 500)}`);
        const viaApi = op.graphqlSignature(response.data);
        const viaRaw = await op.raw(db.driver, input);
        if (viaApi !== viaRaw) {
          mismatches += 1;
          example ??= `${input}: graphql ${viaApi} / raw ${viaRaw}`;
        }
      }
      const roundTrips = (await api.roundTrips()) / inputFor(op).length;
      const rawRoundTrips = (operationsModule.rawRoundTrips - rawBefore) / inputFor(op).length;
      checks.set(op.id, { roundTrips, rawRoundTrips, mismatches, example });
      log(`${op.id}: ${roundTrips} round trips per GraphQL request, ${rawRoundTrips} raw, ${mismatches} answer mismatches${example ? ` (e.g. ${example})` : ''}`);
      if (roundTrips !== rawRoundTrips) throw new Error(`${op.id}: the API makes ${roundTrips} round trips per request, the raw side ${rawRoundTrips}: bench/operations.ts no longer mirrors the API`);
    }

    const ops: OpResult[] = [];
    for (const op of operations) {
      const list = inputFor(op);
      if (warmupS > 0) {
        await httpLoad(api.port, op, list, warmupS);
        await rawLoad(db.driver, op, list, warmupS);
      }
      const graphql = await httpLoad(api.port, op, list, durationS);
      const raw = await rawLoad(db.driver, op, list, durationS);
      const check = checks.get(op.id)!;
      ops.push({ op: op.id, graphql, raw, graphqlRoundTrips: check.roundTrips, rawRoundTrips: check.rawRoundTrips, mismatches: check.mismatches, mismatchExample: check.example });
      log(
        `${op.id}: GraphQL p50 ${graphql.p50.toFixed(2)} p99 ${graphql.p99.toFixed(2)} ms ${graphql.rps.toFixed(0)} req/s | raw p50 ${raw.p50.toFixed(2)} p99 ${raw.p99.toFixed(2)} ms ${raw.rps.toFixed(0)} req/s | ratio ${(graphql.rps / raw.rps).toFixed(2)}`,
      );
    }

    const profile = await profileOperations(db.driver, operations, inputs);

    return {
      size,
      counts: { ...(stats ?? {}) },
      generateMs,
      loadMs,
      inputs: {
        topicArticles: inputs.topicArticles,
        authorArticles: inputs.authorArticles,
        topTopic: inputs.topTopic,
        topAuthor: inputs.topAuthor,
        topicRanks: inputs.topicRanks,
        authorRanks: inputs.authorRanks,
        sample: { topic: inputs.topic.slice(0, 3), author: inputs.author.slice(0, 3), search: inputs.search.slice(0, 3), prefix: inputs.prefix.slice(0, 3) },
      },
      ops,
      profile,
    };
  } finally {
    await api?.stop();
    await db.driver.close();
    await local?.stop();
  }
}

/* ------------------------------------------------------------------ report */

function sh(command: string, argv: string[]): string {
  // `java -version` prints to stderr, so both streams are read.
  const result = spawnSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
}

function machineFacts(neo4jVersion: string): Array<[string, string]> {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const java = sh('java', ['-version']).split('\n')[0] ?? 'unknown';
  return [
    ['Date', new Date().toISOString().replace(/\.\d+Z$/, 'Z')],
    ['nproc', sh('nproc', []) || String(os.availableParallelism())],
    ['Memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['CPU', model],
    ['OS', `${os.type()} ${os.release()} ${os.arch()}`],
    ['Node', process.version],
    ['Java', java],
    ['Neo4j', neo4jVersion],
    ['Neo4j memory', process.env['NEO4J_URI'] ? 'external (NEO4J_URI)' : `heap ${args.heap}, page cache ${args.pagecache} (local embedded Community, one per size)`],
    ['Load', `${connections} concurrent requests per side, ${durationS} s measured per operation per side after ${warmupS} s warm-up per side; seed ${seed}; loader batch size ${batchSize}`],
  ];
}

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

function renderReport(results: SizeResult[], facts: Array<[string, string]>): string {
  const out: string[] = [];
  out.push('## Measured (generated by `npm run bench`)', '');
  out.push('| Fact | Value |', '| --- | --- |', ...facts.map(([k, v]) => `| ${k} | ${v} |`), '');
  out.push(
    'The load generator, the API process and Neo4j all run on the same machine and share its cores: every number below includes that contention. Compare ratios measured in the same run, not absolute numbers across runs.',
    '',
  );

  out.push('### Corpus and load time', '');
  out.push('| Articles | Authors | Topics | Journals | Institutions | Relationships | Generate | Load (incl. index catch-up) | Articles/s |');
  out.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const c = r.counts;
    out.push(
      `| ${r.size} | ${c['authors']} | ${c['topics']} | ${c['journals']} | ${c['institutions']} | ${c['relationships']} | ${f(r.generateMs / 1000, 1)} s | ${f(r.loadMs / 1000, 1)} s | ${f(r.size / (r.loadMs / 1000), 0)} |`,
    );
  }
  out.push('');

  out.push('### Inputs', '');
  out.push(
    `Each operation cycles round-robin (one global counter per side, so both sides send the same sequence) over ${INPUTS_PER_OP} inputs. Topics and authors are picked from the generated corpus by article count: ${INPUTS_PER_OP} evenly spaced popularity ranks from the top 1 % to the top 25 % of the topics (authors) that have articles — mid-to-high popularity, the very top excluded. Search inputs are fixed title pseudo-words at frequency ranks 21–511 (every other input two words); autocomplete inputs are 10 prefixes of the real vocabulary topics plus 40 four/five-letter prefixes of title pseudo-words. The same search/prefix inputs are used at every size.`,
    '',
  );
  out.push('| Articles | Topic ranks | Articles per picked topic (min/median/max) | Top topic (excluded) | Author ranks | Articles per picked author (min/median/max) | Top author (excluded) |');
  out.push('| ---: | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    const i = r.inputs;
    out.push(
      `| ${r.size} | ${i.topicRanks.join('–')} | ${i.topicArticles.join(' / ')} | ${i.topTopic.name} (${i.topTopic.articles}) | ${i.authorRanks.join('–')} | ${i.authorArticles.join(' / ')} | ${i.topAuthor.name.replace(/^Author:/, '')} (${i.topAuthor.articles}) |`,
    );
  }
  out.push('');

  out.push('### Operations and their pairing', '');
  out.push('| Operation | GraphQL request (POST /graphql, variable `$input`) | Raw-driver floor: the same Cypher constants, in this order, each in its own `session.executeRead` |');
  out.push('| --- | --- | --- |');
  for (const op of operations) out.push(`| **${op.id}**: ${op.title} | \`${op.graphql.replace(/\|/g, '\\|')}\` | ${op.rawPairing} |`);
  out.push('');

  for (const r of results) {
    out.push(`### ${r.size} articles`, '');
    out.push('| Operation | GraphQL p50 ms | GraphQL p99 ms | GraphQL req/s | Raw p50 ms | Raw p99 ms | Raw req/s | GraphQL/raw throughput | Round trips per request (GraphQL/raw) | Errors (GraphQL/raw) | Answer mismatches |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const o of r.ops) {
      out.push(
        `| ${o.op} | ${ms(o.graphql.p50)} | ${ms(o.graphql.p99)} | ${f(o.graphql.rps, 0)} | ${ms(o.raw.p50)} | ${ms(o.raw.p99)} | ${f(o.raw.rps, 0)} | ${f((o.graphql.rps / o.raw.rps) * 100, 0)} % | ${f(o.graphqlRoundTrips, 2)}/${f(o.rawRoundTrips, 2)} | ${o.graphql.errors}/${o.raw.errors} | ${o.mismatches}${o.mismatchExample ? ` (${o.mismatchExample})` : ''} |`,
      );
    }
    out.push('');
  }

  const smallest = results[0];
  const largest = results[results.length - 1];
  if (smallest && largest && smallest !== largest) {
    out.push(`### Goal 1: index-backed lookups at ${largest.size} articles within 2× of their p50 at ${smallest.size}`, '');
    out.push(`| Operation | GraphQL p50 @${smallest.size} | GraphQL p50 @${largest.size} | Ratio | Raw p50 @${smallest.size} | Raw p50 @${largest.size} | Ratio | Goal (≤ 2×, GraphQL) |`);
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const op of operations) {
      const a = smallest.ops.find((o) => o.op === op.id);
      const b = largest.ops.find((o) => o.op === op.id);
      if (!a || !b) continue;
      const ratio = b.graphql.p50 / a.graphql.p50;
      const rawRatio = b.raw.p50 / a.raw.p50;
      out.push(
        `| ${op.id}${op.indexBacked ? '' : ' (not in goal)'} | ${ms(a.graphql.p50)} | ${ms(b.graphql.p50)} | ${f(ratio, 2)}× | ${ms(a.raw.p50)} | ${ms(b.raw.p50)} | ${f(rawRatio, 2)}× | ${op.indexBacked ? (ratio <= 2 ? 'met' : '**missed**') : '–'} |`,
      );
    }
    out.push('');
  }

  out.push('### Goal 2: GraphQL throughput ≥ 70 % of the raw driver on the same operation', '');
  out.push(`| Operation | ${results.map((r) => `${r.size}`).join(' | ')} |`);
  out.push(`| --- | ${results.map(() => '---:').join(' | ')} |`);
  for (const op of operations) {
    const cells = results.map((r) => {
      const o = r.ops.find((x) => x.op === op.id);
      if (!o) return '–';
      const ratio = o.graphql.rps / o.raw.rps;
      return `${f(ratio * 100, 0)} %${ratio >= 0.7 ? '' : ' **missed**'}`;
    });
    out.push(`| ${op.id} | ${cells.join(' | ')} |`);
  }
  out.push('');

  const profiled = results.filter((r) => r.profile.length > 0);
  if (profiled.length > 0) {
    out.push('### PROFILE of the main query (median-popularity input, after the load runs)', '');
    out.push('Total database hits and rows of the operation\'s heaviest query, run once with `PROFILE` through the driver.', '');
    out.push(`| Query | ${profiled.map((r) => `db hits @${r.size}`).join(' | ')} | ${profiled.map((r) => `rows @${r.size}`).join(' | ')} |`);
    out.push(`| --- | ${profiled.map(() => '---:').join(' | ')} | ${profiled.map(() => '---:').join(' | ')} |`);
    const names = [...new Set(profiled.flatMap((r) => r.profile.map((p) => p.query)))];
    for (const name of names) {
      const hits = profiled.map((r) => String(r.profile.find((p) => p.query === name)?.dbHits ?? '–'));
      const rows = profiled.map((r) => String(r.profile.find((p) => p.query === name)?.rows ?? '–'));
      out.push(`| ${name} | ${hits.join(' | ')} | ${rows.join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

function writeResults(generated: string): void {
  const existing = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : '';
  const begin = existing.indexOf(BEGIN);
  const end = existing.indexOf(END);
  let text: string;
  if (begin >= 0 && end > begin) {
    text = `${existing.slice(0, begin)}${BEGIN}\n${generated}\n${END}${existing.slice(end + END.length)}`;
  } else {
    const head = existing.trim() === '' ? '# Benchmark results\n\n(Interpretation: write it here, above the generated section.)\n\n' : `${existing.trimEnd()}\n\n`;
    text = `${head}${BEGIN}\n${generated}\n${END}\n`;
  }
  writeFileSync(RESULTS_FILE, text);
}

/* ------------------------------------------------------------------ main */

async function neo4jVersionOf(results: { uri: string; user: string; password: string } | null): Promise<string> {
  if (!results) return 'unknown';
  const driver = neo4j.driver(results.uri, neo4j.auth.basic(results.user, results.password));
  try {
    const result = await rawRead(driver, 'CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition', {});
    const row = result.records[0];
    return row ? `${row.get('name')} ${row.get('version')} ${row.get('edition')}` : 'unknown';
  } finally {
    await driver.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(CORPUS_DIR, { recursive: true });
  const reference = await loadReferenceData();
  const results: SizeResult[] = [];
  let version = 'unknown';
  for (const size of sizes) {
    log(`corpus shape for ${size}: ${JSON.stringify(corpusShape(size))}`);
    const result = await runSize(size, reference);
    results.push(result);
    writeFileSync(path.join(CORPUS_DIR, 'results.json'), JSON.stringify(results, null, 2));
  }
  // The version is read from a short-lived Neo4j (or NEO4J_URI) so the report states it exactly.
  if (process.env['NEO4J_URI']) {
    version = await neo4jVersionOf({ uri: process.env['NEO4J_URI'], user: process.env['NEO4J_USER'] ?? 'neo4j', password: process.env['NEO4J_PASSWORD'] ?? '' });
  } else {
    const dataDir = path.join(CORPUS_DIR, 'neo4j-version');
    const local = await startLocalNeo4j({ dataDir, ephemeral: true, log: () => {} });
    try {
      version = await neo4jVersionOf(local);
    } finally {
      await local.stop();
    }
  }
  const report = renderReport(results, machineFacts(version));
  if (!args['no-write']) writeResults(report);
  console.log(report);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

