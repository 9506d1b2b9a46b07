/**
 * The ingest library's public surface: reading record files (parse), normalizing them (normalize),
 * merging what several sources state (merge) and writing the graph (load), tied together by the
 * import pipeline. The service (src/write, src/prepareDatabase), the seed command (seed/cli.ts) and
 * the benchmarks import from here; the folders below are internal (unit tests reach into them).
 */
export type {
  AuthorEntity,
  AuthorshipEntity,
  InstitutionEntity,
  JournalEntity,
  NormalizedArticle,
  RecordFormat,
  TopicEntity,
} from './model.ts';
export type { ReferenceData } from './normalize/ReferenceData.ts';
export { loadReferenceData } from './normalize/loadReferenceData.ts';
export { READERS, detectFormat, readerFor } from './parse/formats.ts';
export type { RecordReader } from './parse/RecordReader.ts';
export {
  DEFAULT_BATCH_SIZE,
  loadArticleBatch,
  loadArticles,
  loadVocabulary,
  newImportContext,
  type LoadOptions,
} from './load/loadGraph.ts';
export type { ImportContext } from './load/applyPlan.ts';
export type { RecordOutcome, RecordStatus } from './load/loadStatements.ts';
export type { Run } from './load/run.ts';
export { retractImport, retractSources, retractUnseen } from './load/retractSources.ts';
export {
  assertBulkLoadAvailable,
  bulkLoadLocal,
  bulkMemoryMb,
  bulkSortThread,
  BulkLoadUnavailableError,
  type BulkLoadOptions,
  type BulkLoadResult,
} from './load/bulk/bulkLoad.ts';
export {
  describeAdded,
  formatProblem,
  importRecords,
  ImportRejectedError,
  readCheckedRecords,
  type CheckedRecord,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
} from './pipeline/importRecords.ts';
export { bytesSource, contentSource, fileSource, type ImportSource } from './pipeline/importSource.ts';
export {
  checkPoolOptionsFromEnv,
  DEFAULT_CHECK_POOL,
  ImportBudgetError,
  RecordCheckPool,
  sharedCheckPool,
  type CheckPoolOptions,
  type ImportBudget,
} from './pipeline/checkPool.ts';
export { SourceEncodingError } from './pipeline/decodeText.ts';
export { collectFiles, RecordPathError, recordName, type SkippedFile } from './pipeline/collectFiles.ts';
export { progressReporter, type ProgressReporter } from './pipeline/progressReporter.ts';
export { seedFiles, type SeedSummary } from './seedFiles.ts';
