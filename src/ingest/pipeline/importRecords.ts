import type { Database } from '../../db/index.ts';
import type { NormalizedArticle, RecordFormat, RecordProblem } from '../model.ts';
import type { RecordReader } from '../parse/RecordReader.ts';
import type { ReferenceData } from '../normalize/ReferenceData.ts';
import type { ImportContext } from '../load/applyPlan.ts';
import { ensureSchema } from '../../graph/index.ts';
import {
  DEFAULT_BATCH_SIZE,
  loadVocabulary,
  newImportContext,
  withFullTextDeferredIfEmpty,
} from '../load/loadGraph.ts';
import { loadStatementBatch, type RecordOutcome } from '../load/loadStatements.ts';
import { retractSources } from '../load/retractSources.ts';
import { isTransactionMemoryError } from '../../errors.ts';
import type { Run } from '../load/run.ts';
import type { ImportSource } from './importSource.ts';
import { checkedRecords, type CheckedRecord } from './checkRecords.ts';
import { ImportBudgetError, type RecordCheckPool } from './checkPool.ts';

export type { CheckedRecord };

/** Where an import is: checking every record first, then loading. */
export interface ImportProgress {
  phase: 'checking' | 'loading';
  /** Records checked or loaded so far. */
  records: number;
  /** Records in all (known once checking is done). */
  totalRecords?: number;
  /** Files finished so far, and in all. */
  files: number;
  totalFiles: number;
  /** Bytes read so far while checking, and in all (when the sources' sizes are known). */
  bytes: number;
  totalBytes?: number;
  rejected: number;
}

/** Options of one import. */
export interface ImportOptions {
  reference: ReferenceData;
  /** The readers formats are detected among (default: every reader). */
  readers?: readonly RecordReader[];
  /**
   * The format the caller named (the API's `format`, the CLI's `--format`): every file is read with
   * its reader, without content detection, for a file whose structure detection misjudges. The check
   * that records keep the authors the file lists still applies.
   */
  format?: RecordFormat;
  /**
   * Worker threads to read and normalize files in, under a time and memory budget per file (the
   * service and the seed command use one; without it files are checked on the calling thread).
   * The workers load the bundled reference data themselves; `reference` must be the same data.
   */
  pool?: RecordCheckPool;
  /** Check only: read and normalize everything, write nothing. */
  dryRun?: boolean;
  /** Load the good records even when some are rejected (default: a rejected record anywhere means nothing is written). */
  keepGoing?: boolean;
  /** Records per write transaction. */
  batchSize?: number;
  /** The import the records belong to (who, when); a new one when absent. */
  context?: ImportContext;
  /** Each rejected record, as found while checking. */
  onProblem?: (problem: RecordProblem) => void;
  /** Each loaded record, once its batch is committed. */
  onOutcome?: (outcome: RecordOutcome) => void;
  /**
   * Runs inside each batch's transaction after its writes, with the batch's outcomes: what it writes
   * commits with the batch or not at all (the API keeps an import's committed counts this way, so
   * they are exact even when the database goes away mid-import).
   */
  beforeCommit?: (run: Run, outcomes: readonly RecordOutcome[]) => Promise<void>;
  /** Each batch's outcomes, once it is committed. */
  onBatch?: (outcomes: readonly RecordOutcome[]) => void;
  onProgress?: (progress: ImportProgress) => void;
}

/** What an import did. */
export interface ImportSummary {
  importId: string;
  files: number;
  /** Records read (accepted and rejected). */
  records: number;
  rejected: number;
  /** Records whose source is new (to a new or an existing article). */
  added: number;
  updated: number;
  unchanged: number;
  /** Articles this import created (the graph had none of their sources before). */
  newArticles: number;
  /** Articles the graph had before that gained a source from this import. */
  articlesWithNewSource: number;
  /** Sources removed because a file imported again in full no longer states them. */
  retracted: number;
  /** True when something was written (false for a dry run and for an all-or-nothing import with rejections). */
  written: boolean;
  /** The first rejections (all of them went to onProblem). */
  problems: RecordProblem[];
  /** Records per detected format. */
  formats: Partial<Record<RecordFormat, number>>;
}

/** How many problems the summary keeps (onProblem sees all). */
const PROBLEMS_KEPT = 50;

/**
 * Up to this many checked records are kept in memory for the load pass, which then need not read and
 * normalize them again; a larger import is read a second time instead, so memory stays bounded.
 */
export const CACHED_RECORDS = 10_000;

/** Small files read ahead of the one being checked: hides file-system latency, keeps open files bounded. */
const READ_AHEAD = 8;

/**
 * The sources in order, each small one already being read up to READ_AHEAD places ahead (its text
 * then comes from memory); large ones stream when reached.
 */
function* readingAhead(sources: readonly ImportSource[]): Generator<ImportSource> {
  const loading = new Map<number, Promise<string>>();
  const start = (i: number) => {
    const source = sources[i];
    if (source?.load && !loading.has(i)) {
      const text = source.load();
      text.catch(() => {}); // a failed read surfaces when the source is reached
      loading.set(i, text);
    }
  };
  for (let i = 0; i < sources.length; i += 1) {
    for (let j = i; j < Math.min(i + READ_AHEAD, sources.length); j += 1) start(j);
    const source = sources[i]!;
    const text = loading.get(i);
    loading.delete(i);
    yield text
      ? {
          ...source,
          open: async function* () {
            yield await text;
          },
        }
      : source;
  }
}

