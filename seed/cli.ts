import { createWriteStream, type WriteStream } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { connect, type Database } from '../src/db/index.ts';
import { hostname } from 'node:os';
import {
  DEFAULT_BATCH_SIZE,
  READERS,
  type RecordReader,
  describeAdded,
  loadReferenceData,
  newImportContext,
  collectFiles,
  formatProblem,
  importRecords,
  readCheckedRecords,
  assertBulkLoadAvailable,
  bulkLoadLocal,
  progressReporter,
  retractImport,
  RecordCheckPool,
  checkPoolOptionsFromEnv,
} from '../src/ingest/index.ts';
import { WriteLease } from '../src/write/writeLease.ts';
import { interruptionMessage, recordsInDoubt, type Committed } from '../src/write/WriteService.ts';
import { databaseErrorFor } from '../src/errors.ts';

const USAGE = `usage: npm run seed -- <record file or folder>... [--format <name>] [--dry-run] [--keep-going] [--report <file>] [--batch-size <n>] [--bulk]
       npm run seed -- --retract <import id>

  Files named directly are read whatever their extension (format detected from the content);
  folders are read recursively for files with a record extension, the others are listed as skipped.
  --format       read every file as this format instead of detecting it (${READERS.map((r) => r.format).join(', ')});
                 a file it would read without the authors the file lists is still refused
  --dry-run      read and check every record, write nothing
  --keep-going   load the good records even when some are rejected; each rejected one goes to the
                 report (file:line: field: reason) and the exit code is 1
  --report       where --keep-going writes the rejected records (default: seed-rejected-<time>.txt here)
  --batch-size   records per write transaction (default 1000)
  --retract      take back everything one import asserted (its id is printed by every run, also
                 by one that was interrupted), restoring every count as it was before it
  --bulk         first load into a new local Neo4j (none configured by NEO4J_URI, not running, no
                 database yet): the same graph, written with Neo4j's bulk importer instead of
                 transactions (much faster for large loads); the local Neo4j is stopped afterwards

  Files are read and checked in worker threads (IMPORT_WORKERS), each file within a time and memory
  budget (IMPORT_FILE_TIME_MS, IMPORT_WORKER_MEMORY_MB; see docs/limits.md): a file over either stops
  the run (with --keep-going it is reported as rejected and the others load).

  Loads into NEO4J_URI when set, else into the local Neo4j: the one \`npm start\` runs on the same
  LOCAL_NEO4J_DIR when the service is up, or one started for the run. Writes take turns with the
  service's writes (the write lease kept in the graph).`;

/** How many rejections are printed on the terminal (all of them go to the report with --keep-going). */
const PRINTED_PROBLEMS = 20;

