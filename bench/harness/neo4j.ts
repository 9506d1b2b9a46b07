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

/**
 * The page cache of every benchmark's Neo4j: 512 MB, or BENCH_PAGE_CACHE (e.g. `8g`). 512 MB holds
 * the whole store up to about 100k articles; a million articles make a store of several GB, and
 * Neo4j's own advice is a page cache that holds the store, so a run at that size says how much it
 * gave (both sides of a comparison share the one Neo4j, so the setting is the same for both).
 */
export const DEFAULT_PAGE_CACHE = pageCacheSetting(process.env['BENCH_PAGE_CACHE']);

/** A Neo4j memory setting as the benchmark accepts it (digits and a unit k, m or g), or 512m when not given. */
export function pageCacheSetting(text: string | undefined): string {
  if (text === undefined || text === '') return '512m';
  if (!/^[1-9]\d*[kmg]$/i.test(text)) throw new Error(`BENCH_PAGE_CACHE: "${text}" is not a size such as 512m or 8g`);
  return text.toLowerCase();
}

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
