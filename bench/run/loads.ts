/**
 * The load measurements of one corpus size: the transactional loader (loadArticles, with index
 * catch-up), the bulk path (bulkLoadLocal into a new local Neo4j) with both graphs compared by a
 * canonical dump, or (above BOTH_LOADS_MAX_ARTICLES, or --load bulk) the bulk path alone from the
 * streamed corpus, and an incremental import of new records into the loaded graph, then of the same
 * records again (which must change nothing, and should take a fraction of the first). Each timed,
 * with the peak resident memory of this process (which also holds the corpus, unless streamed) and
 * of the processes it starts meanwhile (the bulk path's import tool and Neo4j).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import type { Database } from '../../src/db/index.ts';
import { canonicalGraphDigest, ensureSchema } from '../../src/graph/index.ts';
import {
  bulkLoadLocal,
  type BulkLoadResult,
  loadArticles,
  loadVocabulary,
  newImportContext,
  type ImportContext,
  loadReferenceData,
  type NormalizedArticle,
} from '../../src/ingest/index.ts';
import type { LocalNeo4j } from '../../neo4j-local/index.ts';
import {
  BENCH_DIR,
  benchArticles,
  DEFAULT_HEAP,
  DEFAULT_PAGE_CACHE,
  loadAverage1m,
  SEED,
  startBenchNeo4j,
  withPeakRss,
} from '../harness/index.ts';

type Vocabulary = Awaited<ReturnType<typeof loadReferenceData>>['vocabulary'];

/** One timed load. */
export interface LoadResult {
  mode: 'transactional' | 'bulk' | 'incremental';
  /** Records loaded (the corpus size, or the incremental import's count). */
  records: number;
  seconds: number;
  /** Peak RSS of this process during the load, MB (it holds the whole corpus as well). */
  peakRssMb: number;
  /** Peak summed RSS of the processes started during the load (bulk: import tool, then Neo4j), MB. */
  peakChildRssMb: number;
  /** 1-minute load average when the load started and when it ended. */
  loadAverage: [number, number];
  /** Incremental only: the second import of the same records. */
  repeat?: boolean;
  /** Bulk only: seconds per phase (plan, files, import tool, Neo4j start, placeholder fixes, schema and indexes). */
  phases?: Record<string, number>;
  /** sha256 of the canonical dump of the graph it built, and its lines (nodes + relationships). */
  digest?: string;
  lines?: number;
  /** How the transactional and bulk graphs were compared: the canonical dump, or (above the dump limit) node and relationship counts. */
  comparedBy?: 'dump' | 'counts';
  /** Bulk only: "streamed" when the records came from the generator one at a time (bulk alone), not from an array. */
  corpus?: 'streamed';
  /** Bulk only: sorted runs the plan spilled to disk, and their MB. */
  spilledRuns?: number;
  spilledMb?: number;
  /** Bulk only: this process's V8 heap limit, MB (the plan's heap must stay under it). */
  heapLimitMb?: number;
}

/**
 * Above this many articles the two graphs are compared by counts, not by a canonical dump: the dump
 * holds every line of a graph in memory (two 100k graphs already took more than 4 GB of heap).
 */
export const DUMP_COMPARISON_MAX_ARTICLES = 200_000;

async function timed(mode: LoadResult['mode'], records: number, load: () => Promise<void>): Promise<LoadResult> {
  const before = loadAverage1m();
  const t0 = performance.now();
  const { peakRssMb, peakChildRssMb } = await withPeakRss(load);
  return {
    mode,
    records,
    seconds: (performance.now() - t0) / 1000,
    peakRssMb,
    peakChildRssMb,
    loadAverage: [before, loadAverage1m()],
  };
}

