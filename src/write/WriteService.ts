import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../db/index.ts';
import {
  DEFAULT_BATCH_SIZE,
  type RecordFormat as SeedFormat,
  type ReferenceData,
  describeAdded,
  loadReferenceData,
  importRecords,
  ImportBudgetError,
  type RecordCheckPool,
  sharedCheckPool,
  type ImportProgress,
  type ImportSummary,
  contentSource,
  newImportContext,
  retractSources,
  type RecordOutcome,
  type Run,
} from '../ingest/index.ts';
import type { ImportJob, ImportReport, RecordFormat, RetractReport } from '../graphql/generated/resolvers-types.ts';
import { databaseErrorFor, ErrorCode } from '../errors.ts';
import { SerialQueue } from './SerialQueue.ts';
import { DEFAULT_LEASE_TIMING, LeaseLostError, WriteLease, type LeaseTiming } from './writeLease.ts';
import { ImportJobs, type JobProgress, type StoredJob } from './importJobs.ts';

/** One import to run: the text, the name its sources are recorded under, and how. */
export interface ImportRequest {
  fileName: string;
  content: string;
  format?: RecordFormat | null;
  dryRun: boolean;
  keepGoing: boolean;
  /** The token's name: recorded as importedBy on the import and its sources. */
  importedBy: string;
}

/** Finished dry runs whose status stays available to Query.import (they are kept in memory only: they write nothing). */
const DRY_RUNS_KEPT = 200;
/** At most one progress update of a running import is written to the graph per this many ms. */
const PROGRESS_EVERY_MS = 1000;
/** A status that could not be written (the database was gone) is tried again this often, this long. */
const FINALIZE_RETRY_MS = 2000;
const FINALIZE_GIVE_UP_MS = 10 * 60_000;
/** Changed records listed in a report. */
const CHANGED_KEPT = 10_000;

const TO_SEED_FORMAT: Readonly<Record<RecordFormat, SeedFormat>> = {
  WPRIM: 'wprim',
  MEDLINE: 'medline',
  PUBMED_XML: 'pubmed-xml',
  RIS: 'ris',
  BIBTEX: 'bibtex',
  CSL_JSON: 'csl-json',
  OPENALEX: 'openalex',
  CROSSREF: 'crossref',
  WOS: 'wos',
  SCOPUS_CSV: 'scopus-csv',
  LENS_CSV: 'lens-csv',
  ENDNOTE: 'endnote',
  REFWORKS: 'refworks',
  NOTEEXPRESS: 'noteexpress',
  DIMENSIONS_CSV: 'dimensions-csv',
  CNKI_ESTUDY: 'cnki-estudy',
};
const FROM_SEED_FORMAT = Object.fromEntries(Object.entries(TO_SEED_FORMAT).map(([api, seed]) => [seed, api])) as Record<
  SeedFormat,
  RecordFormat
>;

/** The articles the given sources describe, and the sources of one article. */
const ARTICLES_OF_SOURCES = `
UNWIND $ids AS id
MATCH (:Source {id: id})-[:DESCRIBES]->(a:Article)
RETURN DISTINCT a.id AS id`;
const SOURCES_OF_IMPORT = `
MATCH (s:Source {importId: $importId})
RETURN s.id AS id`;
const SOURCE_EXISTS = `
MATCH (s:Source {id: $id})
RETURN s.id AS id`;
const SOURCES_OF_ARTICLE = `
MATCH (a:Article {id: $id})
OPTIONAL MATCH (s:Source)-[:DESCRIBES]->(a)
RETURN a.id AS id, collect(s.id) AS sources`;
const EXISTING_ARTICLES = `
UNWIND $ids AS id
MATCH (a:Article {id: id})
RETURN a.id AS id`;

/** Thrown for a write the caller asked wrongly (unknown source, article without sources). */
export class WriteRequestError extends Error {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(message);
  }
}

/** What an interrupted import had committed: each batch commits whole or not at all. */
export interface Committed {
  batches: number;
  records: number;
  articles: number;
}

/**
 * An import that ended by an error after it may have started writing: it names the import and
 * what of it was committed, and says how to finish it (run it again: what is written comes out
 * unchanged) or take it back (retractSource(importId:)).
 */
