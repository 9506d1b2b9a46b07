/**
 * `npm run bench:soak -- [--minutes 10 | --seconds 60] [--connections 50] [--size 10000] [--seed 42] [--hostile-every 10] [--no-write]`
 *
 * A long run of realistic traffic against the service as `npm start` runs it: a synthetic corpus
 * in its own local Neo4j, the API in its own Node process (`src/index.ts`, pointed at that Neo4j),
 * and `connections` clients sending a mix of article pages by DOI, topic pages, search,
 * autocomplete, neighbourhoods, export downloads (`/export/...`), facets and two kinds of bad
 * request. Reports, per operation, requests, unexpected answers and p50/p99 latency, and the RSS of
 * the API and of Neo4j at the start, middle and end. Not part of `npm test`: it takes minutes.
 *
 * `--hostile-every N`: besides the traffic, one hostile import every N seconds with a write token,
 * cycling through: doubling @string macros (uploaded to importRecords as a dry run, and to
 * startImport to be written, followed to its end), 20,000 @string lines (as JSON content), a file
 * slower to parse than IMPORT_FILE_TIME_MS (set to 5 s for the run), nine large files in one
 * request, and twenty large imports queued at once (UPLOAD_MAX_BYTES 2 MB, IMPORT_QUEUE_MAX_BYTES
 * 4 MB for the run). Each must be refused or bounded by name; the reads, and /health/live polled
 * every 200 ms, must keep answering without errors meanwhile.
 *
 * Writes bench/results/soak.json (soak-hostile.json with --hostile-every), a `soak`
 * entry in bench/results.json and its section of bench/RESULTS.generated.md (not with --no-write),
 * and prints the tables.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import neo4j from 'neo4j-driver';
import { createDatabase } from '../src/db/index.ts';
import { loadArticles, loadVocabulary, loadReferenceData } from '../src/ingest/index.ts';
import { ensureSchema } from '../src/graph/index.ts';
import {
  benchCorpus,
  BENCH_DIR,
  logger,
  machineFacts,
  startBenchNeo4j,
  writeGeneratedSection,
  writeResultsJson,
} from './harness/index.ts';
import { doublingBib, largeRis, manyStringsBib, slowBib } from './hostileFiles.ts';
import { randomBytes } from 'node:crypto';

const ROOT = path.resolve(BENCH_DIR, '..');
const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    seconds: { type: 'string' },
    'hostile-every': { type: 'string', default: '0' },
    connections: { type: 'string', default: '50' },
    size: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '42' },
    'no-write': { type: 'boolean', default: false },
  },
});
const durationMs = args.seconds !== undefined ? Number(args.seconds) * 1000 : Number(args.minutes) * 60_000;
const hostileEveryMs = Number(args['hostile-every']) * 1000;
const write = !args['no-write'];
const loadAverageAtStart = os.loadavg().map((l) => Math.round(l * 10) / 10);
/** The per-file time budget of the API in hostile mode: the slow file exceeds it. */
const HOSTILE_FILE_TIME_MS = 5_000;
/** The upload and queue limits of the API in hostile mode: the large imports exceed them. */
const HOSTILE_UPLOAD_MAX_BYTES = 2 * 1024 * 1024;
const HOSTILE_QUEUE_MAX_BYTES = 4 * 1024 * 1024;
const writeToken = randomBytes(24).toString('hex');
const hostileText = {
  doubling: doublingBib(),
  manyStrings: manyStringsBib(),
  slow: slowBib(),
  large: Array.from({ length: 20 }, (_, i) => largeRis(`Soak${i}`)),
};

/** How a hostile import was answered: its HTTP status, the error code (or what the report said), and whether as expected. */
interface HostileAnswer {
  status: number;
  code: string;
  expected: boolean;
  example?: string;
}

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

