import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildProduction } from '../../scripts/build.ts';
import type { Database } from '../../src/db/index.ts';
import { PROJECT_ROOT } from '../helpers/runSeedCli.ts';
import { openTestDatabase, resetGraph } from '../helpers/testDatabase.ts';
import { whenListening } from '../helpers/whenListening.ts';

/**
 * `npm run build` output, laid out as the Docker image lays it out (the build's content, package.json
 * and node_modules side by side, in a folder outside the project), run with plain `node`: every path
 * the code derives from its own location (schema, bundled record, reference data, web bundles) must
 * resolve from the compiled files, and no `.ts` import may be left for tsx to resolve.
 */
let app: string;
let service: ChildProcess | undefined;
let db: Database;

/** The environment of the compiled service and CLI: the test run's Neo4j, no loader in NODE_OPTIONS. */
function serviceEnv(): NodeJS.ProcessEnv {
  const target = inject('neo4j');
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('NEO4J_') && key !== 'NODE_OPTIONS'),
  );
  return {
    ...env,
    NEO4J_URI: target.uri,
    NEO4J_USER: target.user,
    NEO4J_PASSWORD: target.password,
    ...(target.database ? { NEO4J_DATABASE: target.database } : {}),
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_ON_START: 'true',
    LOG_LEVEL: 'info',
  };
}

beforeAll(async () => {
  app = mkdtempSync(path.join(tmpdir(), 'scholarly-graph-build-'));
  await buildProduction({ outDir: app, rebuildWeb: false });
  copyFileSync(path.join(PROJECT_ROOT, 'package.json'), path.join(app, 'package.json'));
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  db = openTestDatabase();
  await resetGraph(db);
}, 240_000);

afterAll(async () => {
  if (service && service.exitCode === null) {
    service.kill('SIGTERM');
    await new Promise((resolve) => service!.once('exit', resolve));
  }
  try {
    await db?.driver.close();
  } finally {
    if (app) rmSync(app, { recursive: true, force: true });
  }
});

/** Starts `node src/index.js` in the build and resolves with its base URL once it listens. */
function startCompiledService(): Promise<string> {
  service = spawn(process.execPath, [path.join(app, 'src', 'index.js')], {
    cwd: app,
    env: serviceEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return whenListening(service, 'compiled service', 60_000);
}

describe('the production build', () => {
  it('holds JavaScript with source maps and no TypeScript, and the files the service reads', () => {
    const find = spawnSync(
      'find',
      [app, '-path', path.join(app, 'node_modules'), '-prune', '-o', '-name', '*.ts', '-print'],
      { encoding: 'utf8' },
    );
    expect(find.stdout.trim()).toBe('');
    for (const file of [
      'src/index.js',
      'src/index.js.map',
      'seed/cli.js',
      'schema/article.graphql',
      'seed/reference/mesh-descriptors.tsv',
      'src/web/dist/manifest.json',
      'neo4j-local/pom.xml',
    ]) {
      expect(existsSync(path.join(app, file)), file).toBe(true);
    }
  });

  it('imports only production dependencies', () => {
    const { dependencies } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const imported = new Map<string, string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'node_modules' && entry.name !== 'lib') walk(file);
          continue;
        }
        if (!entry.name.endsWith('.js') || file.startsWith(path.join(app, 'src', 'web', 'dist'))) continue;
        const text = readFileSync(file, 'utf8');
        const specifiers = [
          // The clause between `import`/`export` and `from` holds only names, braces, commas and `*`.
          ...text.matchAll(/^\s*(?:import|export)\s[\w$*\s{},]*?\bfrom\s+['"]([^'"]+)['"]/gm),
          ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
          ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
        ].map((m) => m[1]!);
        for (const specifier of specifiers) {
          if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier))
            continue;
          const name = specifier.startsWith('@')
            ? specifier.split('/').slice(0, 2).join('/')
            : specifier.split('/')[0]!;
          imported.set(name, path.relative(app, file));
        }
      }
    };
    walk(app);
    // The web bundler runs only when the bundles are missing, which a build never leaves them.
    const devOnly = [...imported].filter(
      ([name, file]) =>
        !(name in dependencies) && !(name === 'esbuild' && file === path.join('src', 'web', 'build.js')),
    );
    expect(devOnly).toEqual([]);
    expect(imported.has('neo4j-driver')).toBe(true);
  });

  it('serves with plain node: health, the seeded bundled record, the playground bundles', async () => {
    const base = await startCompiledService();
    let health: Response | undefined;
    for (let i = 0; i < 240; i += 1) {
      health = await fetch(`${base}/health`);
      if (health.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(health?.status).toBe(200);

    // The first-start seed read the bundled record and the reference data from the build.
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ stats { articles } articles(first: 1) { edges { node { journal { issn } topics { meshId } sources { file } } } } }',
      }),
    });
    const body = (await response.json()) as {
      data: {
        stats: { articles: number };
        articles: {
          edges: {
            node: {
              journal: { issn: string | null };
              topics: { meshId: string | null }[];
              sources: { file: string }[];
            };
          }[];
        };
      };
    };
    expect(body.data.stats.articles).toBe(1);
    const article = body.data.articles.edges[0]!.node;
    expect(article.journal.issn).toBeTruthy();
    expect(article.topics.some((topic) => topic.meshId)).toBe(true);
    // Named relative to the project folder, as when the service runs from a clone.
    expect(article.sources[0]!.file).toMatch(/^seed\/records\/[^/]+\.txt$/);

    const page = await fetch(`${base}/playground`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
    expect(asset).toBeTruthy();
    expect((await fetch(`${base}${asset}`)).status).toBe(200);
  }, 180_000);

  it('runs the seed CLI with plain node', () => {
    const run = spawnSync(
      process.execPath,
      [path.join(app, 'seed', 'cli.js'), path.join(PROJECT_ROOT, 'tests/fixtures/corpus'), '--dry-run'],
      { cwd: app, env: serviceEnv(), encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/5 record/);
  }, 150_000);
});
