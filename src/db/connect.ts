import neo4j from 'neo4j-driver';
import type { Database } from './Database.ts';
import { createDatabase } from './createDatabase.ts';
import type { AppConfig } from '../config.ts';
import { startLocalNeo4j, type LocalNeo4j } from '../../neo4j-local/index.ts';
import { publishServiceConnection, readServiceConnection } from './serviceConnection.ts';

/** A connected Database plus what is needed to close it (and the local Neo4j, when we started one). */
export interface Connection {
  db: Database;
  /** Where the graph lives, for the start-up message. */
  description: string;
  close(): Promise<void>;
}

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
 * there (when asked to join it), else one started now from Maven artifacts.
 */
export async function connect(config: AppConfig, log: (message: string) => void, options: ConnectOptions = {}): Promise<Connection> {
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
      const db = createDatabase({ uri: service.uri, auth: neo4j.auth.basic(service.user, service.password), queryTimeoutMs: config.queryTimeoutMs });
      return {
        db,
        description: `the local Neo4j of the service running on ${config.localDataDir} (pid ${service.pid}) at ${service.uri}`,
        close: () => db.driver.close(),
      };
    }
  }
  const local: LocalNeo4j = await startLocalNeo4j({ dataDir: config.localDataDir, ephemeral: options.ephemeralLocal ?? false, log });
  const user = local.authDisabled ? 'neo4j' : local.user;
  const password = local.authDisabled ? '' : local.password;
  const db = createDatabase({ uri: local.uri, auth: neo4j.auth.basic(user, password), queryTimeoutMs: config.queryTimeoutMs });
  const unpublish = options.publishLocal
    ? publishServiceConnection(local.dataDir, { uri: local.uri, user, password, pid: process.pid, startedAt: new Date().toISOString() })
    : () => {};
  return {
    db,
    description: `local Neo4j at ${local.uri} (data in ${local.dataDir})`,
    close: async () => {
      unpublish();
      await db.driver.close();
      await local.stop();
    },
  };
}
