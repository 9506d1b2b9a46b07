import type { Request, Response } from 'express';
import type { Database } from './db/index.ts';
import { describeDatabaseError } from './errors.ts';
import { Readiness, type ReadinessStage } from './readiness.ts';

/** What /health reports. */
export interface HealthReport {
  /** ok: the graph answers; starting: not ready yet (see waitingFor); unavailable: Neo4j does not answer; failed: preparing the graph failed. */
  status: 'ok' | 'starting' | 'unavailable' | 'failed';
  /** What the service waits for when status is not ok. */
  waitingFor?: ReadinessStage;
  /** One line on the current step or problem. */
  detail?: string;
  /** Since when the service has been in its current stage (ISO 8601). */
  since?: string;
  neo4j: {
    reachable: boolean;
    version?: string;
    /** Why Neo4j is unreachable, without hosts or ports: "connection refused", "authentication failed", … */
    reason?: string;
    /** True while the supervised local Neo4j is being restarted after its JVM died. */
    restarting?: boolean;
  };
}

/** Sources the health handler reads. */
export interface HealthSources {
  db: Database;
  /** Absent: the graph was prepared by someone else and counts as ready. */
  readiness?: Readiness;
  /** The local Neo4j this process supervises, if any. */
  localNeo4j?: { readonly state: string };
}

const PROBE_TIMEOUT_MS = 3_000;

/** Asks Neo4j for its version (bounded in time) and combines it with the readiness of the graph. */
export async function checkHealth(sources: HealthSources): Promise<HealthReport> {
  const restarting = sources.localNeo4j?.state === 'restarting' ? { restarting: true } : {};
  let neo4j: HealthReport['neo4j'];
  try {
    const info = await withTimeout(sources.db.driver.getServerInfo({ database: undefined }), PROBE_TIMEOUT_MS);
    neo4j = { reachable: true, version: info.agent };
  } catch (error) {
    neo4j = { reachable: false, reason: describeDatabaseError(error), ...restarting };
  }
  const readiness = (sources.readiness ?? Readiness.ready()).report();
  if (readiness.stage === 'failed')
    return { status: 'failed', detail: readiness.detail, since: readiness.since, neo4j };
  if (readiness.stage !== 'ready')
    return { status: 'starting', waitingFor: readiness.stage, detail: readiness.detail, since: readiness.since, neo4j };
  if (!neo4j.reachable) {
    return {
      status: 'unavailable',
      waitingFor: 'neo4j',
      detail: neo4j.restarting ? 'the local Neo4j died and is being restarted' : 'Neo4j does not answer',
      neo4j,
    };
  }
  return { status: 'ok', neo4j };
}

/** GET /health (readiness): 200 once the graph is ready and Neo4j answers, 503 with what it waits for otherwise. */
export function healthHandler(sources: HealthSources) {
  return async (_request: Request, response: Response): Promise<void> => {
    const report = await checkHealth(sources);
    response.setHeader('Cache-Control', 'no-store');
    response.status(report.status === 'ok' ? 200 : 503).json(report);
  };
}

/** GET /health/live (liveness): 200 while the process serves HTTP, whatever Neo4j does; restarting the process would not help Neo4j. */
export function livenessHandler() {
  const startedAt = Date.now();
  return (_request: Request, response: Response): void => {
    response.setHeader('Cache-Control', 'no-store');
    response.status(200).json({ status: 'alive', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) });
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(Object.assign(new Error('health probe timed out'), { code: 'ETIMEDOUT' })),
      ms,
    );
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
