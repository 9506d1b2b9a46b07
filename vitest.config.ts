import { defineConfig } from 'vitest/config';

/**
 * Three tiers. unit: pure code, no database. integration and e2e: against a real Neo4j, started
 * once by the global setup (or NEO4J_URI), one file at a time because they share that database.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/globalSetup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
