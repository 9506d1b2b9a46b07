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
 * One explicit read transaction shared by every statement of one GraphQL request, opened lazily
 * by the first statement and closed once the response is sent (`close`).
 *
 * Why not a managed transaction per statement: each one is a session, a BEGIN and a COMMIT, which
 * costs Neo4j more CPU than the small statements themselves. One transaction also gives the
 * statements of a request one view of the graph, on one cluster member: the session is opened in
 * READ mode, so with `neo4j://` the driver routes it to a reader.
 *
 * Statements run one after the other (a queue), never pipelined into the transaction at once: a
 * failing statement fails the whole transaction, and only when they are serialised is it clear
 * which statement failed. After a failure the transaction is dropped; the next statement of the
 * request opens a fresh one, so one failing field does not fail its siblings. A transient failure
 * (isRetryableError: ServiceUnavailable, SessionExpired, transient errors) is retried on a fresh
 * transaction for up to `retryMs`; reads are safe to repeat.
 *
 * The transaction timeout (QUERY_TIMEOUT_MS) now bounds all reads of one request together.
 */
export class RequestTransaction {
  private session: Session | null = null;
  private tx: Transaction | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
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
        const tx = this.open();
        return await tx.run(cypher, params);
      } catch (error) {
        // A failed statement leaves the transaction unusable: drop it, the next statement starts afresh.
        await this.discard(false);
        if (!neo4j.isRetryableError(error) || Date.now() + delay > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 1_000);
      }
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
