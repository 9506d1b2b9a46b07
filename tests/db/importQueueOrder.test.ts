import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { WriteService } from '../../src/write/WriteService.ts';
import { openTestDatabase, resetGraph } from '../helpers/testDatabase.ts';
import { manyRisRecords } from '../helpers/writeClient.ts';

/**
 * Two imports queued at once in one process, whose ImportJob records commit in one order and whose
 * answers arrive in the other (a slow network, a busy driver): the process must still run them in
 * the graph's queue order. Before the fix the later one took the head of the process's queue and
 * waited for the lease the earlier one (behind it) was owed, while heartbeats kept both alive: two
 * imports posted together hung for ever, now and then, on a loaded machine.
 */

let db: Database;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  db = openTestDatabase();
  await resetGraph(db);
});

afterAll(async () => {
  await db?.driver.close();
});

/** The database, with the answer to the first ImportJob record held back after it committed. */
function firstJobAnsweredLate(target: Database, delayMs: number): { db: Database; committed: Promise<void> } {
  let creates = 0;
  let signal: () => void = () => undefined;
  const committed = new Promise<void>((resolve) => (signal = resolve));
  const proxy = new Proxy(target, {
    get(object, property) {
      if (property === 'write')
        return async (cypher: string, params?: Record<string, unknown>) => {
          const rows = await object.write(cypher, params);
          if (cypher.includes('CREATE (j:ImportJob') && (creates += 1) === 1) {
            signal();
            await sleep(delayMs);
          }
          return rows;
        };
      const value = Reflect.get(object, property, object) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
  return { db: proxy, committed };
}

it("runs imports in the graph's queue order when their records are answered out of order", async () => {
  const slow = firstJobAnsweredLate(db, 1500);
  const service = new WriteService({ db: slow.db, lease: { ttlMs: 30_000, pollMinMs: 20, pollMaxMs: 200 } });
  try {
    const request = (tag: string) => ({
      fileName: `${tag.toLowerCase()}.ris`,
      content: manyRisRecords(20, tag),
      dryRun: false,
      keepGoing: false,
      importedBy: 'curator',
    });
    const first = service.importAndWait(request('Ordera'));
    await slow.committed; // the first record is in the graph; its answer is still on its way
    await sleep(50); // so the second gets a later queuedAtMs
    const second = service.importAndWait(request('Orderb'));
    const both = Promise.all([first, second]);
    const outcome = await Promise.race([both, sleep(45_000).then(() => 'still waiting' as const)]);
    expect(outcome, 'the two imports wait for each other').not.toBe('still waiting');
    const [a, b] = await both;
    expect([a.added, b.added]).toEqual([20, 20]);
    const jobA = (await service.job(a.importId))!;
    const jobB = (await service.job(b.importId))!;
    expect(jobA.finishedAt! <= jobB.startedAt!).toBe(true);
  } finally {
    service.close();
  }
}, 60_000);