export class ImportInterruptedError extends Error {
  constructor(
    readonly importId: string,
    readonly committed: Committed,
    readonly totalRecords: number | null,
    override readonly cause: unknown,
    /** Records of the batch being written when it stopped, whose commit was never confirmed (0: none). */
    readonly inDoubt = 0,
  ) {
    super(
      interruptionMessage(
        importId,
        committed,
        totalRecords,
        interruptionReason(cause),
        databaseErrorFor(cause) !== undefined,
        { inDoubt },
      ),
    );
    this.name = 'ImportInterruptedError';
  }

  /** Why, in words (no host, path or query). */
  get reason(): string {
    return interruptionReason(this.cause);
  }

  get databaseAway(): boolean {
    return databaseErrorFor(this.cause) !== undefined;
  }

  /** The error's code: DATABASE_UNAVAILABLE when the database went away (503, Retry-After), else IMPORT_INTERRUPTED. */
  get code(): string {
    return databaseErrorFor(this.cause) ? ErrorCode.DATABASE_UNAVAILABLE : ErrorCode.IMPORT_INTERRUPTED;
  }
}

function interruptionReason(cause: unknown): string {
  if (cause instanceof LeaseLostError)
    return 'it lost the write lease: this process was stalled longer than the lease lasts';
  if (databaseErrorFor(cause)) return 'the graph database became unavailable';
  return 'an internal error';
}

/**
 * Words for people: what happened, what is in the graph, how to finish or take it back. Never a
 * host, path or query. `inDoubt` records were being written when it stopped: the database may have
 * committed them without the acknowledgement arriving, so the message says that, never "nothing
 * was written" (the graph's own count, ImportJob.committed, is exact once the database is back).
 */
export function interruptionMessage(
  importId: string,
  committed: Committed,
  totalRecords: number | null,
  why: string,
  databaseAway: boolean,
  options: { takeBack?: string; inDoubt?: number; exactCount?: string } = {},
): string {
  const takeBack = options.takeBack ?? `call retractSource(importId: "${importId}")`;
  const inDoubt = options.inDoubt ?? 0;
  const exact = options.exactCount ?? `import(id: "${importId}") gives the exact count once the database is back`;
  if (committed.batches === 0 && inDoubt === 0) {
    return `The import ${importId} stopped before any batch was committed (${why}); nothing of it was written. Run it again${databaseAway ? ' once the database is back' : ''}.`;
  }
  const of = totalRecords !== null ? ` of ${totalRecords}` : '';
  const doubt =
    inDoubt > 0
      ? `The batch being written when it stopped (${inDoubt} record(s)) may also have been committed: the database went away before confirming it (${exact}). `
      : '';
  const done =
    committed.batches === 0
      ? `The import ${importId} was interrupted (${why}) while writing its first batch; whether it was committed is unknown. `
      : `The import ${importId} was interrupted (${why}) after ${committed.batches} batch(es) were committed: ` +
        `${committed.records}${of} record(s), describing ${committed.articles} article(s), are in the graph. `;
  return (
    done +
    doubt +
    `To finish it, run the same import again (same file name): what is already written comes out unchanged. ` +
    `To take back whatever of it is in the graph, ${takeBack}.`
  );
}

/** Records of the batch being written when an import failed: loading had begun and not everything was confirmed. */
export function recordsInDoubt(
  progress: { phase: 'checking' | 'loading'; totalRecords?: number } | undefined,
  committedRecords: number,
  batchSize: number,
): number {
  if (progress?.phase !== 'loading' || progress.totalRecords === undefined) return 0;
  return Math.min(batchSize, Math.max(0, progress.totalRecords - committedRecords));
}

/** An import of this process (queued, running, or whose final status is still to be written to the graph). */
interface LocalJob {
  id: string;
  fileName: string;
  importedBy: string;
  dryRun: boolean;
  queuedAt: string;
  queuedAtMs: number;
  startedAt?: string;
  finishedAt?: string;
  status: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  progress?: ImportProgress;
  totalBytes: number;
  committed: Committed;
  /** Why it failed, once FAILED (see ImportInterruptedError). */
  failure?: { reason: string; databaseAway: boolean };
  report?: ImportReport;
  error?: string;
  /** Its status is in the graph as it is here (always false for dry runs, which stay in memory). */
  stored: boolean;
  done: Promise<ImportReport>;
}

