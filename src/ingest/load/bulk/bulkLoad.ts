import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import {
  importIntoLocalNeo4j,
  localNeo4jHasDatabase,
  localNeo4jRunning,
  startLocalNeo4j,
  type LocalNeo4j,
  type LocalNeo4jLogLevel,
  type LocalNeo4jOptions,
} from '../../../../neo4j-local/index.ts';
import { createDatabase, type Database } from '../../../db/index.ts';
import { ensureSchema } from '../../../graph/index.ts';
import type { NormalizedArticle, Vocabulary } from '../../model.ts';
import type { ImportContext } from '../applyPlan.ts';
import { newImportContext } from '../loadGraph.ts';
import type { RecordOutcome, RecordStatus } from '../loadStatements.ts';
import type { SpillStats } from './externalSort.ts';
import { DEFAULT_BULK_MEMORY_MB, planBulkFiles } from './planBulkFiles.ts';
import { ARRAY_DELIMITER, FIXUP_PARAMS, fixupStatements } from './writeImportFiles.ts';

/** The bulk path cannot load into this target: the transactional loader is the one path there. */
export class BulkLoadUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BulkLoadUnavailableError';
  }
}

/**
 * Refuses (BulkLoadUnavailableError) unless the target is the project's own local Neo4j in `dataDir`,
 * stopped and without a database yet: the import tool writes store files, so it cannot reach a Neo4j
 * by URI (Aura, docker compose, a server) nor add to a graph.
 */
export function assertBulkLoadAvailable(target: { dataDir: string; env?: NodeJS.ProcessEnv }): void {
  const env = target.env ?? process.env;
  if (env['NEO4J_URI']) {
    throw new BulkLoadUnavailableError(
      `Bulk load is not available: NEO4J_URI is set (${env['NEO4J_URI']}). It writes the store files of the project's own local Neo4j and cannot load a Neo4j reached by URI (Aura, docker compose, a server); load without --bulk (the transactional loader) there.`,
    );
  }
  if (localNeo4jRunning(target.dataDir)) {
    throw new BulkLoadUnavailableError(
      `Bulk load is not available: the local Neo4j in ${target.dataDir} is running. Stop it (the service or npm run neo4j:local) first; the bulk path creates its database while it is stopped.`,
    );
  }
  if (localNeo4jHasDatabase(target.dataDir)) {
    throw new BulkLoadUnavailableError(
      `Bulk load is not available: the local Neo4j in ${target.dataDir} already has a database. The bulk path only creates a new, empty one; load without --bulk to add to it, or remove that folder to start over.`,
    );
  }
}

/** Options of bulkLoadLocal. */
export interface BulkLoadOptions {
  /** The local Neo4j's data folder (see startLocalNeo4j): stopped, without a database yet. */
  dataDir: string;
  vocabulary: Vocabulary;
  /** The records, read once: an array, or a stream (a generator, records read from files) never held whole. */
  articles: readonly NormalizedArticle[] | Iterable<NormalizedArticle> | AsyncIterable<NormalizedArticle>;
  /**
   * Memory (MB) the plan buffers rows in before it spills sorted runs to disk; BULK_MEMORY_MB, else
   * DEFAULT_BULK_MEMORY_MB. The plan's memory is bounded by it (plus 8 bytes a record and the vocabulary).
   */
  memoryMb?: number;
  /**
   * Sort spilled runs, and plan articles, on further threads while the plan goes on; BULK_SORT_THREAD
   * (1 or 0), else on where Node may run two threads at once (os.availableParallelism()). See
   * planBulkFiles' `backgroundSort` and `articleThread`.
   */
  sortThread?: boolean;
  /** Where the import files and sorted runs go (a new folder in it, removed afterwards); the system's temporary folder when absent. */
  workDir?: string;
  /** Keep each record's outcome (default: when `articles` is an array); else only counts per status. */
  keepOutcomes?: boolean;
  /** The import the records belong to; a new one when absent. */
  context?: ImportContext;
  /** How the local Neo4j is started afterwards (port, heap, page cache, supervision). */
  start?: Omit<LocalNeo4jOptions, 'dataDir' | 'log'>;
  log?: (line: string, level?: LocalNeo4jLogLevel) => void;
  env?: NodeJS.ProcessEnv;
}

/** What a bulk load did, and the running Neo4j it leaves (the caller stops it and closes the driver). */
export interface BulkLoadResult {
  neo4j: LocalNeo4j;
  db: Database;
  /** Each record's outcome in record order (keepOutcomes), else empty. */
  outcomes: RecordOutcome[];
  /** Records per outcome status. */
  statuses: Record<RecordStatus, number>;
  records: number;
  /** Seconds per phase: planning (streaming passes that write the import files), the import tool, starting Neo4j, placeholder fixes, schema and indexes. */
  seconds: { plan: number; import: number; start: number; fixup: number; schema: number; total: number };
  counts: { nodes: number; relationships: number };
  /** Sorted runs the plan spilled to disk, and their bytes. */
  spill: SpillStats;
}

