import type { Database } from '../../db/index.ts';
import { randomBytes } from 'node:crypto';
import type { NormalizedArticle, TopicEntity, Vocabulary } from '../model.ts';
import { ensureSchema, FULLTEXT_INDEXES } from '../../graph/index.ts';
import { aliasValue, entityId, importKey, topicKindOfKey } from '../../identity/index.ts';
import type { ImportContext } from './applyPlan.ts';
import { loadStatementBatch, type RecordOutcome } from './loadStatements.ts';

/**
 * Articles per write transaction. Each batch re-writes the entities it names (a popular topic or
 * journal once per batch) and pays a commit, so larger batches load faster: 10k synthetic articles
 * took 55 s at 200 and 29 s at 1,000 in one run (bench/loadSpeed.ts); a batch of 1,000 articles is
 * still a few MB of parameters.
 */
export const DEFAULT_BATCH_SIZE = 1000;

const ANY_ARTICLE = 'MATCH (a:Article) RETURN a.id AS id LIMIT 1';

/** Records from which a load into an empty graph builds its full-text indexes at the end instead of at every commit. */
export const DEFER_FULLTEXT_MIN_RECORDS = 5000;

/**
 * Runs a load; when it is large and the graph holds no article yet, without the full-text indexes, which are built
 * once at the end (also when the load fails; ensureSchema at every start rebuilds them should the
 * process die). Keeping Lucene up to date at every commit cost about 40 % of a load into an empty
 * graph (10k articles: 57 s with, 33 s without in one run); one index population at the end is far
 * cheaper. A graph that already has articles keeps its indexes (searches keep working while it loads).
 */
export async function withFullTextDeferredIfEmpty<T>(
  db: Database,
  records: number,
  load: () => Promise<T>,
): Promise<T> {
  // A small load gains nothing from it, and while the indexes are gone a running service cannot
  // search: only large loads (a first seed, a bulk import) go without them.
  if (records < DEFER_FULLTEXT_MIN_RECORDS) return load();
  const empty = (await db.read(ANY_ARTICLE)).length === 0;
  if (!empty) return load();
  for (const name of FULLTEXT_INDEXES) await db.write(`DROP INDEX ${name} IF EXISTS`);
  let result: T;
  try {
    result = await load();
  } catch (error) {
    // The load's own error is the one to report; ensureSchema at the next start rebuilds the indexes if this fails too.
    await ensureSchema(db).catch(() => undefined);
    throw error;
  }
  await ensureSchema(db);
  return result;
}

// Vocabulary topics are reference data: rank 0 (nothing a record states overrides them) and marked as
// vocabulary, so they stay when no article uses them.
const MERGE_VOCABULARY_TOPICS = `
UNWIND $topics AS t
MERGE (n:Topic:Entity {id: t.id})
SET n.name = t.name, n.nameLower = toLower(t.name), n.meshId = t.meshId, n.synonyms = t.synonyms,
    n.synonymsText = t.synonymsText, n.source = t.source, n.kind = t.kind, n.rank = 0, n.vocabulary = true`;

// Relationship types cannot be parameters, so each vocabulary relation type has its own statement.
const MERGE_BROADER = `
UNWIND $relations AS r
MATCH (from:Topic {id: r.fromId}), (to:Topic {id: r.toId})
MERGE (from)-[:BROADER]->(to)`;
const MERGE_DERIVED_FROM = `
UNWIND $relations AS r
MATCH (from:Topic {id: r.fromId}), (to:Topic {id: r.toId})
MERGE (from)-[:DERIVED_FROM]->(to)`;
const MERGE_COMPLICATION_OF = `
UNWIND $relations AS r
MATCH (from:Topic {id: r.fromId}), (to:Topic {id: r.toId})
MERGE (from)-[:COMPLICATION_OF]->(to)`;

/** The topic relation types the vocabulary may use, each with its MERGE statement. */
export const TOPIC_RELATION_STATEMENTS: Readonly<Record<string, string>> = {
  BROADER: MERGE_BROADER,
  DERIVED_FROM: MERGE_DERIVED_FROM,
  COMPLICATION_OF: MERGE_COMPLICATION_OF,
};

