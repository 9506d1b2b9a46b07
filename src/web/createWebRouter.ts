import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response } from 'express';
import { exampleTabs, resolveExampleIds, type ExampleIds, type GraphQLExecutor } from './exampleOperations.ts';
import { handleExport, type ExportEndpointName } from './exportEndpoints.ts';
import { PAGE_CSP } from './html.ts';
import { explorerPage, homePage, importPage, playgroundPage, type ExplorerConfig, type PagePaths } from './pages.ts';

/** Options of {@link createWebRouter}. */
export type WebRouterOptions = {
  /** Absolute path of the GraphQL endpoint, e.g. `/graphql`: browsers get GraphiQL there, the pages post to it. */
  graphqlPath: string;
  /** Runs an operation through the service's own GraphQL schema (same validation, limits and errors as HTTP clients). */
  execute: GraphQLExecutor;
  /** Health check path linked from the home page (default `/health`). */
  healthPath?: string;
  /** Largest upload the service takes, shown on the import page (default 50 MB). */
  uploadMaxBytes?: number;
  /**
   * Reads need a token (READ_TOKENS_REQUIRED): the pages then show nothing of the graph themselves
   * (no counts, no example entities; no database query for an anonymous page view), since a
   * browser's page request carries no token. Their bundles read through the GraphQL endpoint with
   * the token saved in the tab.
   */
  readTokensRequired?: boolean;
  /** Build the bundles on first use when `src/web/dist` is missing (default true); when false, a missing build is an error. */
  buildOnDemand?: boolean;
};

const DIST_DIR = fileURLToPath(new URL('./dist/', import.meta.url));
const MANIFEST = join(DIST_DIR, 'manifest.json');

/**
 * The service's browser-facing routes, mounted before the Apollo middleware:
 *
 * - `GET /` home page (links to playground, explorer, health, example downloads)
 * - `GET <graphqlPath>` with `Accept: text/html` and no `query` parameter: the
 *   bundled GraphiQL; anything else falls through (`next()`) to Apollo
 * - `GET /playground` the same GraphiQL page; `GET /explore` the graph explorer; `GET /import` the import page
 * - `GET /assets/*` the esbuild bundles from `src/web/dist/`
 * - `GET /export/neighborhood?id=&depth=&limit=&format=`,
 *   `/export/path?from=&to=&maxLength=&format=`, `/export/topic?name=&first=&format=`:
 *   file downloads through the GraphQL API (`format` defaults to GRAPHML)
 *
 * Pages carry a Content-Security-Policy allowing only same-origin requests.
 */
export function createWebRouter(options: WebRouterOptions): express.Router {
  const { execute, graphqlPath } = options;
  const healthPath = options.healthPath ?? '/health';
  const router = express.Router();

  let assetsReady: Promise<void> | undefined;
  const ensureAssets = (): Promise<void> => {
    assetsReady ??= (async () => {
      if (existsSync(MANIFEST)) return;
      if (options.buildOnDemand === false) {
        throw new Error('Web assets are not built: run `npm run build:web` (tsx src/web/build.ts)');
      }
      const { buildWebAssets } = await import('./build.ts');
      await buildWebAssets();
    })().catch((error: unknown) => {
      assetsReady = undefined;
      throw error;
    });
    return assetsReady;
  };

  let exampleIds: ExampleIds | undefined;
  const getExampleIds = async (): Promise<ExampleIds> => {
    if (exampleIds) return exampleIds;
    const ids = await resolveExampleIds(execute);
    // Cache only a complete answer: an empty database may be seeded later.
    if (ids.articleId && ids.authorId && ids.diseaseId) exampleIds = ids;
    return ids;
  };

  const pathsOf = (req: Request): PagePaths => ({ base: req.baseUrl, graphqlPath, healthPath });

  const sendPage = (res: Response, html: string): void => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-cache');
    res.send(html);
  };

  const servePlayground = async (req: Request, res: Response): Promise<void> => {
    await ensureAssets();
    const paths = pathsOf(req);
    sendPage(res, playgroundPage(paths, { graphqlPath, homePath: `${paths.base}/`, tabs: exampleTabs() }));
  };

  const locked = options.readTokensRequired === true;

  router.get('/', async (req, res) => {
    if (locked) {
      sendPage(res, homePage(pathsOf(req), {}, null, { readTokensRequired: true }));
      return;
    }
    const [ids, stats] = await Promise.all([getExampleIds(), fetchStats(execute)]);
    sendPage(res, homePage(pathsOf(req), ids, stats));
  });

  router.get(/.*/, (req, res, next) => {
    const isGraphqlPath = `${req.baseUrl}${req.path}`.replace(/\/+$/, '') === graphqlPath.replace(/\/+$/, '');
    // A GET carrying an operation (its text, or only a persisted-query hash in `extensions`) is for Apollo.
    if (!isGraphqlPath || req.query.query !== undefined || req.query.extensions !== undefined || !wantsHtml(req)) {
      next();
      return;
    }
    servePlayground(req, res).catch(next);
  });

  router.get('/playground', (req, res, next) => {
    servePlayground(req, res).catch(next);
  });

  router.get('/explore', async (req, res) => {
    await ensureAssets();
    const paths = pathsOf(req);
    const ids = locked ? {} : await getExampleIds();
    const suggestions: ExplorerConfig['suggestions'] = [];
    if (ids.articleId)
      suggestions.push({ id: ids.articleId, label: ids.articleTitle ?? 'Seed article', type: 'ARTICLE' });
    if (ids.authorId) suggestions.push({ id: ids.authorId, label: ids.authorName ?? 'Author', type: 'AUTHOR' });
    if (ids.diseaseId) suggestions.push({ id: ids.diseaseId, label: ids.diseaseName ?? 'Topic', type: 'TOPIC' });
    sendPage(
      res,
      explorerPage(paths, {
        graphqlPath,
        homePath: `${paths.base}/`,
        playgroundPath: `${paths.base}/playground`,
        importPath: `${paths.base}/import`,
        suggestions,
        readTokensRequired: locked,
      }),
    );
  });

  router.get('/import', async (req, res) => {
    await ensureAssets();
    const paths = pathsOf(req);
    sendPage(
      res,
      importPage(paths, {
        graphqlPath,
        explorePath: `${paths.base}/explore`,
        uploadMaxBytes: options.uploadMaxBytes ?? 50 * 1024 * 1024,
      }),
    );
  });

  const assets = express.static(DIST_DIR, { index: false, maxAge: '5m' });
  router.use('/assets', (req, res, next) => {
    ensureAssets().then(
      // A missing asset falls through to the service's JSON 404.
      () => assets(req, res, next),
      next,
    );
  });

  for (const name of [
    'neighborhood',
    'path',
    'topic',
    'citations',
    'map',
  ] as const satisfies readonly ExportEndpointName[]) {
    router.get(`/export/${name}`, (req, res, next) => {
      handleExport(name, execute, req, res).catch(next);
    });
  }

  return router;
}

/** True when the client prefers an HTML page to a GraphQL JSON response (a browser's address bar). */
function wantsHtml(req: Request): boolean {
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

async function fetchStats(execute: GraphQLExecutor): Promise<Record<string, number> | null> {
  try {
    const result = await execute(
      'query HomeStats { stats { articles authors institutions journals topics relationships } }',
    );
    const stats = result.data?.stats;
    return stats && typeof stats === 'object' ? (stats as Record<string, number>) : null;
  } catch {
    return null;
  }
}

export type { GraphQLExecutor } from './exampleOperations.ts';
export type { ExplorerConfig } from './pages.ts';
