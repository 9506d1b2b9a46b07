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
 *
 * Arguments after `npm test --` go to both runs (reporters, for instance). A JSON report
 * (`--outputFile.json=FILE`) is written by each run to a file of its own and then merged into FILE,
 * counts summed and test results of both, so FILE reports the whole suite as one run would.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** The JSON report file asked for (`--outputFile.json=FILE` or `--outputFile.json FILE`), and the other arguments. */
function splitJsonOutput(args: string[]): { file: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg.startsWith('--outputFile.json=')) file = arg.slice('--outputFile.json='.length);
    else if (arg === '--outputFile.json') {
      file = args[i + 1];
      i += 1;
    } else rest.push(arg);
  }
  return { file, rest };
}

/** Vitest's JSON report: `success`, `testResults`, counts named num... (summed here), and the rest (taken from the first). */
type JsonReport = Record<string, unknown> & { success: boolean; testResults: unknown[] };

/** Both runs' JSON reports as one: counts summed, test results joined, success only if both passed. */
function mergeReports(reports: JsonReport[]): JsonReport {
  const merged: JsonReport = {
    ...reports[0]!,
    success: reports.every((report) => report.success),
    testResults: reports.flatMap((report) => report.testResults),
  };
  for (const key of Object.keys(merged))
    if (key.startsWith('num') && typeof merged[key] === 'number')
      merged[key] = reports.reduce((sum, report) => sum + (typeof report[key] === 'number' ? report[key] : 0), 0);
  return merged;
}

const { file: jsonFile, rest } = splitJsonOutput(process.argv.slice(2));
const jsonArgs = (which: string) => (jsonFile ? [`--outputFile.json=${jsonFile}.${which}.json`] : []);
const [main, beside] = await Promise.all([
  vitest(
    [
      '--project',
      'unit',
      '--project',
      'cypher',
      '--project',
      'db',
      '--project',
      'system',
      ...rest,
      ...jsonArgs('main'),
    ],
    {},
    'inherit',
  ),
  vitest(['--project', 'process', ...rest, ...jsonArgs('process')], { PROCESS_TIER_WORKERS: '1' }, 'capture'),
]);
process.stdout.write(`\n--- the process tier, run beside the others ---\n${beside.text}`);
if (jsonFile) {
  const parts = [`${jsonFile}.main.json`, `${jsonFile}.process.json`];
  try {
    const reports = parts.map((part) => JSON.parse(readFileSync(part, 'utf8')) as JsonReport);
    writeFileSync(jsonFile, JSON.stringify(mergeReports(reports)));
  } catch (error) {
    // A run that died before writing its report has already failed the step (its exit code).
    process.stderr.write(`no merged JSON report: ${(error as Error).message}\n`);
  } finally {
    for (const part of parts) rmSync(part, { force: true });
  }
}
process.exitCode = main.code !== 0 ? main.code : beside.code;
