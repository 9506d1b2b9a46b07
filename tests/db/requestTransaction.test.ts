import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Driver, Session } from 'neo4j-driver';
import { RequestTransaction } from '../../src/db/driver/RequestTransaction.ts';
import type { Database } from '../../src/db/driver/Database.ts';
import { openTestDatabase } from '../helpers/testDatabase.ts';

/**
 * How a request's reads reach Neo4j (src/db/driver/RequestTransaction.ts): the first statement as an
 * auto-commit query, any further ones in one explicit read transaction. Counted on the real
 * driver, wrapped only to count the calls it receives.
 */

interface Calls {
  sessions: number;
  autoCommit: number;
  transactions: number;
}

function countingDriver(driver: Driver, calls: Calls): Driver {
  return new Proxy(driver, {
    get(target, property, receiver) {
      if (property !== 'session') return Reflect.get(target, property, receiver) as unknown;
      return (...args: Parameters<Driver['session']>) => {
        calls.sessions += 1;
        const session = target.session(...args);
        return new Proxy(session, {
          get(inner, name, innerReceiver) {
            const value = Reflect.get(inner, name, innerReceiver) as unknown;
            if (typeof value !== 'function') return value;
            if (name === 'run') calls.autoCommit += 1;
            if (name === 'beginTransaction') calls.transactions += 1;
            return (value as (...a: unknown[]) => unknown).bind(inner);
          },
        }) as Session;
      };
    },
  });
}

let db: Database;
beforeAll(() => {
  db = openTestDatabase();
});
afterAll(async () => {
  await db.driver.close();
});

function requestReads(): { reads: RequestTransaction; calls: Calls } {
  const calls: Calls = { sessions: 0, autoCommit: 0, transactions: 0 };
  return { reads: new RequestTransaction(countingDriver(db.driver, calls), { timeoutMs: 10_000 }), calls };
}

async function readValue(reads: RequestTransaction, cypher: string): Promise<number> {
  const result = await reads.run(cypher, {});
  return (result.records[0]!.get('n') as { toNumber(): number }).toNumber();
}

describe('the reads of one request', () => {
  it('sends a request answered by one statement as one auto-commit query, with no explicit transaction', async () => {
    const { reads, calls } = requestReads();
    expect(await readValue(reads, 'RETURN 1 AS n')).toBe(1);
    await reads.close();
    expect(calls).toEqual({ sessions: 1, autoCommit: 1, transactions: 0 });
  });

  it('runs every further statement in one read transaction, opened once', async () => {
    const { reads, calls } = requestReads();
    const answers = await Promise.all([1, 2, 3, 4].map((n) => readValue(reads, `RETURN ${n} AS n`)));
    expect(answers).toEqual([1, 2, 3, 4]);
    await reads.close();
    expect(calls).toEqual({ sessions: 2, autoCommit: 1, transactions: 1 });
  });

  it('fails a failing first statement alone: the next one still answers', async () => {
    const { reads } = requestReads();
    await expect(reads.run('RETURN 1 / 0 AS n', {})).rejects.toThrow(/by zero/i);
    expect(await readValue(reads, 'RETURN 2 AS n')).toBe(2);
    await reads.close();
  });

  it('fails a failing later statement alone: the transaction is replaced for the next one', async () => {
    const { reads, calls } = requestReads();
    expect(await readValue(reads, 'RETURN 1 AS n')).toBe(1);
    await expect(reads.run('RETURN 1 / 0 AS n', {})).rejects.toThrow(/by zero/i);
    expect(await readValue(reads, 'RETURN 3 AS n')).toBe(3);
    await reads.close();
    expect(calls.transactions).toBe(2);
  });
});