/** Sources of fully read files that this import did not see (batched by file). */
const UNSEEN_SOURCES_OF_FILES = `
UNWIND $files AS f
MATCH (s:Source {file: f.name})
WHERE s.format = f.format AND coalesce(s.seenIn, '') <> $importId
RETURN s.id AS id`;

/**
 * One source's checked records: in a worker of the pool when there is one (parsing then never runs
 * on the caller's thread), else here. With keepGoing a file over a worker budget is one rejected
 * file like any other; without it, the import ends with the ImportBudgetError.
 */
function checkSource(
  source: ImportSource,
  options: ImportOptions,
  onFormat: (format: RecordFormat | undefined) => void,
): AsyncIterable<CheckedRecord> {
  const records = options.pool
    ? options.pool.check(source, options, onFormat)
    : checkedRecords(source, options, onFormat);
  if (!options.keepGoing) return records;
  return (async function* () {
    try {
      yield* records;
    } catch (error) {
      if (error instanceof ImportBudgetError) yield { problem: error.problem };
      else throw error;
    }
  })();
}

/**
 * Pass 1 of an import on its own: every record of the sources, normalized or with the problem that
 * keeps it out, in order (the bulk path reads its records with it).
 */
export async function* readCheckedRecords(
  sources: readonly ImportSource[],
  options: Pick<ImportOptions, 'reference' | 'readers' | 'pool' | 'keepGoing' | 'format'>,
): AsyncGenerator<CheckedRecord> {
  for (const source of sources) yield* checkSource(source, options as ImportOptions, () => {});
}

/**
 * The import pipeline as a library: read (format detected per file) -> normalize -> load, over files
 * or in-memory content. Streams throughout: one file open at a time, records in batches, memory
 * bounded by a batch and the largest record, not by the input.
 *
 * Two passes. The first checks every record (reads and normalizes, writes nothing) and reports each
 * rejected one; by default a rejection anywhere ends the import there with nothing written. The second
 * loads batch by batch (one transaction each; the records again from the first pass when there were at
 * most CACHED_RECORDS, else read anew) and reports each record as added, updated or unchanged;
 * with `keepGoing` it loads the good records and skips the rejected ones. Finally, a file that was read
 * in full without rejections replaces what it asserted before: its sources it no longer states are
 * retracted (see retractSources).
 */
