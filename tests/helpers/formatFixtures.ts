import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../src/db/driver/Database.ts';
import { collectFiles } from '../../src/ingest/pipeline/collectFiles.ts';
import { importRecords, type ImportSummary } from '../../src/ingest/pipeline/importRecords.ts';
import { loadReferenceData } from '../../src/ingest/normalize/loadReferenceData.ts';
import { newImportContext } from '../../src/ingest/load/loadGraph.ts';

const FORMATS = fileURLToPath(new URL('../fixtures/formats/', import.meta.url));

/**
 * Every real format fixture (tests/fixtures/formats/<format>/*, the citation fixtures included),
 * except the deliberately broken files (malformed.*, no-title.*).
 */
export const FORMAT_FIXTURE_FILES: readonly string[] = readdirSync(FORMATS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(path.join(FORMATS, d.name), { withFileTypes: true })
      .filter((f) => f.isFile() && f.name !== 'README.md' && !/^(malformed|no-title)\./.test(f.name))
      .map((f) => path.join(FORMATS, d.name, f.name)),
  )
  .sort();

/**
 * Loads every format fixture into an empty graph. keepGoing: the vendor files hold a few records
 * the readers reject on purpose (a PubMed book record, a record without a title), which the
 * format tests cover; here they are skipped.
 */
export async function loadFormatFixtures(db: Database): Promise<ImportSummary> {
  const { files } = await collectFiles([...FORMAT_FIXTURE_FILES], {});
  return importRecords(db, files, {
    reference: await loadReferenceData(),
    context: newImportContext({ importedBy: 'test', tool: 'test' }),
    keepGoing: true,
  });
}
