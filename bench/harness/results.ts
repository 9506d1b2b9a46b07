/**
 * Where the benchmarks write: bench/results.json (one file, each benchmark its own keys, the others'
 * kept) and bench/RESULTS.generated.md (one delimited section per generated table). The dated
 * narrative stays in bench/RESULTS.md, written by hand, and quotes the generated figures it reads.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_JSON = path.join(BENCH_DIR, 'results.json');
export const GENERATED_MD = path.join(BENCH_DIR, 'RESULTS.generated.md');

/** Sets `keys` in results.json, keeping every other key. */
export function writeResultsJson(keys: Record<string, unknown>, file = RESULTS_JSON): void {
  const others = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, `${JSON.stringify({ ...others, ...keys }, null, 2)}\n`);
}

/** The markers of one generated section (by name, e.g. "bench/run.ts"). */
export function sectionMarkers(name: string): { begin: string; end: string } {
  return { begin: `<!-- BEGIN GENERATED (${name}) -->`, end: `<!-- END GENERATED (${name}) -->` };
}

/**
 * Replaces the section `name` of the generated results file (or appends it), leaving the other
 * sections as they are. Replaced by position, not by pattern: the markers hold regex metacharacters.
 */
export function writeGeneratedSection(name: string, markdown: string, file = GENERATED_MD): void {
  const { begin, end } = sectionMarkers(name);
  const existing = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmark results: generated tables\n\nWritten by the benchmarks themselves (bench/harness/results.ts), one section each; the reading of them is in RESULTS.md.\n';
  const from = existing.indexOf(begin);
  const to = existing.indexOf(end, from);
  const text =
    from >= 0 && to > from
      ? `${existing.slice(0, from)}${begin}\n${markdown}\n${end}${existing.slice(to + end.length)}`
      : `${existing.trimEnd()}\n\n${begin}\n${markdown}\n${end}\n`;
  writeFileSync(file, text);
}

/** A timestamped line on stderr, prefixed with the benchmark's name. */
export function logger(name: string): (line: string) => void {
  return (line) => console.error(`[${name} ${new Date().toISOString().slice(11, 19)}] ${line}`);
}
