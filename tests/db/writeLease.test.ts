import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { LeaseLostError, WriteLease } from '../../src/write/writeLease.ts';
import { openTestDatabase, resetGraph } from '../helpers/testDatabase.ts';

/** The graph's write lease on a real Neo4j: exclusive, fenced, freed by expiry, granted in queue order. */

let db: Database;
const timing = { ttlMs: 30_000, pollMinMs: 20, pollMaxMs: 100 };

beforeAll(async () => {
  db = openTestDatabase();
  await resetGraph(db);
});

afterAll(async () => {
  await db?.driver.close();
});

const settled = <T>(promise: Promise<T>) => {
  const state = { done: false };
  promise.then(
    () => (state.done = true),
    () => (state.done = true),
  );
  return state;
};

describe('the write lease', () => {
  it('is held by one writer at a time; the next gets it once the first releases it', async () => {
    const lease = new WriteLease(db, timing);
    const first = await lease.acquire('writer-a');
    const waiting = lease.acquire('writer-b');
    const second = settled(waiting);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(second.done).toBe(false);
    const [row] = await db.read<{ owner: string }>("MATCH (l:WriteLock {id: 'graph'}) RETURN l.owner AS owner");
    expect(row!.owner).toBe('writer-a');
    await first.release();
    const b = await waiting;
    expect(b.owner).toBe('writer-b');
    await b.release();
  });

  it('fences: a writer whose lease was taken over commits nothing more', async () => {
    const lease = new WriteLease(db, timing);
    const a = await lease.acquire('writer-a');
    const fenced = a.fencedDatabase();
    await fenced.writeTransaction((run) => run("CREATE (:LeaseProbe {by: 'a', n: 1})"));
    // Writer a stalled past its lease and writer b took it over (as its TAKE does once expired).
    await db.write("MATCH (l:WriteLock {id: 'graph'}) SET l.owner = 'writer-b', l.expiresAt = timestamp() + 30000");
    await expect(fenced.writeTransaction((run) => run("CREATE (:LeaseProbe {by: 'a', n: 2})"))).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    await expect(
      fenced.writeAll([{ cypher: "CREATE (:LeaseProbe {by: 'a', n: 3})", params: {} }]),
    ).rejects.toBeInstanceOf(LeaseLostError);
    const probes = await db.read<{ n: number }>('MATCH (p:LeaseProbe) RETURN p.n AS n ORDER BY n');
    expect(probes.map((p) => p.n)).toEqual([1]);
    await a.renew();
    expect(a.isLost).toBe(true);
    await a.release(); // not its own any more: a no-op
    const [row] = await db.read<{ owner: string }>("MATCH (l:WriteLock {id: 'graph'}) RETURN l.owner AS owner");
    expect(row!.owner).toBe('writer-b');
    await db.write("MATCH (l:WriteLock {id: 'graph'}) REMOVE l.owner, l.expiresAt");
    await db.write('MATCH (p:LeaseProbe) DELETE p');
  });

  it('frees itself when its holder stops renewing it (a crashed writer)', async () => {
    const lease = new WriteLease(db, timing);
    // Held by a writer that is gone: its expiry has passed.
    await db.write("MERGE (l:WriteLock {id: 'graph'}) SET l.owner = 'crashed-writer', l.expiresAt = timestamp() - 1");
    const b = await lease.acquire('writer-b');
    expect(b.owner).toBe('writer-b');
    await b.release();
  });

  it('is granted to imports in the order they were queued, ignoring queued imports nobody renews', async () => {
    const lease = new WriteLease(db, timing);
    await db.write(
      `UNWIND $jobs AS j CREATE (:ImportJob {id: j.id, status: 'QUEUED', queuedAtMs: timestamp() + j.offset, heartbeatAt: timestamp() + j.beat})`,
      {
        jobs: [
          { id: 'import:older', offset: -1000, beat: 0 },
          { id: 'import:newer', offset: 0, beat: 0 },
          { id: 'import:abandoned', offset: -5000, beat: -120_000 },
        ],
      },
    );
    const newer = lease.acquire('writer-newer', {
      job: { id: 'import:newer', queuedAtMs: await queuedAt('import:newer') },
    });
    const newerState = settled(newer);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // The older import is still queued (and renewed): the newer one waits although the lease is free.
    expect(newerState.done).toBe(false);
    const older = await lease.acquire('writer-older', {
      job: { id: 'import:older', queuedAtMs: await queuedAt('import:older') },
    });
    await db.write("MATCH (j:ImportJob {id: 'import:older'}) SET j.status = 'RUNNING'");
    await older.release();
    const granted = await newer;
    expect(granted.owner).toBe('writer-newer');
    await granted.release();
    await db.write('MATCH (j:ImportJob) DELETE j');
  });

  it("leaves an older queued import of the taker's own process to that process's queue", async () => {
    const lease = new WriteLease(db, timing);
    await db.write(
      `UNWIND $jobs AS j CREATE (:ImportJob {id: j.id, owner: j.owner, status: 'QUEUED', queuedAtMs: timestamp() + j.offset, heartbeatAt: timestamp()})`,
      {
        jobs: [
          { id: 'import:own-older', owner: 'process-p', offset: -1000 },
          { id: 'import:own-newer', owner: 'process-p', offset: 0 },
        ],
      },
    );
    const job = { id: 'import:own-newer', queuedAtMs: await queuedAt('import:own-newer') };
    // Another process's import waits for the older one; the same process's does not (its queue runs them in turn).
    const other = lease.acquire('writer-q', { job: { ...job, process: 'process-q' } });
    const otherState = settled(other);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(otherState.done).toBe(false);
    const own = await lease.acquire('writer-p', { job: { ...job, process: 'process-p' } });
    expect(own.owner).toBe('writer-p');
    await own.release();
    await db.write("MATCH (j:ImportJob {id: 'import:own-older'}) SET j.status = 'DONE'");
    await (await other).release();
    await db.write('MATCH (j:ImportJob) DELETE j');
  });
});

async function queuedAt(id: string): Promise<number> {
  const [row] = await db.read<{ at: number }>('MATCH (j:ImportJob {id: $id}) RETURN j.queuedAtMs AS at', { id });
  return row!.at;
}
