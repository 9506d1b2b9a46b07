import { z } from 'zod';

/**
 * The service's configuration, read once from the environment and validated, so a typo in a
 * variable fails at start with the variable's name instead of surfacing later as a vague error.
 */
export interface AppConfig {
  /** Bolt URI of an existing Neo4j; absent means "start the bundled local Neo4j". */
  neo4jUri?: string;
  neo4jUser: string;
  neo4jPassword: string;
  neo4jDatabase?: string;
  port: number;
  host: string;
  /** Per-transaction timeout for every Cypher query the API runs. */
  queryTimeoutMs: number;
  /** Where the local Neo4j keeps its data between runs. */
  localDataDir: string;
  /** Seed the bundled records when the graph has no article yet. */
  seedOnStart: boolean;
  logLevel: string;
  /**
   * Stack traces mapped to the TypeScript sources. Off by default: neo4j-driver formats a stack
   * trace for every query result (to enrich a later error), and with source maps on each one is
   * mapped frame by frame, a cost every request pays.
   */
  sourceMappedStacks: boolean;
}

const portSchema = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  NEO4J_URI: z
    .string()
    .regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\/.+/, 'must be a neo4j:// or bolt:// URI (optionally +s/+ssc)')
    .optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().min(1).optional(),
  PORT: portSchema.default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  QUERY_TIMEOUT_MS: z.coerce.number().int().positive().max(600_000).default(10_000),
  LOCAL_NEO4J_DIR: z.string().min(1).default('.data/neo4j'),
  SEED_ON_START: z.enum(['true', 'false']).default('true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SOURCE_MAPS: z.enum(['true', 'false']).default('false'),
});

/** Thrown when an environment variable is invalid; the message names each bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the configuration from `env` (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings are how shells and compose files say "unset".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    neo4jUri: e.NEO4J_URI,
    neo4jUser: e.NEO4J_USER,
    neo4jPassword: e.NEO4J_PASSWORD,
    neo4jDatabase: e.NEO4J_DATABASE,
    port: e.PORT,
    host: e.HOST,
    queryTimeoutMs: e.QUERY_TIMEOUT_MS,
    localDataDir: e.LOCAL_NEO4J_DIR,
    seedOnStart: e.SEED_ON_START === 'true',
    logLevel: e.LOG_LEVEL,
    sourceMappedStacks: e.SOURCE_MAPS === 'true',
  };
}
