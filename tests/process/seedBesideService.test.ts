import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICE_CONNECTION_FILE } from '../../src/db/driver/serviceConnection.ts';
import { PROJECT_ROOT, runSeedCli } from '../helpers/runSeedCli.ts';
import { whenListening } from '../helpers/whenListening.ts';

const javaAvailable = spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
if (!javaAvailable)
  console.warn('seedBesideService: no java on PATH, so the service cannot start a local Neo4j: SKIPPED');

/**
 * The environment of a service and CLI that use the local Neo4j in `dataDir` (no NEO4J_URI and its
 * credentials; the NEO4J_LOCAL_ settings of the test run stay, as they shape that local Neo4j).
 */
function localEnv(dataDir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('NEO4J_') || key.startsWith('NEO4J_LOCAL_')),
  );
  return { ...env, LOCAL_NEO4J_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SEED_ON_START: 'true', LOG_LEVEL: 'info' };
}

let service: ChildProcess | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  if (service && service.exitCode === null) {
    service.kill('SIGTERM');
    await new Promise((resolve) => service!.once('exit', resolve));
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the real service (`npm start`'s command) and resolves with its GraphQL URL once it listens. */
function startService(env: NodeJS.ProcessEnv): Promise<string> {
  service = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return whenListening(service, 'service', 170_000).then((base) => `${base}/graphql`);
}

async function articleCount(url: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ stats { articles } }' }),
  });
  const body = (await response.json()) as { data?: { stats: { articles: number } } };
  return body.data?.stats.articles ?? -1;
}

describe.skipIf(!javaAvailable)('npm run seed beside a running npm start', () => {
  it('loads into the Neo4j the service runs on the same data folder, through the connection file it publishes (0600)', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'service-beside-'));
    const env = localEnv(dataDir);
    const url = await startService(env);
    const file = path.join(dataDir, SERVICE_CONNECTION_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      uri: expect.stringMatching(/^bolt:\/\/127\.0\.0\.1:\d+$/),
      user: 'neo4j',
      pid: service!.pid,
    });
    // The first-start seed runs in the background: wait for the bundled record.
    for (let i = 0; i < 120 && (await articleCount(url)) < 1; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await articleCount(url)).toBe(1);

    const run = await runSeedCli([path.join(PROJECT_ROOT, 'tests/fixtures/corpus')], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`into the local Neo4j of the service running on ${dataDir} (pid ${service!.pid})`);
    expect(await articleCount(url)).toBe(6);

    service!.kill('SIGTERM');
    await new Promise((resolve) => service!.once('exit', resolve));
    expect(existsSync(file)).toBe(false);
  }, 300_000);
});
