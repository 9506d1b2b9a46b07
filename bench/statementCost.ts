/**
 * `npm run bench:statement-cost -- --size 30000 --ops twoTopics` — what one operation's statements
 * cost Neo4j, in measures that do not depend on the machine's load: PROFILE db hits of the very
 * statements the API sends for each of the benchmark's inputs (and of the Cypher the peer,
 * @neo4j/graphql, sends for its alternatives), and the Neo4j JVM's CPU time (/proc/<pid>/stat) over
 * repeated runs of those statements through the raw driver, side by side in rotating order.
 *
 * A change to a statement builder is judged against the statements of the code it started from:
 * `--save before.json` keeps the API's statements of this checkout, `--compare before.json` (run on the
 * changed checkout, on the same corpus) replays them beside the new ones. The answers of the API, of
 * each peer alternative and of the saved statements must agree (rows compared by count and content).
 *
 * Options:
 * With NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD) set, the Neo4j already serving the corpus's folder is used
 * (started with `tsx neo4j-local/cli.ts --data bench/corpus/neo4j-<size>`) and left running.
 *
 *   --size 30000          articles (the corpus of bench/run.ts, bulk-loaded into bench/corpus/neo4j-<size>
 *                         once and reused after, as `npm run bench:cpu` does)
 *   --ops twoTopics       operations of bench/operations.ts
 *   --peer                also the peer's alternatives (db hits and CPU)
 *   --save FILE           write the statements per input to FILE (JSON): the API's under the operation's id,
 *                         the peer's under `<id>:peer <alternative>`
 *   --compare FILE        also replay the statements saved in FILE
 *   --alternatives a,b    only these peer alternatives (default: all of the operation's)
 *   --runs 200            statement runs per side for the CPU figure (cycling through the inputs), in rounds of
 *                         50; 0: db hits only
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { graphql } from 'graphql';
import neo4j, { type Driver, type Session } from 'neo4j-driver';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { Database, toNeo4jParams, type CypherParams } from '../src/db/driver/index.ts';
import { Repository } from '../src/db/Repository.ts';
import { createServer } from '../src/server.ts';
import type { GraphQLContext } from '../src/context.ts';
import { loadReferenceData } from '../src/ingest/index.ts';
import type { LocalNeo4j } from '../neo4j-local/index.ts';
import { BENCH_DIR, benchArticles, loadAverage1m, logger, targetFromEnv } from './harness/index.ts';
import { OPERATIONS } from './operations.ts';
import { canonical } from './run/compare.ts';
import { chooseInputs } from './run/inputs.ts';
import { keptBulkCorpus } from './run/loads.ts';

const { values: flags } = parseArgs({
  options: {
    size: { type: 'string', default: '30000' },
    ops: { type: 'string', default: 'twoTopics' },
    peer: { type: 'boolean', default: false },
    save: { type: 'string', default: '' },
    compare: { type: 'string', default: '' },
    runs: { type: 'string', default: '200' },
    alternatives: { type: 'string', default: '' },
  },
});
const size = Number(flags.size);
const runs = Number(flags.runs);
const log = logger('cost');

interface Statement {
  cypher: string;
  params: CypherParams;
  /** The API's parameters are kept as given (JSON-safe) and converted as its driver layer does. */
  convert?: boolean;
}

const paramsOf = (s: Statement): CypherParams => (s.convert ? (toNeo4jParams(s.params) as CypherParams) : s.params);

/** One side's statements for one input (several run in one read transaction, as the API sends them). */
type Sent = Statement[];

interface Plan {
  dbHits: number;
  children: Plan[];
}

const sumDbHits = (plan: Plan): number => plan.dbHits + plan.children.reduce((n, child) => n + sumDbHits(child), 0);

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** The JVM's user + system CPU time, ms (clock ticks of /proc/<pid>/stat at 100 Hz). */
function jvmCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function profile(session: Session, sent: Sent): Promise<{ dbHits: number; rows: unknown[] }> {
  let dbHits = 0;
  const rows: unknown[] = [];
  for (const s of sent) {
    const result = await session.run(`PROFILE ${s.cypher}`, paramsOf(s));
    dbHits += sumDbHits(result.summary.profile as unknown as Plan);
    rows.push(result.records.map((r) => r.toObject()));
  }
  return { dbHits, rows };
}

