import { defineConfig } from 'vitest/config';

/**
 * Every Neo4j the tests start but the shared one (the process tier's own, the ones the CLI and the
 * service start in a spawned child, which inherit this environment) lives for seconds to a minute:
 * compiling with the JVM's quick compiler only halves the CPU of each start and of their short runs.
 * The shared one (tests/setup/globalSetup.ts) keeps both compilers: it serves the whole run.
 * NEO4J_LOCAL_QUICK_START=0 runs them all as production does.
 */
process.env.NEO4J_LOCAL_QUICK_START ??= '1';

/** What the two tiers that need Neo4j share: one Neo4j started by the global setup (or NEO4J_URI), one file at a time. */
const sharedNeo4j = {
  globalSetup: ['tests/setup/globalSetup.ts'],
  fileParallelism: false,
  // One worker keeps the modules it loaded from file to file (see docs/contributing.md).
  isolate: false,
  testTimeout: 60_000,
  hookTimeout: 180_000,
};

/**
 * Five tiers, one vitest project each (`npm run test:<name>`; `npm test` runs them all):
 * - unit: pure code, no database, no network beyond loopback; tests/unit mirrors src/.
 * - cypher: the Cypher statements and parameters the db compiler builds for representative
 *   selections, as committed snapshots; no database.
 * - db: tests against the shared Neo4j (the API, the loader, the write path).
 * - process: tests that start, kill and restart a Neo4j JVM of their own (outage, supervision, an
 *   import interrupted by a dead database, a transaction memory cap, the seed command beside a
 *   running service) and never touch the shared one.
 * - system: tests that spawn the CLI or the compiled service, build a bulk-loaded Neo4j or drive
 *   Chromium, against the shared Neo4j.
 * db and system share one Neo4j (the global setup starts it once for both) and its graph, so they run
 * one file at a time and one tier after the other (`sequence.groupOrder`: db, then system). Before
 * them, unit and cypher run two files at a time. `npm test` runs the process tier in a vitest run of
 * its own beside this one, one file at a time (PROCESS_TIER_WORKERS=1; see tests/setup/runTiers.ts:
 * its files mostly wait for their JVMs and share nothing); a plain `vitest run` runs it with unit and
 * cypher, two files at a time.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], maxWorkers: 2 } },
      { test: { name: 'cypher', include: ['tests/cypher/**/*.test.ts'], maxWorkers: 2 } },
      { test: { name: 'db', include: ['tests/db/**/*.test.ts'], sequence: { groupOrder: 1 }, ...sharedNeo4j } },
      {
        test: {
          name: 'process',
          include: ['tests/process/**/*.test.ts'],
          maxWorkers: Number(process.env.PROCESS_TIER_WORKERS) || 2,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      { test: { name: 'system', include: ['tests/system/**/*.test.ts'], sequence: { groupOrder: 2 }, ...sharedNeo4j } },
    ],
  },
});
