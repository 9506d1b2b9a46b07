import { afterAll, describe, expect, it } from 'vitest';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../helpers/runSeedCli.ts';

/**
 * The benchmark's server processes (bench/apiServer.ts, bench/peerServer.ts) are forked by
 * bench/run.ts and stopped by it over IPC. A SIGINT sent to bench/run.ts alone (or a crash) used to
 * leave them listening with no parent, holding their Neo4j connections. They now stop when the IPC
 * channel closes. The server here talks to an unreachable Neo4j: it starts all the same.
 */

let server: ChildProcess | undefined;

afterAll(() => {
  if (server?.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
});

async function answers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

describe('a benchmark server process', () => {
  it('stops when its parent goes away without asking it to', async () => {
    server = fork(path.join(PROJECT_ROOT, 'bench', 'apiServer.ts'), [], {
      cwd: PROJECT_ROOT,
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        BENCH_NEO4J_URI: 'bolt://127.0.0.1:9',
        BENCH_NEO4J_PASSWORD: 'unused',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const child = server;
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('bench/apiServer.ts did not listen in time')), 60_000);
      child.once('exit', (code) => reject(new Error(`bench/apiServer.ts exited (${code}) before listening`)));
      child.on('message', (message: { type: string; port?: number }) => {
        if (message.type !== 'listening') return;
        clearTimeout(timer);
        resolve(message.port!);
      });
    });
    child.removeAllListeners('exit');
    expect(await answers(port)).toBe(true);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // What the child sees when bench/run.ts dies: its IPC channel closes, and no 'stop' came first.
    child.disconnect();
    const code = await Promise.race([
      exited,
      new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 20_000)),
    ]);
    expect(code, 'the server still runs 20 s after its parent went away').toBe(0);
    expect(await answers(port)).toBe(false);
  }, 90_000);
});