async function runOnce(session: Session, sent: Sent): Promise<void> {
  if (sent.length === 1) await session.run(sent[0]!.cypher, paramsOf(sent[0]!));
  else
    await session.executeRead(async (tx) => {
      for (const s of sent) await tx.run(s.cypher, paramsOf(s));
    });
}

/** A driver whose read transactions record what @neo4j/graphql runs in them. */
function recordingDriver(driver: Driver, sink: Statement[]): Driver {
  const wrapTx = (tx: object) =>
    new Proxy(tx, {
      get(target, key, receiver) {
        if (key === 'run')
          return (cypher: string, params: CypherParams) => {
            sink.push({ cypher, params });
            return (target as { run: (c: string, p: CypherParams) => unknown }).run(cypher, params);
          };
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return new Proxy(driver, {
    get(target, key, receiver) {
      if (key === 'session')
        return (...args: unknown[]) => {
          const session = (target.session as (...a: unknown[]) => Session)(...args);
          return new Proxy(session, {
            get(s, k, r) {
              if (k === 'executeRead' || k === 'executeWrite')
                return (work: (tx: object) => unknown, config?: unknown) =>
                  (s[k] as (w: (tx: object) => unknown, c?: unknown) => unknown)((tx) => work(wrapTx(tx)), config);
              const value = Reflect.get(s, k, r);
              return typeof value === 'function' ? value.bind(s) : value;
            },
          });
        };
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function main(): Promise<void> {
  let local: Pick<LocalNeo4j, 'uri' | 'user' | 'password' | 'pid' | 'stop'>;
  let corpusOptions: Parameters<typeof benchArticles>[1];
  const dataDir = path.join(BENCH_DIR, 'corpus', `neo4j-${size}`);
  const running = targetFromEnv();
  if (running && existsSync(path.join(dataDir, 'neo4j-local.pid'))) {
    // A Neo4j already serving this corpus (tsx neo4j-local/cli.ts --data bench/corpus/neo4j-<size>): left running.
    const pid = Number(readFileSync(path.join(dataDir, 'neo4j-local.pid'), 'utf8').trim());
    local = { ...running, pid, stop: async () => undefined };
    const reference = await loadReferenceData();
    corpusOptions = { realTopics: reference.vocabulary.topics, references: true };
  } else ({ local, corpusOptions } = await keptBulkCorpus(size, log));
  const driver = neo4j.driver(local.uri, neo4j.auth.basic(local.user, local.password), {
    disableLosslessIntegers: true,
  });
  const saved: Record<string, Sent[]> = {};
  try {
    const inputs = chooseInputs(benchArticles(size, corpusOptions), size);
    const handle = await createServer({ db: new Database(driver, { timeoutMs: 60_000 }) });
    const peerSink: Statement[] = [];
    const peerSchema = flags.peer
      ? await new Neo4jGraphQL({
          typeDefs: readFileSync(new URL('./peer/typeDefs.graphql', import.meta.url), 'utf8'),
          driver: recordingDriver(driver, peerSink),
        }).getSchema()
      : null;
    const before: Record<string, Sent[]> = flags.compare ? JSON.parse(readFileSync(flags.compare, 'utf8')) : {};
    const session = driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      for (const id of flags.ops!.split(',')) {
        const op = OPERATIONS.find((o) => o.id === id);
        if (!op) throw new Error(`no operation ${id}`);
        const list = inputs[op.input];
        const sides = new Map<string, Sent[]>();
        const answers = new Map<string, unknown[]>();
        const api: Sent[] = [];
        const apiAnswers: unknown[] = [];
        for (const input of list) {
          const sent: Sent = [];
          const db = new Database(driver, {
            timeoutMs: 60_000,
            onStatement: (cypher, params) => sent.push({ cypher, params: structuredClone(params), convert: true }),
          });
          const contextValue: GraphQLContext = { repo: new Repository(db.forRequest()) };
          try {
            const response = await handle.apollo.executeOperation(
              { query: op.project.query, variables: op.project.variables(input) },
              { contextValue },
            );
            if (response.body.kind !== 'single' || response.body.singleResult.errors)
              throw new Error(`${id} ${input}: ${JSON.stringify(response.body)}`);
            apiAnswers.push(canonical(op.project.normalize(response.body.singleResult.data)));
          } finally {
            await contextValue.repo.release();
          }
          api.push(sent);
        }
        sides.set('api', api);
        saved[id] = api;
        if (before[id]) sides.set('saved', before[id]!);
        const wanted = flags.alternatives ? flags.alternatives.split(',') : null;
        for (const alt of peerSchema ? (op.peerAlternatives ?? []) : []) {
          if (wanted && !wanted.includes(alt.id)) continue;
          const sentList: Sent[] = [];
          const altAnswers: unknown[] = [];
          // The library checks the database's version on its first request, once: not part of any request after.
          await graphql({
            schema: peerSchema!,
            source: alt.query,
            variableValues: alt.variables(list[0]!),
            contextValue: {},
          });
          for (const input of list) {
            peerSink.length = 0;
            const result = await graphql({
              schema: peerSchema!,
              source: alt.query,
              variableValues: alt.variables(input),
              contextValue: {},
            });
            if (result.errors) throw new Error(`${alt.id}: ${result.errors.map((e) => e.message).join('; ')}`);
            altAnswers.push(canonical(alt.normalize(result.data)));
            sentList.push([...peerSink]);
          }
          sides.set(`peer ${alt.id}`, sentList);
          saved[`${id}:peer ${alt.id}`] = sentList;
          answers.set(`peer ${alt.id}`, altAnswers);
        }
        for (const [side, altAnswers] of answers) {
          const differ = altAnswers.filter((a, i) => JSON.stringify(a) !== JSON.stringify(apiAnswers[i])).length;
          log(`${id}: ${side} ${differ === 0 ? 'agrees with the API on every input' : `DIFFERS on ${differ} inputs`}`);
        }
        // db hits per side and input; the rows of saved statements must be the API's.
        const hits = new Map<string, number[]>();
        for (const [side, sentList] of sides) {
          const perInput: number[] = [];
          for (let i = 0; i < sentList.length; i += 1) {
            const { dbHits, rows } = await profile(session, sentList[i]!);
            perInput.push(dbHits);
            if (side === 'saved') {
              const now = await profile(session, api[i]!);
              if (JSON.stringify(now.rows) !== JSON.stringify(rows))
                log(`${id}: input ${i} (${list[i]}): the saved statements' rows DIFFER from the API's`);
            }
          }
          hits.set(side, perInput);
          log(
            `${id} ${side}: db hits median ${median(perInput)}, min ${Math.min(...perInput)}, max ${Math.max(...perInput)}, total ${perInput.reduce((a, b) => a + b, 0)}`,
          );
        }
        // Neo4j CPU per statement run: rounds of 50 runs per side, sides in rotating order.
        const cpu = new Map<string, number[]>([...sides.keys()].map((side) => [side, []]));
        const names = [...sides.keys()];
        const roundsCount = Math.round(runs / 50);
        if (roundsCount > 0)
          for (const sentList of sides.values()) for (const sent of sentList.slice(0, 10)) await runOnce(session, sent); // warm-up
        for (let round = 0; round < roundsCount; round += 1) {
          const order = names.map((_, i) => names[(i + round) % names.length]!);
          for (const side of order) {
            const sentList = sides.get(side)!;
            const t0 = jvmCpuMs(local.pid);
            for (let i = 0; i < 50; i += 1) await runOnce(session, sentList[(round * 50 + i) % sentList.length]!);
            cpu.get(side)!.push((jvmCpuMs(local.pid) - t0) / 50);
          }
        }
        for (const [side, perRound] of cpu)
          if (perRound.length > 0)
            log(
              `${id} ${side}: Neo4j CPU per request ${median(perRound).toFixed(2)} ms (rounds: ${perRound.map((v) => v.toFixed(2)).join(', ')})`,
            );
        log(`load average ${loadAverage1m().toFixed(2)}`);
      }
    } finally {
      await session.close();
      await handle.stop();
    }
    if (flags.save) writeFileSync(flags.save, JSON.stringify(saved));
  } finally {
    await driver.close();
    await local.stop();
  }
}

await main();
