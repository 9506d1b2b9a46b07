/**
 * `npm run bench:agreement -- [--python <python with the parsers>] [--extra <folder>] [--batch-size <n>] [--keep-folder] [--no-write]`
 *
 * The all-vendors check of the import: (a) assembles a folder of every real export file of
 * tests/fixtures/formats (folder.ts: the files its README lists as real, by vendor class, saying which
 * classes have none), (b) loads it into a fresh local Neo4j with `npm run seed -- <folder> --keep-going`
 * and checks that no file went unread, (c) reads back from the graph, per source (file and record
 * position), the title, DOI, year and author count the record stated, (d) reads the same files with
 * independent Python parsers (independent.py), (e) compares them field by field (compare.ts) and prints
 * the agreement and every disagreement, (f) loads the folder a second time and checks that the canonical
 * graph dump (src/graph canonicalGraph) has not changed. Writes the `agreement` key of bench/results.json
 * and its section of bench/RESULTS.generated.md. Exits 1 when a check fails.
 *
 * The Python parsers: `python3 -m venv .venv-agreement && .venv-agreement/bin/pip install -r
 * bench/agreement/requirements.txt`; `--python` (or AGREEMENT_PYTHON) names that venv's python (default
 * `.venv-agreement/bin/python` when it exists, else `python3`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { collectFiles } from '../../src/ingest/index.ts';
import { canonicalGraph } from '../../src/graph/index.ts';
import {
  BENCH_DIR,
  connect,
  logger,
  machineFacts,
  startBenchNeo4j,
  targetOf,
  writeGeneratedSection,
  writeResultsJson,
} from '../harness/index.ts';
import {
  applyReviews,
  compareRecords,
  FIELDS,
  formatOf,
  NOT_COMPARED,
  type Agreement,
  type Disagreement,
  type RecordFields,
  type Review,
  type ReviewedAgreement,
} from './compare.ts';
import { assembleFolder, classify, readReadme, realExports, unlistedFiles } from './folder.ts';

const PROJECT_DIR = path.dirname(BENCH_DIR);
const FIXTURES_DIR = path.join(PROJECT_DIR, 'tests', 'fixtures', 'formats');
const TARGET_PERCENT = 99.5;
const log = logger('bench:agreement');

const { values: args } = parseArgs({
  options: {
    python: { type: 'string' },
    'keep-folder': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    extra: { type: 'string' },
    'batch-size': { type: 'string' },
  },
});
const localVenv = path.join(PROJECT_DIR, '.venv-agreement', 'bin', 'python');
const python = args.python ?? process.env['AGREEMENT_PYTHON'] ?? (existsSync(localVenv) ? localVenv : 'python3');

function run(
  command: string,
  commandArgs: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: PROJECT_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The seed CLI, as `npm run seed` runs it. */
const seed = (cliArgs: readonly string[], env: NodeJS.ProcessEnv) =>
  run(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join('seed', 'cli.ts'),
      ...cliArgs,
      ...(args['batch-size'] ? ['--batch-size', args['batch-size']] : []),
    ],
    env,
  );

/** Properties that name the run that wrote them: they differ between two imports however identical. */
const RUN_PROPERTIES = ['importedAt', 'importedBy', 'importId', 'tool', 'startedAt', 'seenIn', 'decidedAt'];

interface Statement {
  title?: string;
  doi?: string;
  year?: number;
  authorships?: unknown[];
  accessions?: Array<{ scheme: string; id: string }>;
}

