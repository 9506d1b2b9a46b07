import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import neo4j from 'neo4j-driver';
import { pino } from 'pino';
import { createServer, type ServerHandle } from '../../src/server.ts';
import { createDatabase } from '../../src/db/driver/createDatabase.ts';
import type { Database } from '../../src/db/driver/Database.ts';
import { prepareDatabase } from '../../src/prepareDatabase.ts';
import type { LocalNeo4j } from '../../neo4j-local/index.ts';

/**
 * Neo4j going away and coming back, on a Neo4j of this test's own (started and stopped here), so
 * the shared test database is not disturbed.
 */

const STATS = JSON.stringify({ query: '{ stats { articles } }' });

async function listen(handle: ServerHandle): Promise<{ url: string; close(): Promise<void> }> {
  const http: Server = await new Promise((resolve) => {
    const server = handle.app.listen(0, '127.0.0.1', () => resolve(server));
  });
  const { port } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => http.close(() => resolve())) };
}

async function postStats(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: STATS,
  });
  return { status: response.status, body: await response.json() };
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const silent = pino({ level: 'silent' });
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

describe('when Neo4j is unreachable', () => {
  it('the server still starts, /health says 503 with the reason and operations fail with DATABASE_UNAVAILABLE', async () => {
    // Nothing listens on port 1 of the loopback.
    const db = createDatabase({
      uri: 'bolt://127.0.0.1:1',
      auth: neo4j.auth.basic('neo4j', 'x'),
      queryTimeoutMs: 5_000,
    });
    cleanups.push(() => db.driver.close());
    const handle = await createServer({ db, logger: silent });
    cleanups.push(() => handle.stop());
    const server = await listen(handle);
    cleanups.push(() => server.close());

    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(503);
    const report = await health.json();
    expect(report.status).toBe('unavailable');
    expect(report.neo4j.reachable).toBe(false);
    expect(report.neo4j.reason).toBe('connection refused');
    expect(JSON.stringify(report)).not.toMatch(/127\.0\.0\.1|:1\b/);

    const { body } = await postStats(server.url);
    expect(body.errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
    expect(body.errors[0].message).toMatch(/graph database is unavailable/);
    // No data at all because of the outage: 503 with Retry-After (it was 200), naming no host or port.
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: STATS,
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      const text = await response.text();
      expect(text).toContain('DATABASE_UNAVAILABLE');
      expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|bolt:/);
    }
  });
});

// Needs a Neo4j this test can stop and restart: the local one, hence Java.
const javaMissing = spawnSync('java', ['-version']).status !== 0;

describe.skipIf(javaMissing)('a Neo4j outage', () => {
  it('is reported while it lasts and everything recovers by itself once Neo4j is back', async () => {
    const { startLocalNeo4j } = await import('../../neo4j-local/index.ts');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'scholarly-graph-outage-'));
    let neo: LocalNeo4j = await startLocalNeo4j({ dataDir, log: () => undefined });
    const port = Number(new URL(neo.uri.replace('bolt://', 'http://')).port);
    cleanups.push(async () => {
      await neo.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const db: Database = createDatabase({
      uri: neo.uri,
      auth: neo4j.auth.basic(neo.user, neo.password),
      queryTimeoutMs: 10_000,
    });
    cleanups.push(() => db.driver.close());
    await prepareDatabase(db, { seed: true, logger: silent });
    const handle = await createServer({ db, logger: silent });
    cleanups.push(() => handle.stop());
    const server = await listen(handle);
    cleanups.push(() => server.close());

    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await postStats(server.url)).body.data.stats.articles).toBe(1);

    await neo.stop();
    expect((await fetch(`${server.url}/health`)).status).toBe(503);
    const during = await postStats(server.url);
    expect(during.body.errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');

    // Back on the same port with the same data: no restart of the API needed.
    neo = await startLocalNeo4j({ dataDir, port, log: () => undefined });
    const health = await eventually(
      () => fetch(`${server.url}/health`).then((r) => r.status),
      (status) => status === 200,
    );
    expect(health).toBe(200);
    const after = await eventually(
      () => postStats(server.url),
      (r) => r.body.data?.stats?.articles === 1,
    );
    expect(after.body.data.stats.articles).toBe(1);
    // Two Neo4j starts: generous on a loaded 2-core machine.
  }, 240_000);
});
