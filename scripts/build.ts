/**
 * `npm run build`: the production build. Compiles the service (src/, neo4j-local/, the seed CLI) to
 * JavaScript in dist/ with source maps, builds the web bundles, and copies beside the JavaScript the
 * files the service reads at run time, so dist/ is the project's layout without its TypeScript:
 * `node dist/src/index.js` serves, `node dist/seed/cli.js` loads records, and neither needs tsx.
 *
 * The copies keep every path the code derives from `import.meta.url` (schema/, seed/records,
 * seed/reference, src/web/dist, neo4j-local/pom.xml) valid from the compiled location, without the
 * code knowing whether it runs compiled.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWebAssets, WEB_DIST_DIR, WEB_MANIFEST_FILE } from '../src/web/build.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = path.join(ROOT, 'dist');

export interface BuildOptions {
  /** Where the build goes (default dist/). */
  outDir?: string;
  /** Rebuild the web bundles even when they exist (default true: they may be older than their sources). */
  rebuildWeb?: boolean;
}

/** Data files copied into dist/, relative to the project root: everything the service and the seed CLI read that is not code. */
const RUNTIME_FILES = [
  'schema',
  'seed/records',
  // The reference data, without the scripts that regenerate it.
  ...readdirSync(path.join(ROOT, 'seed/reference'))
    .filter((name) => statSync(path.join(ROOT, 'seed/reference', name)).isFile())
    .map((name) => `seed/reference/${name}`),
  'neo4j-local/pom.xml',
  'neo4j-local/Neo4jLocal.java',
];

/** The local Neo4j's downloaded jars and compiled launcher: kept across builds (96 MB, fetched once). */
const KEPT = new Set(['neo4j-local/lib', 'neo4j-local/.cache']);

function clean(outDir: string): void {
  if (!existsSync(outDir)) return;
  for (const top of readdirSync(outDir)) {
    const dir = path.join(outDir, top);
    if (top !== 'neo4j-local' || !statSync(dir).isDirectory()) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    for (const name of readdirSync(dir)) {
      if (!KEPT.has(`neo4j-local/${name}`)) rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
}

function compile(outDir: string): void {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], {
    stdio: 'inherit',
  });
  if (result.status !== 0)
    throw new Error(`tsc -p tsconfig.build.json failed (exit ${result.status ?? result.signal})`);
}

function copyRuntimeFiles(outDir: string): void {
  for (const file of RUNTIME_FILES) {
    cpSync(path.join(ROOT, file), path.join(outDir, file), { recursive: true });
  }
  cpSync(WEB_DIST_DIR, path.join(outDir, path.relative(ROOT, WEB_DIST_DIR)), { recursive: true });
  // A clone that already downloaded the local Neo4j's jars need not download them again for dist/.
  const lib = path.join(ROOT, 'neo4j-local', 'lib');
  const distLib = path.join(outDir, 'neo4j-local', 'lib');
  if (existsSync(path.join(lib, '.complete')) && !existsSync(distLib)) cpSync(lib, distLib, { recursive: true });
}

/** Builds the service into `outDir` (default dist/), replacing an earlier build there. */
export async function buildProduction(options: BuildOptions = {}): Promise<void> {
  const outDir = path.resolve(options.outDir ?? DIST);
  clean(outDir);
  mkdirSync(outDir, { recursive: true });
  if (options.rebuildWeb !== false || !existsSync(path.join(WEB_DIST_DIR, WEB_MANIFEST_FILE))) await buildWebAssets();
  compile(outDir);
  copyRuntimeFiles(outDir);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await buildProduction();
  console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s: node dist/src/index.js serves the API`);
}
