import { inject } from 'vitest';
import neo4j from 'neo4j-driver';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '../../src/db/driver/createDatabase.ts';
import type { Database } from '../../src/db/driver/Database.ts';
import { seedFiles } from '../../src/ingest/seedFiles.ts';

/** The bundled seed record folder and the hand-written multi-article test corpus. */
export const SEED_RECORDS = fileURLToPath(new URL('../../seed/records/', import.meta.url));
export const TEST_CORPUS = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

/**
 * A Database on the Neo4j of this test run (one driver per test file; close it in afterAll). The
 * timeout bounds all reads of one request together (they share one transaction), generously: the
 * first request of each statement shape waits for Neo4j to plan it, slow on a loaded machine.
 */
export function openTestDatabase(queryTimeoutMs = 60_000): Database {
  const target = inject('neo4j');
  return createDatabase({
    uri: target.uri,
    auth: neo4j.auth.basic(target.user, target.password),
    database: target.database,
    queryTimeoutMs,
  });
}

const MARKER = 'TestDatabaseMarker';

/**
 * Empties the graph so a test file starts from a known state. On a Neo4j given by NEO4J_URI it
 * refuses to wipe a graph that holds articles and was not created by a test run, so pointing the
 * tests at a real database by mistake loses nothing.
 */
export async function resetGraph(db: Database): Promise<void> {
  const target = inject('neo4j');
  if (!target.local) {
    const [row] = await db.read<{ articles: number; marked: number }>(
      `CALL () { MATCH (a:Article) RETURN count(a) AS articles } CALL () { MATCH (m:${MARKER}) RETURN count(m) AS marked } RETURN articles, marked`,
    );
    if (row && row.articles > 0 && row.marked === 0) {
      throw new Error(
        `NEO4J_URI (${target.uri}) holds ${row.articles} articles not created by the tests; refusing to wipe it. Point the tests at an empty database.`,
      );
    }
  }
  // CALL ... IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
  const session = db.driver.session({ database: inject('neo4j').database });
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
  } finally {
    await session.close();
  }
  await db.write(`CREATE (:${MARKER})`);
}

/** Resets the graph and seeds the given record files or folders (the bundled record by default). */
export async function resetAndSeed(db: Database, paths: readonly string[] = [SEED_RECORDS]): Promise<void> {
  await resetGraph(db);
  await seedFiles(db, paths);
}
