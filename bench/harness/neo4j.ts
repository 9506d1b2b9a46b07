/**
 * A local Neo4j for a benchmark: Neo4j 5.26 from neo4j-local, with the heap and page cache every
 * benchmark here uses unless it says otherwise, logged through the benchmark's own log.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { startLocalNeo4j, type LocalNeo4j } from '../../neo4j-local/index.ts';
import { createDatabase } from '../../src/db/index.ts';
import type { Database } from '../../src/db/index.ts';

export const DEFAULT_HEAP = '1g';
export const DEFAULT_PAGE_CACHE = '512m';

export interface BenchNeo4jOptions {
  /** Where the store lives; a new temporary folder when not given. */
  dataDir?: string;
  /** Delete the store when stopped (default true). */
  ephemeral?: boolean;
  heap?: string;
  pageCache?: string;
  log?: (line: string) => void;
}

/** Starts a local Neo4j (stop it with `.stop()`). */
export function startBenchNeo4j(options: BenchNeo4jOptions = {}): Promise<LocalNeo4j> {
  const log = options.log;
  return startLocalNeo4j({
    dataDir: options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'bench-neo4j-')),
    ephemeral: options.ephemeral ?? true,
    heap: options.heap ?? DEFAULT_HEAP,
    pageCache: options.pageCache ?? DEFAULT_PAGE_CACHE,
    ...(log ? { log: (line: string) => log(`[neo4j] ${line}`) } : {}),
  });
}

/** Where a benchmark's database is: a local Neo4j it started, or one given by NEO4J_URI. */
export interface Target {
  uri: string;
  user: string;
  password: string;
}

export function targetOf(local: LocalNeo4j): Target {
  return { uri: local.uri, user: local.user, password: local.password };
}

/** NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD) from the environment, or null. */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): Target | null {
  return env['NEO4J_URI']
    ? { uri: env['NEO4J_URI'], user: env['NEO4J_USER'] ?? 'neo4j', password: env['NEO4J_PASSWORD'] ?? '' }
    : null;
}

/** The project's Database on a target, with a long statement timeout (loads and whole-graph dumps run through it). */
export function connect(target: Target, queryTimeoutMs = 600_000): Database {
  return createDatabase({ uri: target.uri, auth: neo4j.auth.basic(target.user, target.password), queryTimeoutMs });
}
