import { createHash } from 'node:crypto';
import type { Database } from '../../db/index.ts';
import type { NormalizedArticle, RecordOrigin, SourceReference, StatedArticle } from '../model.ts';
import { sourceKey } from '../../identity/index.ts';
import type { SourceStatement } from '../merge/mergeStatements.ts';
import { storedStatements, type ArticleState, type StoredSource } from './articleState.ts';
import { applyPlan, type ImportContext, type NewSource, type WritePlan } from './applyPlan.ts';
import { resolveArticles } from './resolveArticles.ts';
import type { Run } from './run.ts';

/** What happened to one record: its source is new, replaced a changed one, or was already there unchanged. */
export type RecordStatus = 'added' | 'updated' | 'unchanged';

/** The outcome of one loaded record. */
export interface RecordOutcome {
  status: RecordStatus;
  /**
   * For an added source: true when its article had no source from before this import (the import
   * created the article), false when an existing article gained a source. Absent otherwise.
   */
  newArticle?: boolean;
  /** The article the record describes (its global id). */
  articleId: string;
  /** The source the record is (see Article.sources). */
  sourceId: string;
  origin: RecordOrigin;
}

/** What one record states, in the form stored with its source (the article without where it was read). */
export function statedArticle(article: NormalizedArticle): StatedArticle {
  const { origin: _origin, references: _references, ...stated } = article;
  return stated;
}

function contentHash(statement: string): string {
  return createHash('sha1').update(statement, 'utf8').digest('hex');
}

/** A record prepared for writing: what it states, as stored, and the hash that tells a changed record. */
export interface PreparedRecord {
  stated: StatedArticle;
  statement: string;
  references: readonly SourceReference[];
  hash: string;
}

/** What does not depend on the graph: each record's statement and content hash. */
export function prepareRecords(articles: readonly NormalizedArticle[]): PreparedRecord[] {
  return articles.map((article) => {
    const stated = statedArticle(article);
    const statement = JSON.stringify(stated);
    // The reference list is not part of the stored statement (it is the CITES edges), but a changed list is a changed record.
    const references = article.references ?? [];
    return {
      stated,
      statement,
      references,
      hash: contentHash(references.length > 0 ? `${statement}\u0000${JSON.stringify(references)}` : statement),
    };
  });
}

/** One source an article has while a batch is planned: stored in the graph, or planned by this batch. */
export interface CurrentSource {
  id: string;
  format: string;
  file: string;
  contentHash: string;
  stored?: StoredSource;
  planned?: NewSource;
}

/** The source step of a batch (see loadStatementBatch, step 2). */
export interface SourcePlan {
  outcomes: RecordOutcome[];
  deleteSources: Set<string>;
  created: Map<string, NewSource>;
  touch: WritePlan['touchSources'];
  /** Articles whose sources changed: rebuilt from `current`. */
  rebuild: Set<string>;
}

/**
 * Decides, record by record, whether its source is unchanged, replaced or added, updating `current`
 * (article id -> its sources) as it goes. Pure; shared by the transactional loader and the bulk path.
 */
export function planRecordSources(
  articles: readonly NormalizedArticle[],
  prepared: readonly PreparedRecord[],
  targets: readonly string[],
  current: Map<string, CurrentSource[]>,
  rebuild: Set<string> = new Set(),
  importId?: string,
): SourcePlan {
  const outcomes: RecordOutcome[] = [];
  const deleteSources = new Set<string>();
  const created = new Map<string, NewSource>();
  const touch: WritePlan['touchSources'] = [];
  articles.forEach((article, i) => {
    const articleId = targets[i]!;
    const { format, file, index, line } = article.origin;
    const { stated, statement, references, hash } = prepared[i]!;
    const list = current.get(articleId)!;
    const same = list.filter((s) => s.format === format && s.file === file);
    const only = same[0];
    if (same.length === 1 && only && only.contentHash === hash && !only.planned) {
      touch.push({ id: only.id, line: line ?? null, index });
      outcomes.push({ status: 'unchanged', articleId, sourceId: only.id, origin: article.origin });
      return;
    }
    for (const s of same) {
      if (s.planned) created.delete(s.planned.id);
      else deleteSources.add(s.id);
    }
    const source: NewSource = {
      id: sourceKey({ format, file, articleId }),
      articleId,
      format,
      file,
      line: line ?? null,
      index,
      contentHash: hash,
      stated,
      statement,
      references,
    };
    created.set(source.id, source);
    current.set(articleId, [
      ...list.filter((s) => !same.includes(s)),
      { id: source.id, format, file, contentHash: hash, planned: source },
    ]);
    rebuild.add(articleId);
    if (same.some((s) => !s.planned)) {
      outcomes.push({ status: 'updated', articleId, sourceId: source.id, origin: article.origin });
    } else {
      // The article existed before this import when a source stored by an earlier import states it.
      const existed = list.some(
        (s) => s.stored !== undefined && (importId === undefined || s.stored.importId !== importId),
      );
      outcomes.push({ status: 'added', newArticle: !existed, articleId, sourceId: source.id, origin: article.origin });
    }
  });
  return { outcomes, deleteSources, created, touch, rebuild };
}

