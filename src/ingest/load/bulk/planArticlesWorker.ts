import { parentPort, workerData } from 'node:worker_threads';
import type { ImportContext } from '../applyPlan.ts';
import {
  dropRepeatedAliases,
  dropUndecidingRows,
  planArticle,
  type ArticleOps,
  type ArticlePlanContext,
  type SentRows,
} from './planArticles.ts';
import { BulkLoadError, KnownShapes } from './writeImportFiles.ts';

/** The bulk plan's article thread: plans batches of group rows (planArticles.ts) and sends their ops back. */
const data = workerData as { ctx: ImportContext; journalKeys: Array<[string, string]> };
const context: ArticlePlanContext = { ctx: data.ctx, journalKeys: new Map(data.journalKeys) };
/** The shapes whose file this thread gave in a row already. */
const known = new KnownShapes('t');
/** Alias links this thread sent lately (most repeat an author's or topic's of a few articles before). */
const recentAliases = new Set<string>();
/** The entity rows this thread sent lately. */
const sent: SentRows = { topics: new Map(), institutions: new Map(), authors: new Map(), limit: 100_000 };

parentPort!.on('message', (message: { id: number; lines: string[] }) => {
  void (async () => {
    try {
      const ops: ArticleOps[] = [];
      for (const line of message.lines) {
        const planned = await planArticle(line, context, known);
        dropRepeatedAliases(planned, recentAliases, 100_000);
        dropUndecidingRows(planned, sent);
        ops.push(planned);
      }
      parentPort!.postMessage({ id: message.id, ops });
    } catch (error) {
      parentPort!.postMessage({
        id: message.id,
        error: error instanceof Error ? error.message : String(error),
        refused: error instanceof BulkLoadError,
      });
    }
  })();
});
