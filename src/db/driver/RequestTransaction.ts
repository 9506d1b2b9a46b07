import neo4j, { type Driver, type QueryResult, type RecordShape, type Session, type Transaction } from 'neo4j-driver';
import type { CypherParams } from './Database.ts';

/** Options of the read transaction one request shares. */
export interface RequestTransactionOptions {
  database?: string;
  /** Neo4j's transaction timeout: the whole request's reads must fit in it. */
  timeoutMs: number;
  /** How long a transient failure (a cluster member leaving, a leader switch, Neo4j restarting) is retried. */
  retryMs?: number;
}

/** Like the driver's own managed transactions: transient failures are retried this long, with backoff. */
const DEFAULT_RETRY_MS = 3_000;

/**
 * The reads of one GraphQL request: the first statement runs on its own as an auto-commit query,
 * every further one in one explicit read transaction opened by the second statement and closed
 * once the response is sent (`close`).
 *
 * Why the first statement runs alone: the common shapes (an article with its authorships,
 * journal and topics; a page of a topic; co-authors; co-occurring topics) are answered by one
 * statement, and an auto-commit query is one message and one answer (RUN with PULL), where an
 * explicit transaction is three (BEGIN, RUN with PULL, COMMIT), each written and read on its own.
 * Measured side by side on the article-by-DOI shape, the three cost the API as much CPU as
 * executing the GraphQL operation. Nothing is lost for consistency: Neo4j's transactions read
 * committed data, so two statements of one transaction do not see one snapshot either.
 *
 * Why the rest share one transaction: each managed transaction per statement would be a session,
 * a BEGIN and a COMMIT, which costs Neo4j more CPU than the small batched statements themselves.
 * Sessions are opened in READ mode, so with `neo4j://` the driver routes them to a reader.
 *
 * Statements run one after the other (a queue), never pipelined into the transaction at once: a
 * failing statement fails the whole transaction, and only when they are serialised is it clear
 * which statement failed. After a failure the transaction is dropped; the next statement of the
 * request opens a fresh one, so one failing field does not fail its siblings. A transient failure
 * (isRetryableError: ServiceUnavailable, SessionExpired, transient errors) is retried for up to
 * `retryMs`; reads are safe to repeat.
 *
 * The timeout (QUERY_TIMEOUT_MS) bounds the first statement, and all later reads of the request together.
 */
export class RequestTransaction {
  private session: Session | null = null;
  private tx: Transaction | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Whether the request's first statement was sent (it runs as an auto-commit query). */
  private started = false;
  private safety: NodeJS.Timeout | null = null;

  constructor(
    private readonly driver: Driver,
    private readonly options: RequestTransactionOptions,
  ) {}

  /** Runs one statement in the request's transaction (after the statements queued before it). */
  run(cypher: string, params: CypherParams): Promise<QueryResult<RecordShape>> {
    const result = this.queue.then(() => this.runWithRetry(cypher, params));
    // The queue only orders statements; a failure belongs to its own caller.
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Ends the transaction (a COMMIT: nothing was written) and releases the session. Safe to call
   * more than once and when no statement ran. Statements arriving later get their own transaction
   * and are closed by the safety timer.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.discard(true);
  }

  private async runWithRetry(cypher: string, params: CypherParams): Promise<QueryResult<RecordShape>> {
    const deadline = Date.now() + (this.options.retryMs ?? DEFAULT_RETRY_MS);
    let delay = 100;
    for (;;) {
      try {
        if (!this.started) return await this.runAlone(cypher, params);
        const tx = this.open();
        return await withoutCallerStack(() => tx.run(cypher, params));
      } catch (error) {
        // A failed statement leaves the transaction unusable: drop it, the next statement starts afresh.
        await this.discard(false);
        if (!neo4j.isRetryableError(error) || Date.now() + delay > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 1_000);
      }
    }
  }

  /** The request's first statement, in an auto-commit transaction of its own (retried as a whole on a transient failure). */
  private async runAlone(cypher: string, params: CypherParams): Promise<QueryResult<RecordShape>> {
    const session = this.driver.session({ database: this.options.database, defaultAccessMode: neo4j.session.READ });
    try {
      const result = await withoutCallerStack(() => session.run(cypher, params, { timeout: this.options.timeoutMs }));
      this.started = true;
      return result;
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  private open(): Transaction {
    if (this.tx) return this.tx;
    this.session = this.driver.session({ database: this.options.database, defaultAccessMode: neo4j.session.READ });
    this.tx = this.session.beginTransaction({ timeout: this.options.timeoutMs });
    // A request that never reaches close() (a bug, a crash in a plugin) must not keep a pooled
    // connection forever: Neo4j ends the transaction at its timeout, this ends the session.
    this.safety = setTimeout(() => void this.discard(false), this.options.timeoutMs + 5_000);
    this.safety.unref();
    if (this.closed) {
      // Opened after the response went out (a resolver still running): close right after its statements.
      queueMicrotask(() => void this.close());
    }
    return this.tx;
  }

  private async discard(commit: boolean): Promise<void> {
    const { tx, session } = this;
    this.tx = null;
    this.session = null;
    if (this.safety) clearTimeout(this.safety);
    this.safety = null;
    try {
      if (tx?.isOpen()) await (commit ? tx.commit() : tx.rollback());
    } catch {
      // The transaction already failed or timed out: closing the session is all that is left.
    } finally {
      await session?.close().catch(() => undefined);
    }
  }
}

/**
 * Calls `run` (a driver `run`) without capturing a stack trace: the driver's Result records the
 * caller's stack (a new Error, its stack formatted to text) on every statement, to put on an error
 * should one come, and that was about 3 % of the API's CPU on an article-by-DOI request. The stack
 * would only ever name this file's own call (a statement's failure reaches the log through
 * formatError with its Neo4j code and message, which are kept); the error's stack is then its
 * message alone. Only the driver's synchronous work runs with the limit at 0, and it is restored
 * even if that throws.
 */
export function withoutCallerStack<T>(run: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