/**
 * Loads one batch of records in ONE transaction (a failure leaves nothing of the batch behind):
 *
 * 1. identity: which article each record describes (resolveArticles; folds articles found to be one);
 * 2. sources: a record is the source (format, file, article); a source already stored with the same
 *    content is unchanged, with other content it is replaced (updated), else it is added;
 * 3. every article whose sources changed is rebuilt from all its sources (mergeStatements), and what
 *    nothing refers to any more is removed (applyPlan).
 *
 * A second identical load changes nothing but the "seen" mark of the sources: no count moves.
 * `beforeCommit` runs last inside the transaction with the batch's outcomes: what it writes (an
 * import's progress) commits with the batch or not at all.
 */
export async function loadStatementBatch(
  db: Database,
  articles: readonly NormalizedArticle[],
  ctx: ImportContext,
  beforeCommit?: (run: Run, outcomes: readonly RecordOutcome[]) => Promise<void>,
): Promise<RecordOutcome[]> {
  if (articles.length === 0) return [];
  // What does not depend on the graph is prepared before the transaction opens (it then stays short).
  const prepared = prepareRecords(articles);
  return db.writeTransaction(async (run) => {
    const { targets, merges, states: state } = await resolveArticles(run, articles);
    const victimOf = new Map(merges.flatMap((m) => m.victims.map((v) => [v, m.survivor] as const)));

    // The sources each target article has now (victims' sources belong to their survivor).
    const current = new Map<string, CurrentSource[]>();
    for (const id of new Set(targets)) current.set(id, []);
    for (const s of state.values()) {
      const owner = victimOf.get(s.id) ?? s.id;
      const list = current.get(owner);
      if (!list) continue;
      for (const source of s.sources)
        list.push({
          id: source.id,
          format: source.format,
          file: source.file,
          contentHash: source.contentHash,
          stored: source,
        });
    }

    const { outcomes, deleteSources, created, touch, rebuild } = planRecordSources(
      articles,
      prepared,
      targets,
      current,
      new Set(merges.map((m) => m.survivor)),
      ctx.importId,
    );

    // Rebuilt articles need what their other, stored sources state.
    const stored = await storedStatements(
      run,
      [...rebuild].flatMap((id) => current.get(id)!.flatMap((s) => (s.stored ? [s.stored] : []))),
    );
    const plan: WritePlan = {
      merges,
      deleteSources: [...deleteSources],
      createSources: [...created.values()],
      touchSources: touch.filter((t) => !deleteSources.has(t.id)),
      articles: [...rebuild].map((id) => ({
        id,
        sources: current.get(id)!.map(
          (s): SourceStatement =>
            s.planned
              ? {
                  id: s.planned.id,
                  format: s.planned.format,
                  file: s.planned.file,
                  importedAt: ctx.importedAt,
                  article: s.planned.stated,
                }
              : stored.get(s.stored!.id)!,
        ),
      })),
      previous: [...state.values()].filter((s: ArticleState) => rebuild.has(s.id) || victimOf.has(s.id)),
    };
    await applyPlan(run, plan, ctx);
    await beforeCommit?.(run, outcomes);
    return outcomes;
  });
}
