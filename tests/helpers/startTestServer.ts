import type { Logger } from 'pino';
import { createServer, type ServerHandle } from '../../src/server.ts';
import { createHttpServer, listen } from '../../src/http/createHttpServer.ts';
import type { Database } from '../../src/db/driver/Database.ts';
import { openTestDatabase, resetAndSeed, SEED_RECORDS, TEST_CORPUS } from './testDatabase.ts';
import { ensureSchema } from '../../src/graph/index.ts';
import type { ServerOptions } from '../../src/server.ts';

/** A running API over a freshly seeded real Neo4j. */
export interface TestServer {
  url: string;
  db: Database;
  handle: ServerHandle;
  stop(): Promise<void>;
}

/**
 * Seeds the graph (the bundled record, plus the test corpus when asked) and serves the real API on
 * a free loopback port.
 */
export async function startTestServer(
  options: { corpus?: boolean; logger?: Logger } & Pick<
    ServerOptions,
    'write' | 'authFailureLimiter' | 'writeLease' | 'importPool'
  > = {},
): Promise<TestServer> {
  const db = openTestDatabase();
  await resetAndSeed(db, options.corpus ? [SEED_RECORDS, TEST_CORPUS] : [SEED_RECORDS]);
  await ensureSchema(db);
  const handle = await createServer({
    db,
    logger: options.logger,
    write: options.write,
    authFailureLimiter: options.authFailureLimiter,
    writeLease: options.writeLease,
    ...(options.importPool ? { importPool: options.importPool } : {}),
  });
  // The service's own HTTP server (timeouts, JSON answers to malformed HTTP), as `npm start` runs it.
  const http = createHttpServer(handle.app);
  const port = await listen(http, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    handle,
    stop: async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await handle.stop();
      await db.driver.close();
    },
  };
}
