/**
 * Cost of the reference data at start-up: loading and validating seed/reference/ (the ~30,500-line MeSH
 * descriptor list included) and building the topic index, each in a fresh Node process (a cold start, as
 * the seed CLI and the service pay it), plus matching throughput once warm. Prints medians and minima of
 * several runs; writes bench/corpus/reference-results.json.
 *
 *   npm run bench:reference [-- --runs 9]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface RunResult {
  /** loadReferenceData: read + validate every reference file, wall and process CPU time (ms). */
  loadMs: number;
  loadCpuMs: number;
  /** parseMeshDescriptors alone on the already-read text (ms). */
  meshParseMs: number;
  /** Retained heap after load (MB, after GC). */
  loadHeapMb: number;
  /** topicIndexFor on first use (ms). */
  indexMs: number;
  indexCpuMs: number;
  indexHeapMb: number;
  /** loadReferenceData and topicIndexFor again in the same process, once the code is compiled (process CPU ms). */
  warmLoadCpuMs: number;
  warmIndexCpuMs: number;
  /** RSS of the process after load and index (MB). */
  rssMb: number;
  /** matchTopic per term, warm, over every descriptor name lower-cased plus as many made-up terms (µs). */
  matchUs: number;
}

const MB = 1024 * 1024;

async function child(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const { loadReferenceData, parseMeshDescriptors, MESH_DESCRIPTOR_FILE, MESH_SOURCE_FILE } = await import(
    '../src/ingest/normalize/loadReferenceData.ts'
  );
  const { matchTopic, topicIndexFor } = await import('../src/ingest/normalize/topicIndex.ts');
  const cpu = (start: NodeJS.CpuUsage) => {
    const d = process.cpuUsage(start);
    return (d.user + d.system) / 1000;
  };
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  let c = process.cpuUsage();
  let t = performance.now();
  const reference = await loadReferenceData();
  const loadMs = performance.now() - t;
  const loadCpuMs = cpu(c);
  gc();
  const heap1 = process.memoryUsage().heapUsed;

  c = process.cpuUsage();
  t = performance.now();
  const index = topicIndexFor(reference);
  const indexMs = performance.now() - t;
  const indexCpuMs = cpu(c);
  gc();
  const heap2 = process.memoryUsage().heapUsed;
  const rssMb = process.memoryUsage().rss / MB;

  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'seed', 'reference');
  const table = readFileSync(path.join(dir, MESH_DESCRIPTOR_FILE), 'utf8');
  const source = JSON.parse(readFileSync(path.join(dir, MESH_SOURCE_FILE), 'utf8'));
  t = performance.now();
  parseMeshDescriptors(table, source);
  const meshParseMs = performance.now() - t;

  gc();
  c = process.cpuUsage();
  const again = await loadReferenceData();
  const warmLoadCpuMs = cpu(c);
  c = process.cpuUsage();
  topicIndexFor(again);
  const warmIndexCpuMs = cpu(c);

  const terms = [...reference.mesh.names.values()].flatMap((name, i) => [
    name.toLowerCase(),
    `unknown term ${i} syndrome`,
  ]);
  for (const term of terms.slice(0, 2000)) matchTopic(term, index);
  t = performance.now();
  for (const term of terms) matchTopic(term, index);
  const matchUs = ((performance.now() - t) * 1000) / terms.length;

  const result: RunResult = {
    loadMs,
    loadCpuMs,
    meshParseMs,
    loadHeapMb: (heap1 - heap0) / MB,
    indexMs,
    indexCpuMs,
    indexHeapMb: (heap2 - heap1) / MB,
    warmLoadCpuMs,
    warmIndexCpuMs,
    rssMb,
    matchUs,
  };
  process.stdout.write(JSON.stringify(result));
}

function summary(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    median: round(sorted[Math.floor(sorted.length / 2)] ?? NaN),
    min: round(sorted[0] ?? NaN),
    max: round(sorted.at(-1) ?? NaN),
  };
}

async function parent(): Promise<void> {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;
  const self = fileURLToPath(import.meta.url);
  const results: RunResult[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--child'], {
      encoding: 'utf8',
    });
    results.push(JSON.parse(out) as RunResult);
  }
  const keys = Object.keys(results[0] ?? {}) as Array<keyof RunResult>;
  const table = Object.fromEntries(keys.map((k) => [k, summary(results.map((r) => r[k]))]));
  const report = {
    date: new Date().toISOString(),
    // Imported here, not at the top: this file is also the measured child, whose cold start it must not weigh.
    machine: (await import('./harness/machine.ts')).machineFacts(),
    runs,
    results: table,
  };
  console.table(table);
  const outDir = path.join(path.dirname(self), 'corpus');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'reference-results.json'), JSON.stringify(report, null, 2));
}

if (process.argv.includes('--child')) await child();
else await parent();