const queues = new WeakMap<Database, SerialQueue>();
/** Per database, the step that records an import in the graph and adds it to the queue (see enqueue). */
const admissions = new WeakMap<Database, SerialQueue>();

/** Default of IMPORT_QUEUE_MAX_BYTES: four uploads of the default 50 MB limit waiting or running at once. */
export const DEFAULT_IMPORT_QUEUE_MAX_BYTES = 200 * 1024 * 1024;

/**
 * Refused because the imports waiting or running already hold IMPORT_QUEUE_MAX_BYTES of content in
 * memory: the service cannot take another until some finish.
 */
export class ImportQueueFullError extends Error {
  constructor(
    readonly maximum: number,
    readonly inFlight: number,
    readonly bytes: number,
  ) {
    super(
      `The imports waiting or running hold ${inFlight} bytes; this one (${bytes} bytes) would pass the limit of ${maximum} bytes (IMPORT_QUEUE_MAX_BYTES). Try again when they have finished.`,
    );
  }
}

/** Options of the write service. */
export interface WriteServiceOptions {
  db: Database;
  logger?: Logger;
  reference?: () => Promise<ReferenceData>;
  /** The write lease's timing (tests shorten it). */
  lease?: LeaseTiming;
  /** The worker pool files are read and normalized in (default: the process's shared pool). */
  pool?: RecordCheckPool;
  /** Bytes of content imports waiting or running may hold together (IMPORT_QUEUE_MAX_BYTES). */
  maxBytesInFlight?: number;
}

/**
 * The write path of the API: imports, retractions and removals, through the same pipeline as
 * `npm run seed` (src/ingest/pipeline/importRecords, src/ingest/load/retractSources). Writes are
 * serialized twice: within this process by one queue (SerialQueue: one contender per process, in
 * arrival order), and across every process writing to the same graph (API replicas, the seed CLI)
 * by the graph's write lease (writeLease.ts), held for the whole of each write and checked inside
 * every write transaction. Reads are served from their own transactions meanwhile. Each import's
 * status lives in the graph (importJobs.ts), updated as its batches commit, so any process answers
 * import(id), also after a restart. Each write is logged as one audit line (who, when, what, counts;
 * never a token).
 */
export class WriteService {
  private readonly queue: SerialQueue;
  private readonly admission: SerialQueue;
  private readonly lease: WriteLease;
  private readonly store: ImportJobs;
  private readonly local = new Map<string, LocalJob>();
  /** Who this process is, in lease owners (host, process, random: unique across restarts). */
  private readonly instance = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private operations = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private reference?: Promise<ReferenceData>;
  /** Bytes of content held by imports waiting or running (dry runs included), against IMPORT_QUEUE_MAX_BYTES. */
  private bytesInFlight = 0;

  constructor(private readonly options: WriteServiceOptions) {
    let queue = queues.get(options.db);
    if (!queue) {
      queue = new SerialQueue();
      queues.set(options.db, queue);
    }
    this.queue = queue;
    let admission = admissions.get(options.db);
    if (!admission) {
      admission = new SerialQueue();
      admissions.set(options.db, admission);
    }
    this.admission = admission;
    const timing = options.lease ?? DEFAULT_LEASE_TIMING;
    this.lease = new WriteLease(options.db, timing);
    this.store = new ImportJobs(options.db, timing.ttlMs);
  }

  /** Reference data (MeSH, vocabulary, journals), loaded once on the first import. */
  private referenceData(): Promise<ReferenceData> {
    this.reference ??= (this.options.reference ?? loadReferenceData)().catch((error: unknown) => {
      this.reference = undefined;
      throw error;
    });
    return this.reference;
  }

  private owner(): string {
    return `${this.instance}#${(this.operations += 1)}`;
  }

