/**
 * `npm run bench:import -- [--files 10000 (0: none)] [--records 20000,100000] [--format wprim] [--baseline <checkout>] [--baseline-files] [--repeat 1]`
 *
 * Large imports through the real CLI (`node --import tsx seed/cli.ts`, what `npm run seed` runs):
 * generates a folder of `--files` one-record files and, per count in `--records`, one file of that many records
 * (bench/importCorpus.ts, format-pluggable), starts a fresh local Neo4j, and loads each corpus into an
 * emptied graph, measuring wall time, records per second and the CLI process's peak RSS
 * (`/usr/bin/time -f %M`, else the highest VmHWM polled from /proc). `--baseline <dir>` also runs the
 * seed CLI of another checkout (e.g. the previous commit, exported with `git archive`; name it with
 * `--baseline-label`) on the folder corpus, interleaved with this one (the order alternating per round),
 * so the two are compared under the same load; with `--baseline-files` it loads each single large file after the current one too. Writes the generated section of bench/RESULTS.md and the `import` key of
 * bench/results.json.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import neo4j from 'neo4j-driver';
import { BENCH_DIR, machineFacts, startBenchNeo4j, writeGeneratedSection, writeResultsJson } from './harness/index.ts';
import { WRITERS, writeRecordFile, writeRecordFolder } from './importCorpus.ts';

const PROJECT_DIR = path.dirname(BENCH_DIR);
const CORPUS_DIR = path.join(BENCH_DIR, 'corpus', 'import');

const { values: args } = parseArgs({
  options: {
    files: { type: 'string', default: '10000' },
    records: { type: 'string', default: '20000,100000' },
    format: { type: 'string', default: 'wprim' },
    baseline: { type: 'string' },
    'baseline-label': { type: 'string' },
    'baseline-files': { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
    heap: { type: 'string', default: '1g' },
    pagecache: { type: 'string', default: '512m' },
    'no-write': { type: 'boolean', default: false },
  },
});
const files = Number(args.files);
const recordCounts = args
  .records!.split(',')
  .map((n) => Number(n.trim()))
  .filter((n) => n > 0);
const repeat = Number(args.repeat);
const writer = WRITERS[args.format!];
if (!writer) throw new Error(`--format: no writer for "${args.format}" (have ${Object.keys(WRITERS).join(', ')})`);

const log = (line: string) => console.error(`[bench:import ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** One measured CLI run. */
interface Run {
  corpus: string;
  loader: 'current' | 'baseline';
  records: number;
  seconds: number;
  recordsPerSecond: number;
  peakRssMb: number;
  exitCode: number | null;
  /** 1-minute load average, mean of its values at the start and the end of the run. */
  loadAverage: number;
}

const haveTime = existsSync('/usr/bin/time');

/** Runs one seed CLI to completion, measuring wall time and the CLI process's peak RSS. */
async function runCli(
  checkout: string,
  target: string,
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; peakRssMb: number; code: number | null; output: string }> {
  const node = [process.execPath, '--import', 'tsx', path.join(checkout, 'seed', 'cli.ts'), target];
  const rssFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-import-')), 'rss');
  const [command, commandArgs] = haveTime
    ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, ...node]]
    : [node[0]!, node.slice(1)];
  const started = process.hrtime.bigint();
  const child = spawn(command as string, commandArgs as string[], {
    cwd: checkout,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
  let polledKb = 0;
  const poll = setInterval(() => {
    try {
      // Without /usr/bin/time the child is the CLI itself; VmHWM is its peak RSS so far.
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm?.[1]) polledKb = Math.max(polledKb, Number(hwm[1]));
    } catch {
      // the process has ended
    }
  }, 200);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(poll);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const kb =
    haveTime && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : polledKb;
  rmSync(path.dirname(rssFile), { recursive: true, force: true });
  return { seconds, peakRssMb: kb / 1024, code, output };
}

async function wipe(target: { uri: string; user: string; password: string }): Promise<void> {
  const driver = neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password));
  try {
    const session = driver.session();
    try {
      // Relationships first, then nodes: a dense node's DETACH DELETE in a 5,000-node transaction
      // exceeded Neo4j's transaction memory pool after a 100k-record load.
      await session.run('MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS');
      await session.run('MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS');
    } finally {
      await session.close();
    }
  } finally {
    await driver.close();
  }
}

