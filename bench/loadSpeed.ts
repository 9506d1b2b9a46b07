/**
 * `npx tsx bench/loadSpeed.ts [--articles 20000] [--batch 200,1000] [--baseline <checkout>] [--rounds 1] [--statements]`
 *
 * The loader alone (loadArticles, what `npm run bench` times) on the synthetic corpus of bench/run.ts
 * (generateCorpus, seed 42), into one local Neo4j emptied before every run: this checkout's loader and,
 * with `--baseline`, the loader of another checkout (e.g. the previous commit, exported with
 * `git archive`), interleaved and alternating their order per round, so both see the same machine load.
 * `--statements` also times every statement of the load by its first line (where a batch's time goes),
 * and the time inside write transactions (statements + commit). Before the first measured run, 2,000
 * articles are loaded and wiped, so no side pays for the cold JVM. Each run's time ends once every
 * index is online (a loader that builds the full-text indexes at the end pays for that).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import neo4j from 'neo4j-driver';
import { createDatabase, Database } from '../src/db/index.ts';
import { ensureSchema } from '../src/graph/index.ts';
import { loadReferenceData } from '../src/ingest/index.ts';
import { benchCorpus, logger, startBenchNeo4j } from './harness/index.ts';

const { values: args } = parseArgs({
  options: {
    articles: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '' },
    baseline: { type: 'string' },
    rounds: { type: 'string', default: '1' },
    statements: { type: 'boolean', default: false },
  },
});
const log = logger('load');

type Loader = { label: string; batch?: number; dir: string };

const timings = new Map<string, { n: number; ms: number }>();
let transactionMs = 0;
if (args.statements) {
  // Times every statement a write transaction runs, keyed by its first non-empty line.
  const original = Database.prototype.writeTransaction;
  Database.prototype.writeTransaction = async function <T>(
    this: Database,
    work: Parameters<typeof original>[0],
  ): Promise<T> {
    const started = performance.now();
    try {
      return (await original.call(this, (run) =>
        work(async (cypher, params) => {
          const t0 = performance.now();
          try {
            return await run(cypher, params);
          } finally {
            const key = cypher.trim().split('\n').slice(0, 2).join(' | ').slice(0, 90);
            const t = timings.get(key) ?? { n: 0, ms: 0 };
            t.n += 1;
            t.ms += performance.now() - t0;
            timings.set(key, t);
          }
        }),
      )) as T;
    } finally {
      transactionMs += performance.now() - started;
    }
  };
}

const GRAPH_SHAPE = `
CALL () { MATCH (n) UNWIND labels(n) AS label RETURN collect([label, 1]) AS l }
CALL () { MATCH ()-[r]->() RETURN collect([type(r), 1]) AS t }
CALL () { MATCH ()-[r:AFFILIATED_WITH]->() RETURN sum(r.articles) AS affiliatedArticles }
CALL () { MATCH ()-[r:AUTHORED|HAS_TOPIC|PUBLISHED_IN]->() RETURN sum(size(r.sources)) AS linkSources }
WITH l + t AS pairs, affiliatedArticles, linkSources
UNWIND pairs AS p
WITH p[0] AS k, sum(p[1]) AS n, affiliatedArticles, linkSources
RETURN collect([k, n]) + [['AFFILIATED_WITH.articles', affiliatedArticles], ['sources on links', linkSources]] AS pairs`;

const AFFILIATION_CHECK = `
CALL () {
  MATCH (au:Author)-[w:AUTHORED]->()
  UNWIND w.institutionIds AS institutionId
  MATCH (i:Institution {id: institutionId})
  WITH au, i, count(*) AS articles
  WHERE NOT EXISTS { MATCH (au)-[r:AFFILIATED_WITH]->(i) WHERE r.articles = articles }
  RETURN count(*) AS missing
}
CALL () {
  MATCH (au:Author)-[r:AFFILIATED_WITH]->(i:Institution)
  WITH au, i, count(r) AS links, sum(r.articles) AS stated
  WITH au, i, links, stated, COUNT { MATCH (au)-[w:AUTHORED]->() UNWIND w.institutionIds AS x WITH x WHERE x = i.id RETURN x } AS articles
  WHERE links <> 1 OR stated <> articles
  RETURN count(*) AS extra
}
RETURN missing + extra AS wrong`;

async function main(): Promise<void> {
  /** The loader of a checkout: under src/ingest since the ingest library moved there, under seed/ before (a baseline checkout may be older). */
  const loaderModule = async (dir: string) => {
    const moved = path.join(dir, 'src/ingest/load/loadGraph.ts');
    const file = existsSync(moved) ? moved : path.join(dir, 'seed/load/loadGraph.ts');
    const loader = (await import(pathToFileURL(file).href)) as typeof import('../src/ingest/load/loadGraph.ts') & {
      ensureSchema?: typeof ensureSchema;
    };
    // The schema moved out of the loader into src/graph; older trees still have it in loadGraph.ts.
    const schema = path.join(dir, 'src/graph/schema.ts');
    const ensure = existsSync(schema)
      ? ((await import(pathToFileURL(schema).href)) as typeof import('../src/graph/schema.ts')).ensureSchema
      : loader.ensureSchema!;
    return { ...loader, ensureSchema: ensure };
  };

  const size = Number(args.articles);
  const reference = await loadReferenceData();
  const corpus = benchCorpus(size, { realTopics: reference.vocabulary.topics });
  const here = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const batches = args.batch ? args.batch.split(',').map(Number) : [undefined];
  const loaders: Loader[] = [];
  for (const batch of batches) {
    loaders.push({ label: `current${batch ? ` batch ${batch}` : ''}`, batch, dir: here });
    if (args.baseline)
      loaders.push({ label: `baseline${batch ? ` batch ${batch}` : ''}`, batch, dir: path.resolve(args.baseline) });
  }
  const neo = await startBenchNeo4j({ log });
  const db = createDatabase({ uri: neo.uri, auth: neo4j.auth.basic(neo.user, neo.password), queryTimeoutMs: 600_000 });
  const results: Array<{ label: string; seconds: number; rps: number; load: number; graph: Record<string, number> }> =
    [];
  try {
    {
      const graph = await loaderModule(here);
      await graph.ensureSchema(db);
      await graph.loadVocabulary(db, reference.vocabulary);
      await graph.loadArticles(db, corpus.slice(0, 2000), { batchSize: 500 });
      log('warmed up');
    }
    for (let round = 0; round < Number(args.rounds); round += 1) {
      const order = round % 2 === 0 ? loaders : [...loaders].reverse();
      for (const loader of order) {
        const session = db.driver.session();
        await session
          .run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS')
          .finally(() => session.close());
        const graph = await loaderModule(loader.dir);
        await graph.ensureSchema(db);
        await graph.loadVocabulary(db, reference.vocabulary);
        timings.clear();
        transactionMs = 0;
        const load = os.loadavg()[0]!;
        const t0 = performance.now();
        await graph.loadArticles(db, corpus, { ...(loader.batch ? { batchSize: loader.batch } : {}) });
        await db.write('CALL db.awaitIndexes(600)');
        const seconds = (performance.now() - t0) / 1000;
        const counts = await db.read<{ n: number; r: number }>(
          'MATCH (n) WITH count(n) AS n CALL () { MATCH ()-[r]->() RETURN count(r) AS r } RETURN n, r',
        );
        // Derived affiliations as a full recomputation gives them: any difference is a loader bug.
        const [check] = await db.read<{ wrong: number }>(AFFILIATION_CHECK);
        // What the loader made, by label and relationship type, to compare loaders (the same records must give the same graph).
        const [shape] = await db.read<{ pairs: Array<[string, number]> }>(GRAPH_SHAPE);
        const made = Object.fromEntries([...shape!.pairs].sort((a, b) => a[0].localeCompare(b[0])));
        results.push({
          label: loader.label,
          seconds,
          rps: size / seconds,
          load: (load + os.loadavg()[0]!) / 2,
          graph: made,
        });
        log(
          `${loader.label}: ${size} articles in ${seconds.toFixed(1)} s = ${Math.round(size / seconds)} articles/s (load avg ~${((load + os.loadavg()[0]!) / 2).toFixed(1)}); nodes ${counts[0]?.n}, relationships ${counts[0]?.r}, affiliations differing from a recomputation ${check?.wrong}`,
        );
        if (args.statements) {
          log(
            `   ${(transactionMs / 1000).toFixed(1).padStart(6)} s in write transactions (statements, JS between them, commit)`,
          );
          for (const [key, t] of [...timings].sort((a, b) => b[1].ms - a[1].ms))
            log(`   ${(t.ms / 1000).toFixed(1).padStart(6)} s ${String(t.n).padStart(5)}× ${key}`);
        }
      }
    }
  } finally {
    await db.driver.close();
    await neo.stop();
  }
  console.log(JSON.stringify(results, null, 1));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