  /**
   * Queues an import and answers its job at once. A real import is recorded in the graph first
   * (status QUEUED, in the cross-process queue order), so its id is known everywhere before it runs;
   * a dry run writes nothing, runs at once beside the queue and is known to this process only.
   */
  async startImport(request: ImportRequest): Promise<ImportJob> {
    const job = await this.enqueue(request);
    return this.job(job.id).then((view) => view ?? this.view(job, 0));
  }

  private async enqueue(request: ImportRequest): Promise<LocalJob> {
    // Every queued import holds its content until it has run: the bytes in flight are capped, not the count.
    const bytes = Buffer.byteLength(request.content, 'utf8');
    const maxBytes = this.options.maxBytesInFlight ?? DEFAULT_IMPORT_QUEUE_MAX_BYTES;
    if (this.bytesInFlight + bytes > maxBytes) throw new ImportQueueFullError(maxBytes, this.bytesInFlight, bytes);
    this.bytesInFlight += bytes;
    const ctx = newImportContext({ importedBy: request.importedBy, tool: 'api' });
    const job: LocalJob = {
      id: ctx.importId,
      fileName: request.fileName,
      importedBy: request.importedBy,
      dryRun: request.dryRun,
      queuedAt: new Date().toISOString(),
      queuedAtMs: 0,
      status: 'QUEUED',
      totalBytes: bytes,
      committed: { batches: 0, records: 0, articles: 0 },
      stored: false,
      done: Promise.resolve(undefined as unknown as ImportReport),
    };
    if (request.dryRun) {
      this.local.set(job.id, job);
      job.done = this.runDry(job, request, ctx);
    } else {
      // Recording the job (its place in the graph's queue order) and joining this process's queue are
      // one step, one import at a time: run concurrently, two records may commit in one order and be
      // answered in the other, and the import queued later in the graph would hold this process's
      // queue while waiting for the lease the earlier one (behind it here) is owed, for ever.
      try {
        await this.admission.add(async () => {
          job.queuedAtMs = await this.store.create({
            id: job.id,
            fileName: job.fileName,
            importedBy: job.importedBy,
            queuedAt: job.queuedAt,
            totalBytes: job.totalBytes,
            owner: this.instance,
          });
          job.stored = true;
          this.local.set(job.id, job);
          job.done = this.queue.add(() => this.runQueued(job, request, ctx));
        });
      } catch (error) {
        this.bytesInFlight -= bytes; // never queued
        throw error;
      }
    }
    this.startHeartbeat();
    const release = () => {
      this.bytesInFlight -= bytes;
    };
    job.done.then(release, release); // a failure is reported through the job's status
    this.forgetFinished();
    return job;
  }

  /** Runs an import and answers when it has finished (queued behind earlier writes). */
  async importAndWait(request: ImportRequest): Promise<ImportReport> {
    return (await this.enqueue(request)).done;
  }

  private async runDry(
    job: LocalJob,
    request: ImportRequest,
    ctx: ReturnType<typeof newImportContext>,
  ): Promise<ImportReport> {
    job.status = 'RUNNING';
    job.startedAt = new Date().toISOString();
    try {
      job.report = await this.runImport(
        this.options.db,
        request,
        { ...ctx, importedAt: job.startedAt },
        job,
        undefined,
      );
      job.status = 'DONE';
      return job.report;
    } catch (error) {
      job.status = 'FAILED';
      // A file over a worker budget is the file's fault, and says which budget; anything else is ours or the database's.
      job.error =
        error instanceof ImportBudgetError
          ? error.message
          : 'The dry run failed before it finished (the database may be unavailable); nothing was written.';
      throw error;
    } finally {
      job.finishedAt = new Date().toISOString();
    }
  }

