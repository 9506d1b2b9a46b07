import type { Logger } from 'pino';
import type { Database } from '../db/Database.ts';
import { type RecordFormat as SeedFormat, type ReferenceData, describeAdded, loadReferenceData, readerFor, importRecords, type ImportProgress, type ImportSummary, contentSource, newImportContext, retractSources, type RecordOutcome } from '../ingest/index.ts';
import type { ImportJob, ImportReport, RecordFormat, RetractReport } from '../graphql/generated/resolvers-types.ts';
import { SerialQueue } from './SerialQueue.ts';

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

/** Finished imports whose status stays available to Query.import. */
const JOBS_KEPT = 200;
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
};
const FROM_SEED_FORMAT = Object.fromEntries(Object.entries(TO_SEED_FORMAT).map(([api, seed]) => [seed, api])) as Record<SeedFormat, RecordFormat>;

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

/** An import's state, what Query.import shows (the report's shape is the API's). */
interface Job {
  id: string;
  fileName: string;
  importedBy: string;
  queuedAt: string;
  startedAt?: string;
  finishedAt?: string;
  status: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  progress?: ImportProgress;
  totalBytes: number;
  report?: ImportReport;
  error?: string;
  /** Its place in the write queue when it was added. */
  ticket: number;
  done: Promise<ImportReport>;
}

const queues = new WeakMap<Database, SerialQueue>();

/**
 * The write path of the API: imports, retractions and removals, through the same pipeline as
 * `npm run seed` (src/ingest/pipeline/importRecords, src/ingest/load/retractSources). Every write of one database
 * goes through one queue (SerialQueue), so imports run one at a time in arrival order while reads
 * are served from their own transactions; each write is logged as one audit line (who, when, what,
 * counts; never a token).
 */
export class WriteService {
  private readonly queue: SerialQueue;
  private readonly jobs = new Map<string, Job>();
  private reference?: Promise<ReferenceData>;
  private tickets = 0;
  private started = 0;

  constructor(private readonly options: { db: Database; logger?: Logger; reference?: () => Promise<ReferenceData> }) {
    let queue = queues.get(options.db);
    if (!queue) {
      queue = new SerialQueue();
      queues.set(options.db, queue);
    }
    this.queue = queue;
  }

  /** Reference data (MeSH, vocabulary, journals), loaded once on the first import. */
  private referenceData(): Promise<ReferenceData> {
    this.reference ??= (this.options.reference ?? loadReferenceData)().catch((error: unknown) => {
      this.reference = undefined;
      throw error;
    });
    return this.reference;
  }

  /** Queues an import; the job is visible through job(id) at once. */
  startImport(request: ImportRequest): ImportJob {
    const ctx = newImportContext({ importedBy: request.importedBy, tool: 'api' });
    const job: Job = {
      id: ctx.importId,
      fileName: request.fileName,
      importedBy: request.importedBy,
      queuedAt: new Date().toISOString(),
      status: 'QUEUED',
      totalBytes: Buffer.byteLength(request.content, 'utf8'),
      // A dry run writes nothing: it runs at once beside the queue (the import page checks files with it).
      ticket: request.dryRun ? 0 : (this.tickets += 1),
      done: Promise.resolve(undefined as unknown as ImportReport),
    };
    const run = async (): Promise<ImportReport> => {
      job.status = 'RUNNING';
      job.startedAt = new Date().toISOString();
      try {
        // The import's time is when it runs, not when it was queued.
        const report = await this.runImport(request, { ...ctx, importedAt: job.startedAt }, (p) => (job.progress = p));
        job.report = report;
        job.status = 'DONE';
        return report;
      } catch (error) {
        job.status = 'FAILED';
        job.error = 'The import failed before it finished (the database may be unavailable); nothing of the failed batch was written.';
        this.options.logger?.error({ err: error, importId: job.id }, 'import failed');
        throw error;
      } finally {
        job.finishedAt = new Date().toISOString();
        this.started = Math.max(this.started, job.ticket);
      }
    };
    job.done = request.dryRun ? run() : this.queue.add(run, () => (this.started = job.ticket));
    job.done.catch(() => {}); // reported through the job's status
    this.jobs.set(job.id, job);
    for (const id of this.jobs.keys()) {
      if (this.jobs.size <= JOBS_KEPT) break;
      const old = this.jobs.get(id)!;
      if (old.status === 'DONE' || old.status === 'FAILED') this.jobs.delete(id);
    }
    return this.view(job);
  }

  /** Runs an import and answers when it has finished (queued behind earlier writes). */
  async importAndWait(request: ImportRequest): Promise<ImportReport> {
    const job = this.startImport(request);
    return this.jobs.get(job.id)!.done;
  }