/** The corpus through the project's loader into `db` (emptied by the caller), indexes caught up. */
export async function loadTransactional(
  db: Database,
  vocabulary: Vocabulary,
  corpus: readonly NormalizedArticle[],
  context: ImportContext,
  log: (line: string) => void,
): Promise<LoadResult> {
  await ensureSchema(db);
  await loadVocabulary(db, vocabulary);
  const result = await timed('transactional', corpus.length, async () => {
    await loadArticles(db, corpus, { context, onProgress: (n) => n % 20_000 === 0 && log(`loaded ${n}`) });
    await db.write('CALL db.awaitIndexes(600)');
  });
  log(
    `loaded ${corpus.length} articles in ${result.seconds.toFixed(1)} s (transactional; peak RSS ${result.peakRssMb} MB; load average ${result.loadAverage.map((x) => x.toFixed(2)).join(' -> ')})`,
  );
  return result;
}

/** Load choices: the transactional loader, the bulk path, or both with their graphs compared. */
export type LoadChoice = 'transactional' | 'bulk' | 'both';

export const LOAD_CHOICES: readonly LoadChoice[] = ['transactional', 'bulk', 'both'];

/**
 * Up to this many articles a size is loaded both ways by default (the graphs compared); above it
 * through the bulk path alone: the transactional loader would take over an hour at a million
 * articles, and the corpus it is given (an array) several GB of this process's memory.
 */
export const BOTH_LOADS_MAX_ARTICLES = 200_000;

/**
 * The load of each size: `choice` for all (--load), else both up to BOTH_LOADS_MAX_ARTICLES and the
 * bulk path above. The bulk path writes the store files of a local Neo4j, so with a Neo4j reached by
 * URI (`external`) "both" is the transactional loader alone, and "bulk" is refused for the sizes that
 * would take it, before anything runs.
 */
export function loadChoices(
  sizes: readonly number[],
  choice: LoadChoice | null,
  external: string | null,
): LoadChoice[] {
  const choices = sizes.map((size): LoadChoice => {
    const chosen = choice ?? (size <= BOTH_LOADS_MAX_ARTICLES ? 'both' : 'bulk');
    return external && chosen === 'both' ? 'transactional' : chosen;
  });
  const bulkOnly = sizes.filter((_, i) => choices[i] === 'bulk');
  if (external && bulkOnly.length > 0)
    throw new Error(
      `${choice === null ? `The bulk path (the load above ${BOTH_LOADS_MAX_ARTICLES} articles unless --load says otherwise)` : '--load bulk'} needs the benchmark's own local Neo4j, but NEO4J_URI is set (${external}): the bulk path writes store files and cannot load a Neo4j reached by URI. ` +
        `Sizes concerned: ${bulkOnly.join(', ')}. Unset NEO4J_URI, or pass --load transactional to load them with the transactional loader.`,
    );
  return choices;
}

/** The --load option (BENCH_LOAD): one of LOAD_CHOICES, or null when not given (per size, see loadChoices). */
export function parseLoadChoice(text: string): LoadChoice | null {
  if (text === '') return null;
  if (!(LOAD_CHOICES as readonly string[]).includes(text))
    throw new Error(`--load: "${text}" is not one of ${LOAD_CHOICES.join(', ')}`);
  return text as LoadChoice;
}

/** The records through the bulk path (bulkLoadLocal) into a new local Neo4j in `dataDir`, timed. */
async function timedBulk(
  dataDir: string,
  vocabulary: Vocabulary,
  articles: readonly NormalizedArticle[] | Iterable<NormalizedArticle>,
  records: number,
  context: ImportContext,
  ephemeral: boolean,
  log: (line: string) => void,
): Promise<{ bulk: LoadResult; loaded: BulkLoadResult }> {
  let loaded: BulkLoadResult | null = null;
  const bulk = await timed('bulk', records, async () => {
    loaded = await bulkLoadLocal({
      dataDir,
      vocabulary,
      articles,
      context,
      start: { ephemeral, heap: DEFAULT_HEAP, pageCache: DEFAULT_PAGE_CACHE },
      log: (line) => log(`[bulk] ${line}`),
    });
  });
  const done = loaded as BulkLoadResult | null;
  if (!done) throw new Error('the bulk load returned nothing');
  if (done.records !== records) {
    await done.db.driver.close();
    await done.neo4j.stop();
    throw new Error(`the bulk load read ${done.records} records, not ${records}`);
  }
  bulk.phases = Object.fromEntries(Object.entries(done.seconds).map(([k, v]) => [k, Number(v.toFixed(1))]));
  bulk.spilledRuns = done.spill.runs;
  bulk.spilledMb = Math.round(done.spill.bytes / 2 ** 20);
  bulk.heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  log(
    `loaded ${records} articles in ${bulk.seconds.toFixed(1)} s (bulk: ${JSON.stringify(bulk.phases)}; peak RSS ${bulk.peakRssMb} MB, started processes ${bulk.peakChildRssMb} MB; ${bulk.spilledRuns} sorted runs spilled, ${bulk.spilledMb} MB)`,
  );
  return { bulk, loaded: done };
}

