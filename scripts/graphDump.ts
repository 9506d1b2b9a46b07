/**
 * `npx tsx scripts/graphDump.ts [--tree DIR] [--out FILE] <record file>...`: loads record files into a
 * fresh throwaway local Neo4j with a project tree's own seed CLI and prints the resulting graph as
 * canonicalGraph's sorted lines (without the Import nodes and the properties that name the run).
 *
 * For checking that a change kept imports as they were: run it with `--tree` on an exported copy of an
 * older commit (`git archive <rev> | tar -x -C <dir>`, plus node_modules and neo4j-local/lib) and
 * without it on the current tree, on the same files, and compare the two outputs with `diff`. The
 * files are given relative to the tree and read from there, so the sources' `file` property is the
 * same in both dumps. Only the graph is compared; the older tree needs nothing but `seed/cli.ts`
 * reading NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD. With `--out`, the records the seed command
 * rejected are listed beside the dump (`FILE.rejected.txt`), so rejections can be compared as well.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import neo4j from 'neo4j-driver';
import { startLocalNeo4j } from '../neo4j-local/index.ts';
import { createDatabase } from '../src/db/index.ts';
import { canonicalGraph, RUN_PROPERTIES } from '../src/graph/index.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

const USAGE = 'usage: npx tsx scripts/graphDump.ts [--tree DIR] [--out FILE] <record file>...';

/** Runs the tree's seed CLI with --keep-going (a deliberately broken fixture must not stop the others); its output goes to stderr. */
function seed(
  tree: string,
  files: readonly string[],
  env: NodeJS.ProcessEnv,
  keptReport: string | undefined,
): Promise<number | null> {
  const report = keptReport ?? path.join(mkdtempSync(path.join(tmpdir(), 'graph-dump-')), 'rejected.txt');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'seed/cli.ts', '--keep-going', '--report', report, ...files],
      { cwd: tree, env, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.on('error', reject);
    child.on('close', (code) => {
      if (!keptReport) rmSync(path.dirname(report), { recursive: true, force: true });
      resolve(code);
    });
  });
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { tree: { type: 'string' }, out: { type: 'string' } },
  });
  if (positionals.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const tree = path.resolve(values.tree ?? ROOT);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'graph-dump-neo4j-'));
  const local = await startLocalNeo4j({ dataDir, ephemeral: true, log: (line) => console.error(line) });
  try {
    const env = { ...process.env, NEO4J_URI: local.uri, NEO4J_USER: local.user, NEO4J_PASSWORD: local.password };
    const code = await seed(
      tree,
      positionals,
      env,
      values.out ? `${path.resolve(values.out)}.rejected.txt` : undefined,
    );
    console.error(`seed CLI in ${tree} exited with ${code}`);
    const db = createDatabase({
      uri: local.uri,
      auth: neo4j.auth.basic(local.user, local.password),
      queryTimeoutMs: 600_000,
    });
    try {
      const lines = await canonicalGraph(db, { ignore: [...RUN_PROPERTIES], withoutLabels: ['Import'] });
      const text = lines.map((l) => `${l}\n`).join('');
      if (values.out) writeFileSync(values.out, text);
      else process.stdout.write(text);
      const nodes = lines.filter((l) => l.startsWith('["node"')).length;
      console.error(`${nodes} node(s), ${lines.length - nodes} relationship(s)`);
    } finally {
      await db.driver.close();
    }
  } finally {
    await local.stop();
  }
  return 0;
}

process.exitCode = await main();
