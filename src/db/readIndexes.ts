import type { Database } from './Database.ts';
import { ARTICLE_SORT_INDEXES } from './articlePages.ts';

/**
 * Indexes the API's read statements rely on beyond the loader's schema: the composite sort
 * indexes that let an article page stop after one page of matches (articlePages.ts). Created
 * idempotently at start (prepareDatabase); Neo4j keeps them up to date as records are loaded.
 */
export const READ_INDEX_STATEMENTS: readonly string[] = Object.values(ARTICLE_SORT_INDEXES);

/** Creates the read indexes when missing and waits until they are online. */
export async function ensureReadIndexes(db: Database): Promise<void> {
  for (const statement of READ_INDEX_STATEMENTS) await db.write(statement);
  await db.write('CALL db.awaitIndexes(300)');
}