async function main(): Promise<number> {
  const readme = readReadme(FIXTURES_DIR);
  const exports = realExports(readme, FIXTURES_DIR);
  const classes = classify(exports);
  const missing = classes.filter((c) => c.files.length === 0).map((c) => c.name);
  for (const c of classes) log(`${c.name}: ${c.files.length > 0 ? c.files.join(', ') : 'NO REAL FILE'}`);
  const unlisted = unlistedFiles(readme, FIXTURES_DIR);
  if (unlisted.length > 0) log(`fixture files the README does not name (not taken): ${unlisted.join(', ')}`);

  const work = mkdtempSync(path.join(os.tmpdir(), 'bench-agreement-'));
  const folder = path.join(work, 'all-vendors');
  assembleFolder(exports, FIXTURES_DIR, folder);
  // --extra <dir>: more exports laid out as <format>/<file> (whole files too large to keep as
  // fixtures), compared alike under extra/<format>/<file>; they stand for no vendor class.
  if (args.extra) {
    const extra = readdirSync(args.extra, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(args.extra!, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
    for (const file of extra) exports.push({ file: `extra/${file}`, row: '' });
    assembleFolder(
      extra.map((file) => ({ file, row: '' })),
      args.extra,
      path.join(folder, 'extra'),
    );
  }
  log(`folder ${folder}: ${exports.length} files`);
  const failures: string[] = [];

  // (b) No file of the folder left unread: the folder walk takes every file, and each gives records.
  const { files, skipped } = await collectFiles([folder]);
  for (const s of skipped) failures.push(`skipped by the import: ${s.path}: ${s.reason}`);

  const neo4j = await startBenchNeo4j({ log });
  try {
    const target = targetOf(neo4j);
    const env = { ...process.env, NEO4J_URI: target.uri, NEO4J_USER: target.user, NEO4J_PASSWORD: target.password };
    const report = path.join(work, 'rejected.txt');
    const first = await seed([folder, '--keep-going', '--report', report], env);
    log(`first import (exit ${first.code}): ${first.stdout.trim()}`);
    if (first.stderr.trim()) log(`first import stderr:\n${first.stderr.trim()}`);
    // Named by their place in the folder, as the comparison names them (not by this machine's paths).
    const rejected = existsSync(report)
      ? readFileSync(report, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => line.split(`${folder}${path.sep}`).join(''))
      : [];
    if (first.code !== 0 && rejected.length === 0) failures.push(`the first import failed (exit ${first.code})`);
    for (const line of first.stderr.split('\n')) if (/^skipped /.test(line)) failures.push(`CLI: ${line}`);

    const db = connect(target);
    try {
      // (c) What each record stated, from its Source node.
      const rows = await db.read<{ file: string; index: number; statement: string }>(
        'MATCH (s:Source) RETURN s.file AS file, s.index AS index, s.statement AS statement',
      );
      const unnamed = rows.filter((r) => typeof r.file !== 'string' || typeof r.statement !== 'string');
      if (unnamed.length > 0) log(`sources without file or statement: ${JSON.stringify(unnamed.slice(0, 3))}`);
      const ours: RecordFields[] = rows
        .filter((r) => !unnamed.includes(r))
        .map((r) => {
          const stated = JSON.parse(r.statement) as Statement;
          return {
            file: path.relative(folder, r.file).split(path.sep).join('/'),
            index: Number(r.index),
            title: stated.title ?? null,
            doi: stated.doi ?? null,
            year: stated.year ?? null,
            authors: stated.authorships?.length ?? 0,
            shortDoi: stated.accessions?.find((a) => a.scheme === 'shortdoi')?.id ?? null,
          };
        });
      for (const f of files) {
        const name = path.relative(folder, path.resolve(f.name)).split(path.sep).join('/');
        if (!ours.some((r) => r.file === name)) failures.push(`no record of ${name} is in the graph`);
      }

      // (d) The independent parsers.
      const versions = await run(python, [path.join('bench', 'agreement', 'independent.py'), '--versions']);
      if (versions.code !== 0)
        throw new Error(`${python} cannot run the parsers (see bench/agreement/README.md):\n${versions.stderr}`);
      // Files of a format no independent parser reads (NOT_COMPARED) are not handed to one.
      const toCompare = exports.filter((e) => !NOT_COMPARED.some((n) => n.format === formatOf(e.file)));
      const parsed = await run(python, [
        path.join('bench', 'agreement', 'independent.py'),
        ...toCompare.map((e) => `${e.file}=${path.join(folder, e.file)}`),
      ]);
      if (parsed.code !== 0) throw new Error(`independent parsers failed:\n${parsed.stderr}`);
      const theirs: RecordFields[] = [];
      const parsers = new Map<string, string>();
      for (const line of parsed.stdout.split('\n').filter(Boolean)) {
        const r = JSON.parse(line) as RecordFields & { parser?: string; error?: string };
        if (r.error) failures.push(`independent parser could not read ${r.file}: ${r.error}`);
        else {
          theirs.push(r);
          parsers.set(r.file, r.parser!);
        }
      }

      // (e) The comparison.
      const agreement = compareRecords(ours, theirs, NOT_COMPARED);
      const reviews = JSON.parse(readFileSync(path.join(BENCH_DIR, 'agreement', 'reviewed.json'), 'utf8')) as Review[];
      const reviewed = applyReviews(agreement, reviews);
      printAgreement(agreement, reviewed, parsers, rejected);
      if (reviewed.allFields.percent < TARGET_PERCENT)
        failures.push(
          `records agreeing on all four fields after review: ${reviewed.allFields.percent} % < ${TARGET_PERCENT} %`,
        );
      for (const r of reviewed.stale)
        log(`reviewed.json: no longer matches a disagreement (read it again): ${r.file} #${r.index} ${r.field}`);

      // (f) A second import of the same folder changes nothing.
      // Compared without what names the run (its Import node, and importedAt/importId/decidedAt... on
      // what it wrote): a second run is a run of its own. The whole dump is compared too, and reported.
      const dump = () => canonicalGraph(db, { ignore: RUN_PROPERTIES, withoutLabels: ['Import'] });
      const [before, wholeBefore] = [await dump(), await canonicalGraph(db)];
      const second = await seed([folder, '--keep-going', '--report', path.join(work, 'rejected-2.txt')], env);
      log(`second import (exit ${second.code}): ${second.stdout.trim()}`);
      const [after, wholeAfter] = [await dump(), await canonicalGraph(db)];
      const changed = diffLines(before, after);
      if (changed.length > 0) {
        failures.push(
          `the second import changed the graph (${changed.length} line(s)):\n${changed.slice(0, 40).join('\n')}`,
        );
      } else log(`second import: the canonical graph dump (${before.length} lines) is unchanged`);
      const wholeSummary = summarizeChange(wholeBefore, wholeAfter);
      log(
        `second import, whole dump (run properties and Import nodes included): ${wholeSummary.join('; ') || 'unchanged'}`,
      );

      const machine = machineFacts();
      log(`load average (1, 5, 15 min) at the end of the run: ${machine.loadAverage.join(', ')}`);
      const result = {
        measuredAt: new Date().toISOString(),
        machine,
        files: exports.map((e) => ({
          file: e.file,
          parser: parsers.get(e.file) ?? null,
          notCompared: agreement.notCompared.find((n) => n.file === e.file)?.reason ?? null,
        })),
        vendorClasses: Object.fromEntries(classes.map((c) => [c.name, c.files])),
        classesWithoutFile: missing,
        parserVersions: JSON.parse(versions.stdout) as Record<string, string>,
        rejectedRecords: rejected,
        // The records every percentage is computed over; the not-compared files' records are apart.
        records: agreement.records,
        notCompared: agreement.notCompared,
        recordsNotCompared: agreement.notCompared.reduce((n, f) => n + f.records, 0),
        fields: agreement.fields,
        allFields: agreement.allFields,
        allFieldsAfterReview: reviewed.allFields,
        disagreementCounts: {
          total: agreement.disagreements.length,
          otherParserMistakes: reviewed.mistakes.length,
          ruleDifferences: reviewed.ruleDifferences.length,
          open: reviewed.open.length,
          ourMistakes: reviewed.ours.length,
        },
        disagreements: agreement.disagreements.map((d) => {
          const explained = [...reviewed.explained, ...reviewed.ours].find(
            (e) => e.file === d.file && e.index === d.index && e.field === d.field,
          );
          // A known rule difference carries its reason as `rule`; `review` is the hand review's.
          return { ...d, verdict: explained?.verdict ?? 'open', review: d.rule ? null : (explained?.why ?? null) };
        }),
        staleReviews: reviewed.stale,
        secondImportUnchanged: changed.length === 0,
        secondImportWholeDumpChanges: wholeSummary,
        graphDumpLines: before.length,
        failures,
      };
      if (!args['no-write']) {
        writeResultsJson({ agreement: result });
        writeGeneratedSection('bench/agreement', markdown(agreement, reviewed, missing));
      }
    } finally {
      await db.driver.close();
    }
  } finally {
    await neo4j.stop();
    if (!args['keep-folder']) rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }
  for (const f of failures) log(`FAILED: ${f}`);
  return failures.length > 0 ? 1 : 0;
}

/**
 * What differs between two canonical dumps, in a few words: elements only one has (by label or
 * relationship type) and, for elements both have, which properties changed and how often.
 */
function summarizeChange(before: readonly string[], after: readonly string[]): string[] {
  const index = (lines: readonly string[]) => {
    const out = new Map<string, { kind: string; props: Map<string, string> }>();
    for (const line of lines) {
      const row = JSON.parse(line) as unknown[];
      const props = (row[0] === 'node' ? row[3] : row[4]) as Array<[string, unknown, string]>;
      const key = row[0] === 'node' ? String(row[1]) : `${row[1]}-${row[2]}->${row[3]}`;
      const kind = row[0] === 'node' ? (row[2] as string[]).join(':') : String(row[2]);
      out.set(key, { kind, props: new Map(props.map(([k, v, t]) => [k, JSON.stringify([v, t])])) });
    }
    return out;
  };
  const [a, b] = [index(before), index(after)];
  const counts = new Map<string, number>();
  const bump = (what: string) => counts.set(what, (counts.get(what) ?? 0) + 1);
  for (const [key, x] of a) {
    const y = b.get(key);
    if (!y) bump(`${x.kind} removed`);
    else
      for (const name of new Set([...x.props.keys(), ...y.props.keys()]))
        if (x.props.get(name) !== y.props.get(name)) bump(`${x.kind}.${name} changed`);
  }
  for (const [key, y] of b) if (!a.has(key)) bump(`${y.kind} added`);
  return [...counts].map(([what, n]) => `${n} ${what}`);
}

/** Lines only one of two sorted dumps has, marked - (before) and + (after). */
function diffLines(before: readonly string[], after: readonly string[]): string[] {
  const a = new Set(before);
  const b = new Set(after);
  return [
    ...before.filter((l) => !b.has(l)).map((l) => `- ${l}`),
    ...after.filter((l) => !a.has(l)).map((l) => `+ ${l}`),
  ];
}

function printAgreement(
  agreement: Agreement,
  reviewed: ReviewedAgreement,
  parsers: Map<string, string>,
  rejected: readonly string[],
): void {
  const out = (line: string) => console.log(line);
  out('\nIndependent parsers:');
  for (const [file, parser] of [...parsers].sort()) out(`  ${file}: ${parser}`);
  out(`\n${computedOver(agreement)}`);
  for (const n of agreement.notCompared)
    out(`  not compared: ${n.file} (${n.records} record(s), format ${n.format}): ${n.reason}`);
  out(`\nAgreement over the ${agreement.records} compared records:`);
  for (const f of FIELDS) {
    const a = agreement.fields[f];
    out(`  ${f.padEnd(8)} ${a.agree}/${a.total} (${a.percent} %)`);
  }
  out(`  all four ${agreement.allFields.agree}/${agreement.allFields.total} (${agreement.allFields.percent} %)`);
  out(
    `  all four, counting the explained disagreements (rule differences and the other parser's mistakes) as agreeing: ${reviewed.allFields.agree}/${reviewed.allFields.total} (${reviewed.allFields.percent} %)`,
  );
  if (rejected.length > 0) out(`\nRejected by our import:\n${rejected.map((l) => `  ${l}`).join('\n')}`);
  out(
    `\nDisagreements (${agreement.disagreements.length}): ${reviewed.open.length} open, ${reviewed.ours.length} our mistake(s) (read, not fixed), ${reviewed.ruleDifferences.length} rule difference(s), ${reviewed.mistakes.length} the other parser's mistake(s)`,
  );
  const line = (d: Disagreement) =>
    `${d.file} #${d.index} ${d.field}: ours ${JSON.stringify(d.ours)}, theirs ${JSON.stringify(d.theirs)}`;
  for (const d of reviewed.open) out(`  OPEN ${line(d)}`);
  for (const d of reviewed.ours) out(`  OUR MISTAKE ${line(d)}\n      ${d.why}`);
  for (const d of reviewed.ruleDifferences) out(`  rule difference ${line(d)}\n      ${d.why}`);
  for (const d of reviewed.mistakes) out(`  their mistake ${line(d)}\n      ${d.why}`);
}

/** Over how many records the percentages are computed, and how many records were not compared. */
function computedOver(agreement: Agreement): string {
  const files = new Set(agreement.notCompared.map((n) => n.file)).size;
  const apart = agreement.notCompared.reduce((n, f) => n + f.records, 0);
  return `Percentages over ${agreement.records} compared record(s); ${apart} record(s) of ${files} file(s) not compared (a format no independent parser reads, bench/agreement/compare.ts NOT_COMPARED), in no figure.`;
}

/** One disagreement as a list item of the generated summary (the reasons are in results.json). */
const listed = (d: Disagreement) =>
  `- ${d.file} #${d.index} ${d.field}: ours ${JSON.stringify(d.ours)}, theirs ${JSON.stringify(d.theirs)}`;

function markdown(agreement: Agreement, reviewed: ReviewedAgreement, missing: readonly string[]): string {
  const rows = [...FIELDS, 'all four' as const, 'all four, after review' as const].map((f) => {
    const a =
      f === 'all four'
        ? agreement.allFields
        : f === 'all four, after review'
          ? reviewed.allFields
          : agreement.fields[f];
    return `| ${f} | ${a.agree} / ${a.total} | ${a.percent} % |`;
  });
  return [
    '### Agreement with independent parsers (bench/agreement)',
    '',
    `${agreement.records} compared records of the real export files; ${agreement.disagreements.length} disagreement(s): ${reviewed.open.length} open, ${reviewed.ours.length} our import's mistake(s) (read, not fixed; they count as disagreeing), ${reviewed.ruleDifferences.length} rule difference(s) and ${reviewed.mistakes.length} the other parser's mistake(s) (explained by the comparison's shortDOI rule or by a review that read the record in the file, bench/agreement/reviewed.json; every disagreement with its reason in results.json).`,
    '',
    computedOver(agreement),
    '',
    ...(agreement.notCompared.length > 0
      ? [
          'Not compared (no independent parser reads the format):',
          '',
          ...agreement.notCompared.map((n) => `- ${n.file}: ${n.records} record(s), format ${n.format}. ${n.reason}`),
          '',
        ]
      : []),
    '| field | agree | % |',
    '| --- | --- | --- |',
    ...rows,
    '',
    '"All four, after review" counts a record as agreeing when each of its disagreements is a rule difference or the other parser\'s mistake.',
    '',
    ...(reviewed.open.length > 0 ? ['Open (nothing explains them yet):', '', ...reviewed.open.map(listed), ''] : []),
    ...(reviewed.ours.length > 0
      ? [
          "Our import's mistakes (read by hand, not fixed yet; they count as disagreeing):",
          '',
          ...reviewed.ours.map((d) => `${listed(d)}. ${d.why}`),
          '',
        ]
      : []),
    ...(reviewed.ruleDifferences.length > 0
      ? [
          'Rule differences (both sides read what the record states; they differ by a rule, so neither is wrong):',
          '',
          ...reviewed.ruleDifferences.map(listed),
          '',
        ]
      : []),
    ...(reviewed.mistakes.length > 0
      ? ["The other parser's mistakes (it misreads the record):", '', ...reviewed.mistakes.map(listed), '']
      : []),
    `Vendor classes without a real file: ${missing.length > 0 ? missing.join(', ') : 'none'}.`,
  ].join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