  /** An import's status and progress; undefined when this process does not know the id. */
  job(id: string): ImportJob | undefined {
    const job = this.jobs.get(id);
    return job ? this.view(job) : undefined;
  }

  private view(job: Job): ImportJob {
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
      queuePosition: job.status === 'QUEUED' ? Math.max(0, job.ticket - this.started - 1) : 0,
      recordsDone: p?.records ?? 0,
      totalRecords: p?.totalRecords ?? null,
      bytesRead: p?.bytes ?? 0,
      totalBytes: job.totalBytes,
      rejected: p?.rejected ?? 0,
      report: job.report ?? null,
      error: job.error ?? null,
    };
  }

  private async runImport(request: ImportRequest, ctx: ReturnType<typeof newImportContext>, onProgress: (p: ImportProgress) => void): Promise<ImportReport> {
    const reference = await this.referenceData();
    const reader = request.format ? readerFor(TO_SEED_FORMAT[request.format]) : undefined;
    const changed: RecordOutcome[] = [];
    const summary: ImportSummary = await importRecords(this.options.db, [contentSource(request.fileName, request.content)], {
      reference,
      dryRun: request.dryRun,
      keepGoing: request.keepGoing,
      context: ctx,
      ...(reader ? { readers: [reader] } : {}),
      onProgress,
      onOutcome: (outcome) => {
        if (outcome.status !== 'unchanged' && changed.length < CHANGED_KEPT) changed.push(outcome);
      },
    });
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
      rejections: summary.problems.map((p) => ({ file: p.file, line: p.line ?? null, index: p.index ?? null, item: p.item ?? null, field: p.field, reason: p.reason })),
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
      (request.dryRun ? ': dry run, nothing written' : report.rejected > 0 && !request.keepGoing ? ': nothing written (all or nothing; set keepGoing to load the good records)' : '');
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

  /** Removes one source, or everything one import asserted (queued like imports). */
  retract(target: { sourceId?: string | null; importId?: string | null }, by: string): Promise<RetractReport> {
    return this.queue.add(async () => {
      let ids: string[];
      if (target.sourceId) {
        ids = (await this.options.db.read<{ id: string }>(SOURCE_EXISTS, { id: target.sourceId })).map((r) => r.id);
        if (ids.length === 0) throw new WriteRequestError('sourceId', `no source has the id "${target.sourceId}"`);
      } else {
        ids = (await this.options.db.read<{ id: string }>(SOURCES_OF_IMPORT, { importId: target.importId })).map((r) => r.id);
        if (ids.length === 0) throw new WriteRequestError('importId', `no source belongs to the import "${target.importId}" (unknown, or everything it stated was replaced or retracted already)`);
      }
      const report = await this.retractIds(ids, by);
      this.audit('retract', by, { ...(target.sourceId ? { sourceId: target.sourceId } : { importId: target.importId }), sourcesRemoved: report.sourcesRemoved, articlesRebuilt: report.articlesRebuilt.length, articlesRemoved: report.articlesRemoved.length });
      return report;
    });
  }

  /** Removes an article with all its sources, and whatever only it referred to. */
  removeArticle(id: string, by: string): Promise<RetractReport> {
    return this.queue.add(async () => {
      const [row] = await this.options.db.read<{ id: string; sources: string[] }>(SOURCES_OF_ARTICLE, { id });
      if (!row) throw new WriteRequestError('id', `no article has the id "${id}"`);
      if (row.sources.length === 0) throw new WriteRequestError('id', `the article "${id}" has no recorded sources (it was loaded before sources were kept); load its file again, then remove it`);
      const report = await this.retractIds(row.sources, by);
      this.audit('removeArticle', by, { articleId: id, sourcesRemoved: report.sourcesRemoved, articlesRemoved: report.articlesRemoved.length });
      return report;
    });
  }

  private async retractIds(sourceIds: string[], by: string): Promise<RetractReport> {
    const { db } = this.options;
    const articles = (await db.read<{ id: string }>(ARTICLES_OF_SOURCES, { ids: sourceIds })).map((r) => r.id);
    const removed = await retractSources(db, sourceIds, newImportContext({ importedBy: by, tool: 'api' }));
    const left = new Set((await db.read<{ id: string }>(EXISTING_ARTICLES, { ids: articles })).map((r) => r.id));
    return { sourcesRemoved: removed, articlesRebuilt: articles.filter((a) => left.has(a)), articlesRemoved: articles.filter((a) => !left.has(a)) };
  }

  /** One audit line per write: who, when (the log line's time), what and the counts. Never a token or content. */
  private audit(action: string, by: string, details: Record<string, unknown>): void {
    this.options.logger?.info({ audit: { action, by, ...details } }, `write: ${action} by ${by}`);
  }
}
