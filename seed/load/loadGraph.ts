import type { Database } from '../../src/db/Database.ts';
import type { InstitutionEntity, JournalEntity, NormalizedArticle, TopicEntity, Vocabulary } from '../model.ts';
import { AWAIT_INDEXES, SCHEMA_STATEMENTS } from './schemaStatements.ts';
import { aliasValue, entityId } from '../../src/identity/index.ts';

/** Articles per write transaction: big enough to amortise round trips, small enough to keep transactions light. */
export const DEFAULT_BATCH_SIZE = 200;

/** Creates constraints and indexes when missing and waits for them to be online. Safe to run at every start. */
export async function ensureSchema(db: Database): Promise<void> {
  for (const statement of SCHEMA_STATEMENTS) await db.write(statement);
  await db.write(AWAIT_INDEXES);
}

const MERGE_TOPICS = `
UNWIND $topics AS t
MERGE (n:Topic:Entity {id: t.id})
SET n.name = t.name, n.nameLower = toLower(t.name), n.meshId = t.meshId, n.synonyms = t.synonyms,
    n.synonymsText = t.synonymsText, n.source = t.source`;

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

// Names, synonyms, MeSH UIs and ISSNs, lower-cased, as exact-lookup keys for topics, journals and institutions.
const MERGE_ALIASES = `
UNWIND $entities AS e
MATCH (n:Entity {id: e.id})
UNWIND e.aliases AS alias
MERGE (a:Alias {value: alias})
MERGE (a)-[:ALIAS_OF]->(n)`;

const MERGE_JOURNALS = `
UNWIND $journals AS j
MERGE (n:Journal:Entity {id: j.id})
SET n.title = j.title, n.titleLower = toLower(j.title), n.localTitle = j.localTitle, n.issn = j.issn, n.source = j.source`;

const MERGE_INSTITUTIONS = `
UNWIND $institutions AS i
MERGE (n:Institution:Entity {id: i.id})
SET n.name = i.name, n.nameLower = toLower(i.name), n.localName = i.localName, n.city = i.city,
    n.postalCode = i.postalCode, n.country = i.country, n.source = i.source`;

const MERGE_INSTITUTION_PARENTS = `
UNWIND $institutions AS i
MATCH (n:Institution {id: i.id})
OPTIONAL MATCH (n)-[old:PART_OF]->()
DELETE old
WITH DISTINCT n, i
WHERE i.parentId IS NOT NULL
MATCH (p:Institution {id: i.parentId})
MERGE (n)-[:PART_OF]->(p)`;

const MERGE_AUTHORS = `
UNWIND $authors AS au
MERGE (n:Author:Entity {id: au.id})
SET n.name = au.name, n.nameLower = toLower(au.name), n.familyName = au.familyName, n.givenName = au.givenName`;

const MERGE_ARTICLES = `
UNWIND $articles AS art
MERGE (a:Article:Entity {id: art.id})
SET a += art.props, a.doiLower = toLower(art.props.doi), a.titleLower = toLower(art.props.title)
WITH a, art
OPTIONAL MATCH (a)-[old:PUBLISHED_IN|HAS_TOPIC]->()
DELETE old
WITH DISTINCT a, art
OPTIONAL MATCH (a)<-[oldAuthored:AUTHORED]-()
DELETE oldAuthored
WITH DISTINCT a, art
CALL (a, art) {
  UNWIND art.authorships AS w
  MATCH (au:Author {id: w.authorId})
  CREATE (au)-[:AUTHORED {position: w.position, rawAffiliation: w.rawAffiliation, markers: w.markers, institutionIds: w.institutionIds}]->(a)
}
CALL (a, art) {
  UNWIND range(0, size(art.topicIds) - 1) AS i
  MATCH (t:Topic {id: art.topicIds[i]})
  CREATE (a)-[:HAS_TOPIC {position: i + 1}]->(t)
}
CALL (a, art) {
  MATCH (j:Journal {id: art.journalId})
  CREATE (a)-[:PUBLISHED_IN]->(j)
}`;

// An author's AFFILIATED_WITH links are derived from the institutions their authorships mark, so
// they are recomputed from scratch for the authors a batch touches (a corrected record may drop one).
const RECOMPUTE_AFFILIATIONS = `
UNWIND $authorIds AS authorId
MATCH (au:Author {id: authorId})
OPTIONAL MATCH (au)-[old:AFFILIATED_WITH]->()
DELETE old
WITH DISTINCT au
MATCH (au)-[w:AUTHORED]->()
UNWIND w.institutionIds AS institutionId
MATCH (i:Institution {id: institutionId})
WITH au, i, count(*) AS articles
MERGE (au)-[r:AFFILIATED_WITH]->(i)
SET r.articles = articles`;

function topicParams(topic: TopicEntity) {
  return {
    id: entityId('Topic', topic.key),
    name: topic.name,
    meshId: topic.meshId ?? null,
    synonyms: topic.synonyms,
    synonymsText: topic.synonyms.join(' ; '),
    source: topic.source ?? null,
    aliases: unique([topic.name, ...topic.synonyms, ...(topic.meshId ? [topic.meshId] : [])].map(aliasValue)),
  };
}

