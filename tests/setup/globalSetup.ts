import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { LocalNeo4j } from '../../neo4j-local/index.ts';

/** How tests reach Neo4j; provided to every test file. */
export interface TestNeo4j {
  uri: string;
  user: string;
  password: string;
  database?: string;
  /** True when the test run started this Neo4j itself (throwaway data). */
  local: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: TestNeo4j;
  }
}

/**
 * The db and system projects both name this setup, and vitest runs it once per project in its own
 * process: the started Neo4j is kept on the process's global object (the module is loaded once per
 * project) so both projects share ONE Neo4j, stopped when the last of them tears down.
 */
interface Shared {
  started: Promise<{ local?: LocalNeo4j; neo4j: TestNeo4j }>;
  users: number;
}
const SHARED = Symbol.for('scholarly-graph.test-neo4j');
const registry = globalThis as typeof globalThis & { [SHARED]?: Shared };

/**
 * Starts one real Neo4j for the whole run in a throwaway folder, unless NEO4J_URI points at one,
 * and stops it when the run ends.
 */
export async function setup(project: TestProject): Promise<void> {
  const shared = (registry[SHARED] ??= { started: start(), users: 0 });
  shared.users += 1;
  project.provide('neo4j', (await shared.started).neo4j);
}

async function start(): Promise<{ local?: LocalNeo4j; neo4j: TestNeo4j }> {
  if (process.env.NEO4J_URI) {
    return {
      neo4j: {
        uri: process.env.NEO4J_URI,
        user: process.env.NEO4J_USER ?? 'neo4j',
        password: process.env.NEO4J_PASSWORD ?? '',
        database: process.env.NEO4J_DATABASE || undefined,
        local: false,
      },
    };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'scholarly-graph-test-neo4j-'));
  // Imported only when needed, so a run against NEO4J_URI needs no Java.
  const { startLocalNeo4j } = await import('../../neo4j-local/index.ts');
  const local = await startLocalNeo4j({
    dataDir,
    ephemeral: true,
    // Not the quick start of the run's other JVMs (vitest.config.ts): this one answers the db and system
    // tiers' queries for the whole run, where the optimizing compiler pays for itself (with the quick
    // compiler alone, those tiers took 455 + 328 s instead of 324 + 307 s).
    quickStart: false,
    log: (line) => console.error(`[neo4j-local] ${line}`),
  });
  // With authentication, like every local Neo4j: its generated password is handed to the tests.
  return { local, neo4j: { uri: local.uri, user: local.user, password: local.password, local: true } };
}

/** Stops the local Neo4j (and removes its throwaway data) once no project uses it. */
export async function teardown(): Promise<void> {
  const shared = registry[SHARED];
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  registry[SHARED] = undefined;
  await (await shared.started.catch(() => ({ local: undefined }))).local?.stop();
}