/** Whoever runs the CLI, recorded on the sources it imports. */
function operator(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/**
 * `npm run seed -- <files or folders>`: loads record files into the configured Neo4j (or the local
 * one). Every record is checked before anything is written; by default a rejected record stops the
 * run with nothing written, `--keep-going` loads the good ones and reports the rest.
 */
async function main(argv: string[]): Promise<number> {
  const options = {
    'dry-run': { type: 'boolean', default: false },
    'keep-going': { type: 'boolean', default: false },
    report: { type: 'string' },
    format: { type: 'string' },
    'batch-size': { type: 'string' },
    bulk: { type: 'boolean', default: false },
    retract: { type: 'string' },
    help: { type: 'boolean', default: false },
  } as const;
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof options }>>;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals: paths } = parsed;
  if (values.retract !== undefined && !values.help) return retract(values.retract);
  if (values.help || paths.length === 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const batchSize = values['batch-size'] !== undefined ? Number(values['batch-size']) : undefined;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 5000)) {
    console.error(`--batch-size must be a whole number from 1 to 5000, got "${values['batch-size']}"`);
    return 2;
  }
  const forced = values.format !== undefined ? READERS.find((r) => r.format === values.format) : undefined;
  if (values.format !== undefined && !forced) {
    console.error(`--format must be one of ${READERS.map((r) => r.format).join(', ')}, got "${values.format}"`);
    return 2;
  }
  const format = forced?.format;
  const dryRun = values['dry-run'] === true;
  const keepGoing = values['keep-going'] === true;

  let pool: RecordCheckPool;
  try {
    pool = new RecordCheckPool(checkPoolOptionsFromEnv());
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const reference = await loadReferenceData();
  const { files, skipped } = await collectFiles(paths);
  for (const s of skipped) console.error(`skipped ${s.path}: ${s.reason}`);
  if (files.length === 0) {
    console.error(
      `No record files found in ${paths.join(', ')}${skipped.length > 0 ? ` (${skipped.length} file(s) skipped, see above)` : ''}.`,
    );
    return 1;
  }

  if (values.bulk && !dryRun) return bulkSeed(files, reference, keepGoing, pool, format);

  const connection = dryRun
    ? undefined
    : await connect(loadConfig(), (message) => console.error(message), { joinRunningService: true });
  const reportPath =
    keepGoing && !dryRun
      ? (values.report ?? `seed-rejected-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`)
      : undefined;
  let report: WriteStream | undefined;
  const progress = progressReporter();
  let printed = 0;
  const context = newImportContext({ importedBy: operator(), tool: 'cli' });
  const committed: Committed = { batches: 0, records: 0, articles: 0 };
  const articles = new Set<string>();
  let totalRecords: number | null = null;
  let phase: 'checking' | 'loading' = 'checking';
  try {
    const run = (db: Database | undefined) =>
      importRecords(db, files, {
        reference,
        pool,
        ...(format ? { format } : {}),
        dryRun,
        keepGoing,
        ...(batchSize !== undefined ? { batchSize } : {}),
        context,
        onProgress: (p) => {
          phase = p.phase;
          if (p.phase === 'loading' && p.totalRecords !== undefined) totalRecords = p.totalRecords;
          progress.update(p);
        },
        onBatch: (outcomes) => {
          committed.batches += 1;
          committed.records += outcomes.length;
          for (const o of outcomes) {
            if (!articles.has(o.articleId)) committed.articles += 1;
            articles.add(o.articleId);
          }
        },
        onProblem: (problem) => {
          const line = formatProblem(problem);
          if (printed < PRINTED_PROBLEMS) {
            progress.interrupt();
            console.error(line);
          }
          printed += 1;
          if (reportPath) {
            report ??= createWriteStream(reportPath, { flags: 'w' });
            report.write(`${line}\n`);
          }
        },
      });
    let summary: Awaited<ReturnType<typeof run>>;
    try {
      // Holding the graph's write lease, as the service's own writes do: they take turns.
      summary = connection
        ? await new WriteLease(connection.db).withLease(`cli:${hostname()}:${process.pid}`, (db) => run(db))
        : await run(undefined);
    } catch (error) {
      progress.stop();
      const why = databaseErrorFor(error)
        ? 'the graph database became unavailable'
        : `${error instanceof Error ? error.message : String(error)}`;
      const away = databaseErrorFor(error) !== undefined;
      const inDoubt = away
        ? recordsInDoubt(
            { phase, ...(totalRecords !== null ? { totalRecords } : {}) },
            committed.records,
            batchSize ?? DEFAULT_BATCH_SIZE,
          )
        : 0;
      console.error(
        `Seed failed. ${interruptionMessage(context.importId, committed, totalRecords, why, away, {
          takeBack: `run: npm run seed -- --retract ${context.importId}`,
          inDoubt,
          exactCount: `its sources carry importId ${context.importId}`,
        })}`,
      );
      return 1;
    }
    progress.stop();
    const formats = Object.entries(summary.formats)
      .map(([format, n]) => `${n} ${format}`)
      .join(', ');
    if (printed > PRINTED_PROBLEMS) console.error(`... and ${printed - PRINTED_PROBLEMS} more rejected record(s)`);
    if (dryRun) {
      console.log(
        `${summary.records - summary.rejected} of ${summary.records} record(s) in ${summary.files} file(s) read and check cleanly (${formats || 'none'}); ${summary.rejected} rejected; nothing written (--dry-run).`,
      );
      return summary.rejected > 0 ? 1 : 0;
    }
    if (summary.rejected > 0 && !keepGoing) {
      console.error(
        `${summary.rejected} record(s) rejected: nothing written. Fix them, or load the others with --keep-going.`,
      );
      return 1;
    }
    console.log(
      `Loaded ${summary.added + summary.updated + summary.unchanged} record(s) from ${summary.files} file(s) (${formats || 'none'}) into ${connection!.description}: ` +
        `${describeAdded(summary.newArticles, summary.articlesWithNewSource)}, ${summary.updated} updated, ${summary.unchanged} unchanged` +
        (summary.retracted > 0 ? `, ${summary.retracted} source(s) no longer in their file removed` : '') +
        `; import ${summary.importId}.`,
    );
    if (summary.rejected > 0) {
      console.error(`${summary.rejected} record(s) rejected and not loaded; each is listed in ${reportPath}.`);
      return 1;
    }
    return 0;
  } finally {
    progress.stop();
    if (report) await new Promise<void>((resolve) => report!.end(resolve));
    await connection?.close();
  }
}

