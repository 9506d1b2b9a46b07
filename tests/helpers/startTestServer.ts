import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type ServerHandle } from '../../src/server.ts';
import type { Database } from '../../src/db/Database.ts';
import { openTestDatabase, resetAndSeed, SEED_RECORDS, TEST_CORPUS } from './testDatabase.ts';
import { ensureReadIndexes } from '../../src/db/readIndexes.ts';

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
export async function startTestServer(options: { corpus?: boolean } = {}): Promise<TestServer> {
  const db = openTestDatabase();
  await resetAndSeed(db, options.corpus ? [SEED_RECORDS, TEST_CORPUS] : [SEED_RECORDS]);
  await ensureReadIndexes(db);
  const handle = await createServer({ db });
  const http: Server = await new Promise((resolve) => {
    const listening = handle.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = http.address() as AddressInfo;
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
