/**
 * What the service is waiting for before its graph can answer: Neo4j, the schema (constraints and
 * full-text indexes), the first-start seed. `/health` answers 200 only once it is `ready`, so a
 * client (or an orchestrator) that waits for health never sees an empty graph; until then it
 * says which step is under way.
 */
export type ReadinessStage = 'neo4j' | 'schema' | 'seed' | 'ready' | 'failed';

/** A readiness report as `/health` shows it. */
export interface ReadinessReport {
  stage: ReadinessStage;
  /** One line about the current step (no hosts, ports or paths). */
  detail: string;
  /** When the current stage began (ISO 8601). */
  since: string;
}

const DEFAULT_DETAIL: Record<ReadinessStage, string> = {
  neo4j: 'waiting for Neo4j to accept connections',
  schema: 'creating constraints and full-text indexes',
  seed: 'seeding the bundled records into the empty graph',
  ready: 'ready',
  failed: 'preparing the graph failed; see the service log',
};

/** The service's readiness, updated by prepareDatabase and read by the health handler. */
export class Readiness {
  private current: ReadinessReport;

  constructor(stage: ReadinessStage = 'neo4j') {
    this.current = { stage, detail: DEFAULT_DETAIL[stage], since: new Date().toISOString() };
  }

  /** Readiness of a graph someone else prepared (tests, benchmarks): ready from the start. */
  static ready(): Readiness {
    return new Readiness('ready');
  }

  /** Moves to a stage (the detail defaults to the stage's description). */
  set(stage: ReadinessStage, detail: string = DEFAULT_DETAIL[stage]): void {
    if (stage === this.current.stage && detail === this.current.detail) return;
    this.current = {
      stage,
      detail,
      since: stage === this.current.stage ? this.current.since : new Date().toISOString(),
    };
  }

  get isReady(): boolean {
    return this.current.stage === 'ready';
  }

  report(): ReadinessReport {
    return { ...this.current };
  }
}