const MERGE_ALIASES = `
UNWIND $entities AS e
MATCH (n:Entity {id: e.id})
UNWIND e.aliases AS alias
MERGE (a:Alias {value: alias})
MERGE (a)-[:ALIAS_OF]->(n)`;

/** A vocabulary topic as loadVocabulary writes it (also the bulk path's, src/ingest/load/bulk). */
export function vocabularyTopicParams(topic: TopicEntity) {
  return {
    id: entityId('Topic', topic.key),
    name: topic.name,
    meshId: topic.meshId ?? null,
    synonyms: topic.synonyms,
    synonymsText: topic.synonyms.join(' ; '),
    source: topic.source ?? null,
    kind: topicKindOfKey(topic.key),
    aliases: [...new Set([topic.name, ...topic.synonyms, ...(topic.meshId ? [topic.meshId] : [])].map(aliasValue))],
  };
}

/** Loads the curated vocabulary (topics and their typed links) in one transaction. */
export async function loadVocabulary(db: Database, vocabulary: Vocabulary): Promise<void> {
  const topics = vocabulary.topics.map(vocabularyTopicParams);
  const statements: Array<{ cypher: string; params: Record<string, unknown> }> = [
    { cypher: MERGE_VOCABULARY_TOPICS, params: { topics } },
    { cypher: MERGE_ALIASES, params: { entities: topics } },
  ];
  for (const [type, cypher] of Object.entries(TOPIC_RELATION_STATEMENTS)) {
    const relations = vocabulary.relations
      .filter((relation) => relation.type === type)
      .map((relation) => ({ fromId: entityId('Topic', relation.fromKey), toId: entityId('Topic', relation.toKey) }));
    if (relations.length > 0) statements.push({ cypher, params: { relations } });
  }
  const unknown = vocabulary.relations.find((relation) => !(relation.type in TOPIC_RELATION_STATEMENTS));
  if (unknown) {
    throw new Error(
      `Vocabulary relation type "${unknown.type}" (${unknown.fromKey} -> ${unknown.toKey}) is not one of ${Object.keys(TOPIC_RELATION_STATEMENTS).join(', ')}`,
    );
  }
  await db.writeAll(statements);
}

/** A new import's identity: when it started and who runs it (see ImportContext). */
export function newImportContext(options: { importedBy: string; tool: string; now?: Date }): ImportContext {
  const now = options.now ?? new Date();
  return {
    importId: importKey(now, randomBytes(4).toString('hex')),
    importedAt: now.toISOString(),
    importedBy: options.importedBy,
    tool: options.tool,
  };
}

/**
 * Writes one batch of normalized articles (each with its origin) in ONE transaction: a failure
 * leaves nothing of the batch behind. See loadStatementBatch for identity, sources and merging.
 */
export async function loadArticleBatch(
  db: Database,
  articles: readonly NormalizedArticle[],
  ctx?: ImportContext,
): Promise<RecordOutcome[]> {
  return loadStatementBatch(db, articles, ctx ?? newImportContext({ importedBy: 'library', tool: 'library' }));
}

/** Options for loadArticles. */
export interface LoadOptions {
  batchSize?: number;
  /** Called after each committed batch with the number of articles written so far. */
  onProgress?: (written: number) => void;
  /** The import the articles belong to; a new one when absent. */
  context?: ImportContext;
}

/** Loads any number of articles, batch by batch (each batch its own transaction). */
export async function loadArticles(
  db: Database,
  articles: readonly NormalizedArticle[],
  options: LoadOptions = {},
): Promise<RecordOutcome[]> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const ctx = options.context ?? newImportContext({ importedBy: 'library', tool: 'library' });
  return withFullTextDeferredIfEmpty(db, articles.length, async () => {
    const outcomes: RecordOutcome[] = [];
    for (let start = 0; start < articles.length; start += batchSize) {
      outcomes.push(...(await loadStatementBatch(db, articles.slice(start, start + batchSize), ctx)));
      options.onProgress?.(Math.min(start + batchSize, articles.length));
    }
    return outcomes;
  });
}
