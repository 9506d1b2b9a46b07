import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { type LocalNeo4j, startLocalNeo4j } from '../../neo4j-local/index.ts';
import { createDatabase } from '../../src/db/index.ts';
import type { Database } from '../../src/db/driver/Database.ts';
import type { RecordOutcome } from '../../src/ingest/load/loadStatements.ts';
import { newImportContext } from '../../src/ingest/load/loadGraph.ts';
import { loadReferenceData } from '../../src/ingest/normalize/loadReferenceData.ts';
import type { ReferenceData } from '../../src/ingest/normalize/ReferenceData.ts';
import { importRecords } from '../../src/ingest/pipeline/importRecords.ts';
import { contentSource } from '../../src/ingest/pipeline/importSource.ts';
import { manyRisRecords } from '../helpers/writeClient.ts';

/**
 * A batch whose transaction needs more memory than Neo4j lets one have (`db.memory.transaction.max`,
 * lowered on this test's own Neo4j; real imports meet it with large records on a small heap) is committed
 * in halves instead of failing the import.
 */
const RECORDS = 240;
/** Low enough that RECORDS records in one transaction exceed it, high enough for a few records. */
const SMALL_LIMIT = '8m';

let db: Database;
let reference: ReferenceData;
let neo: LocalNeo4j | undefined;
let dataDir = '';

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'scholarly-graph-txmemory-'));
  // Neo4j Community cannot change this limit while running (no dbms.setConfigValue): a Neo4j of its own.
  neo = await startLocalNeo4j({
    dataDir,
    log: () => undefined,
    startTimeoutMs: 400_000,
    settings: { 'db.memory.transaction.max': SMALL_LIMIT },
  });
  db = createDatabase({ uri: neo.uri, auth: neo4j.auth.basic(neo.user, neo.password), queryTimeoutMs: 60_000 });
  reference = await loadReferenceData();
}, 420_000);

afterAll(async () => {
  await db?.driver.close();
  await neo?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('a batch too large for one transaction', () => {
  it('is committed in halves, each counted when it commits, and the import succeeds', async () => {
    const content = manyRisRecords(RECORDS, 'Memory');
    const batches: number[] = [];
    const summary = await importRecords(db, [contentSource('memory.ris', content)], {
      reference,
      batchSize: RECORDS,
      context: newImportContext({ importedBy: 'test', tool: 'test' }),
      onBatch: (outcomes: readonly RecordOutcome[]) => batches.push(outcomes.length),
    });
    expect(summary.added).toBe(RECORDS);
    expect(summary.newArticles).toBe(RECORDS);
    // One batch of RECORDS was asked for: more than one commit means Neo4j refused the whole and
    // the halves went in (without splitting, the import failed with TransactionOutOfMemoryError).
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(RECORDS);
    const [row] = await db.read<{ n: number }>('MATCH (s:Source) RETURN count(s) AS n');
    expect(row!.n).toBe(RECORDS);
  }, 180_000);
});
