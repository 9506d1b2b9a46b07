import neo4j, { type Driver, type QueryResult, type RecordShape } from 'neo4j-driver';
import { toNative } from './toNative.ts';
import { toNeo4jParams } from './toNeo4jParams.ts';

/**
 * A seed batch writes hundreds of articles in one transaction, far more work than any API query:
 * it gets this many times the per-query timeout.
 */
const WRITE_BATCH_TIMEOUT_FACTOR = 10;

/** Query parameters: always passed to Neo4j as parameters, never spliced into Cypher text. */
export type CypherParams = Record<string, unknown>;

/** Options for one Database handle. */
export interface DatabaseOptions {
  /** Target database name; the server default when absent. */
  database?: string;
  /** Transaction timeout applied to every query. */
  timeoutMs: number;
}

/**
 * The one place that runs Cypher: a driver (one per process) plus the database name and the
 * transaction timeout. Reads go through executeRead so a cluster can route them to followers.
 * `roundTrips` counts queries sent, which lets tests prove batching.
 */
export class Database {
  roundTrips = 0;

  constructor(
    readonly driver: Driver,
    private readonly options: DatabaseOptions,
  ) {}

  /** Runs one read query in its own managed transaction and returns its rows as plain JS values. */
  async read<Row = Record<string, unknown>>(cypher: string, params: CypherParams = {}): Promise<Row[]> {
    return this.run<Row>('READ', cypher, params);
  }

  /** Runs one write query in its own managed transaction. */
  async write<Row = Record<string, unknown>>(cypher: string, params: CypherParams = {}): Promise<Row[]> {
    return this.run<Row>('WRITE', cypher, params);
  }

  /**
   * Runs several write statements in ONE transaction, so either all of them apply or none does
   * (the loader's guarantee that a failure leaves no partial article).
   */
  async writeAll(statements: ReadonlyArray<{ cypher: string; params: CypherParams }>): Promise<void> {
    const session = this.session('WRITE');
    try {
      await session.executeWrite(
        async (tx) => {
          for (const statement of statements) {
            this.roundTrips += 1;
            await tx.run(statement.cypher, toNeo4jParams(statement.params) as CypherParams);
          }
        },
        { timeout: this.options.timeoutMs * WRITE_BATCH_TIMEOUT_FACTOR },
      );
    } finally {
      await session.close();
    }
  }

  /**
   * Runs `work` in ONE write transaction: `run` sends a statement and returns its rows (plain JS
   * values), so a loader can read, decide and write atomically. The driver retries the whole of
   * `work` on a transient error, so `work` must keep its effects inside the transaction.
   */
  async writeTransaction<T>(work: (run: <Row = Record<string, unknown>>(cypher: string, params?: CypherParams) => Promise<Row[]>) => Promise<T>): Promise<T> {
    const session = this.session('WRITE');
    try {
      return await session.executeWrite(
        (tx) =>
          work(async <Row>(cypher: string, params: CypherParams = {}) => {
            this.roundTrips += 1;
            const result = await tx.run(cypher, toNeo4jParams(params) as CypherParams);
            return result.records.map((record) => toNative(record.toObject()) as Row);
          }),
        { timeout: this.options.timeoutMs * WRITE_BATCH_TIMEOUT_FACTOR },
      );
    } finally {
      await session.close();
    }
  }

  /** A copy sharing the driver but with its own round-trip counter (one per request). */
  forRequest(): Database {
    return new Database(this.driver, this.options);
  }

  private session(mode: 'READ' | 'WRITE') {
    return this.driver.session({
      database: this.options.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
  }

  private async run<Row>(mode: 'READ' | 'WRITE', cypher: string, params: CypherParams): Promise<Row[]> {
    const session = this.session(mode);
    this.roundTrips += 1;
    try {
      const converted = toNeo4jParams(params) as CypherParams;
      const work = (tx: { run: (q: string, p: CypherParams) => Promise<QueryResult<RecordShape>> }) => tx.run(cypher, converted);
      const config = { timeout: this.options.timeoutMs };
      const result = mode === 'READ' ? await session.executeRead(work, config) : await session.executeWrite(work, config);
      return result.records.map((record) => toNative(record.toObject()) as Row);
    } finally {
      await session.close();
    }
  }
}
