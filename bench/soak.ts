/**
 * `npm run bench:soak -- [--minutes 10 | --seconds 60] [--connections 50] [--size 10000] [--seed 42] [--hostile-every 10]`
 *
 * A long run of realistic traffic against the service as `npm start` runs it: a synthetic corpus
 * in its own local Neo4j, the API in its own Node process (`src/index.ts`, pointed at that Neo4j),
 * and `connections` clients sending a mix of article pages by DOI, topic pages, search,
 * autocomplete, neighbourhoods, export downloads (`/export/...`), facets and two kinds of bad
 * request. Reports, per operation, requests, unexpected answers and p50/p99 latency, and the RSS of
 * the API and of Neo4j at the start, middle and end. Not part of `npm test`: it takes minutes.
 *
 * `--hostile-every N`: besides the traffic, one hostile import every N seconds (a dry run with a
 * write token, uploaded as a file: doubling @string macros, 20,000 @string lines, or a file slower
 * to parse than IMPORT_FILE_TIME_MS, set to 5 s for the run), each of which must be refused by
 * name; the reads must keep answering without errors meanwhile.
 *
 * Writes bench/results/soak.json and prints Markdown tables for bench/RESULTS.md.
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
import { benchCorpus, BENCH_DIR, logger, machineFacts, startBenchNeo4j } from './harness/index.ts';
import { doublingBib, manyStringsBib, slowBib } from './hostileFiles.ts';
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
  },
});
const durationMs = args.seconds !== undefined ? Number(args.seconds) * 1000 : Number(args.minutes) * 60_000;
const hostileEveryMs = Number(args['hostile-every']) * 1000;
/** The per-file time budget of the API in hostile mode: the slow file exceeds it. */
const HOSTILE_FILE_TIME_MS = 5_000;
const writeToken = randomBytes(24).toString('hex');

/** The hostile imports, in turn, and how each must be refused. */
const HOSTILE: ReadonlyArray<{ name: string; text: () => string; format?: string; refused(body: string): boolean }> = [
  { name: 'doubling.bib', text: doublingBib, refused: (b) => b.includes('macro s5 would expand to 32,000 characters') },
  {
    name: 'many-strings.bib',
    text: manyStringsBib,
    format: 'BIBTEX',
    refused: (b) => b.includes('would expand to 30,010 characters'),
  },
  {
    name: 'slow.bib',
    text: slowBib,
    refused: (b) => b.includes('IMPORT_BUDGET_EXCEEDED') && b.includes('IMPORT_FILE_TIME_MS'),
  },
];
const hostileFiles = HOSTILE.map((h) => ({ ...h, content: h.text() }));

/** One hostile import as a multipart upload (dry run). */
async function sendHostile(
  base: string,
  index: number,
): Promise<{ name: string; refused: boolean; status: number; ms: number; example: string }> {
  const hostile = hostileFiles[index % hostileFiles.length]!;
  const form = new FormData();
  const query =
    'mutation($input: ImportInput!) { importRecords(input: $input) { records rejected rejections { file field reason } } }';
  form.append(
    'operations',
    JSON.stringify({
      query,
      variables: { input: { dryRun: true, file: null, ...(hostile.format ? { format: hostile.format } : {}) } },
    }),
  );
  form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.append('0', new Blob([hostile.content]), hostile.name);
  const t0 = performance.now();
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${writeToken}`, 'apollo-require-preflight': 'true' },
    body: form,
  });
  const body = await response.text();
  return {
    name: hostile.name,
    refused: hostile.refused(body),
    status: response.status,
    ms: performance.now() - t0,
    example: body.slice(0, 300),
  };
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
          ? { WRITE_TOKENS: `soak:${writeToken}`, IMPORT_FILE_TIME_MS: String(HOSTILE_FILE_TIME_MS) }
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
            stat.example ||= `${response.status} ${body.slice(0, 300)}`;
          }
        } catch (error) {
          stat.failures += 1;
          stat.example ||= String((error as Error).message);
        }
      }
    };
    const hostileResults: Array<Awaited<ReturnType<typeof sendHostile>>> = [];
    const hostileRunning: Array<Promise<void>> = [];
    const hostileTimer =
      hostileEveryMs > 0
        ? setInterval(() => {
            if (Date.now() >= deadline) return;
            hostileRunning.push(
              sendHostile(base, hostileResults.length + hostileRunning.length).then(
                (result) => void hostileResults.push(result),
                (error: unknown) =>
                  void hostileResults.push({
                    name: '?',
                    refused: false,
                    status: 0,
                    ms: NaN,
                    example: String((error as Error).message),
                  }),
              ),
            );
          }, hostileEveryMs)
        : undefined;
    await Promise.all(Array.from({ length: connections }, worker));
    clearInterval(hostileTimer);
    await Promise.all(hostileRunning);
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
        example: stat.example,
      };
    });
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
      loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 10) / 10),
      node: process.version,
      size,
      minutes: durationMs / 60_000,
      connections,
      hostileEverySeconds: hostileEveryMs / 1000,
      elapsedS: Math.round(elapsedS),
      requests: rows.reduce((sum, r) => sum + r.requests, 0),
    };
    mkdirSync(path.join(BENCH_DIR, 'results'), { recursive: true });
    const hostile = hostileResults.map(({ example, ...rest }) => (rest.refused ? rest : { ...rest, example }));
    const resultFile = hostileEveryMs > 0 ? 'soak-hostile.json' : 'soak.json';
    writeFileSync(
      path.join(BENCH_DIR, 'results', resultFile),
      `${JSON.stringify({ facts, operations: rows, memory: marks, samples: memory, hostile }, null, 2)}\n`,
    );

    const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)}` : '–');
    console.log(
      `${facts.requests} requests in ${facts.elapsedS} s (${Math.round(facts.requests / elapsedS)}/s) at ${connections} connections, ${size}-article corpus`,
    );
    console.log('| operation | requests | unexpected answers | transport failures | p50 ms | p99 ms |');
    console.log('|---|---|---|---|---|---|');
    for (const row of rows)
      console.log(
        `| ${row.operation} | ${row.requests} | ${row.unexpected} | ${row.failures} | ${ms(row.p50)} | ${ms(row.p99)} |`,
      );
    console.log('');
    console.log('| RSS (MiB) | start | middle | end | peak |');
    console.log('|---|---|---|---|---|');
    console.log(
      `| API process | ${marks.start.apiMiB} | ${marks.middle.apiMiB} | ${marks.end.apiMiB} | ${marks.peakApiMiB} |`,
    );
    console.log(
      `| Neo4j JVM | ${marks.start.neo4jMiB} | ${marks.middle.neo4jMiB} | ${marks.end.neo4jMiB} | ${marks.peakNeo4jMiB} |`,
    );
    for (const row of rows) if (row.example) console.log(`first unexpected answer of ${row.operation}: ${row.example}`);
    if (hostileEveryMs > 0) {
      const readErrors = rows.reduce((sum, r) => sum + r.unexpected + r.failures, 0);
      console.log('');
      console.log(
        `hostile imports: ${hostile.length} sent, ${hostile.filter((h) => h.refused).length} refused by name; slowest answer ${ms(Math.max(...hostile.map((h) => h.ms)))} ms; reads: ${readErrors} errors`,
      );
      for (const h of hostileResults)
        if (!h.refused) console.log(`hostile ${h.name} not refused as expected: ${h.status} ${h.example}`);
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
