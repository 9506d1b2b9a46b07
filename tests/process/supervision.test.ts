import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import neo4j from 'neo4j-driver';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.ts';
import { connect, type Connection } from '../../src/db/driver/connect.ts';
import { createServer, type ServerHandle } from '../../src/server.ts';
import { createHttpServer, listen } from '../../src/http/createHttpServer.ts';
import { prepareDatabase } from '../../src/prepareDatabase.ts';
import { Readiness } from '../../src/readiness.ts';
import { PASSWORD_FILE } from '../../neo4j-local/index.ts';

/**
 * The service's own local Neo4j (connect() with no NEO4J_URI), in a folder of this test: it runs
 * with authentication, and when its JVM is killed the service restarts it by itself and answers
 * again with the data written before the kill.
 */

const javaMissing = spawnSync('java', ['-version']).status !== 0;
const silent = pino({ level: 'silent' });
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch((error: unknown) => error as T);
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.skipIf(javaMissing)('the supervised local Neo4j', () => {
  let connection: Connection;
  let handle: ServerHandle;
  let url: string;
  const logged: Array<{ level: string; message: string }> = [];

  it('runs with authentication and a generated password only its owner can read', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'scholarly-graph-supervised-'));
    const config = loadConfig({ LOCAL_NEO4J_DIR: dataDir, QUERY_TIMEOUT_MS: '20000' });
    connection = await connect(config, (message, level = 'info') => logged.push({ level, message }), {
      ephemeralLocal: true,
    });
    cleanups.push(() => connection.close());
    const readiness = new Readiness();
    handle = await createServer({ db: connection.db, logger: silent, readiness, localNeo4j: connection.local });
    cleanups.push(() => handle.stop());
    const http = createHttpServer(handle.app);
    const port = await listen(http, 0, '127.0.0.1');
    cleanups.push(() => new Promise<void>((resolve) => http.close(() => resolve())));
    url = `http://127.0.0.1:${port}`;
    // Data written before the kill: the bundled record, seeded as on a first start.
    await prepareDatabase(connection.db, { seed: true, logger: silent, readiness });
    expect(readiness.isReady).toBe(true);

    const passwordFile = path.join(dataDir, PASSWORD_FILE);
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(passwordFile, 'utf8').trim()).toBe(connection.local!.password);
    expect(connection.local!.password.length).toBeGreaterThanOrEqual(24);

    // Without the password (or with the default one) Neo4j refuses the connection.
    for (const auth of [neo4j.auth.basic('neo4j', 'neo4j'), neo4j.auth.basic('neo4j', '')]) {
      const intruder = neo4j.driver(connection.local!.uri, auth);
      await expect(intruder.executeQuery('RETURN 1')).rejects.toMatchObject({
        code: 'Neo.ClientError.Security.Unauthorized',
      });
      await intruder.close();
    }
  }, 180_000);

  it('restarts a killed JVM on the same port and answers with the data written before, without anyone acting', async () => {
    const local = connection.local!;
    const { uri, password } = local;
    const killedPid = local.pid;
    const stats = () =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ stats { articles } }' }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));
    expect((await stats()).body.data.stats.articles).toBe(1);

    const killedAt = Date.now();
    process.kill(killedPid, 'SIGKILL');
    // While it is down: health says so (503), and an operation fails with DATABASE_UNAVAILABLE.
    const down = await eventually(
      () => fetch(`${url}/health`).then(async (r) => ({ status: r.status, body: (await r.json()) as any })),
      (r) => r.status === 503,
      10_000,
    );
    expect(down.status).toBe(503);
    expect(down.body.waitingFor).toBe('neo4j');

    // About 10 s on an idle 2-core machine; the bound leaves room for a loaded one.
    const after = await eventually(stats, (r) => r.body?.data?.stats?.articles === 1, 110_000);
    const recoveredInMs = Date.now() - killedAt;
    expect(after.body.data.stats.articles).toBe(1);
    console.info(`local Neo4j answered again ${(recoveredInMs / 1000).toFixed(1)} s after SIGKILL`);

    // Bolt accepts queries a moment before the launcher reports ready (it checks the database and the password first).
    await eventually(
      async () => local.state,
      (state) => state === 'running',
      30_000,
    );
    const diagnostics = JSON.stringify({
      killedPid,
      pid: local.pid,
      restarts: local.restarts,
      state: local.state,
      logged,
    });
    expect(local.restarts, diagnostics).toBe(1);
    expect(local.pid, diagnostics).not.toBe(killedPid);
    expect(local.state).toBe('running');
    expect(local.uri).toBe(uri);
    expect(local.password).toBe(password);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    // The death is logged as an error, the recovery too.
    expect(logged.some((line) => line.level === 'error' && /exited unexpectedly \(SIGKILL\)/.test(line.message))).toBe(
      true,
    );
    expect(logged.some((line) => /is back on/.test(line.message))).toBe(true);
  }, 120_000);
});

describe('readiness', () => {
  it('/health/live answers 200 even when Neo4j is unreachable', async () => {
    const { createDatabase } = await import('../../src/db/driver/createDatabase.ts');
    const db = createDatabase({
      uri: 'bolt://127.0.0.1:1',
      auth: neo4j.auth.basic('neo4j', 'x'),
      queryTimeoutMs: 5_000,
    });
    const server = await createServer({ db, logger: silent, readiness: new Readiness() });
    const http = createHttpServer(server.app);
    await listen(http, 0, '127.0.0.1');
    const { port } = http.address() as AddressInfo;
    try {
      const live = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect(live.status).toBe(200);
      expect(await live.json()).toMatchObject({ status: 'alive' });
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({
        status: 'starting',
        waitingFor: 'neo4j',
        neo4j: { reachable: false, reason: 'connection refused' },
      });
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await server.stop();
      await db.driver.close();
    }
  });
});
