/**
 * The benchmark's two server processes (bench/apiServer.ts, bench/peerServer.ts), forked and spoken
 * to over IPC (the protocol is in bench/serverProcess.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR, type Target } from '../harness/index.ts';

export interface ServerProcess {
  port: number;
  /** Statements sent since the last call (and the recorded ones when recording was on); `record` switches recording for what follows. */
  statements(record?: boolean): Promise<{ count: number; recorded: Array<{ cypher: string; params: string }> | null }>;
  /** The server process's CPU time so far (user + system), in milliseconds. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Forks bench/<script> against `target`; `profileDir`: write a V8 CPU profile of the process there.
 * `benchDir`: the bench directory of another checkout of the project (bench/cpuPerRequest.ts compares
 * the API server of two commits), run from that checkout so its own dependencies load.
 */
export async function startServer(
  script: string,
  target: Target,
  profileDir = '',
  benchDir = BENCH_DIR,
): Promise<ServerProcess> {
  const child: ChildProcess = fork(path.join(benchDir, script), [], {
    cwd: path.dirname(benchDir),
    // --cpu-prof is refused in NODE_OPTIONS, hence a flag of its own (open the .cpuprofile in Chrome's DevTools).
    execArgv: ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [])],
    env: {
      ...process.env,
      BENCH_NEO4J_URI: target.uri,
      BENCH_NEO4J_USER: target.user,
      BENCH_NEO4J_PASSWORD: target.password,
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
    child.on('message', (message: { type: string; port?: number }) => {
      if (message.type === 'listening') resolve(message.port!);
    });
  });
  child.removeAllListeners('exit');
  return {
    port,
    statements: (record = false) =>
      new Promise((resolve) => {
        const onMessage = (message: {
          type: string;
          count: number;
          recorded: Array<{ cypher: string; params: string }> | null;
        }) => {
          if (message.type !== 'statements') return;
          child.off('message', onMessage);
          resolve(message);
        };
        child.on('message', onMessage);
        child.send({ type: 'statements', record });
      }),
    cpuMs: () =>
      new Promise((resolve) => {
        const onMessage = (message: { type: string; micros: number }) => {
          if (message.type !== 'cpu') return;
          child.off('message', onMessage);
          resolve(message.micros / 1000);
        };
        child.on('message', onMessage);
        child.send({ type: 'cpu' });
      }),
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function post(port: number, body: string): Promise<{ data?: unknown; errors?: unknown[] }> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}