  /** An import's turn in this process: the lease (in queue order across processes), then the import. */
  private async runQueued(
    job: LocalJob,
    request: ImportRequest,
    ctx: ReturnType<typeof newImportContext>,
  ): Promise<ImportReport> {
    let lease: Awaited<ReturnType<WriteLease['acquire']>>;
    try {
      lease = await this.lease.acquire(this.owner(), {
        job: { id: job.id, queuedAtMs: job.queuedAtMs, process: this.instance },
      });
    } catch (error) {
      // Nothing was written: the database went away while this import waited.
      throw this.failed(job, new ImportInterruptedError(job.id, job.committed, null, error));
    }
    try {
      job.status = 'RUNNING';
      job.startedAt = new Date().toISOString();
      await this.store.markRunning(job.id, job.startedAt);
      // The import's time is when it runs, not when it was queued.
      const report = await this.runImport(
        lease.fencedDatabase(),
        request,
        { ...ctx, importedAt: job.startedAt },
        job,
        (run, outcomes, articles) => this.store.countCommitted(run, job.id, { records: outcomes.length, articles }),
      );
      job.report = report;
      job.status = 'DONE';
      job.finishedAt = new Date().toISOString();
      await this.store
        .finish(job.id, {
          status: 'DONE',
          finishedAt: job.finishedAt,
          report: JSON.stringify(report),
          totalRecords: job.progress?.totalRecords ?? null,
          rejected: report.rejected,
        })
        .catch((error: unknown) => {
          // The import itself is done and committed; only its status could not be recorded yet.
          this.options.logger?.warn(
            { err: error, importId: job.id },
            'could not record a finished import; trying again',
          );
          this.finalizeLater(job);
        });
      return report;
    } catch (error) {
      if (error instanceof ImportBudgetError) {
        // A file over a worker budget is refused while it is read, before anything of it is written.
        job.status = 'FAILED';
        job.error = error.message;
        job.finishedAt = new Date().toISOString();
        this.finalizeLater(job, 0);
        throw error;
      }
      throw this.failed(
        job,
        error instanceof ImportInterruptedError
          ? error
          : new ImportInterruptedError(
              job.id,
              job.committed,
              job.progress?.totalRecords ?? null,
              error,
              databaseErrorFor(error) ? recordsInDoubt(job.progress, job.committed.records, DEFAULT_BATCH_SIZE) : 0,
            ),
      );
    } finally {
      await lease.release().catch(() => undefined); // else it expires
    }
  }

  /** Records an import as FAILED with what it committed (now, or once the database is back). */
  private failed(job: LocalJob, error: ImportInterruptedError): ImportInterruptedError {
    job.status = 'FAILED';
    job.error = error.message;
    job.failure = { reason: error.reason, databaseAway: error.databaseAway };
    job.finishedAt = new Date().toISOString();
    this.options.logger?.error({ err: error.cause, importId: job.id, committed: job.committed }, 'import interrupted');
    this.finalizeLater(job, 0);
    return error;
  }

  /** Writes a finished import's final status to the graph, retrying while the database is away. */
  private finalizeLater(job: LocalJob, delayMs = FINALIZE_RETRY_MS): void {
    job.stored = false;
    const giveUpAt = Date.now() + FINALIZE_GIVE_UP_MS;
    const attempt = () => {
      const props = {
        status: job.status as 'DONE' | 'FAILED',
        finishedAt: job.finishedAt!,
        ...(job.report ? { report: JSON.stringify(job.report) } : {}),
        // An interruption's message is rebuilt from its reason and the committed counts; any other failure keeps its own.
        ...(job.failure ? job.failure : job.status === 'FAILED' && job.error ? { error: job.error } : {}),
        totalRecords: job.progress?.totalRecords ?? null,
        rejected: job.progress?.rejected ?? 0,
      };
      this.store.finish(job.id, props).then(
        () => {
          job.stored = true;
          this.forgetFinished();
        },
        () => {
          if (Date.now() < giveUpAt) setTimeout(attempt, FINALIZE_RETRY_MS).unref();
        },
      );
    };
    setTimeout(attempt, delayMs).unref();
  }

