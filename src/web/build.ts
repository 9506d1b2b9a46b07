/**
 * Builds the browser bundles (GraphiQL playground, graph explorer) with
 * esbuild into `src/web/dist/`, everything inlined or emitted next to the
 * bundles so the pages work with no network: GraphiQL's CSS (its fonts are
 * data: URLs), any font/image the packages reference, React and Cytoscape.
 *
 * Run with `tsx src/web/build.ts`; `createWebRouter` also calls
 * {@link buildWebAssets} on first use when the dist folder is missing.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** Where the router serves `/assets/*` from. */
export const WEB_DIST_DIR = fileURLToPath(new URL('./dist/', import.meta.url));

/** Written last: its presence means a complete build. */
export const WEB_MANIFEST_FILE = 'manifest.json';

/** Bundle entry points, by output name. */
const ENTRY_POINTS = {
  playground: fileURLToPath(new URL('./client/playground.ts', import.meta.url)),
  explorer: fileURLToPath(new URL('./client/explorer.ts', import.meta.url)),
  import: fileURLToPath(new URL('./client/import.ts', import.meta.url)),
};

/** Hosts that would mean a page loads something from the internet. */
const FORBIDDEN_REFERENCES = [
  /@import\s+url\(\s*["']?https?:/i,
  /url\(\s*["']?https?:\/\//i,
  /fonts\.googleapis\.com/i,
  /cdn\.jsdelivr\.net/i,
  /unpkg\.com/i,
];

/** Options for {@link buildWebAssets}. */
export type BuildWebAssetsOptions = {
  /** Output folder; defaults to {@link WEB_DIST_DIR}. */
  outDir?: string;
  /** Minify (default true). */
  minify?: boolean;
};

/**
 * Bundles both pages. Builds into a fresh temporary folder and renames it
 * into place, so concurrent builds (parallel test files) never serve a
 * half-written bundle. Fails when a bundle references an external
 * stylesheet, font or CDN.
 */
export async function buildWebAssets(options: BuildWebAssetsOptions = {}): Promise<void> {
  const outDir = options.outDir ?? WEB_DIST_DIR;
  const parent = dirname(outDir.replace(/[\\/]+$/, ''));
  await mkdir(parent, { recursive: true });
  const staging = join(parent, `.dist-build-${randomUUID()}`);
  try {
    const result = await build({
      entryPoints: ENTRY_POINTS,
      outdir: staging,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
      minify: options.minify ?? true,
      sourcemap: true,
      legalComments: 'linked',
      metafile: true,
      logLevel: 'warning',
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: {
        '.woff': 'file',
        '.woff2': 'file',
        '.ttf': 'file',
        '.eot': 'file',
        '.svg': 'file',
        '.png': 'file',
        '.gif': 'file',
      },
      assetNames: 'files/[name]-[hash]',
    });
    for (const file of await readdir(staging)) {
      if (!/\.(js|css)$/.test(file)) continue;
      const text = await readFile(join(staging, file), 'utf8');
      const hit = FORBIDDEN_REFERENCES.find((pattern) => pattern.test(text));
      if (hit)
        throw new Error(
          `web bundle ${file} references an external resource (${hit.source}); the pages must work offline`,
        );
    }
    const outputs = Object.keys(result.metafile.outputs).map((file) => file.split(/[\\/]/).pop());
    await writeFile(
      join(staging, WEB_MANIFEST_FILE),
      JSON.stringify({ builtAt: new Date().toISOString(), outputs }, null, 2),
    );
    // Swap folders so the served folder is never half-written.
    const previous = join(parent, `.dist-old-${randomUUID()}`);
    if (existsSync(outDir)) await rename(outDir, previous).catch(() => undefined);
    try {
      await rename(staging, outDir);
    } catch (error) {
      // A concurrent build put its (equally good) output in place first.
      if (!existsSync(join(outDir, WEB_MANIFEST_FILE))) throw error;
    }
    await rm(previous, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  await buildWebAssets();
  console.log(`web assets built into ${WEB_DIST_DIR} in ${Date.now() - started} ms`);
}
