import type { Database } from '../db/index.ts';
import type { Run } from '../ingest/index.ts';

/**
 * Imports' status kept in the graph, one `(:ImportJob {id})` node per import (the id is the
 * import's own, ImportReport.importId), so that every API process answers `import(id)` for any
 * import, also after a restart. A separate label from `Import` on purpose: an Import node is
 * provenance (it goes when its last source is retracted, and the bulk and transactional loaders must
 * produce the same ones), while an import's status must outlive a retraction and exists for imports
 * that wrote nothing. It links to nothing (see BOOKKEEPING_LABELS).
 *
 * What was committed is counted inside each batch's own transaction (`countCommitted`), so the
 * counts are exact whatever happens to the process or the database afterwards. A process renews
 * `heartbeatAt` of its queued and running imports; one whose heartbeat is older than `staleMs` was
 * left behind by a process that stopped (or lost the database) and is reported as FAILED.
 */

/** One import's status as stored. */
export interface StoredJob {
  id: string;
  fileName: string;
  importedBy: string;
  status: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  phase: 'CHECKING' | 'LOADING' | null;
  queuedAt: string;
  queuedAtMs: number;
  startedAt: string | null;
  finishedAt: string | null;
  recordsDone: number;
  totalRecords: number | null;
  bytesRead: number;
  totalBytes: number;
  rejected: number;
  committedBatches: number;
  committedRecords: number;
  committedArticles: number;
  /** The ImportReport as JSON, once DONE. */
  report: string | null;
  error: string | null;
  /** Why a FAILED import ended, in words (its error is rebuilt from it and the committed counts). */
  reason: string | null;
  /** It failed because the database went away. */
  databaseAway: boolean | null;
  /** Queued or running, but its process stopped renewing it. */
  stale: boolean;
  /** Live queued imports queued before it, while QUEUED. */
  ahead: number;
}

/** Progress while running (no committed counts: those move only with a batch). */
export interface JobProgress {
  phase: 'CHECKING' | 'LOADING';
  recordsDone: number;
  totalRecords: number | null;
  bytesRead: number;
  rejected: number;
}

/** Finished imports kept in the graph; older ones are removed as new ones finish. */
export const FINISHED_JOBS_KEPT = 1000;

const CREATE = `
CREATE (j:ImportJob {id: $id})
SET j += $props, j.status = 'QUEUED', j.queuedAtMs = timestamp(), j.heartbeatAt = timestamp(),
    j.recordsDone = 0, j.bytesRead = 0, j.rejected = 0, j.committedBatches = 0, j.committedRecords = 0, j.committedArticles = 0
RETURN j.queuedAtMs AS queuedAtMs`;

const HEARTBEAT = `
UNWIND $ids AS id
MATCH (j:ImportJob {id: id})
WHERE j.status IN ['QUEUED', 'RUNNING']
SET j.heartbeatAt = timestamp()`;

const RUNNING = `
MATCH (j:ImportJob {id: $id})
SET j.status = 'RUNNING', j.startedAt = $startedAt, j.phase = 'CHECKING', j.heartbeatAt = timestamp()`;

const PROGRESS = `
MATCH (j:ImportJob {id: $id})
WHERE j.status = 'RUNNING'
SET j += $progress, j.heartbeatAt = timestamp()`;

const COMMITTED = `
MATCH (j:ImportJob {id: $id})
SET j.committedBatches = j.committedBatches + 1,
    j.committedRecords = j.committedRecords + $records,
    j.committedArticles = j.committedArticles + $articles,
    j.recordsDone = j.committedRecords + $records,
    j.phase = 'LOADING',
    j.heartbeatAt = timestamp()
RETURN j.id AS id`;

const FINISH = `
MATCH (j:ImportJob {id: $id})
SET j += $props, j.phase = null, j.heartbeatAt = timestamp()`;

const PRUNE = `
MATCH (j:ImportJob)
WHERE j.status IN ['DONE', 'FAILED']
WITH j ORDER BY j.queuedAtMs DESC
SKIP $kept
DETACH DELETE j`;

const GET = `
MATCH (j:ImportJob {id: $id})
WITH j, timestamp() AS now
RETURN j {.*} AS job,
  (j.status IN ['QUEUED', 'RUNNING'] AND j.heartbeatAt < now - $staleMs) AS stale,
  CASE WHEN j.status = 'QUEUED'
    THEN COUNT { MATCH (k:ImportJob) WHERE k.status = 'QUEUED' AND k.queuedAtMs < j.queuedAtMs AND k.heartbeatAt >= now - $staleMs }
    ELSE 0 END AS ahead`;

/** The ImportJob nodes of the graph. */
export class ImportJobs {
  constructor(
    private readonly db: Database,
    /** After how long without a heartbeat a queued or running import counts as abandoned. */
    readonly staleMs: number,
  ) {}

  /** Records a new queued import; answers its place in the queue order (the database's clock). */
  async create(job: {
    id: string;
    fileName: string;
    importedBy: string;
    queuedAt: string;
    totalBytes: number;
    owner: string;
  }): Promise<number> {
    const { id, ...props } = job;
    const [row] = await this.db.write<{ queuedAtMs: number }>(CREATE, { id, props });
    return row!.queuedAtMs;
  }

  async heartbeat(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.db.write(HEARTBEAT, { ids });
  }

  async markRunning(id: string, startedAt: string): Promise<void> {
    await this.db.write(RUNNING, { id, startedAt });
  }

  async progress(id: string, progress: JobProgress): Promise<void> {
    await this.db.write(PROGRESS, { id, progress });
  }

  /** Inside a batch's transaction: the batch's records and new articles count once it commits, and not at all otherwise. */
  async countCommitted(run: Run, id: string, batch: { records: number; articles: number }): Promise<void> {
    const rows = await run(COMMITTED, { id, ...batch });
    if (rows.length === 0) throw new Error(`the status of import ${id} is missing from the graph`);
  }

  async finish(
    id: string,
    props: {
      status: 'DONE' | 'FAILED';
      finishedAt: string;
      report?: string;
      reason?: string;
      databaseAway?: boolean;
      error?: string;
      totalRecords?: number | null;
      rejected?: number;
    },
  ): Promise<void> {
    await this.db.write(FINISH, { id, props });
    await this.db.write(PRUNE, { kept: FINISHED_JOBS_KEPT });
  }

  async get(id: string): Promise<StoredJob | undefined> {
    const [row] = await this.db.read<{ job: Omit<StoredJob, 'stale' | 'ahead'>; stale: boolean; ahead: number }>(GET, {
      id,
      staleMs: this.staleMs,
    });
    if (!row) return undefined;
    const job = row.job;
    return {
      ...job,
      phase: job.phase ?? null,
      startedAt: job.startedAt ?? null,
      finishedAt: job.finishedAt ?? null,
      totalRecords: job.totalRecords ?? null,
      report: job.report ?? null,
      error: job.error ?? null,
      reason: job.reason ?? null,
      databaseAway: job.databaseAway ?? null,
      stale: row.stale,
      ahead: row.ahead,
    };
  }
}