/** The plan's memory budget in MB: the option, else BULK_MEMORY_MB, else the default. */
export function bulkMemoryMb(option: number | undefined, env: NodeJS.ProcessEnv): number {
  if (option !== undefined) return option;
  const text = env['BULK_MEMORY_MB'];
  if (text === undefined || text === '') return DEFAULT_BULK_MEMORY_MB;
  const mb = Number(text);
  if (!Number.isFinite(mb) || mb <= 0)
    throw new Error(`BULK_MEMORY_MB must be a positive number of megabytes, not "${text}"`);
  return mb;
}

/**
 * Whether the plan sorts spilled runs and plans articles on further threads: the option, else BULK_SORT_THREAD (1 or 0),
 * else whether there is a second core for it (on one core the thread only competes with the plan).
 */
export function bulkSortThread(
  option: boolean | undefined,
  env: NodeJS.ProcessEnv,
  cores: number = os.availableParallelism(),
): boolean {
  if (option !== undefined) return option;
  const text = env['BULK_SORT_THREAD'];
  if (text === undefined || text === '') return cores > 1;
  if (text === '0') return false;
  if (text === '1') return true;
  throw new Error(`BULK_SORT_THREAD must be 1 or 0, not "${text}"`);
}

/**
 * Loads the vocabulary and the articles into a NEW local Neo4j through Neo4j's bulk importer, then
 * starts it and creates the schema the service expects. The graph is the one the transactional loader
 * (loadVocabulary then loadArticles, one import) builds in an empty graph: the same plan as
 * planBulkGraph.ts, made in streaming passes in bounded memory (planBulkFiles.ts) and written as
 * import files instead of transactions. Later imports and retractions
 * go through the transactional loader as on any graph.
 */
export async function bulkLoadLocal(options: BulkLoadOptions): Promise<BulkLoadResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  assertBulkLoadAvailable({ dataDir: options.dataDir, ...(options.env ? { env: options.env } : {}) });
  const context = options.context ?? newImportContext({ importedBy: 'library', tool: 'bulk' });
  const t0 = performance.now();
  const mark = () => (performance.now() - t0) / 1000;
  const env = options.env ?? process.env;
  const memoryMb = bulkMemoryMb(options.memoryMb, env);
  const sortThread = bulkSortThread(options.sortThread, env);
  const workDir = mkdtempSync(path.join(options.workDir ?? os.tmpdir(), 'bulk-load-'));
  try {
    const plan = await planBulkFiles({
      vocabulary: options.vocabulary,
      articles: options.articles,
      context,
      dir: workDir,
      spillDir: path.join(workDir, 'spill'),
      memoryBytes: memoryMb * 1024 * 1024,
      backgroundSort: sortThread,
      articleThread: sortThread,
      keepOutcomes: options.keepOutcomes ?? Array.isArray(options.articles),
    });
    rmSync(path.join(workDir, 'spill'), { recursive: true, force: true });
    const { files, placeholders, counts } = plan;
    const tFiles = mark();
    log(
      `bulk load: ${plan.records} records planned as ${counts.nodes} nodes and ${counts.relationships} relationships in ${files.length} files (${plan.spill.runs} sorted runs spilled, ${(plan.spill.bytes / 1024 / 1024).toFixed(0)} MB, memory budget ${memoryMb} MB${sortThread ? ', runs sorted and articles planned on further threads' : ''})`,
    );
    await importIntoLocalNeo4j({
      dataDir: options.dataDir,
      workDir,
      arrayDelimiter: ARRAY_DELIMITER,
      nodes: files.filter((f) => f.kind === 'nodes').map((f) => `${f.tag}=${f.file}`),
      relationships: files.filter((f) => f.kind === 'relationships').map((f) => `${f.tag}=${f.file}`),
      multilineFiles: files.filter((f) => f.multiline).map((f) => f.file),
      log,
    });
    const tImport = mark();
    const local = await startLocalNeo4j({ ...options.start, dataDir: options.dataDir, log });
    const tStart = mark();
    const db = createDatabase({
      uri: local.uri,
      auth: neo4j.auth.basic(local.user, local.password),
      queryTimeoutMs: 1_800_000,
    });
    try {
      // Placeholders first: the indexes are then built once, over final values.
      const session = db.driver.session();
      try {
        for (const statement of fixupStatements(placeholders)) await session.run(statement, FIXUP_PARAMS);
      } finally {
        await session.close();
      }
      const tFixup = mark();
      // The schema the service creates at start (prepareDatabase), all of it created first so the
      // indexes populate together, then waited for.
      await ensureSchema(db);
      const total = mark();
      const seconds = {
        plan: tFiles,
        import: tImport - tFiles,
        start: tStart - tImport,
        fixup: tFixup - tStart,
        schema: total - tFixup,
        total,
      };
      return {
        neo4j: local,
        db,
        outcomes: plan.outcomes ?? [],
        statuses: plan.statuses,
        records: plan.records,
        seconds,
        counts,
        spill: plan.spill,
      };
    } catch (error) {
      await db.driver.close();
      await local.stop();
      throw error;
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
