import type { Database } from '../db/index.ts';
import { loadReferenceData } from './normalize/loadReferenceData.ts';
import type { ReferenceData } from './normalize/ReferenceData.ts';
import type { ImportContext } from './load/applyPlan.ts';
import { newImportContext } from './load/loadGraph.ts';
import { collectFiles, type SkippedFile } from './pipeline/collectFiles.ts';
import { ImportRejectedError, importRecords, type ImportSummary } from './pipeline/importRecords.ts';

/** What a seed run did. */
export interface SeedSummary extends ImportSummary {
  /** Records loaded (added, updated or unchanged). */
  articles: number;
  skipped: SkippedFile[];
}

/**
 * Seeds record files or folders into the graph, all or nothing: every record is checked before the
 * first write, and a rejected one anywhere throws ImportRejectedError (naming file, line, field and
 * reason) with nothing written. For the service's first-start seed and for tests; the CLI
 * (seed/cli.ts) adds progress, --keep-going and its report.
 */
export async function seedFiles(
  db: Database,
  paths: readonly string[],
  options: { reference?: ReferenceData; root?: string; context?: ImportContext } = {},
): Promise<SeedSummary> {
  const reference = options.reference ?? (await loadReferenceData());
  const collectOptions = options.root !== undefined ? { root: options.root } : {};
  const { files, skipped } = await collectFiles(paths, collectOptions);
  const summary = await importRecords(db, files, {
    reference,
    context: options.context ?? newImportContext({ importedBy: 'library', tool: 'library' }),
  });
  if (summary.rejected > 0) throw new ImportRejectedError(summary);
  return { ...summary, articles: summary.added + summary.updated + summary.unchanged, skipped };
}
