import neo4j, { type Driver, type QueryResult, type RecordShape } from 'neo4j-driver';
import { toNative } from './toNative.ts';
import { toNeo4jParams } from './toNeo4jParams.ts';
import { RequestTransaction } from './RequestTransaction.ts';
import { tuneBoltChannel } from './boltChannel.ts';

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
  /** Transaction timeout: of each statement outside a request, of all reads of one request together inside one. */
  timeoutMs: number;
  /**
   * Called with every statement sent, before it runs (parameters as given, before conversion).
   * For instrumentation: the benchmark counts and records statements through it.
   */
  onStatement?: (cypher: string, params: CypherParams) => void;
  /**
   * Runs first in every multi-statement write transaction (writeAll, writeTransaction) of this
   * handle and may throw to abort it: see `fenced`.
   */
  writeFence?: (
    run: <Row = Record<string, unknown>>(cypher: string, params?: CypherParams) => Promise<Row[]>,
  ) => Promise<void>;
}

/**
 * The one place that runs Cypher: a driver (one per process) plus the database name and the
 * transaction timeout. `roundTrips` counts statements sent, which lets tests prove batching.
 *
 * Outside a request every read runs in its own managed transaction (executeRead, routed to a
 * reader in a cluster). The copy made by `forRequest` runs the reads of one GraphQL request through
 * a RequestTransaction: the first as an auto-commit query, the rest in one read transaction ended by `release`.
 */
export class Database {
  roundTrips = 0;

  constructor(
    readonly driver: Driver,
    private readonly options: DatabaseOptions,
    private readonly transaction: RequestTransaction | null = null,
  ) {
    // Here, not in createDatabase: a Database built on a driver made elsewhere (the benchmark's) is tuned too. Once per process.
    tuneBoltChannel();
  }

  /** Runs one read statement and returns its rows as plain JS values. */
  async read<Row = Record<string, unknown>>(cypher: string, params: CypherParams = {}): Promise<Row[]> {
    if (!this.transaction) return this.run<Row>('READ', cypher, params);
    this.count(cypher, params);
    const result = await this.transaction.run(cypher, toNeo4jParams(params) as CypherParams);
    return result.records.map((record) => toNative(record.toObject()) as Row);
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
          await this.options.writeFence?.(this.runner(tx));
          for (const statement of statements) {
            this.count(statement.cypher, statement.params);
            await tx.run(statement.cypher, toNeo4jParams(statement.params) as CypherParams);
          }
        },
        { timeout: this.options.timeoutMs * WRITE_BATCH_TIMEOUT_FACTOR },
      );
    } finally {
      await closeQuietly(session);
    }
  }

  /**
   * Runs `work` in ONE write transaction: `run` sends a statement and returns its rows (plain JS
   * values), so a loader can read, decide and write atomically. The driver retries the whole of
   * `work` on a transient error, so `work` must keep its effects inside the transaction.
   */
  async writeTransaction<T>(
    work: (run: <Row = Record<string, unknown>>(cypher: string, params?: CypherParams) => Promise<Row[]>) => Promise<T>,
  ): Promise<T> {
    const session = this.session('WRITE');
    try {
      return await session.executeWrite(
        async (tx) => {
          const run = this.runner(tx);
          await this.options.writeFence?.(run);
          return work(run);
        },
        { timeout: this.options.timeoutMs * WRITE_BATCH_TIMEOUT_FACTOR },
      );
    } finally {
      await closeQuietly(session);
    }
  }

  /**
   * A copy for one request: the same driver, its own round-trip counter, and the request's reads
   * (RequestTransaction). Call `release` when the response has been sent.
   */
  forRequest(): Database {
    return new Database(
      this.driver,
      this.options,
      new RequestTransaction(this.driver, { database: this.options.database, timeoutMs: this.options.timeoutMs }),
    );
  }

  /**
   * A copy whose every multi-statement write transaction (writeAll, writeTransaction: the loader's
   * batches and retractions) first runs `fence` inside that same transaction, which throws to
   * abort it. The write path checks and renews its database-wide write lease this way, so a writer
   * that lost its lease (paused longer than the lease lasts, while another process took it over)
   * cannot commit another batch. Single statements (`write`: schema statements, which Neo4j does
   * not allow in a transaction that also writes data) are not fenced.
   */
  fenced(fence: NonNullable<DatabaseOptions['writeFence']>): Database {
    return new Database(this.driver, { ...this.options, writeFence: fence }, this.transaction);
  }

  /** Ends the request's read transaction, if one was opened (no-op otherwise). */
  async release(): Promise<void> {
    await this.transaction?.close();
  }

  private runner(tx: { run: (q: string, p: CypherParams) => Promise<QueryResult<RecordShape>> }) {
    return async <Row = Record<string, unknown>>(cypher: string, params: CypherParams = {}): Promise<Row[]> => {
      this.count(cypher, params);
      const result = await tx.run(cypher, toNeo4jParams(params) as CypherParams);
      return result.records.map((record) => toNative(record.toObject()) as Row);
    };
  }

  private count(cypher: string, params: CypherParams): void {
    this.roundTrips += 1;
    this.options.onStatement?.(cypher, params);
  }

  private session(mode: 'READ' | 'WRITE') {
    return this.driver.session({
      database: this.options.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
  }

  private async run<Row>(mode: 'READ' | 'WRITE', cypher: string, params: CypherParams): Promise<Row[]> {
    const session = this.session(mode);
    this.count(cypher, params);
    try {
      const converted = toNeo4jParams(params) as CypherParams;
      const work = (tx: { run: (q: string, p: CypherParams) => Promise<QueryResult<RecordShape>> }) =>
        tx.run(cypher, converted);
      const config = { timeout: this.options.timeoutMs };
      const result =
        mode === 'READ' ? await session.executeRead(work, config) : await session.executeWrite(work, config);
      return result.records.map((record) => toNative(record.toObject()) as Row);
    } finally {
      await closeQuietly(session);
    }
  }
}

/**
 * Closes a session after its work: a failure to close (the connection dropped after the commit was
 * acknowledged) must not turn a committed transaction into a reported failure, which would make a
 * loader believe a committed batch was lost. An error of the work itself is thrown as it was.
 */
async function closeQuietly(session: { close(): Promise<void> }): Promise<void> {
  await session.close().catch(() => undefined);
}
