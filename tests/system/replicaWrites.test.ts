import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Database } from '../../src/db/index.ts';
import { canonicalGraph } from '../../src/graph/index.ts';
import { seedFiles } from '../../src/ingest/seedFiles.ts';
import { openTestDatabase, resetGraph, SEED_RECORDS } from '../helpers/testDatabase.ts';
import { PROJECT_ROOT } from '../helpers/runSeedCli.ts';
import { CURATOR_TOKEN, IMPORT_RECORDS, manyRisRecords, postGraphql, START_IMPORT } from '../helpers/writeClient.ts';
import { whenListening } from '../helpers/whenListening.ts';

/**
 * Two API processes (`npm start`'s own command, twice) on one Neo4j: imports sent to both at once
 * take turns through the graph's write lease, each answers for the other's imports, and the graph
 * is the one the same imports give one after the other.
 */

const auth = { authorization: `Bearer ${CURATOR_TOKEN}` };
const STATUS = `query Status($id: ID!) { import(id: $id) { id status queuePosition startedAt finishedAt error report { added updated unchanged } } }`;

type Job = {
  id: string;
  status: string;
  queuePosition: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  report: { added: number; updated: number; unchanged: number } | null;
};

const children: ChildProcess[] = [];
let db: Database;

/** Starts `src/index.ts` on the test Neo4j and resolves with its base URL once it listens. */
function startReplica(): Promise<string> {
  const target = inject('neo4j');
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NEO4J_'))),
    NEO4J_URI: target.uri,
    NEO4J_USER: target.user,
    NEO4J_PASSWORD: target.password,
    ...(target.database ? { NEO4J_DATABASE: target.database } : {}),
    QUERY_TIMEOUT_MS: '60000',
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_ON_START: 'false',
    LOG_LEVEL: 'info',
    WRITE_TOKENS: `curator:${CURATOR_TOKEN}`,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return whenListening(child, 'replica', 120_000);
}

/** The bundled record under a fixed import, so the two graphs compared share it exactly. */
async function resetAndSeedFixed(): Promise<void> {
  await resetGraph(db);
  await seedFiles(db, [SEED_RECORDS], {
    context: {
      importId: 'import:fixed-seed',
      importedAt: '2026-01-01T00:00:00.000Z',
      importedBy: 'test',
      tool: 'test',
    },
  });
}

/** The graph without the test marker, each import's id and time replaced by its name in `names`. */
async function dump(names: Array<{ name: string; job: Job }>): Promise<string[]> {
  const lines = (await canonicalGraph(db)).filter((line) => !line.includes('"TestDatabaseMarker"'));
  return lines
    .map((line) =>
      names.reduce(
        (text, { name, job }) => text.split(job.id).join(`<${name}>`).split(job.startedAt!).join(`<${name} time>`),
        line,
      ),
    )
    .sort();
}

async function status(url: string, id: string): Promise<Job> {
  // One retry: a kept-alive connection the server closed at the same moment resets the request.
  const answer = await postGraphql<{ import: Job | null }>(url, STATUS, { id }).catch(() =>
    postGraphql<{ import: Job | null }>(url, STATUS, { id }),
  );
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.import!;
}

// Two overlapping files: the middle thousand records (the same articles) are in both.
const records = manyRisRecords(2000, 'Replica').split(/(?<=ER {2}- \n)\n/);
const FILE_A = { fileName: 'replica-a.ris', content: records.slice(0, 1500).join('\n') };
const FILE_B = { fileName: 'replica-b.ris', content: records.slice(500).join('\n') };

let replicas: string[] = [];

beforeAll(async () => {
  db = openTestDatabase();
  await resetAndSeedFixed();
  replicas = await Promise.all([startReplica(), startReplica()]);
}, 240_000);

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
  await db?.driver.close();
});

describe('writes from two API processes on one Neo4j', () => {
  it('take turns across processes, each answers for the other, and the graph equals the sequential one', async () => {
    expect(records.length).toBe(2000);
    const [one, two] = replicas as [string, string];
    // At once: one import on each process.
    const started = await Promise.all([
      postGraphql<{ startImport: { id: string } }>(one, START_IMPORT, { input: FILE_A }, auth),
      postGraphql<{ startImport: { id: string } }>(two, START_IMPORT, { input: FILE_B }, auth),
    ]);
    const [idA, idB] = started.map((s) => {
      expect(s.body.errors).toBeUndefined();
      return s.body.data!.startImport.id;
    }) as [string, string];

    // Polled through the other process each time: the status is the graph's, not one process's memory.
    const seenQueued = new Set<string>();
    let jobs: [Job, Job];
    for (;;) {
      jobs = [await status(two, idA), await status(one, idB)];
      for (const job of jobs) if (job.status === 'QUEUED') seenQueued.add(job.id);
      if (jobs.every((j) => j.status === 'DONE' || j.status === 'FAILED')) break;
      // Never both running at once.
      expect(jobs.filter((j) => j.status === 'RUNNING').length).toBeLessThanOrEqual(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(jobs.map((j) => j.error)).toEqual([null, null]);
    expect(jobs.map((j) => j.status)).toEqual(['DONE', 'DONE']);
    // One waited for the other (it was seen queued), and ran entirely after it.
    expect(seenQueued.size).toBeGreaterThanOrEqual(1);
    const [first, second] = [...jobs].sort((x, y) => x.startedAt!.localeCompare(y.startedAt!)) as [Job, Job];
    expect(first.finishedAt! <= second.startedAt!).toBe(true);
    const concurrent = await dump([
      { name: 'first', job: first },
      { name: 'second', job: second },
    ]);

    // The same two imports one after the other, in the order the lease gave them, through one process.
    await resetAndSeedFixed();
    const files = first.id === idA ? [FILE_A, FILE_B] : [FILE_B, FILE_A];
    const sequential: Job[] = [];
    for (const file of files) {
      const answer = await postGraphql<{ importRecords: { importId: string } }>(
        one,
        IMPORT_RECORDS,
        { input: file },
        auth,
      );
      expect(answer.body.errors).toBeUndefined();
      sequential.push(await status(one, answer.body.data!.importRecords.importId));
    }
    expect(sequential.map((j) => j.report)).toEqual([first.report, second.report]);
    const oneAfterTheOther = await dump([
      { name: 'first', job: sequential[0]! },
      { name: 'second', job: sequential[1]! },
    ]);
    expect(concurrent.length).toBeGreaterThan(2000);
    expect(concurrent).toEqual(oneAfterTheOther);
  }, 600_000);
});