const REPORT_FIELDS = 'records rejected written rejections { file line field reason }';
const IMPORT_RECORDS = `mutation($input: ImportInput!) { importRecords(input: $input) { ${REPORT_FIELDS} } }`;
const START_IMPORT = 'mutation($input: ImportInput!) { startImport(input: $input) { id status } }';
const IMPORT_STATUS = `query($id: ID!) { import(id: $id) { status error report { ${REPORT_FIELDS} } } }`;

async function answerOf(response: Response): Promise<{ status: number; body: GraphqlBody; text: string }> {
  const text = await response.text();
  let body: GraphqlBody = {};
  try {
    body = JSON.parse(text) as GraphqlBody;
  } catch {
    // Not JSON: reported as it came.
  }
  return { status: response.status, body, text };
}

/** A multipart request (the GraphQL multipart request spec) with a write token. */
async function uploadRequest(
  base: string,
  query: string,
  variables: Record<string, unknown>,
  files: Array<{ name: string; text: string; path: string }>,
) {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables }));
  form.append('map', JSON.stringify(Object.fromEntries(files.map((f, i) => [String(i), [f.path]]))));
  for (const [i, f] of files.entries()) form.append(String(i), new Blob([f.text]), f.name);
  return answerOf(
    await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${writeToken}`, 'apollo-require-preflight': 'true' },
      body: form,
    }),
  );
}

/** A JSON request (the file as `content`) with a write token. */
async function jsonRequest(base: string, query: string, variables: Record<string, unknown>) {
  return answerOf(
    await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${writeToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    }),
  );
}

type Report = { records: number; rejected: number; written: boolean; rejections: Array<{ reason: string }> };

/** Refused because the imports queued already hold IMPORT_QUEUE_MAX_BYTES: bounded, as due. */
const queueFull = (answer: { status: number; body: GraphqlBody }) =>
  answer.status === 503 && answer.body.errors?.[0]?.extensions?.code === 'IMPORT_QUEUE_FULL';

/** An import report's answer: refused by name when a rejection says `reason` and nothing was written. */
function reportAnswer(
  answer: { status: number; body: GraphqlBody; text: string },
  report: Report | null | undefined,
  reason: string,
): HostileAnswer {
  const code = answer.body.errors?.[0]?.extensions?.code ?? (report ? `rejected ${report.rejected}` : 'no report');
  const expected =
    queueFull(answer) ||
    (answer.status === 200 && !!report && !report.written && report.rejections.some((r) => r.reason.includes(reason)));
  return { status: answer.status, code, expected, ...(expected ? {} : { example: answer.text.slice(0, 300) }) };
}

/** A started import, followed until it ends (at most two minutes). */
async function followJob(base: string, id: string): Promise<{ status: string; report: Report | null } | null> {
  for (let waited = 0; waited < 120_000; waited += 1_000) {
    const answer = await jsonRequest(base, IMPORT_STATUS, { id });
    const job = answer.body.data?.['import'] as { status: string; report: Report | null } | null | undefined;
    if (job && (job.status === 'DONE' || job.status === 'FAILED')) return job;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return null;
}

/**
 * The hostile imports, in turn: every kind the service must refuse or bound without stalling,
 * through each way in (importRecords and startImport, upload and JSON content, dry run and not).
 */
const HOSTILE: ReadonlyArray<{ name: string; send(base: string): Promise<HostileAnswer> }> = [
  {
    name: 'doubling macros (upload, importRecords, dry run)',
    send: async (base) => {
      const answer = await uploadRequest(base, IMPORT_RECORDS, { input: { dryRun: true, file: null } }, [
        { name: 'doubling.bib', text: hostileText.doubling, path: 'variables.input.file' },
      ]);
      return reportAnswer(answer, answer.body.data?.['importRecords'] as Report, 'macro s5 would expand to 32,000');
    },
  },
  {
    name: '20,000 @string lines (JSON content, importRecords, dry run)',
    send: async (base) => {
      const answer = await jsonRequest(base, IMPORT_RECORDS, {
        input: { dryRun: true, format: 'BIBTEX', fileName: 'many-strings.bib', content: hostileText.manyStrings },
      });
      return reportAnswer(answer, answer.body.data?.['importRecords'] as Report, 'would expand to 30,010 characters');
    },
  },
  {
    name: 'file over the time budget (upload, importRecords, dry run)',
    send: async (base) => {
      const answer = await uploadRequest(base, IMPORT_RECORDS, { input: { dryRun: true, file: null } }, [
        { name: 'slow.bib', text: hostileText.slow, path: 'variables.input.file' },
      ]);
      const error = answer.body.errors?.[0];
      const expected =
        queueFull(answer) ||
        (answer.status === 422 &&
          error?.extensions?.code === 'IMPORT_BUDGET_EXCEEDED' &&
          error.message.includes('IMPORT_FILE_TIME_MS'));
      return {
        status: answer.status,
        code: error?.extensions?.code ?? 'no error',
        expected,
        ...(expected ? {} : { example: answer.text.slice(0, 300) }),
      };
    },
  },
  {
    name: 'nine large files in one request (upload)',
    send: async (base) => {
      const answer = await uploadRequest(
        base,
        IMPORT_RECORDS,
        { input: { dryRun: true, file: null } },
        hostileText.large.slice(0, 9).map((text, i) => ({ name: `big${i}.ris`, text, path: 'variables.input.file' })),
      );
      const code = answer.body.errors?.[0]?.extensions?.code ?? 'no error';
      const expected = answer.status === 400 && code === 'UNUSED_UPLOAD';
      return { status: answer.status, code, expected, ...(expected ? {} : { example: answer.text.slice(0, 300) }) };
    },
  },
  {
    name: 'doubling macros (upload, startImport, written)',
    send: async (base) => {
      const answer = await uploadRequest(base, START_IMPORT, { input: { dryRun: false, file: null } }, [
        { name: 'doubling-job.bib', text: hostileText.doubling, path: 'variables.input.file' },
      ]);
      const id = (answer.body.data?.['startImport'] as { id: string } | undefined)?.id;
      if (!id && queueFull(answer)) return { status: answer.status, code: 'IMPORT_QUEUE_FULL', expected: true };
      if (!id)
        return { status: answer.status, code: 'not started', expected: false, example: answer.text.slice(0, 300) };
      const job = await followJob(base, id);
      const report = job?.report;
      const expected =
        job?.status === 'DONE' &&
        !!report &&
        !report.written &&
        report.rejections.some((r) => r.reason.includes('macro s5 would expand to 32,000'));
      return {
        status: answer.status,
        code: `job ${job?.status ?? 'did not end'}${report ? `, rejected ${report.rejected}` : ''}`,
        expected,
        ...(expected ? {} : { example: JSON.stringify(job).slice(0, 300) }),
      };
    },
  },
  {
    name: 'twenty queued large imports (upload, startImport, dry run)',
    send: async (base) => {
      const answers = await Promise.all(
        hostileText.large.map((text, i) =>
          uploadRequest(base, START_IMPORT, { input: { dryRun: true, file: null } }, [
            { name: `queued${i}.ris`, text, path: 'variables.input.file' },
          ]),
        ),
      );
      const started = answers.filter((a) => a.status === 200 && a.body.data?.['startImport']).length;
      const full = answers.filter(
        (a) => a.status === 503 && a.body.errors?.[0]?.extensions?.code === 'IMPORT_QUEUE_FULL',
      ).length;
      const other = answers.find(
        (a) =>
          !(a.status === 200 && a.body.data?.['startImport']) &&
          a.body.errors?.[0]?.extensions?.code !== 'IMPORT_QUEUE_FULL',
      );
      const expected = started + full === answers.length && full > 0;
      return {
        status: other?.status ?? (full > 0 ? 503 : 200),
        code: `${started} started, ${full} IMPORT_QUEUE_FULL`,
        expected,
        ...(expected ? {} : { example: (other?.text ?? 'none refused').slice(0, 300) }),
      };
    },
  },
];

/** One hostile import of the cycle, timed; a transport failure is an answer too. */
async function sendHostile(base: string, index: number): Promise<HostileAnswer & { name: string; ms: number }> {
  const hostile = HOSTILE[index % HOSTILE.length]!;
  const t0 = performance.now();
  try {
    return { name: hostile.name, ...(await hostile.send(base)), ms: performance.now() - t0 };
  } catch (error) {
    return {
      name: hostile.name,
      status: 0,
      code: 'transport failure',
      expected: false,
      example: failureOf(error),
      ms: performance.now() - t0,
    };
  }
}
/** A transport failure in words, with its cause (fetch says only "fetch failed"). */
function failureOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `${(error as Error).message}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}`;
}

const connections = Number(args.connections);
const size = Number(args.size);
const log = logger('soak');

function rssMiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Inputs {
  dois: string[];
  topics: string[];
  topicIds: string[];
  authorIds: string[];
  words: string[];
}

/** One kind of request: how to send it and what a correct answer looks like. */
interface Operation {
  name: string;
  weight: number;
  send(base: string, pick: <T>(list: readonly T[]) => T, inputs: Inputs): Promise<Response>;
  /** True when the answer is the one this request should get (an error for the bad requests). */
  check(response: Response, body: string): boolean;
}

const graphql = (base: string, query: string, variables: Record<string, unknown>, accept = 'application/json') =>
  fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query, variables }),
  });
const okGraphql = (response: Response, body: string) =>
  response.status === 200 && !body.includes('"errors"') && body.includes('"data"');

const OPERATIONS: readonly Operation[] = [
  {
    name: 'article by DOI',
    weight: 20,
    send: (base, pick, inputs) =>
      graphql(
        base,
        'query($doi: String!) { article(doi: $doi) { title year journal { title } authorships { author { name } institutions { name } } topics { name } } }',
        { doi: pick(inputs.dois) },
      ),
    check: (r, b) => okGraphql(r, b) && !b.includes('"article":null'),
  },
  {
    name: 'topic page',
    weight: 15,
    send: (base, pick, inputs) =>
      graphql(
        base,
        'query($name: String!) { topic(name: $name) { name articles(first: 20) { totalCount edges { node { title year authorships { author { name } } } } } } }',
        { name: pick(inputs.topics) },
      ),
    check: okGraphql,
  },
  {
    name: 'search',
    weight: 15,
    send: (base, pick, inputs) =>
      graphql(base, 'query($q: String!) { search(query: $q, first: 20) { type label score } }', {
        q: `${pick(inputs.words)} ${pick(inputs.words)}`,
      }),
    check: okGraphql,
  },
  {
    name: 'autocomplete',
    weight: 15,
    send: (base, pick, inputs) =>
      graphql(base, 'query($p: String!) { autocomplete(prefix: $p) { type label } }', {
        p: pick(inputs.words).slice(0, 4),
      }),
    check: okGraphql,
  },
  {
    name: 'neighbourhood',
    weight: 10,
    send: (base, pick, inputs) =>
      graphql(
        base,
        'query($id: ID!) { neighborhood(id: $id, depth: 2, limit: 200) { truncated nodes { id type label } edges { source target type } } }',
        { id: pick(inputs.authorIds) },
      ),
    check: okGraphql,
  },
  {
    name: 'facets',
    weight: 8,
    send: (base, pick, inputs) =>
      graphql(base, 'query($t: String!) { facets(by: YEAR, filter: { topic: $t }) { key count } }', {
        t: pick(inputs.topics),
      }),
    check: okGraphql,
  },
  {
    name: 'export GraphML (neighbourhood)',
    weight: 6,
    send: (base, pick, inputs) =>
      fetch(`${base}/export/neighborhood?id=${encodeURIComponent(pick(inputs.authorIds))}&depth=1&format=graphml`),
    check: (r, b) => r.status === 200 && b.includes('<graphml'),
  },
  {
    name: 'export GEXF (topic)',
    weight: 4,
    send: (base, pick, inputs) =>
      fetch(`${base}/export/topic?name=${encodeURIComponent(pick(inputs.topics))}&first=20&format=gexf`),
    check: (r, b) => r.status === 200 && b.includes('<gexf'),
  },
  {
    name: 'bad DOI (expects BAD_USER_INPUT)',
    weight: 4,
    send: (base) => graphql(base, '{ article(doi: "not a doi") { id } }', {}),
    check: (r, b) => r.status === 200 && b.includes('"BAD_USER_INPUT"') && b.includes('"doi"'),
  },
  {
    name: 'syntax error (expects 400)',
    weight: 3,
    send: (base) => graphql(base, '{ stats { articles ', {}, 'application/graphql-response+json'),
    check: (r, b) => r.status === 400 && b.includes('GRAPHQL_PARSE_FAILED'),
  },
];

async function main(): Promise<void> {
  const dataDir = path.join(BENCH_DIR, 'corpus', `neo4j-soak-${size}`);
  rmSync(dataDir, { recursive: true, force: true });
  const local = await startBenchNeo4j({ dataDir, log });
  const db = createDatabase({
    uri: local.uri,
    auth: neo4j.auth.basic(local.user, local.password),
    queryTimeoutMs: 120_000,
  });
  let api: ReturnType<typeof spawn> | undefined;
  try {
    const reference = await loadReferenceData();
    await ensureSchema(db);
    await loadVocabulary(db, reference.vocabulary);
    const corpus = benchCorpus(size, { seed: Number(args.seed), realTopics: reference.vocabulary.topics });
    const loadStarted = Date.now();
    await loadArticles(db, corpus);
    await db.write('CALL db.awaitIndexes(600)');
    log(`loaded ${size} articles in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`);
    const [picked] = await db.read<{
      dois: string[];
      topics: string[];
      topicIds: string[];
      authorIds: string[];
      titles: string[];
    }>(`
      CALL () { MATCH (a:Article) WHERE a.doi IS NOT NULL WITH a ORDER BY a.id LIMIT 500 RETURN collect(a.doi) AS dois, collect(a.title) AS titles }
      CALL () { MATCH (t:Topic)<-[:HAS_TOPIC]-(:Article) WITH t, count(*) AS n ORDER BY n DESC SKIP 5 LIMIT 200 RETURN collect(t.name) AS topics, collect(t.id) AS topicIds }
      CALL () { MATCH (a:Author)-[:AUTHORED]->() WITH a, count(*) AS n ORDER BY n DESC SKIP 20 LIMIT 300 RETURN collect(a.id) AS authorIds }
      RETURN dois, topics, topicIds, authorIds, titles`);
    if (!picked) throw new Error('no inputs');
    const words = [
      ...new Set(
        picked.titles
          .flatMap((title) => title.toLowerCase().split(/[^\p{L}\p{N}]+/u))
          .filter((word) => word.length >= 4),
      ),
    ];
    const inputs: Inputs = {
      dois: picked.dois,
      topics: picked.topics,
      topicIds: picked.topicIds,
      authorIds: picked.authorIds,
      words,
    };

    // The API as `npm start` runs it, in its own process, on the corpus's Neo4j.
    const port = 4300 + Math.floor(Math.random() * 500);
    api = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NEO4J_URI: local.uri,
        NEO4J_USER: local.user,
        NEO4J_PASSWORD: local.password,
        PORT: String(port),
        HOST: '127.0.0.1',
        SEED_ON_START: 'false',
        LOG_LEVEL: 'warn',
        ...(hostileEveryMs > 0
          ? {
              WRITE_TOKENS: `soak:${writeToken}`,
              IMPORT_FILE_TIME_MS: String(HOSTILE_FILE_TIME_MS),
              UPLOAD_MAX_BYTES: String(HOSTILE_UPLOAD_MAX_BYTES),
              IMPORT_QUEUE_MAX_BYTES: String(HOSTILE_QUEUE_MAX_BYTES),
            }
          : {}),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    for (let waited = 0; ; waited += 500) {
      const ok = await fetch(`${base}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (waited > 120_000) throw new Error('the API did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // Warm-up: every operation a few times.
    let random = Number(args.seed);
    const pick = <T>(list: readonly T[]): T => {
      random = (random * 1103515245 + 12345) % 2 ** 31;
      return list[random % list.length]!;
    };
    for (const op of OPERATIONS) for (let i = 0; i < 3; i += 1) await (await op.send(base, pick, inputs)).text();

    const stats = new Map(
      OPERATIONS.map((op) => [op.name, { latencies: [] as number[], unexpected: 0, failures: 0, example: '' }]),
    );
    const memory: Array<{ atSeconds: number; apiMiB: number; neo4jMiB: number }> = [];
    const started = Date.now();
    const deadline = started + durationMs;
    /** Every error of the reads, when (seconds into the run), to set beside the hostile imports sent then. */
    const errorLog: Array<{ atS: number; what: string; answer: string }> = [];
    const secondsIn = () => Math.round((Date.now() - started) / 100) / 10;
    const sample = () =>
      memory.push({
        atSeconds: Math.round((Date.now() - started) / 1000),
        apiMiB: rssMiB(api!.pid!),
        neo4jMiB: rssMiB(local.pid),
      });
    sample();
    const sampler = setInterval(sample, 10_000);
    const progress = setInterval(() => {
      const total = [...stats.values()].reduce((sum, s) => sum + s.latencies.length, 0);
      const bad = [...stats.values()].reduce((sum, s) => sum + s.unexpected + s.failures, 0);
      const last = memory.at(-1);
      log(
        `${Math.round((Date.now() - started) / 1000)} s: ${total} requests, ${bad} unexpected; RSS API ${last?.apiMiB} MiB, Neo4j ${last?.neo4jMiB} MiB`,
      );
    }, 60_000);
    const totalWeight = OPERATIONS.reduce((sum, op) => sum + op.weight, 0);
    const chooseOp = (): Operation => {
      let r = Math.random() * totalWeight;
      for (const op of OPERATIONS) if ((r -= op.weight) < 0) return op;
      return OPERATIONS[0]!;
    };
    const worker = async () => {
      while (Date.now() < deadline) {
        const op = chooseOp();
        const stat = stats.get(op.name)!;
        const t0 = performance.now();
        try {
          const response = await op.send(base, pick, inputs);
          const body = await response.text();
          stat.latencies.push(performance.now() - t0);
          if (!op.check(response, body)) {
            stat.unexpected += 1;
            errorLog.push({ atS: secondsIn(), what: op.name, answer: `${response.status} ${body.slice(0, 200)}` });
            stat.example ||= `${response.status} ${body.slice(0, 300)}`;
          }
        } catch (error) {
          stat.failures += 1;
          errorLog.push({ atS: secondsIn(), what: op.name, answer: failureOf(error) });
          stat.example ||= failureOf(error);
        }
      }
    };
    // The liveness check, polled on its own connection every 200 ms: the process answering at all.
    const live = { latencies: [] as number[], errors: 0, example: '' };
    const liveProbe = (async () => {
      while (Date.now() < deadline) {
        const t0 = performance.now();
        try {
          const response = await fetch(`${base}/health/live`);
          await response.text();
          live.latencies.push(performance.now() - t0);
          if (response.status !== 200) {
            live.errors += 1;
            live.example ||= `${response.status}`;
            errorLog.push({ atS: secondsIn(), what: '/health/live', answer: String(response.status) });
          }
        } catch (error) {
          live.errors += 1;
          live.example ||= failureOf(error);
          errorLog.push({ atS: secondsIn(), what: '/health/live', answer: failureOf(error) });
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    const hostileResults: Array<Awaited<ReturnType<typeof sendHostile>> & { atS: number }> = [];
    const hostileRunning: Array<Promise<void>> = [];
    let hostileSent = 0;
    const hostileTimer =
      hostileEveryMs > 0
        ? setInterval(() => {
            if (Date.now() >= deadline) return;
            const atS = secondsIn();
            hostileRunning.push(
              sendHostile(base, hostileSent++).then((result) => void hostileResults.push({ ...result, atS })),
            );
          }, hostileEveryMs)
        : undefined;
    await Promise.all(Array.from({ length: connections }, worker));
    clearInterval(hostileTimer);
    await Promise.all([...hostileRunning, liveProbe]);
    clearInterval(sampler);
    clearInterval(progress);
    sample();

    const elapsedS = (Date.now() - started) / 1000;
    const rows = OPERATIONS.map((op) => {
      const stat = stats.get(op.name)!;
      const sorted = stat.latencies.sort((a, b) => a - b);
      return {
        operation: op.name,
        requests: sorted.length + stat.failures,
        unexpected: stat.unexpected,
        failures: stat.failures,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? NaN,
        example: stat.example,
      };
    });
    const summary = (latencies: number[], errors: number) => {
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        count: sorted.length,
        errors,
        p50Ms: Math.round(percentile(sorted, 50)),
        p99Ms: Math.round(percentile(sorted, 99)),
        maxMs: Math.round(sorted.at(-1) ?? NaN),
      };
    };
    // Every request of the mix is a read; an error is an answer other than the expected one (a
    // non-2xx status or GraphQL errors where data was due, or not the named error for the bad
    // requests) or no answer at all.
    const reads = summary(
      [...stats.values()].flatMap((s) => s.latencies),
      rows.reduce((sum, r) => sum + r.unexpected + r.failures, 0),
    );
    const liveness = summary(live.latencies, live.errors);
    const middle = memory[Math.floor(memory.length / 2)]!;
    const marks = {
      start: memory[0]!,
      middle,
      end: memory.at(-1)!,
      peakApiMiB: Math.max(...memory.map((m) => m.apiMiB)),
      peakNeo4jMiB: Math.max(...memory.map((m) => m.neo4jMiB)),
    };
    const facts = {
      date: new Date().toISOString(),
      machine: machineFacts(),
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 10) / 10),
      node: process.version,
      size,
      minutes: durationMs / 60_000,
      connections,
      hostileEverySeconds: hostileEveryMs / 1000,
      elapsedS: Math.round(elapsedS),
      requests: rows.reduce((sum, r) => sum + r.requests, 0),
    };
    // Per kind of hostile import: how many were sent, how each was answered (status and code), and
    // how many were not answered as expected.
    const hostileKinds = HOSTILE.map(({ name }) => {
      const sent = hostileResults.filter((h) => h.name === name);
      const answers: Record<string, number> = {};
      for (const h of sent) answers[`${h.status} ${h.code}`] = (answers[`${h.status} ${h.code}`] ?? 0) + 1;
      return {
        kind: name,
        sent: sent.length,
        unexpected: sent.filter((h) => !h.expected).length,
        slowestMs: Math.round(Math.max(...sent.map((h) => h.ms))),
        answers,
        example: sent.find((h) => !h.expected)?.example,
      };
    });
    mkdirSync(path.join(BENCH_DIR, 'results'), { recursive: true });
    const resultFile = hostileEveryMs > 0 ? 'soak-hostile.json' : 'soak.json';
    writeFileSync(
      path.join(BENCH_DIR, 'results', resultFile),
      `${JSON.stringify({ facts, reads, liveness, operations: rows, memory: marks, samples: memory, hostile: hostileResults, errors: errorLog }, null, 2)}\n`,
    );

    const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)}` : '–');
    const lines: string[] = [
      `${facts.requests} requests in ${facts.elapsedS} s (${Math.round(facts.requests / elapsedS)}/s) at ${connections} connections, ${size}-article corpus${hostileEveryMs > 0 ? `, a hostile import every ${hostileEveryMs / 1000} s` : ''}; load average ${loadAverageAtStart.join(' ')} at the start, ${facts.loadAverageAtEnd.join(' ')} at the end`,
      '',
      '| requests | count | errors | p50 ms | p99 ms | max ms |',
      '|---|---|---|---|---|---|',
      `| reads (the whole mix) | ${reads.count} | ${reads.errors} | ${reads.p50Ms} | ${reads.p99Ms} | ${reads.maxMs} |`,
      `| /health/live (every 200 ms) | ${liveness.count} | ${liveness.errors} | ${liveness.p50Ms} | ${liveness.p99Ms} | ${liveness.maxMs} |`,
      '',
      '| operation | requests | unexpected answers | transport failures | p50 ms | p99 ms | max ms |',
      '|---|---|---|---|---|---|---|',
      ...rows.map(
        (row) =>
          `| ${row.operation} | ${row.requests} | ${row.unexpected} | ${row.failures} | ${ms(row.p50)} | ${ms(row.p99)} | ${ms(row.max)} |`,
      ),
      '',
      '| RSS (MiB) | start | middle | end | peak |',
      '|---|---|---|---|---|',
      `| API process | ${marks.start.apiMiB} | ${marks.middle.apiMiB} | ${marks.end.apiMiB} | ${marks.peakApiMiB} |`,
      `| Neo4j JVM | ${marks.start.neo4jMiB} | ${marks.middle.neo4jMiB} | ${marks.end.neo4jMiB} | ${marks.peakNeo4jMiB} |`,
    ];
    if (hostileEveryMs > 0)
      lines.push(
        '',
        '| hostile import | sent | not as expected | slowest answer ms | answers (HTTP status, code: count) |',
        '|---|---|---|---|---|',
        ...hostileKinds.map(
          (k) =>
            `| ${k.kind} | ${k.sent} | ${k.unexpected} | ${ms(k.slowestMs)} | ${Object.entries(k.answers)
              .map(([answer, n]) => `${answer}: ${n}`)
              .join('; ')} |`,
        ),
      );
    const table = lines.join('\n');
    console.log(table);
    for (const row of rows) if (row.example) console.log(`first unexpected answer of ${row.operation}: ${row.example}`);
    if (live.example) console.log(`first failed /health/live: ${live.example}`);
    for (const k of hostileKinds) if (k.example) console.log(`first unexpected answer to ${k.kind}: ${k.example}`);
    for (const e of errorLog.slice(0, 30)) {
      const near = hostileResults
        .filter((h) => h.atS <= e.atS && e.atS <= h.atS + h.ms / 1000)
        .map((h) => h.name)
        .join('; ');
      console.log(`error at ${e.atS} s, ${e.what}: ${e.answer}${near ? ` (hostile imports under way: ${near})` : ''}`);
    }
    const entry = {
      facts,
      reads,
      liveness,
      operations: rows.map(({ example, ...row }) => ({
        ...row,
        p50: Math.round(row.p50),
        p99: Math.round(row.p99),
        max: Math.round(row.max),
      })),
      memory: marks,
      ...(hostileEveryMs > 0 ? { hostile: hostileKinds } : {}),
    };
    if (write) {
      writeResultsJson({ soak: entry });
      writeGeneratedSection('bench/soak.ts', table);
    }
  } finally {
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((resolve) => api!.once('exit', resolve));
    }
    await db.driver.close();
    await local.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
