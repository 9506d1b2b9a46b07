import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createServer, type ServerHandle } from '../../src/server.ts';
import { createHttpServer, listen } from '../../src/http/createHttpServer.ts';
import { prepareDatabase } from '../../src/prepareDatabase.ts';
import { Readiness, type ReadinessStage } from '../../src/readiness.ts';
import type { Database } from '../../src/db/driver/Database.ts';
import { openTestDatabase, resetGraph } from '../helpers/testDatabase.ts';

/**
 * A first start on an empty graph, as `npm start` does it: /health must not answer 200 before the
 * bundled record is in the graph (it used to, about 4 s early, as soon as Neo4j answered).
 */

const silent = pino({ level: 'silent' });
let db: Database;
let handle: ServerHandle;
let url: string;
let close: () => Promise<void>;

/** Records every stage, and what /health answered while each was current. */
class RecordingReadiness extends Readiness {
  readonly stages: ReadinessStage[] = [];
  override set(stage: ReadinessStage, detail?: string): void {
    super.set(stage, detail);
    if (this.stages.at(-1) !== stage) this.stages.push(stage);
  }
}

const readiness = new RecordingReadiness();

beforeAll(async () => {
  db = openTestDatabase();
  await resetGraph(db);
  handle = await createServer({ db, logger: silent, readiness });
  const http = createHttpServer(handle.app);
  const port = await listen(http, 0, '127.0.0.1');
  url = `http://127.0.0.1:${port}`;
  close = () => new Promise<void>((resolve) => http.close(() => resolve()));
});
afterAll(async () => {
  await close?.();
  await handle?.stop();
  await db?.driver.close();
});

const health = async () => {
  const response = await fetch(`${url}/health`);
  return { status: response.status, body: (await response.json()) as any };
};
const articles = async () => {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ stats { articles } }' }),
  });
  return ((await response.json()) as any).data.stats.articles as number;
};

describe('readiness on a first start', () => {
  it('answers 503 saying what it waits for until the first-start seed is done, then 200', async () => {
    // Neo4j answers, the graph is empty, nothing prepared yet.
    const before = await health();
    expect(before.status).toBe(503);
    expect(before.body).toMatchObject({ status: 'starting', waitingFor: 'neo4j', neo4j: { reachable: true } });
    expect(await articles()).toBe(0);

    // Health seen while the seed runs (polled alongside it).
    const seen: Array<{ status: number; waitingFor?: string; articles?: number }> = [];
    let preparing = true;
    const poll = (async () => {
      while (preparing) {
        const h = await health();
        seen.push({
          status: h.status,
          waitingFor: h.body.waitingFor,
          articles: h.status === 200 ? await articles() : undefined,
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await prepareDatabase(db, { seed: true, logger: silent, readiness });
    preparing = false;
    await poll;

    expect(readiness.stages).toEqual(['schema', 'seed', 'ready']);
    // Whenever health said 200, the seed article was there.
    for (const answer of seen.filter((s) => s.status === 200)) expect(answer.articles).toBe(1);
    const after = await health();
    expect(after.status).toBe(200);
    expect(after.body.status).toBe('ok');
    expect(await articles()).toBe(1);
  });
});