  /** Keeps this process's heartbeat on its queued and running imports while it has any. */
  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(
      () => {
        const live = [...this.local.values()].filter(
          (j) => j.stored && (j.status === 'QUEUED' || j.status === 'RUNNING'),
        );
        const pending = [...this.local.values()].some((j) => !j.dryRun && !j.stored);
        if (live.length === 0 && !pending) {
          clearInterval(this.heartbeat);
          this.heartbeat = undefined;
          return;
        }
        this.store.heartbeat(live.map((j) => j.id)).catch(() => undefined);
      },
      Math.max(50, Math.floor((this.options.lease ?? DEFAULT_LEASE_TIMING).ttlMs / 3)),
    );
    this.heartbeat.unref();
  }

  /** Drops finished imports whose status the graph has, and dry runs beyond the last DRY_RUNS_KEPT. */
  private forgetFinished(): void {
    const finished = (j: LocalJob) => j.status === 'DONE' || j.status === 'FAILED';
    for (const [id, job] of this.local) if (!job.dryRun && job.stored && finished(job)) this.local.delete(id);
    let dry = [...this.local.values()].filter((j) => j.dryRun).length;
    for (const [id, job] of this.local) {
      if (dry <= DRY_RUNS_KEPT) break;
      if (job.dryRun && finished(job)) {
        this.local.delete(id);
        dry -= 1;
      }
    }
  }

  /**
   * An import's status and progress, from the graph (any process's imports, also of processes that
   * stopped); this process's dry runs and the imports whose final status it could not write yet
   * from memory. Undefined for an unknown id.
   */
  async job(id: string): Promise<ImportJob | undefined> {
    const mine = this.local.get(id);
    if (mine && (mine.dryRun || !mine.stored)) return this.view(mine, 0);
    let stored: StoredJob | undefined;
    try {
      stored = await this.store.get(id);
    } catch (error) {
      if (mine) return this.view(mine, 0);
      throw error;
    }
    if (!stored) return mine ? this.view(mine, 0) : undefined;
    // This process runs it: its progress here is fresher than the graph's (written once a second).
    if (mine && mine.status === 'RUNNING') return this.view(mine, 0);
    return storedView(stored);
  }

  private view(job: LocalJob, ahead: number): ImportJob {
    const p = job.progress;
    return {
      id: job.id,
      status: job.status,
      phase: job.status === 'RUNNING' && p ? (p.phase === 'checking' ? 'CHECKING' : 'LOADING') : null,
      fileName: job.fileName,
      importedBy: job.importedBy,
      queuedAt: job.queuedAt,
      startedAt: job.startedAt ?? null,
      finishedAt: job.finishedAt ?? null,
      queuePosition: job.status === 'QUEUED' ? ahead : 0,
      recordsDone: p?.records ?? 0,
      totalRecords: p?.totalRecords ?? null,
      bytesRead: p?.bytes ?? 0,
      totalBytes: job.totalBytes,
      rejected: p?.rejected ?? 0,
      committed: { ...job.committed },
      report: job.report ?? null,
      error: job.error ?? null,
    };
  }

  /**
   * Runs the pipeline for one import on `db` (the lease-fenced database for a real import). Counts
   * what each batch commits (job.committed, and through `countCommitted` inside the batch's own
   * transaction) and writes its progress to the graph at most once a second.
   */
  private async runImport(
    db: Database,
    request: ImportRequest,
    ctx: ReturnType<typeof newImportContext>,
    job: LocalJob,
    countCommitted: ((run: Run, outcomes: readonly RecordOutcome[], newArticles: number) => Promise<void>) | undefined,
  ): Promise<ImportReport> {
    const reference = await this.referenceData();
    const changed: RecordOutcome[] = [];
    const articles = new Set<string>();
    const newArticles = (outcomes: readonly RecordOutcome[]) =>
      new Set(outcomes.map((o) => o.articleId).filter((id) => !articles.has(id))).size;
    let progressWrite: NodeJS.Timeout | undefined;
    const onProgress = (p: ImportProgress) => {
      job.progress = p;
      if (!job.stored || progressWrite) return;
      progressWrite = setTimeout(() => {
        progressWrite = undefined;
        const latest = job.progress!;
        const stored: JobProgress = {
          phase: latest.phase === 'checking' ? 'CHECKING' : 'LOADING',
          recordsDone: latest.records,
          totalRecords: latest.totalRecords ?? null,
          bytesRead: latest.bytes,
          rejected: latest.rejected,
        };
        // Best effort: a lost update only delays the progress others see; committed counts move with the batches.
        this.store.progress(job.id, stored).catch(() => undefined);
      }, PROGRESS_EVERY_MS);
      progressWrite.unref();
    };
    let summary: ImportSummary;
    try {
      summary = await importRecords(db, [contentSource(request.fileName, request.content)], {
        reference,
        dryRun: request.dryRun,
        keepGoing: request.keepGoing,
        context: ctx,
        // A named format is read without content detection; the file is parsed in a worker thread under the per-file budgets.
        ...(request.format ? { format: TO_SEED_FORMAT[request.format] } : {}),
        pool: this.options.pool ?? sharedCheckPool(),
        onProgress,
        onOutcome: (outcome) => {
          if (outcome.status !== 'unchanged' && changed.length < CHANGED_KEPT) changed.push(outcome);
        },
        ...(countCommitted
          ? {
              beforeCommit: (run: Run, outcomes: readonly RecordOutcome[]) =>
                countCommitted(run, outcomes, newArticles(outcomes)),
            }
          : {}),
        onBatch: (outcomes) => {
          job.committed.articles += newArticles(outcomes);
          for (const o of outcomes) articles.add(o.articleId);
          job.committed.batches += 1;
          job.committed.records += outcomes.length;
        },
      });
    } finally {
      if (progressWrite) clearTimeout(progressWrite);
    }
    const detected = Object.keys(summary.formats)[0] as SeedFormat | undefined;
    const report: ImportReport = {
      importId: summary.importId,
      fileName: request.fileName,
      format: detected ? FROM_SEED_FORMAT[detected] : (request.format ?? null),
      dryRun: request.dryRun,
      written: summary.written,
      records: summary.records,
      added: summary.added,
      newArticles: summary.newArticles,
      articlesWithNewSource: summary.articlesWithNewSource,
      updated: summary.updated,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
      retracted: summary.retracted,
      rejections: summary.problems.map((p) => ({
        file: p.file,
        line: p.line ?? null,
        index: p.index ?? null,
        item: p.item ?? null,
        field: p.field,
        reason: p.reason,
      })),
      changed: changed.map((o) => ({
        status: o.status === 'added' ? 'ADDED' : 'UPDATED',
        newArticle: o.newArticle ?? null,
        articleId: o.articleId,
        sourceId: o.sourceId,
        line: o.origin.line ?? null,
        index: o.origin.index ?? null,
      })),
      message: '',
    };
    report.message =
      `${describeAdded(report.newArticles, report.articlesWithNewSource)}, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected} rejected` +
      (report.retracted > 0 ? `, ${report.retracted} source(s) no longer in the file removed` : '') +
      (request.dryRun
        ? ': dry run, nothing written'
        : report.rejected > 0 && !request.keepGoing
          ? ': nothing written (all or nothing; set keepGoing to load the good records)'
          : '');
    this.audit('import', request.importedBy, {
      importId: report.importId,
      file: request.fileName,
      format: report.format,
      bytes: Buffer.byteLength(request.content, 'utf8'),
      dryRun: request.dryRun,
      keepGoing: request.keepGoing,
      written: report.written,
      records: report.records,
      added: report.added,
      newArticles: report.newArticles,
      articlesWithNewSource: report.articlesWithNewSource,
      updated: report.updated,
      unchanged: report.unchanged,
      rejected: report.rejected,
      retracted: report.retracted,
    });
    return report;
  }

  /** Runs a write other than an import in this process's queue, holding the graph's write lease. */
  private serialized<T>(work: (db: Database) => Promise<T>): Promise<T> {
    return this.queue.add(() => this.lease.withLease(this.owner(), (db) => work(db)));
  }

  /**
   * Removes one source, or everything one import asserted (queued like imports). Works on an
   * interrupted import as on a finished one: every source it committed carries its id.
   */
  retract(target: { sourceId?: string | null; importId?: string | null }, by: string): Promise<RetractReport> {
    return this.serialized(async (db) => {
      let ids: string[];
      if (target.sourceId) {
        ids = (await this.options.db.read<{ id: string }>(SOURCE_EXISTS, { id: target.sourceId })).map((r) => r.id);
        if (ids.length === 0) throw new WriteRequestError('sourceId', `no source has the id "${target.sourceId}"`);
      } else {
        ids = (await this.options.db.read<{ id: string }>(SOURCES_OF_IMPORT, { importId: target.importId })).map(
          (r) => r.id,
        );
        if (ids.length === 0)
          throw new WriteRequestError(
            'importId',
            `no source belongs to the import "${target.importId}" (unknown, or everything it stated was replaced or retracted already)`,
          );
      }
      const report = await this.retractIds(db, ids, by);
      this.audit('retract', by, {
        ...(target.sourceId ? { sourceId: target.sourceId } : { importId: target.importId }),
        sourcesRemoved: report.sourcesRemoved,
        articlesRebuilt: report.articlesRebuilt.length,
        articlesRemoved: report.articlesRemoved.length,
      });
      return report;
    });
  }

  /** Removes an article with all its sources, and whatever only it referred to. */
  removeArticle(id: string, by: string): Promise<RetractReport> {
    return this.serialized(async (db) => {
      const [row] = await this.options.db.read<{ id: string; sources: string[] }>(SOURCES_OF_ARTICLE, { id });
      if (!row) throw new WriteRequestError('id', `no article has the id "${id}"`);
      if (row.sources.length === 0)
        throw new WriteRequestError(
          'id',
          `the article "${id}" has no recorded sources (it was loaded before sources were kept); load its file again, then remove it`,
        );
      const report = await this.retractIds(db, row.sources, by);
      this.audit('removeArticle', by, {
        articleId: id,
        sourcesRemoved: report.sourcesRemoved,
        articlesRemoved: report.articlesRemoved.length,
      });
      return report;
    });
  }

  private async retractIds(db: Database, sourceIds: string[], by: string): Promise<RetractReport> {
    const articles = (await db.read<{ id: string }>(ARTICLES_OF_SOURCES, { ids: sourceIds })).map((r) => r.id);
    const removed = await retractSources(db, sourceIds, newImportContext({ importedBy: by, tool: 'api' }));
    const left = new Set((await db.read<{ id: string }>(EXISTING_ARTICLES, { ids: articles })).map((r) => r.id));
    return {
      sourcesRemoved: removed,
      articlesRebuilt: articles.filter((a) => left.has(a)),
      articlesRemoved: articles.filter((a) => !left.has(a)),
    };
  }

  /** Stops this process's timers (the heartbeat; a pending status write gives up). */
  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  /** One audit line per write: who, when (the log line's time), what and the counts. Never a token or content. */
  private audit(action: string, by: string, details: Record<string, unknown>): void {
    this.options.logger?.info({ audit: { action, by, ...details } }, `write: ${action} by ${by}`);
  }
}

