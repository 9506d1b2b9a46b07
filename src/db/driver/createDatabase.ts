import neo4j, { type AuthToken, type Driver } from 'neo4j-driver';
import { Database } from './Database.ts';

/** Settings for a Neo4j reached by URI. */
export interface DriverTarget {
  uri: string;
  auth: AuthToken;
  database?: string;
  queryTimeoutMs: number;
}

/**
 * The one driver of the process. Retries of failed transactions are capped at a few seconds, so
 * when Neo4j is down a request fails fast with DATABASE_UNAVAILABLE instead of hanging; the driver
 * reconnects by itself when Neo4j is back.
 */
export function createDatabase(target: DriverTarget): Database {
  const driver: Driver = neo4j.driver(target.uri, target.auth, {
    maxTransactionRetryTime: 3_000,
    connectionTimeout: 5_000,
    connectionAcquisitionTimeout: 10_000,
    maxConnectionPoolSize: 50,
    userAgent: 'scholarly-graph',
    disableLosslessIntegers: false,
  });
  return new Database(driver, { database: target.database, timeoutMs: target.queryTimeoutMs });
}