function table(runs: Run[]): string {
  const rows = runs.map(
    (r) =>
      `| ${r.corpus} | ${r.loader} | ${r.records} | ${r.seconds.toFixed(1)} s | ${Math.round(r.recordsPerSecond)} | ${Math.round(r.peakRssMb)} MB | ${r.loadAverage} | ${r.exitCode} |`,
  );
  return [
    '| corpus | loader | records | wall time | records/s | peak RSS (CLI) | load average | exit |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

async function main(): Promise<void> {
  const folder = path.join(CORPUS_DIR, `${writer!.format}-${files}-files`);
  const singles = recordCounts.map((count) => ({
    count,
    file: path.join(CORPUS_DIR, `${writer!.format}-${count}-records.${writer!.extension}`),
  }));
  if (files > 0 && !existsSync(folder)) {
    log(`writing ${files} ${writer!.format} files to ${folder}`);
    writeRecordFolder(folder, files, writer!);
  }
  for (const { count, file } of singles) {
    if (existsSync(file)) continue;
    log(`writing one file of ${count} ${writer!.format} records to ${file}`);
    await writeRecordFile(file, count, writer!);
  }

  const neo = await startBenchNeo4j({ heap: args.heap, pageCache: args.pagecache, log });
  const env = { ...process.env, NEO4J_URI: neo.uri, NEO4J_USER: neo.user, NEO4J_PASSWORD: neo.password };
  const runs: Run[] = [];
  const measure = async (corpus: string, target: string, count: number, loader: Run['loader']) => {
    await wipe(neo);
    const checkout = loader === 'current' ? PROJECT_DIR : path.resolve(args.baseline!);
    log(`${loader}: loading ${corpus}`);
    const loadBefore = os.loadavg()[0]!;
    const result = await runCli(checkout, target, env);
    if (result.code !== 0) log(`${loader} exited ${result.code}: ${result.output.slice(-2000)}`);
    const run: Run = {
      corpus,
      loader,
      records: count,
      seconds: result.seconds,
      recordsPerSecond: count / result.seconds,
      peakRssMb: result.peakRssMb,
      exitCode: result.code,
      loadAverage: Number(((loadBefore + os.loadavg()[0]!) / 2).toFixed(1)),
    };
    log(
      `${loader} ${corpus}: ${run.seconds.toFixed(1)} s, ${Math.round(run.recordsPerSecond)} records/s, peak RSS ${Math.round(run.peakRssMb)} MB, load average ${run.loadAverage}`,
    );
    runs.push(run);
  };
  try {
    // Interleaved, the order alternating per round, so neither side always gets the cold first run.
    for (let i = 0; i < repeat; i += 1) {
      const order: Run['loader'][] = args.baseline
        ? i % 2 === 0
          ? ['current', 'baseline']
          : ['baseline', 'current']
        : ['current'];
      if (files > 0) for (const loader of order) await measure(`${files} files`, folder, files, loader);
    }
    for (const { count, file } of singles) {
      // --baseline-files: the baseline loads the single large files too, right after the current loader.
      await measure(`1 file of ${count} records`, file, count, 'current');
      if (args.baseline && args['baseline-files']) await measure(`1 file of ${count} records`, file, count, 'baseline');
    }
  } finally {
    await neo.stop();
  }

  const machine = machineFacts();
  const cpu = machine.cpu;
  const git = machine.commit;
  const section = [
    `Run of ${new Date().toISOString().slice(0, 10)} at ${git}: ${machine.cores} cores (${cpu}), ${machine.memoryGiB} GiB RAM, Node ${process.version}, load average at the start ${machine.loadAverage.join(', ')},`,
    `local Neo4j 5.26 (heap ${args.heap}, page cache ${args.pagecache}) on the same machine; format ${writer!.format}; every run into an emptied graph.`,
    args.baseline
      ? `Baseline: the seed CLI of ${args['baseline-label'] ?? `another checkout (${path.basename(path.resolve(args.baseline))})`}, interleaved with the current one on the same corpus (order alternating per round).`
      : '',
    '',
    table(runs),
  ].join('\n');
  if (!args['no-write']) {
    writeGeneratedSection('bench/import.ts', section);
    writeResultsJson({
      import: {
        date: new Date().toISOString(),
        commit: git,
        cores: machine.cores,
        cpu,
        memoryGiB: machine.memoryGiB,
        loadAverage: machine.loadAverage,
        format: writer!.format,
        runs,
      },
    });
  }
  console.log(table(runs));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
