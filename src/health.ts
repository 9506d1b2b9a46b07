import type { Request, Response } from 'express';
import type { Database } from './db/Database.ts';

/** What /health reports. */
export interface HealthReport {
  status: 'ok' | 'unavailable';
  neo4j: { reachable: boolean; version?: string; reason?: string };
}

/** Asks Neo4j for its version, with a short timeout, and says whether it is reachable. */
export async function checkHealth(db: Database): Promise<HealthReport> {
  try {
    const info = await db.driver.getServerInfo({ database: undefined });
    return { status: 'ok', neo4j: { reachable: true, version: info.agent } };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { status: 'unavailable', neo4j: { reachable: false, reason } };
  }
}

/** GET /health: 200 when Neo4j answers, 503 with the reason when it does not. */
export function healthHandler(db: Database) {
  return async (_request: Request, response: Response): Promise<void> => {
    const report = await checkHealth(db);
    response.status(report.status === 'ok' ? 200 : 503).json(report);
  };
}
