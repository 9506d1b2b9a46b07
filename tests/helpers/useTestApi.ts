import { afterAll, beforeAll } from 'vitest';
import { createServer, type ServerHandle } from '../../src/server.ts';
import type { Database } from '../../src/db/driver/Database.ts';
import { createLogger } from '../../src/logger.ts';
import { openTestDatabase, resetGraph } from './testDatabase.ts';
import { ensureSchema } from '../../src/graph/index.ts';

/** The database and API of a test file, available once its beforeAll has run. */
export interface TestApi {
  readonly db: Database;
  readonly handle: ServerHandle;
}

/**
 * Registers the hooks every API test file needs: open the test database, empty it, fill it with
 * `fill`, build the API over it (not listening: tests call executeOperation), and close it all.
 */
export function useTestApi(fill: (db: Database) => Promise<void>): TestApi {
  let db: Database | undefined;
  let handle: ServerHandle | undefined;
  beforeAll(async () => {
    db = openTestDatabase();
    await resetGraph(db);
    await fill(db);
    await ensureSchema(db);
    handle = await createServer({ db, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'error') });
  });
  afterAll(async () => {
    await handle?.stop();
    await db?.driver.close();
  });
  return {
    get db() {
      if (!db) throw new Error('useTestApi: the database is ready only inside tests and later hooks');
      return db;
    },
    get handle() {
      if (!handle) throw new Error('useTestApi: the API is ready only inside tests and later hooks');
      return handle;
    },
  };
}
