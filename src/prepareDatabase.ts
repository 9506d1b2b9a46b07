import type { Logger } from 'pino';
import { seedFiles, newImportContext } from './ingest/index.ts';
import { ensureSchema } from './graph/index.ts';
import { fetchStats, type Database } from './db/index.ts';
import { fileURLToPath } from 'node:url';
import { databaseErrorFor, describeDatabaseError } from './errors.ts';
import type { Readiness } from './readiness.ts';

/** The record bundled with the service, seeded on first start. */
export const BUNDLED_SEED_DIR = fileURLToPath(new URL('../seed/records/', import.meta.url));

/** The project folder: the bundled record's source file is named relative to it (`seed/records/...`), wherever the service runs from. */
const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Creates constraints and indexes (src/graph's schema), and seeds the bundled records when the graph has no article
 * yet. Retries with backoff while Neo4j is unreachable, so the API can start first and the graph
 * gets ready as soon as Neo4j answers. Resolves once done (or when `signal` aborts). Each step is
 * reported to `readiness` (when given), which `/health` reads: ready only after the seed.
 */
export async function prepareDatabase(
  db: Database,
  options: { seed: boolean; logger: Logger; signal?: AbortSignal; readiness?: Readiness },
): Promise<void> {
  const { readiness } = options;
  let delay = 500;
  for (;;) {
    try {
      readiness?.set('schema');
      await ensureSchema(db);
      if (options.seed) {
        const stats = await fetchStats(db);
        if (stats.articles === 0) {
          readiness?.set('seed');
          const summary = await seedFiles(db, [BUNDLED_SEED_DIR], {
            root: PROJECT_ROOT,
            context: newImportContext({ importedBy: 'service', tool: 'service' }),
          });
          options.logger.info(
            { articles: summary.articles, files: summary.files, importId: summary.importId },
            'seeded the bundled records into an empty graph',
          );
        }
      }
      readiness?.set('ready');
      return;
    } catch (error) {
      if (options.signal?.aborted) return;
      // Only an unreachable database is worth waiting for; anything else is a real failure.
      if (!databaseErrorFor(error)) {
        readiness?.set('failed');
        throw error;
      }
      const reason = describeDatabaseError(error);
      readiness?.set('neo4j', `waiting for Neo4j (${reason}); next try in ${Math.round(delay / 100) / 10} s`);
      options.logger.warn({ retryInMs: delay, reason }, 'graph not ready yet: Neo4j unavailable');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        options.signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
      if (options.signal?.aborted) return;
      delay = Math.min(delay * 2, 15_000);
    }
  }
}
