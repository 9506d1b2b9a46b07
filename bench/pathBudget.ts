/**
 * `npm run bench:paths -- [--size 10000] [--phase 20] [--rounds 2] [--searches 10]`
 *
 * Does a worst-case path search starve ordinary queries? A synthetic corpus in its own local Neo4j,
 * the API over HTTP in this process, and an ordinary client (topic pages and article lookups, two
 * requests in flight) measured in interleaved phases:
 *
 * - idle: the ordinary client alone;
 * - old: plus ten concurrent shortest-path searches between unconnected nodes, with the statement
 *   the API used before the search budget (`shortestPath((a)-[*..6]-(b))` with the type and label
 *   predicates, 10 s transaction timeout), sent through the same driver settings;
 * - new: plus the same ten searches through the API's `shortestPath` (budgeted bidirectional
 *   search, default maxLength).
 *
 * Writes bench/results/path-budget.json and prints a Markdown table for bench/RESULTS.md.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import neo4j from 'neo4j-driver';
import { pino } from 'pino';
import { createDatabase } from '../src/db/index.ts';
import { MODEL_RELATIONSHIP_TYPES } from '../src/db/cypher/entityMap.ts';
import { createServer } from '../src/server.ts';
import { createHttpServer, listen } from '../src/http/createHttpServer.ts';
import { loadArticles, loadVocabulary, loadReferenceData } from '../src/ingest/index.ts';
import { ensureSchema } from '../src/graph/index.ts';
import { benchCorpus, logger, machineFacts, startBenchNeo4j } from './harness/index.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '10000' },
    phase: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '2' },
    searches: { type: 'string', default: '10' },
    seed: { type: 'string', default: '42' },
  },
});
const size = Number(args.size);
const phaseMs = Number(args.phase) * 1000;
const rounds = Number(args.rounds);
const searches = Number(args.searches);
const log = logger('paths');

/** The statement the API ran for shortestPath before the search budget (maxLength 6, its default then). */
const OLD_SHORTEST_PATH = `
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = shortestPath((a)-[*..6]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $relationshipTypes)
  AND all(n IN nodes(p)[1..-1] WHERE n:Entity AND ($through IS NULL OR any(l IN labels(n) WHERE l IN $through)))
RETURN [n IN nodes(p) | n.id] AS ids`;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const dataDir = path.join(BENCH_DIR, 'corpus', `neo4j-paths-${size}`);
  rmSync(dataDir, { recursive: true, force: true });
  const local = await startBenchNeo4j({ dataDir, log });
  const auth = neo4j.auth.basic(local.user, local.password);
  const loader = createDatabase({ uri: local.uri, auth, queryTimeoutMs: 120_000 });
  try {
    const reference = await loadReferenceData();
    await ensureSchema(loader);
    await loadVocabulary(loader, reference.vocabulary);
    const corpus = benchCorpus(size, { seed: Number(args.seed), realTopics: reference.vocabulary.topics });
    const started = Date.now();
    await loadArticles(loader, corpus);
    await loader.write('CALL db.awaitIndexes(600)');
    log(`loaded ${size} articles in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // Unconnected pairs: the most prolific authors (in the giant component) and ten topics with
    // no relationship at all, added here (a keyword nobody else uses, as a new record would bring).
    await loader.write(
      `UNWIND range(1, 10) AS i MERGE (t:Entity:Topic {id: 'Topic:kw:bench isolated ' + i}) SET t.name = 'bench isolated ' + i`,
    );
    const [ends] = await loader.read<{ authors: string[]; isolated: string[] }>(`
      CALL () { MATCH (a:Author)-[:AUTHORED]->() WITH a, count(*) AS n ORDER BY n DESC, a.id LIMIT 10 RETURN collect(a.id) AS authors }
      CALL () { MATCH (t:Topic) WHERE t.id STARTS WITH 'Topic:kw:bench isolated ' RETURN collect(t.id) AS isolated }
      RETURN authors, isolated`);
    if (!ends || ends.isolated.length === 0) throw new Error('no isolated topic to search a path to');
    const pairs = Array.from({ length: searches }, (_, i) => ({
      from: ends.authors[i % ends.authors.length]!,
      to: ends.isolated[i % ends.isolated.length]!,
    }));
    const [topics] = await loader.read<{ names: string[]; dois: string[] }>(`
      CALL () { MATCH (t:Topic)<-[:HAS_TOPIC]-(:Article) WITH t, count(*) AS n ORDER BY n DESC SKIP 20 LIMIT 20 RETURN collect(t.name) AS names }
      CALL () { MATCH (a:Article) WHERE a.doi IS NOT NULL WITH a ORDER BY a.id LIMIT 20 RETURN collect(a.doi) AS dois }
      RETURN names, dois`);

    // The API as `npm start` runs it (its own driver, 10 s query timeout), over HTTP.
    const apiDb = createDatabase({ uri: local.uri, auth, queryTimeoutMs: 10_000 });
    const api = await createServer({ db: apiDb, logger: pino({ level: 'silent' }) });
    const http = createHttpServer(api.app);
    const port = await listen(http, 0, '127.0.0.1');
    const post = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
    };
    // The old statement through a driver with the API's settings.
    const oldDb = createDatabase({ uri: local.uri, auth, queryTimeoutMs: 10_000 });

    type PhaseName = 'idle' | 'old' | 'new';
    const results: Array<{
      round: number;
      phase: PhaseName;
      ordinary: number[];
      ordinaryErrors: number;
      heavy: number[];
      heavyOutcomes: Record<string, number>;
    }> = [];
    const runPhase = async (round: number, phase: PhaseName) => {
      const deadline = Date.now() + phaseMs;
      const ordinary: number[] = [];
      let ordinaryErrors = 0;
      const heavy: number[] = [];
      const heavyOutcomes: Record<string, number> = {};
      const ordinaryLoop = async (worker: number) => {
        for (let i = worker; Date.now() < deadline; i += 2) {
          const t0 = performance.now();
          const result =
            i % 2 === 0
              ? await post(
                  'query($n: String!) { topic(name: $n) { name articles(first: 20) { totalCount edges { node { title year } } } } }',
                  { n: topics!.names[i % topics!.names.length] },
                )
              : await post(
                  'query($d: String!) { article(doi: $d) { title authorships { author { name } } topics { name } } }',
                  { d: topics!.dois[i % topics!.dois.length] },
                );
          ordinary.push(performance.now() - t0);
          if (result.errors) ordinaryErrors += 1;
        }
      };
      const heavyLoop = async (pair: { from: string; to: string }) => {
        while (Date.now() < deadline) {
          const t0 = performance.now();
          let outcome: string;
          if (phase === 'old') {
            try {
              const rows = await oldDb.read(OLD_SHORTEST_PATH, {
                from: pair.from,
                to: pair.to,
                relationshipTypes: MODEL_RELATIONSHIP_TYPES,
                through: null,
              });
              outcome = rows.length === 0 ? 'no path' : 'path';
            } catch (error) {
              outcome = String((error as { code?: string }).code ?? 'error');
            }
          } else {
            const result = await post('query($f: ID!, $t: ID!) { shortestPath(from: $f, to: $t) { nodes { id } } }', {
              f: pair.from,
              t: pair.to,
            });
            outcome = result.errors
              ? String(result.errors[0]?.extensions?.code)
              : result.data && (result.data as { shortestPath: unknown }).shortestPath
                ? 'path'
                : 'no path';
          }
          heavy.push(performance.now() - t0);
          heavyOutcomes[outcome] = (heavyOutcomes[outcome] ?? 0) + 1;
        }
      };
      await Promise.all([ordinaryLoop(0), ordinaryLoop(1), ...(phase === 'idle' ? [] : pairs.map(heavyLoop))]);
      ordinary.sort((a, b) => a - b);
      heavy.sort((a, b) => a - b);
      results.push({ round, phase, ordinary, ordinaryErrors, heavy, heavyOutcomes });
      log(
        `round ${round} ${phase}: ordinary n=${ordinary.length} p50=${percentile(ordinary, 50).toFixed(0)} ms p99=${percentile(ordinary, 99).toFixed(0)} ms errors=${ordinaryErrors}; ` +
          `searches n=${heavy.length} p50=${percentile(heavy, 50).toFixed(0)} ms ${JSON.stringify(heavyOutcomes)}`,
      );
      // Let the old statements still running in Neo4j finish before the next phase.
      await new Promise((resolve) => setTimeout(resolve, phase === 'old' ? 11_000 : 1_000));
    };

    // Warm-up, then interleaved rounds.
    await post('{ stats { articles } }', {});
    for (let round = 1; round <= rounds; round += 1) {
      for (const phase of ['idle', 'old', 'new'] as const) await runPhase(round, phase);
    }

    const summary = (['idle', 'old', 'new'] as const).map((phase) => {
      const rows = results.filter((r) => r.phase === phase);
      const ordinary = rows.flatMap((r) => r.ordinary).sort((a, b) => a - b);
      const heavy = rows.flatMap((r) => r.heavy).sort((a, b) => a - b);
      const outcomes: Record<string, number> = {};
      for (const r of rows) for (const [k, v] of Object.entries(r.heavyOutcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
      return {
        phase,
        ordinaryRequests: ordinary.length,
        ordinaryErrors: rows.reduce((sum, r) => sum + r.ordinaryErrors, 0),
        ordinaryP50: percentile(ordinary, 50),
        ordinaryP99: percentile(ordinary, 99),
        searches: heavy.length,
        searchP50: percentile(heavy, 50),
        searchP99: percentile(heavy, 99),
        outcomes,
      };
    });
    const facts = {
      date: new Date().toISOString(),
      machine: machineFacts(),
      size,
      phaseSeconds: phaseMs / 1000,
      rounds,
      searches,
    };
    mkdirSync(path.join(BENCH_DIR, 'results'), { recursive: true });
    writeFileSync(
      path.join(BENCH_DIR, 'results', 'path-budget.json'),
      `${JSON.stringify({ facts, summary, perRound: results.map((r) => ({ round: r.round, phase: r.phase, ordinaryP50: percentile(r.ordinary, 50), ordinaryP99: percentile(r.ordinary, 99), ordinaryRequests: r.ordinary.length, searches: r.heavy.length, outcomes: r.heavyOutcomes })) }, null, 2)}\n`,
    );
    const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)}` : '–');
    console.log(
      '| phase | ordinary requests | ordinary p50 ms | ordinary p99 ms | ordinary errors | path searches | search p50 ms | search outcomes |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const row of summary) {
      console.log(
        `| ${row.phase} | ${row.ordinaryRequests} | ${ms(row.ordinaryP50)} | ${ms(row.ordinaryP99)} | ${row.ordinaryErrors} | ${row.searches} | ${ms(row.searchP50)} | ${
          Object.entries(row.outcomes)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ') || '–'
        } |`,
      );
    }
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await api.stop();
    await apiDb.driver.close();
    await oldDb.driver.close();
  } finally {
    await loader.driver.close();
    await local.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
