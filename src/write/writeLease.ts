import type { Database } from '../db/index.ts';
import type { Run } from '../ingest/index.ts';

/**
 * Every write to the graph (an import, a retraction, an article removal), from whichever API process
 * or `npm run seed`, holds one lease kept in the graph itself: the node `(:WriteLock {id: 'graph'})`
 * with its `owner` and `expiresAt` (the database's clock, `timestamp()`, so the processes' own
 * clocks never matter).
 *
 * Why a lease node rather than something else:
 * - Writers must be serialized across processes that share nothing but the database (several API
 *   replicas behind a load balancer, the seed CLI beside them), so the lock has to live there; a
 *   process-local queue cannot see the others.
 * - Neo4j has no advisory locks that outlive a transaction, and holding one transaction open for a
 *   whole import would make it one huge transaction, which is what batching avoids.
 * - A lease, unlike a plain flag, frees itself: a writer that crashed, or lost the database, stops
 *   renewing it and anyone may take it once `expiresAt` has passed. The holder renews it on a
 *   heartbeat while it reads and checks (no write then) and inside every write transaction (see
 *   `fence`), which also makes a writer that was paused past its lease (and so may have been
 *   replaced) fail its next batch instead of writing beside the new holder.
 * - Taking it is one statement: it first writes the node (which takes Neo4j's exclusive lock on it,
 *   so two takers are serialized and the second reads what the first committed), then grants it
 *   only when it is free or expired.
 * - Waiting imports poll with backoff. Imports are granted the lease in the order they were queued
 *   (ImportJob.queuedAtMs, the database's clock) across processes: a taker whose import has an
 *   earlier, still-live queued import anywhere is not granted it, so a queue position means the
 *   same on every replica.
 */

/** The lease's timing. */
export interface LeaseTiming {
  /** How long a lease lasts unless renewed. */
  ttlMs: number;
  /** First wait between attempts to take a held lease (doubling up to pollMaxMs). */
  pollMinMs: number;
  pollMaxMs: number;
}

/**
 * 30 s: long enough that a heartbeat every 10 s survives a slow statement or a busy event loop,
 * short enough that a crashed writer blocks the others for half a minute at most.
 */
export const DEFAULT_LEASE_TIMING: LeaseTiming = { ttlMs: 30_000, pollMinMs: 100, pollMaxMs: 2_000 };

/** The one lease node (writes are serialized for the whole graph). */
const LOCK_ID = 'graph';

/**
 * Takes the lease when it is free, expired or already ours, and (for an import) when no other live
 * import was queued before this one. `SET l.taking` first: the exclusive lock on the node, so what
 * follows reads the last committed holder.
 *
 * Imports of the taker's own process (`$process`, ImportJob.owner) are left out of that check: the
 * process's own queue already runs them one at a time, and waiting here for one of them that sits
 * behind the taker in that queue would wait forever (both hold their place, the heartbeat keeps
 * both live). WriteService admits a process's imports to its queue in queuedAtMs order, so this
 * only matters if the database's clock stepped back between two of them.
 */
const TAKE = `
MERGE (l:WriteLock {id: $lockId})
SET l.taking = true
WITH l, timestamp() AS now
WITH l, now,
  (l.owner IS NULL OR l.expiresAt < now OR l.owner = $owner)
  AND ($queuedAtMs IS NULL OR NOT EXISTS {
    MATCH (j:ImportJob)
    WHERE j.status = 'QUEUED' AND j.queuedAtMs < $queuedAtMs AND j.heartbeatAt >= now - $ttlMs AND j.id <> $jobId
      AND ($process IS NULL OR j.owner IS NULL OR j.owner <> $process)
  }) AS granted
SET l.owner = CASE WHEN granted THEN $owner ELSE l.owner END,
    l.expiresAt = CASE WHEN granted THEN now + $ttlMs ELSE l.expiresAt END,
    l.since = CASE WHEN granted THEN now ELSE l.since END
REMOVE l.taking
RETURN granted`;

/** Renews the lease if it is still ours; no row when it is not. */
const RENEW = `
MATCH (l:WriteLock {id: $lockId})
WHERE l.owner = $owner
SET l.expiresAt = timestamp() + $ttlMs
RETURN l.owner AS owner`;

const RELEASE = `
MATCH (l:WriteLock {id: $lockId})
WHERE l.owner = $owner
REMOVE l.owner, l.expiresAt, l.since`;

/** The two constraints the lease and the import status need before the first MERGE (also in SCHEMA_STATEMENTS). */
const LEASE_SCHEMA = [
  'CREATE CONSTRAINT write_lock_id IF NOT EXISTS FOR (n:WriteLock) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT import_job_id IF NOT EXISTS FOR (n:ImportJob) REQUIRE n.id IS UNIQUE',
  'CREATE INDEX import_job_status IF NOT EXISTS FOR (n:ImportJob) ON (n.status)',
];

