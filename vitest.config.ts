import { defineConfig } from 'vitest/config';

/** What the two tiers that need Neo4j share: one Neo4j started by the global setup (or NEO4J_URI), one file at a time. */
const sharedNeo4j = {
  globalSetup: ['tests/setup/globalSetup.ts'],
  fileParallelism: false,
  testTimeout: 60_000,
  hookTimeout: 180_000,
};

/**
 * Four tiers, one vitest project each (`npm run test:<name>`; `npm test` runs them all):
 * - unit: pure code, no database, no network beyond loopback; tests/unit mirrors src/.
 * - cypher: the Cypher statements and parameters the db compiler builds for representative
 *   selections, as committed snapshots; no database.
 * - db: tests against the shared Neo4j (the API, the loader, the write path).
 * - system: tests that start their own Neo4j JVM, spawn the CLI or drive Chromium (also against
 *   the shared Neo4j where they need one).
 * db and system share one Neo4j (the global setup starts it once for both) and its graph, so they run
 * one file at a time and one tier after the other (`sequence.groupOrder`: db, then system); unit and
 * cypher run beside db.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { test: { name: 'cypher', include: ['tests/cypher/**/*.test.ts'] } },
      { test: { name: 'db', include: ['tests/db/**/*.test.ts'], sequence: { groupOrder: 1 }, ...sharedNeo4j } },
      { test: { name: 'system', include: ['tests/system/**/*.test.ts'], sequence: { groupOrder: 2 }, ...sharedNeo4j } },
    ],
  },
});
