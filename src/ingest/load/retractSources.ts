import type { Database } from '../../db/index.ts';
import { readArticleState, storedStatements } from './articleState.ts';
import { applyPlan, type ImportContext, type WritePlan } from './applyPlan.ts';
import type { Run } from './run.ts';

/** Articles per retraction transaction. */
const RETRACT_BATCH_ARTICLES = 200;

/** The articles the given sources describe. */
export const ARTICLES_OF_SOURCES = `
UNWIND $ids AS id
MATCH (:Source {id: id})-[:DESCRIBES]->(a:Article)
RETURN DISTINCT a.id AS id`;

/** Sources of one file and format that a given import did not see (see retractUnseen). */
export const UNSEEN_SOURCES_OF_FILE = `
MATCH (s:Source {file: $file})
WHERE s.format = $format AND coalesce(s.seenIn, '') <> $importId
RETURN s.id AS id`;

/** Sources one import asserted. */
export const SOURCES_OF_IMPORT = `
MATCH (s:Source {importId: $importId})
RETURN s.id AS id`;

async function retractWithin(
  run: Run,
  sourceIds: ReadonlySet<string>,
  articleIds: readonly string[],
  ctx: ImportContext,
): Promise<void> {
  const state = await readArticleState(run, articleIds);
  const remaining = await storedStatements(
    run,
    [...state.values()].flatMap((a) => a.sources.filter((s) => !sourceIds.has(s.id))),
  );
  const plan: WritePlan = {
    merges: [],
    deleteSources: [...state.values()].flatMap((a) => a.sources.filter((s) => sourceIds.has(s.id)).map((s) => s.id)),
    createSources: [],
    touchSources: [],
    articles: [...state.values()].map((a) => ({
      id: a.id,
      sources: a.sources.filter((s) => !sourceIds.has(s.id)).map((s) => remaining.get(s.id)!),
    })),
    previous: [...state.values()],
  };
  await applyPlan(run, plan, ctx);
}

/**
 * Removes what the given sources asserted: each article they describe is rebuilt from its remaining
 * sources (or removed when none is left), and every entity nothing refers to any more goes with it,
 * so the counts return to what they would be had those sources never been loaded. Batched by
 * article, one transaction per batch. Returns the number of sources removed.
 */
export async function retractSources(db: Database, sourceIds: readonly string[], ctx: ImportContext): Promise<number> {
  if (sourceIds.length === 0) return 0;
  const ids = new Set(sourceIds);
  const articles = (await db.read<{ id: string }>(ARTICLES_OF_SOURCES, { ids: sourceIds })).map((r) => r.id);
  for (let start = 0; start < articles.length; start += RETRACT_BATCH_ARTICLES) {
    const batch = articles.slice(start, start + RETRACT_BATCH_ARTICLES);
    await db.writeTransaction((run) => retractWithin(run, ids, batch, ctx));
  }
  return ids.size;
}

/** Removes everything one import asserted (what a later import replaced is no longer its own). */
export async function retractImport(db: Database, importId: string, ctx: ImportContext): Promise<number> {
  const rows = await db.read<{ id: string }>(SOURCES_OF_IMPORT, { importId });
  return retractSources(
    db,
    rows.map((r) => r.id),
    ctx,
  );
}

/**
 * A file imported again in full states everything it asserts: sources of that file and format which
 * this import did not see (a record deleted from the file, or one whose corrected identifiers now
 * name another article) are retracted, so nothing the file no longer says lingers.
 */
export async function retractUnseen(
  db: Database,
  file: { format: string; name: string },
  ctx: ImportContext,
): Promise<number> {
  const rows = await db.read<{ id: string }>(UNSEEN_SOURCES_OF_FILE, {
    file: file.name,
    format: file.format,
    importId: ctx.importId,
  });
  return retractSources(
    db,
    rows.map((r) => r.id),
    ctx,
  );
}