/** Thrown inside a write transaction whose writer no longer holds the lease: the transaction rolls back. */
export class LeaseLostError extends Error {
  constructor() {
    super(
      'the write lease was lost (this writer was paused or cut off longer than the lease lasts, and another took it over)',
    );
    this.name = 'LeaseLostError';
  }
}

/** A held lease: renewed on a heartbeat until released. */
export class Lease {
  private timer: NodeJS.Timeout | undefined;
  private lost = false;

  constructor(
    private readonly db: Database,
    readonly owner: string,
    private readonly timing: LeaseTiming,
  ) {
    this.timer = setInterval(
      () => void this.renew().catch(() => undefined),
      Math.max(50, Math.floor(timing.ttlMs / 3)),
    );
    this.timer.unref();
  }

  /** True once a renewal found the lease taken by another writer. */
  get isLost(): boolean {
    return this.lost;
  }

  /**
   * Runs first inside every write transaction of the holder (Database.fenced): renews the lease in
   * the same transaction, or throws LeaseLostError so nothing of it commits.
   */
  readonly fence = async (run: Run): Promise<void> => {
    const rows = await run(RENEW, { lockId: LOCK_ID, owner: this.owner, ttlMs: this.timing.ttlMs });
    if (rows.length === 0) {
      this.lost = true;
      throw new LeaseLostError();
    }
  };

  /** The database seen by the holder: every write transaction fenced by the lease. */
  fencedDatabase(): Database {
    return this.db.fenced(this.fence);
  }

  async renew(): Promise<void> {
    const rows = await this.db.write(RENEW, { lockId: LOCK_ID, owner: this.owner, ttlMs: this.timing.ttlMs });
    if (rows.length === 0) this.lost = true;
  }

  /**
   * Stops renewing and frees the lease. When the database cannot be reached, it is tried again
   * until the lease would have expired anyway (so a database that comes back does not make the
   * next writer wait for the expiry).
   */
  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const giveUpAt = Date.now() + this.timing.ttlMs;
    const attempt = () => this.db.write(RELEASE, { lockId: LOCK_ID, owner: this.owner });
    try {
      await attempt();
    } catch (error) {
      const retry = () => {
        if (Date.now() < giveUpAt) setTimeout(() => void attempt().catch(retry), 1000).unref();
      };
      retry();
      throw error;
    }
  }
}

/** Takes the graph's write lease (see the comment at the top of this file). */
export class WriteLease {
  private schema?: Promise<void>;

  constructor(
    private readonly db: Database,
    readonly timing: LeaseTiming = DEFAULT_LEASE_TIMING,
  ) {}

  private ensureSchema(): Promise<void> {
    this.schema ??= (async () => {
      for (const statement of LEASE_SCHEMA) await this.db.write(statement);
    })().catch((error: unknown) => {
      this.schema = undefined;
      throw error;
    });
    return this.schema;
  }

  /**
   * Waits until the lease is this owner's (polling with backoff) and returns it. `job` places an
   * import in the cross-process queue order; `signal` gives up waiting. A database error while
   * waiting is thrown (nothing was written).
   */
  async acquire(
    owner: string,
    options: {
      /** The import taking it: its id, its place in the queue order, and the process that queued it (ImportJob.owner). */
      job?: { id: string; queuedAtMs: number; process?: string };
      signal?: AbortSignal;
    } = {},
  ): Promise<Lease> {
    await this.ensureSchema();
    let wait = this.timing.pollMinMs;
    for (;;) {
      options.signal?.throwIfAborted();
      const [row] = await this.db.write<{ granted: boolean }>(TAKE, {
        lockId: LOCK_ID,
        owner,
        ttlMs: this.timing.ttlMs,
        queuedAtMs: options.job?.queuedAtMs ?? null,
        jobId: options.job?.id ?? null,
        process: options.job?.process ?? null,
      });
      if (row?.granted) return new Lease(this.db, owner, this.timing);
      // Jitter keeps the waiters of several processes from polling in lockstep.
      await new Promise((resolve) => setTimeout(resolve, wait * (0.75 + Math.random() / 2)));
      wait = Math.min(this.timing.pollMaxMs, wait * 2);
    }
  }

  /** Runs `work` holding the lease, with the fenced database; releases it afterwards (or lets it expire when that fails). */
  async withLease<T>(
    owner: string,
    work: (db: Database, lease: Lease) => Promise<T>,
    options: { signal?: AbortSignal } = {},
  ): Promise<T> {
    const lease = await this.acquire(owner, options);
    try {
      return await work(lease.fencedDatabase(), lease);
    } finally {
      await lease.release().catch(() => undefined);
    }
  }
}