function journalParams(journal: JournalEntity) {
  return {
    id: entityId('Journal', journal.key),
    title: journal.title,
    localTitle: journal.localTitle ?? null,
    issn: journal.issn ?? null,
    source: journal.source ?? null,
    aliases: unique([journal.title, journal.localTitle, journal.issn].filter(isString).map(aliasValue)),
  };
}

function institutionParams(institution: InstitutionEntity) {
  return {
    id: entityId('Institution', institution.key),
    name: institution.name,
    localName: institution.localName ?? null,
    city: institution.city ?? null,
    postalCode: institution.postalCode ?? null,
    country: institution.country ?? null,
    parentId: institution.parentKey ? entityId('Institution', institution.parentKey) : null,
    source: institution.source ?? null,
    aliases: unique([institution.name, institution.localName].filter(isString).map(aliasValue)),
  };
}

function articleParams(article: NormalizedArticle) {
  return {
    id: entityId('Article', article.key),
    props: {
      doi: article.doi ?? null,
      title: article.title,
      vernacularTitle: article.vernacularTitle ?? null,
      abstract: article.abstract ?? null,
      language: article.language ?? null,
      country: article.country ?? null,
      year: article.year ?? null,
      volume: article.volume ?? null,
      issue: article.issue ?? null,
      firstPage: article.firstPage ?? null,
      lastPage: article.lastPage ?? null,
      keywords: article.keywords,
      keywordsText: article.keywords.join(' ; '),
      sourceFile: article.sourceFile,
    },
    journalId: article.journal ? entityId('Journal', article.journal.key) : null,
    topicIds: article.topics.map((topic) => entityId('Topic', topic.key)),
    authorships: article.authorships.map((w) => ({
      authorId: entityId('Author', w.author.key),
      position: w.position,
      rawAffiliation: w.rawAffiliation ?? null,
      markers: w.markers,
      institutionIds: w.institutionKeys.map((key) => entityId('Institution', key)),
    })),
  };
}

/** Loads the curated vocabulary (topics and their typed links) in one transaction. */
export async function loadVocabulary(db: Database, vocabulary: Vocabulary): Promise<void> {
  const topics = vocabulary.topics.map(topicParams);
  const statements: Array<{ cypher: string; params: Record<string, unknown> }> = [
    { cypher: MERGE_TOPICS, params: { topics } },
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
    throw new Error(`Vocabulary relation type "${unknown.type}" (${unknown.fromKey} -> ${unknown.toKey}) is not one of ${Object.keys(TOPIC_RELATION_STATEMENTS).join(', ')}`);
  }
  await db.writeAll(statements);
}

/**
 * Writes one batch of articles (with their journals, institutions, authors and topics) in ONE
 * transaction: MERGE on our stable ids makes a re-run change nothing, and a failure leaves nothing
 * of the batch behind.
 */
export async function loadArticleBatch(db: Database, articles: readonly NormalizedArticle[]): Promise<void> {
  const journals = dedupe(articles.flatMap((a) => (a.journal ? [a.journal] : [])), (j) => j.key).map(journalParams);
  const institutions = dedupe(articles.flatMap((a) => a.institutions), (i) => i.key).map(institutionParams);
  const authors = dedupe(articles.flatMap((a) => a.authorships.map((w) => w.author)), (au) => au.key).map((au) => ({
    id: entityId('Author', au.key),
    name: au.name,
    familyName: au.familyName ?? null,
    givenName: au.givenName ?? null,
  }));
  const topics = dedupe(articles.flatMap((a) => a.topics), (t) => t.key).map(topicParams);
  await db.writeAll([
    { cypher: MERGE_TOPICS, params: { topics } },
    { cypher: MERGE_JOURNALS, params: { journals } },
    { cypher: MERGE_INSTITUTIONS, params: { institutions } },
    { cypher: MERGE_INSTITUTION_PARENTS, params: { institutions } },
    { cypher: MERGE_ALIASES, params: { entities: [...topics, ...journals, ...institutions] } },
    { cypher: MERGE_AUTHORS, params: { authors } },
    { cypher: MERGE_ARTICLES, params: { articles: articles.map(articleParams) } },
    { cypher: RECOMPUTE_AFFILIATIONS, params: { authorIds: authors.map((au) => au.id) } },
  ]);
}

/** Options for loadArticles. */
export interface LoadOptions {
  batchSize?: number;
  /** Called after each committed batch with the number of articles written so far. */
  onProgress?: (written: number) => void;
}

/** Loads any number of articles, batch by batch (each batch its own transaction). */
export async function loadArticles(db: Database, articles: readonly NormalizedArticle[], options: LoadOptions = {}): Promise<void> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  for (let start = 0; start < articles.length; start += batchSize) {
    await loadArticleBatch(db, articles.slice(start, start + batchSize));
    options.onProgress?.(Math.min(start + batchSize, articles.length));
  }
}

function dedupe<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(keyOf(item))) seen.set(keyOf(item), item);
  return [...seen.values()];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function isString(value: string | undefined): value is string {
  return typeof value === 'string' && value.length > 0;
}
