import neo4j from 'neo4j-driver';
import type { Database } from './Database.ts';
import { createDatabase } from './createDatabase.ts';
import type { AppConfig } from '../../config.ts';
import { startLocalNeo4j, type LocalNeo4j, type LocalNeo4jLogLevel } from '../../../neo4j-local/index.ts';
import { publishServiceConnection, readServiceConnection } from './serviceConnection.ts';

/** A connected Database plus what is needed to close it (and the local Neo4j, when we started one). */
export interface Connection {
  db: Database;
  /** Where the graph lives, for the start-up message. */
  description: string;
  close(): Promise<void>;
  /** The local Neo4j when this process started it (for health reports), else undefined. */
  local?: LocalNeo4j;
}

/** Where connect reports progress; the level marks an unexpected local Neo4j exit as an error. */
export type ConnectLog = (message: string, level?: LocalNeo4jLogLevel) => void;

/** How connect treats the local Neo4j when NEO4J_URI is not set. */
export interface ConnectOptions {
  /** Delete the local Neo4j's data folder on close (tests, benchmarks). */
  ephemeralLocal?: boolean;
  /** The service: record how to reach the local Neo4j in its data folder (removed on close), for `npm run seed` beside it. */
  publishLocal?: boolean;
  /** The seed CLI: when a running service owns the local data folder, use its Neo4j instead of starting one. */
  joinRunningService?: boolean;
}

/**
 * Connects the way the configuration says: NEO4J_URI (any Neo4j 5, Aura, a cluster) when set,
 * otherwise the local Neo4j with its data under `localDataDir`: the one a running service started
 * there (when asked to join it), else one started now from Maven artifacts, with authentication
 * (its generated password lives in that folder) and supervised: if its JVM dies it is restarted on
 * the same port, so the driver (and a seed run joined through the published connection file) keeps
 * its URI and reconnects by itself.
 */
export async function connect(config: AppConfig, log: ConnectLog, options: ConnectOptions = {}): Promise<Connection> {
  if (config.neo4jUri) {
    const db = createDatabase({
      uri: config.neo4jUri,
      auth: neo4j.auth.basic(config.neo4jUser, config.neo4jPassword),
      database: config.neo4jDatabase,
      queryTimeoutMs: config.queryTimeoutMs,
    });
    return { db, description: `Neo4j at ${config.neo4jUri}`, close: () => db.driver.close() };
  }
  if (options.joinRunningService) {
    const service = readServiceConnection(config.localDataDir);
    if (service) {
      const db = createDatabase({
        uri: service.uri,
        auth: neo4j.auth.basic(service.user, service.password),
        queryTimeoutMs: config.queryTimeoutMs,
      });
      return {
        db,
        description: `the local Neo4j of the service running on ${config.localDataDir} (pid ${service.pid}) at ${service.uri}`,
        close: () => db.driver.close(),
      };
    }
  }
  const local: LocalNeo4j = await startLocalNeo4j({
    dataDir: config.localDataDir,
    ephemeral: options.ephemeralLocal ?? false,
    supervise: true,
    log,
  });
  const db = createDatabase({
    uri: local.uri,
    auth: neo4j.auth.basic(local.user, local.password),
    queryTimeoutMs: config.queryTimeoutMs,
  });
  const unpublish = options.publishLocal
    ? publishServiceConnection(local.dataDir, {
        uri: local.uri,
        user: local.user,
        password: local.password,
        pid: process.pid,
        startedAt: new Date().toISOString(),
      })
    : () => {};
  return {
    db,
    local,
    description: `local Neo4j at ${local.uri} (data in ${local.dataDir})`,
    close: async () => {
      unpublish();
      await db.driver.close();
      await local.stop();
    },
  };
}