/**
 * A size through the bulk path alone: the corpus streamed from its generator into bulkLoadLocal,
 * never held whole (as bench/bulkLoad.ts does), into a new local Neo4j in `dataDir`, which is left
 * running with the schema the service creates (ensureSchema, every index online) for the operations
 * and the incremental import; the caller stops it. Peak RSS is this process's high-water mark over
 * the load (reset at its start): in this mode it holds only the reference data besides the load,
 * as bench/bulkLoad.ts's loader process does, but under this process's heap limit (heapLimitMb).
 */
export async function loadBulk(
  dataDir: string,
  vocabulary: Vocabulary,
  articles: Iterable<NormalizedArticle>,
  records: number,
  context: ImportContext,
  ephemeral: boolean,
  log: (line: string) => void,
): Promise<{ bulk: LoadResult; loaded: BulkLoadResult }> {
  const result = await timedBulk(dataDir, vocabulary, articles, records, context, ephemeral, log);
  result.bulk.corpus = 'streamed';
  return result;
}

/**
 * A size's bulk-loaded corpus kept in bench/corpus/neo4j-<size> for the tools that measure one graph
 * again and again (bench:cpu, bench:statement-cost): its Neo4j started from that folder when an
 * earlier run left it (with its marker file), else the corpus generated, bulk-loaded and marked.
 * Returns the running Neo4j (the caller stops it), the folder, and the corpus options its inputs
 * are chosen with (benchArticles).
 */
export async function keptBulkCorpus(
  size: number,
  log: (line: string) => void,
): Promise<{
  local: LocalNeo4j;
  dataDir: string;
  corpusOptions: Parameters<typeof benchArticles>[1];
}> {
  const corpusDir = path.join(BENCH_DIR, 'corpus');
  mkdirSync(corpusDir, { recursive: true });
  const dataDir = path.join(corpusDir, `neo4j-${size}`);
  const marker = path.join(corpusDir, `neo4j-${size}.json`);
  const reference = await loadReferenceData();
  const corpusOptions = { realTopics: reference.vocabulary.topics, references: true };
  if (existsSync(marker) && existsSync(dataDir)) {
    const local = await startBenchNeo4j({ dataDir, ephemeral: false, log });
    log(`reusing ${dataDir} (${(JSON.parse(readFileSync(marker, 'utf8')) as { load?: string }).load ?? '?'})`);
    return { local, dataDir, corpusOptions };
  }
  const context = newImportContext({ importedBy: 'bench', tool: 'bench' });
  const { bulk, loaded } = await loadBulk(
    dataDir,
    reference.vocabulary,
    benchArticles(size, corpusOptions),
    size,
    context,
    false,
    log,
  );
  await loaded.db.driver.close();
  writeFileSync(marker, JSON.stringify({ size, seed: SEED, loadSeconds: bulk.seconds, load: 'bulk' }));
  return { local: loaded.neo4j, dataDir, corpusOptions };
}

/**
 * The same corpus, vocabulary and import context through the bulk path into a new local Neo4j in
 * `dataDir`, then both graphs compared (per-run values need no exclusion: both loads had the same
 * import context). The bulk-loaded Neo4j is stopped before returning.
 */
