import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../helpers/runSeedCli.ts';
import { whenListening } from '../helpers/whenListening.ts';

/**
 * `npm start` stopped by a signal to npm alone, as `docker stop` sends SIGTERM to a container's first
 * process and a process manager to the process it started. npm passes the signal on to the shell
 * that runs the script; a shell waiting for node does not pass it on, and node (with its Neo4j) went
 * on serving with no parent. The service here talks to an unreachable NEO4J_URI: it starts all the
 * same (health says 503), and no Neo4j of its own is started.
 */

let npm: ChildProcess | undefined;

afterAll(() => {
  // Whatever is left of the group, if the test failed.
  if (npm?.pid) {
    try {
      process.kill(-npm.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  it('stops the service when npm alone gets SIGTERM', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NEO4J_')));
    npm = spawn('npm', ['start'], {
      cwd: PROJECT_ROOT,
      env: { ...env, NEO4J_URI: 'bolt://127.0.0.1:9', NEO4J_PASSWORD: 'unused', PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A group of its own: the signal goes to npm's pid alone, and the cleanup can reach every process.
      detached: true,
    });
    const health = `${await whenListening(npm, 'npm start', 120_000)}/health`;
    expect(await answers(health)).toBe(true);
    const exited = new Promise((resolve) => npm!.once('exit', resolve));
    process.kill(npm.pid!, 'SIGTERM');
    await exited;
    const deadline = Date.now() + 20_000;
    while ((await answers(health)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await answers(health), 'the service still answers after npm stopped').toBe(false);
  });
});
