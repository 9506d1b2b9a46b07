/**
 * `npm test`'s last step: the five vitest tiers as two vitest runs at once: the process tier in a run
 * of its own, one file at a time, beside the run of unit, cypher, db and system (in that order, as
 * vitest.config.ts groups them).
 *
 * Why two runs: vitest runs the projects of one `sequence.groupOrder` together only when they have
 * the same maxWorkers, and the db and system tiers need exactly one worker (they share one Neo4j and
 * its graph), so within one run the process tier could only go before them or after them. Its files
 * spend most of their time waiting for JVMs of their own to start, die and come back, and share
 * nothing with the other tiers (their own data folders and ports, no shared Neo4j), while the db
 * and system tiers keep about one core busy: on two cores, one process file at a time fits beside them.
 *
 * The process run's report is held back and printed after the other's, so the two are not
 * interleaved. Exits 0 only when both runs pass. One tier or file alone: `npx vitest run ...`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VITEST = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));

function vitest(
  args: string[],
  env: NodeJS.ProcessEnv,
  output: 'inherit' | 'capture',
): Promise<{ code: number; text: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VITEST, 'run', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: output === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 1 : 0), text: Buffer.concat(chunks).toString('utf8') }),
    );
  });
}

const [main, beside] = await Promise.all([
  vitest(['--project', 'unit', '--project', 'cypher', '--project', 'db', '--project', 'system'], {}, 'inherit'),
  vitest(['--project', 'process'], { PROCESS_TIER_WORKERS: '1' }, 'capture'),
]);
process.stdout.write(`\n--- the process tier, run beside the others ---\n${beside.text}`);
process.exitCode = main.code !== 0 ? main.code : beside.code;
