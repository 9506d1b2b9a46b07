import neo4j from 'neo4j-driver';
import type { Database } from './Database.ts';
import { createDatabase } from './createDatabase.ts';
import type { AppConfig } from '../config.ts';
import { startLocalNeo4j, type LocalNeo4j } from '../../neo4j-local/index.ts';

/** A connected Database plus what is needed to close it (and the local Neo4j, when we started one). */
export interface Connection {
  db: Database;
  /** Where the graph lives, for the start-up message. */
  description: string;
  close(): Promise<void>;
}

/**
 * Connects the way the configuration says: NEO4J_URI (any Neo4j 5, Aura, a cluster) when set,
 * otherwise a local Neo4j started from Maven artifacts with its data under `localDataDir`.
 */
export async function connect(config: AppConfig, log: (message: string) => void, options: { ephemeralLocal?: boolean } = {}): Promise<Connection> {
  if (config.neo4jUri) {
    const db = createDatabase({
      uri: config.neo4jUri,
      auth: neo4j.auth.basic(config.neo4jUser, config.neo4jPassword),
      database: config.neo4jDatabase,
      queryTimeoutMs: config.queryTimeoutMs,
    });
    return { db, description: `Neo4j at ${config.neo4jUri}`, close: () => db.driver.close() };
  }
  const local: LocalNeo4j = await startLocalNeo4j({ dataDir: config.localDataDir, ephemeral: options.ephemeralLocal ?? false, log });
  const db = createDatabase({
    uri: local.uri,
    auth: local.authDisabled ? neo4j.auth.basic('neo4j', '') : neo4j.auth.basic(local.user, local.password),
    queryTimeoutMs: config.queryTimeoutMs,
  });
  return {
    db,
    description: `local Neo4j at ${local.uri} (data in ${local.dataDir})`,
    close: async () => {
      await db.driver.close();
      await local.stop();
    },
  };
}