/** `--retract <import id>`: takes back everything one import asserted (also an interrupted one). */
async function retract(importId: string): Promise<number> {
  const connection = await connect(loadConfig(), (message) => console.error(message), { joinRunningService: true });
  try {
    const removed = await new WriteLease(connection.db).withLease(`cli:${hostname()}:${process.pid}`, (db) =>
      retractImport(db, importId, newImportContext({ importedBy: operator(), tool: 'cli' })),
    );
    if (removed === 0) {
      console.error(
        `No source belongs to the import "${importId}" (unknown, or everything it stated was replaced or retracted already).`,
      );
      return 1;
    }
    console.log(`Retracted the import ${importId}: ${removed} source(s) removed, their articles rebuilt or removed.`);
    return 0;
  } finally {
    await connection.close();
  }
}

/**
 * `--bulk`: every record read and checked first (all or nothing, or --keep-going), then read again and
 * streamed into a new local Neo4j through the bulk path (src/ingest/load/bulk), which refuses any other target.
 */
async function bulkSeed(
  files: Awaited<ReturnType<typeof collectFiles>>['files'],
  reference: Awaited<ReturnType<typeof loadReferenceData>>,
  keepGoing: boolean,
  pool: RecordCheckPool,
  format?: RecordReader['format'],
): Promise<number> {
  const config = loadConfig();
  assertBulkLoadAvailable({ dataDir: config.localDataDir });
  // Read twice: once to check every record (nothing is written unless all pass, or --keep-going), then
  // again as the stream the bulk path plans from, so no pass holds all the records.
  const read = () => readCheckedRecords(files, { reference, pool, keepGoing, ...(format ? { format } : {}) });
  let accepted = 0;
  let rejected = 0;
  for await (const checked of read()) {
    if (checked.article) accepted += 1;
    else if (checked.problem) {
      rejected += 1;
      if (rejected <= PRINTED_PROBLEMS) console.error(formatProblem(checked.problem));
    }
  }
  if (rejected > PRINTED_PROBLEMS) console.error(`... and ${rejected - PRINTED_PROBLEMS} more rejected record(s)`);
  if (rejected > 0 && !keepGoing) {
    console.error(`${rejected} record(s) rejected: nothing written. Fix them, or load the others with --keep-going.`);
    return 1;
  }
  const context = newImportContext({ importedBy: operator(), tool: 'cli' });
  const result = await bulkLoadLocal({
    dataDir: config.localDataDir,
    vocabulary: reference.vocabulary,
    articles: (async function* () {
      for await (const checked of read()) if (checked.article) yield checked.article;
    })(),
    context,
  });
  try {
    if (result.records !== accepted)
      console.error(
        `The files changed while they were loaded: ${accepted} record(s) passed the check, ${result.records} were loaded.`,
      );
    console.log(
      `Bulk-loaded ${result.records} record(s) from ${files.length} file(s) into the new local Neo4j in ${config.localDataDir} in ${result.seconds.total.toFixed(1)} s ` +
        `(${result.counts.nodes} nodes, ${result.counts.relationships} relationships); import ${context.importId}. It is stopped now; \`npm start\` serves it.`,
    );
  } finally {
    await result.db.driver.close();
    await result.neo4j.stop();
  }
  return rejected > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Records are all checked before the first write, and each batch is one transaction: a failure
    // leaves no partial article behind.
    console.error(`Seed failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