export async function importRecords(
  db: Database | undefined,
  sources: readonly ImportSource[],
  options: ImportOptions,
): Promise<ImportSummary> {
  const ctx = options.context ?? newImportContext({ importedBy: 'library', tool: 'library' });
  const summary: ImportSummary = {
    importId: ctx.importId,
    files: sources.length,
    records: 0,
    rejected: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    newArticles: 0,
    articlesWithNewSource: 0,
    retracted: 0,
    written: false,
    problems: [],
    formats: {},
  };
  // Articles, not records: two records of one article (two files) make one new article.
  const newArticles = new Set<string>();
  const existingWithNewSource = new Set<string>();
  const totalBytes = sources.every((s) => s.size !== undefined)
    ? sources.reduce((sum, s) => sum + (s.size ?? 0), 0)
    : undefined;
  let bytes = 0;
  const progress = (phase: ImportProgress['phase'], records: number, files: number, totalRecords?: number) =>
    options.onProgress?.({
      phase,
      records,
      files,
      totalFiles: sources.length,
      bytes,
      rejected: summary.rejected,
      ...(totalBytes !== undefined ? { totalBytes } : {}),
      ...(totalRecords !== undefined ? { totalRecords } : {}),
    });
  /** The source with every chunk read counted, for the checking pass's progress. */
  const counted = (source: ImportSource): ImportSource => ({
    ...source,
    open: async function* () {
      for await (const chunk of source.open()) {
        bytes += Buffer.byteLength(chunk, 'utf8');
        yield chunk;
      }
    },
  });

  // Pass 1: check everything (keeping the records while they are few).
  const clean: Array<{ name: string; format: RecordFormat }> = [];
  let cached: NormalizedArticle[] | undefined = options.dryRun || !db ? undefined : [];
  progress('checking', 0, 0);
  let i = 0;
  for (const source of readingAhead(sources)) {
    let format: RecordFormat | undefined;
    let rejectedHere = 0;
    for await (const checked of checkSource(counted(source), options, (f) => (format = f))) {
      summary.records += 1;
      if (checked.problem) {
        summary.rejected += 1;
        rejectedHere += 1;
        if (summary.problems.length < PROBLEMS_KEPT) summary.problems.push(checked.problem);
        options.onProblem?.(checked.problem);
      } else if (format) summary.formats[format] = (summary.formats[format] ?? 0) + 1;
      if (checked.article && cached) {
        if (cached.length < CACHED_RECORDS) cached.push(checked.article);
        else cached = undefined;
      }
      if (summary.records % 500 === 0) progress('checking', summary.records, i);
    }
    if (format && rejectedHere === 0) clean.push({ name: source.name, format });
    i += 1;
    progress('checking', summary.records, i);
  }
  const accepted = summary.records - summary.rejected;
  if (options.dryRun || !db || (summary.rejected > 0 && !options.keepGoing)) return summary;

  // Pass 2: load.
  await ensureSchema(db);
  await loadVocabulary(db, options.reference.vocabulary);
  // Into an empty graph without full-text indexes, built once at the end (see withFullTextDeferredIfEmpty).
  await withFullTextDeferredIfEmpty(db, accepted, async () => {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    let batch: NormalizedArticle[] = [];
    let loaded = 0;
    let filesDone = 0;
    progress('loading', 0, 0, accepted);
    // The write of one batch overlaps the reading of the next (Node parses while Neo4j writes);
    // batches still commit one after the other, in order.
    let writing: Promise<void> = Promise.resolve();
    const committedBatch = (outcomes: readonly RecordOutcome[]) => {
      summary.written = true;
      options.onBatch?.(outcomes);
      for (const outcome of outcomes) {
        summary[outcome.status] += 1;
        if (outcome.newArticle === true) newArticles.add(outcome.articleId);
        else if (outcome.newArticle === false && !newArticles.has(outcome.articleId))
          existingWithNewSource.add(outcome.articleId);
        summary.newArticles = newArticles.size;
        summary.articlesWithNewSource = existingWithNewSource.size;
        options.onOutcome?.(outcome);
      }
      loaded += outcomes.length;
      progress('loading', loaded, filesDone, accepted);
    };
    // A batch whose transaction needs more memory than Neo4j allows one (large records, a small
    // heap) was rolled back whole: its halves are committed one after the other instead, down to
    // single records, each half counted as committed when it is. Only a single record too large
    // for a transaction fails the import.
    const commitWithinMemory = async (records: readonly NormalizedArticle[]): Promise<void> => {
      let outcomes: RecordOutcome[];
      try {
        outcomes = await loadStatementBatch(db, records, ctx, options.beforeCommit);
      } catch (error) {
        if (records.length < 2 || !isTransactionMemoryError(error)) throw error;
        const half = Math.ceil(records.length / 2);
        await commitWithinMemory(records.slice(0, half));
        await commitWithinMemory(records.slice(half));
        return;
      }
      committedBatch(outcomes);
    };
    const flush = async () => {
      const records = batch;
      batch = [];
      await writing;
      if (records.length === 0) return;
      writing = commitWithinMemory(records);
      // A failed write is thrown where the next flush (or the end) awaits it; until then this keeps
      // Node from reporting it as unhandled. No later batch starts after a failed one.
      writing.catch(() => {});
    };
    if (cached) {
      for (const article of cached) {
        batch.push(article);
        if (batch.length >= batchSize) await flush();
      }
      filesDone = sources.length;
    } else {
      for (const source of readingAhead(sources)) {
        for await (const checked of checkSource(source, options, () => {})) {
          if (!checked.article) continue;
          batch.push(checked.article);
          if (batch.length >= batchSize) await flush();
        }
        filesDone += 1;
      }
    }
    cached = undefined;
    await flush();
    await writing;
    progress('loading', loaded, filesDone, accepted);
  });

  // Files read in full: what they no longer state goes.
  for (let start = 0; start < clean.length; start += 1000) {
    const rows = await db.read<{ id: string }>(UNSEEN_SOURCES_OF_FILES, {
      files: clean.slice(start, start + 1000),
      importId: ctx.importId,
    });
    if (rows.length > 0) {
      summary.retracted += await retractSources(
        db,
        rows.map((r) => r.id),
        ctx,
      );
      summary.written = true;
    }
  }
  return summary;
}

/**
 * What the added records did, in words, for the CLI, the API's message and the import page: new
 * articles and existing articles that gained a source are told apart (both are "added" records).
 */
export function describeAdded(newArticles: number, articlesWithNewSource: number): string {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return `${n(newArticles, 'new article', 'new articles')}, ${n(articlesWithNewSource, 'existing article with a new source', 'existing articles with a new source')}`;
}

/** Thrown by seedFiles when records are rejected: the message lists them (file:line: field: reason). */
export class ImportRejectedError extends Error {
  constructor(readonly summary: ImportSummary) {
    const lines = summary.problems.slice(0, 20).map(formatProblem);
    const more = summary.rejected > lines.length ? `\n... and ${summary.rejected - lines.length} more` : '';
    super(`${summary.rejected} record(s) rejected, nothing written:\n${lines.join('\n')}${more}`);
    this.name = 'ImportRejectedError';
  }
}

/** `file:line: field: reason`, the form of every rejection in messages and reports. */
export function formatProblem(problem: RecordProblem): string {
  const where =
    problem.item !== undefined
      ? `: item ${problem.item}${problem.line !== undefined ? ` (line ${problem.line})` : ''}`
      : problem.line !== undefined
        ? `:${problem.line}`
        : '';
  return `${problem.file}${where}: ${problem.field}: ${problem.reason}`;
}