/** A stored import as the API shows it; one whose process stopped renewing it is FAILED, with what it committed. */
function storedView(job: StoredJob): ImportJob {
  const committed = { batches: job.committedBatches, records: job.committedRecords, articles: job.committedArticles };
  const abandoned = job.stale;
  return {
    id: job.id,
    status: abandoned ? 'FAILED' : job.status,
    phase: !abandoned && job.status === 'RUNNING' ? job.phase : null,
    fileName: job.fileName,
    importedBy: job.importedBy,
    queuedAt: job.queuedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    queuePosition: !abandoned && job.status === 'QUEUED' ? job.ahead : 0,
    recordsDone: job.recordsDone,
    totalRecords: job.totalRecords,
    bytesRead: job.bytesRead,
    totalBytes: job.totalBytes,
    rejected: job.rejected,
    committed,
    report: job.report ? (JSON.parse(job.report) as ImportReport) : null,
    // Rebuilt from the graph's committed counts, exact also when the process that ran it saw one batch fewer.
    error: abandoned
      ? interruptionMessage(
          job.id,
          committed,
          job.totalRecords,
          'the API process running it stopped before it finished',
          false,
        )
      : job.status === 'FAILED' && job.reason
        ? interruptionMessage(job.id, committed, job.totalRecords, job.reason, job.databaseAway === true)
        : job.error,
  };
}