export async function loadBulkAndCompare(
  db: Database,
  dataDir: string,
  vocabulary: Vocabulary,
  corpus: readonly NormalizedArticle[],
  context: ImportContext,
  transactional: LoadResult,
  log: (line: string) => void,
): Promise<{ bulk: LoadResult; sameGraph: boolean }> {
  const { bulk, loaded } = await timedBulk(dataDir, vocabulary, corpus, corpus.length, context, true, log);
  try {
    if (corpus.length > DUMP_COMPARISON_MAX_ARTICLES) {
      const [tx, bk] = [await graphCounts(db), await graphCounts(loaded.db)];
      transactional.comparedBy = bulk.comparedBy = 'counts';
      const sameGraph = tx.nodes === bk.nodes && tx.articles === bk.articles && tx.relationships === bk.relationships;
      log(
        `counts (no canonical dump above ${DUMP_COMPARISON_MAX_ARTICLES} articles): transactional ${JSON.stringify(tx)}, bulk ${JSON.stringify(bk)}: ${sameGraph ? 'the same' : 'DIFFERENT'}`,
      );
      return { bulk, sameGraph };
    }
    transactional.comparedBy = bulk.comparedBy = 'dump';
    const [tx, bk] = [await canonicalGraphDigest(db), await canonicalGraphDigest(loaded.db)];
    Object.assign(transactional, { digest: tx.sha256, lines: tx.lines });
    Object.assign(bulk, { digest: bk.sha256, lines: bk.lines });
    const sameGraph = tx.sha256 === bk.sha256;
    log(
      `canonical dumps: transactional ${tx.lines} lines ${tx.sha256.slice(0, 12)}, bulk ${bk.lines} lines ${bk.sha256.slice(0, 12)}: ${sameGraph ? 'the same graph' : 'DIFFERENT graphs'}`,
    );
    return { bulk, sameGraph };
  } finally {
    await loaded.db.driver.close();
    await loaded.neo4j.stop();
  }
}

/** Nodes, articles and relationships in the graph (count store lookups, cheap at any size). */
async function graphCounts(db: Database): Promise<{ nodes: number; articles: number; relationships: number }> {
  const [nodes] = await db.read<{ n: number }>('MATCH (n) RETURN count(n) AS n');
  const [articles] = await db.read<{ n: number }>('MATCH (n:Article) RETURN count(n) AS n');
  const [relationships] = await db.read<{ n: number }>('MATCH ()-[r]->() RETURN count(r) AS n');
  return { nodes: Number(nodes!.n), articles: Number(articles!.n), relationships: Number(relationships!.n) };
}

/**
 * `records` new articles (not in the loaded corpus) imported into the loaded graph, then the same
 * again, each as its own import run. What the repeat added is reported as count differences (nodes,
 * articles, relationships): the repeat should add no article and no relationship between entities;
 * whatever a second import run records about itself shows in the node count.
 */
export async function loadIncremental(
  db: Database,
  size: number,
  records: readonly NormalizedArticle[],
  log: (line: string) => void,
): Promise<{
  first: LoadResult;
  repeat: LoadResult;
  repeatAdded: { nodes: number; articles: number; relationships: number };
}> {
  const once = async () => {
    await loadArticles(db, records, { context: newImportContext({ importedBy: 'bench', tool: 'bench' }) });
    await db.write('CALL db.awaitIndexes(600)');
  };
  const first = await timed('incremental', records.length, once);
  const before = await graphCounts(db);
  const repeat: LoadResult = { ...(await timed('incremental', records.length, once)), repeat: true };
  const after = await graphCounts(db);
  const repeatAdded = {
    nodes: after.nodes - before.nodes,
    articles: after.articles - before.articles,
    relationships: after.relationships - before.relationships,
  };
  log(
    `incremental: ${records.length} new articles into ${size} in ${first.seconds.toFixed(1)} s (peak RSS ${first.peakRssMb} MB), the same again in ${repeat.seconds.toFixed(1)} s (added ${JSON.stringify(repeatAdded)})`,
  );
  return { first, repeat, repeatAdded };
}
