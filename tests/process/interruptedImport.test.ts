import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { pino } from 'pino';
import { createServer, type ServerHandle } from '../../src/server.ts';
import { createDatabase } from '../../src/db/index.ts';
import type { Database } from '../../src/db/index.ts';
import { prepareDatabase } from '../../src/prepareDatabase.ts';
import { createHttpServer, listen } from '../../src/http/createHttpServer.ts';
import { AccessTokens } from '../../src/write/accessTokens.ts';
import { DEFAULT_WRITE_CONFIG } from '../../src/write/writeConfig.ts';
import type { LocalNeo4j } from '../../neo4j-local/index.ts';
import { graphCounts, NO_ORPHANS, orphans } from '../helpers/graphCounts.ts';
import { CURATOR_TOKEN, IMPORT_RECORDS, manyRisRecords, postGraphql, RETRACT_IMPORT } from '../helpers/writeClient.ts';
import { runSeedCli } from '../helpers/runSeedCli.ts';

/**
 * Neo4j killed in the middle of an import (SIGKILL, on a Neo4j of this test's own): the answer names
 * the import and what of it was committed, its status survives in the graph for a new API process,
 * and retracting it restores every count.
 */

const silent = pino({ level: 'silent' });
const auth = { authorization: `Bearer ${CURATOR_TOKEN}` };
const write = { ...DEFAULT_WRITE_CONFIG, tokens: AccessTokens.parse([`curator:${CURATOR_TOKEN}`], 'test tokens') };
const RECORDS = 5000;
const STATUS = `query Status($id: ID!) { import(id: $id) { id status error totalRecords committed { batches records articles } } }`;

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function serve(db: Database): Promise<{ url: string; handle: ServerHandle; close(): Promise<void> }> {
  const handle = await createServer({
    db,
    logger: silent,
    write,
    writeLease: { ttlMs: 6_000, pollMinMs: 50, pollMaxMs: 500 },
  });
  const http = createHttpServer(handle.app);
  const port = await listen(http, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    handle,
    close: async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await handle.stop();
    },
  };
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined as T);
    if ((value !== undefined && accept(value)) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const javaMissing = spawnSync('java', ['-version']).status !== 0;

/** The Neo4j of this file, restarted by each test after it killed it. */
let neo: LocalNeo4j | undefined;
let dataDir = '';

describe.skipIf(javaMissing)('an import interrupted by Neo4j dying', () => {
  it('answers with the import id and what was committed; import(id) survives an API restart; retracting it restores every count', async () => {
    const { startLocalNeo4j } = await import('../../neo4j-local/index.ts');
    dataDir = mkdtempSync(path.join(tmpdir(), 'scholarly-graph-interrupted-'));
    // Generous start timeouts: the test machine may be loaded.
    neo = await startLocalNeo4j({ dataDir, log: () => undefined, startTimeoutMs: 400_000 });
    const port = Number(new URL(neo.uri.replace('bolt://', 'http://')).port);
    cleanups.push(async () => {
      await neo?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const db = createDatabase({ uri: neo.uri, auth: neo4j.auth.basic(neo.user, neo.password), queryTimeoutMs: 20_000 });
    cleanups.push(() => server.close());
    cleanups.push(() => db.driver.close());
    await prepareDatabase(db, { seed: true, logger: silent });
    let server = await serve(db);
    const before = await graphCounts(db);

    const answer = postGraphql(
      server.url,
      IMPORT_RECORDS,
      { input: { content: manyRisRecords(RECORDS, 'Killed'), fileName: 'killed.ris' } },
      auth,
    );
    // Killed as soon as the API process knows its first batch committed (the graph's status has it
    // even earlier: it is counted in the batch's own transaction).
    const [job] = await eventually(
      () => db.read<{ id: string }>("MATCH (j:ImportJob) WHERE j.status = 'RUNNING' RETURN j.id AS id"),
      (rows) => rows.length > 0,
      120_000,
    );
    const running = await eventually(
      async () =>
        (await postGraphql<{ import: { committed: { batches: number } } | null }>(server.url, STATUS, { id: job!.id }))
          .body.data?.import,
      (status) => (status?.committed.batches ?? 0) >= 1,
      120_000,
    );
    expect(running!.committed.batches).toBeGreaterThanOrEqual(1);
    process.kill(neo!.pid, 'SIGKILL');
    const response = await answer;

    const error = response.body.errors![0]!;
    expect(response.status).toBe(503);
    expect(error.extensions!.code).toBe('DATABASE_UNAVAILABLE');
    const importId = error.extensions!.importId as string;
    expect(importId).toBe(job!.id);
    const committed = error.extensions!.committed as { batches: number; records: number; articles: number };
    expect(committed.batches).toBeGreaterThanOrEqual(1);
    expect(committed.records).toBe(committed.batches * 1000);
    expect(committed.records).toBeLessThan(RECORDS);
    expect(committed.articles).toBe(committed.records);
    expect(error.message).toContain(importId);
    expect(error.message).toContain(`${committed.records} of ${RECORDS} record(s)`);
    expect(error.message).toMatch(/run the same import again/);
    expect(error.message).toContain(`retractSource(importId: "${importId}")`);
    expect(error.message).not.toMatch(/try again shortly|127\.0\.0\.1|bolt:|ECONNREFUSED/);

    // Neo4j back on the same data and port; a new API process (nothing in memory) answers for the import.
    await neo!.stop();
    neo = await startLocalNeo4j({ dataDir, port, log: () => undefined, startTimeoutMs: 400_000 });
    await server.close();
    server = await serve(db);
    const status = await eventually(
      async () =>
        (
          await postGraphql<{ import: { status: string; error: string; committed: typeof committed } | null }>(
            server.url,
            STATUS,
            { id: importId },
          )
        ).body.data?.import,
      (job) => job?.status === 'FAILED',
    );
    // The graph's own count of what committed, exact (counted in each batch's transaction): the batch
    // in flight at the kill is in it if its commit got through before the acknowledgement was lost.
    const [inGraph] = await db.read<{ n: number }>('MATCH (s:Source {importId: $importId}) RETURN count(s) AS n', {
      importId,
    });
    expect(status).toMatchObject({ status: 'FAILED' });
    expect(status!.committed.records).toBe(inGraph!.n);
    expect([committed.records, committed.records + 1000]).toContain(inGraph!.n);
    expect(status!.error).toContain(`retractSource(importId: "${importId}")`);

    const retracted = await postGraphql<{ retractSource: { sourcesRemoved: number } }>(
      server.url,
      RETRACT_IMPORT,
      { importId },
      auth,
    );
    expect(retracted.body.errors).toBeUndefined();
    expect(retracted.body.data!.retractSource.sourcesRemoved).toBe(inGraph!.n);
    expect(await graphCounts(db)).toEqual(before);
    expect(await orphans(db)).toEqual(NO_ORPHANS);
  }, 1_200_000);

  it('npm run seed says what it committed and how to finish or take it back, and --retract restores every count', async () => {
    expect(neo, 'needs the Neo4j of the test above').toBeDefined();
    const { startLocalNeo4j } = await import('../../neo4j-local/index.ts');
    const port = Number(new URL(neo!.uri.replace('bolt://', 'http://')).port);
    const db = createDatabase({
      uri: neo!.uri,
      auth: neo4j.auth.basic(neo!.user, neo!.password),
      queryTimeoutMs: 20_000,
    });
    cleanups.push(() => db.driver.close());
    const before = await graphCounts(db);
    const file = path.join(dataDir, 'cli-killed.ris');
    writeFileSync(file, manyRisRecords(RECORDS, 'CliKilled'));
    const env = {
      ...process.env,
      NEO4J_URI: neo!.uri,
      NEO4J_USER: neo!.user,
      NEO4J_PASSWORD: neo!.password,
      NEO4J_DATABASE: '',
    };

    const run = runSeedCli([file], { env, timeoutMs: 600_000 });
    // Killed once the first batch is in the graph.
    await eventually(
      () => db.read<{ n: number }>("MATCH (s:Source) WHERE s.file ENDS WITH 'cli-killed.ris' RETURN count(s) AS n"),
      (rows) => (rows[0]?.n ?? 0) >= 1000,
      300_000,
    );
    process.kill(neo!.pid, 'SIGKILL');
    const result = await run;
    expect(result.code).toBe(1);
    const importId = /The import (import:\S+) (?:was interrupted|stopped)/.exec(result.stderr)?.[1];
    expect(importId, result.stderr).toBeDefined();
    expect(result.stderr).toMatch(/the graph database became unavailable/);
    // At least one batch is in the graph: the CLI says so, or (when the kill came before the commit's
    // acknowledgement reached it) that the batch being written may have been committed; never "nothing written".
    expect(result.stderr).toMatch(
      /after \d batch\(es\) were committed: \d+ of 5000 record\(s\)|may also have been committed/,
    );
    expect(result.stderr).not.toMatch(/nothing of it was written/);
    expect(result.stderr).toContain(`run: npm run seed -- --retract ${importId}`);
    expect(result.stderr).not.toMatch(/127\.0\.0\.1|bolt:/);

    await neo!.stop();
    neo = await startLocalNeo4j({ dataDir, port, log: () => undefined, startTimeoutMs: 400_000 });
    await eventually(
      () => db.read('RETURN 1 AS one'),
      (rows) => rows.length === 1,
    );
    const retract = await runSeedCli(['--retract', importId!], { env, timeoutMs: 300_000 });
    expect(retract.code, retract.stderr).toBe(0);
    expect(await graphCounts(db)).toEqual(before);
    expect(await orphans(db)).toEqual(NO_ORPHANS);
  }, 1_200_000);
});
