import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

/** The project folder: the CLI runs from here, as `npm run seed` does. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The environment a CLI child process reaches the test run's Neo4j by (NEO4J_URI and its credentials). */
export function testNeo4jEnv(): NodeJS.ProcessEnv {
  const target = inject('neo4j');
  return {
    ...process.env,
    NEO4J_URI: target.uri,
    NEO4J_USER: target.user,
    NEO4J_PASSWORD: target.password,
    NEO4J_DATABASE: target.database ?? '',
  };
}

/** What a CLI run printed and how it ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real seed CLI (`node --import tsx seed/cli.ts ...`, what `npm run seed` runs) in a child
 * process with the given environment; `maxOpenFiles` runs it under `ulimit -n`.
 */
export function runSeedCli(
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; maxOpenFiles?: number; timeoutMs?: number },
): Promise<CliRun> {
  const node = [process.execPath, '--import', 'tsx', 'seed/cli.ts', ...args];
  const quoted = node.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const [command, commandArgs] = options.maxOpenFiles
    ? ['sh', ['-c', `ulimit -n ${options.maxOpenFiles} && exec ${quoted}`]]
    : [node[0]!, node.slice(1)];
  return new Promise((resolve, reject) => {
    const child = spawn(command as string, commandArgs as string[], {
      cwd: PROJECT_ROOT,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
