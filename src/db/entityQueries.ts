import type { Database } from './Database.ts';
import type { AuthorRecord, EntityRecord, InstitutionRecord, JournalRecord, StatsRecord, TopicRecord } from './records.ts';
import { fetchKeysetPage, keysetPageTail, type KeysetPageRows } from './keysetPage.ts';
import { authorProjection, entityProjection, institutionProjection, journalProjection, MODEL_RELATIONSHIP_TYPES, topicProjection } from './projections.ts';

/** Any entities by global id, through the unique Entity.id index. */
export const ENTITIES_BY_ID = `
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN id, ${entityProjection('n')} AS entity`;

/** Batch function: entity per id (missing ids are absent from the map). */
export async function fetchEntitiesById(db: Database, ids: readonly string[]): Promise<Map<string, EntityRecord>> {
  const rows = await db.read<{ id: string; entity: EntityRecord }>(ENTITIES_BY_ID, { ids });
  return new Map(rows.map((row) => [row.id, row.entity]));
}

/** A name, synonym, id or identifier to resolve to entity ids of one label. */
export interface EntityReference {
  label: 'Author' | 'Institution' | 'Journal' | 'Topic';
  /** The text as given (tried as a global id). */
  text: string;
  /** Its lookup form (aliasValue). */
  alias: string;
  /** Also return everything below it: narrower topics, institution units. */
  withDescendants: boolean;
}

/**
 * Resolves references in one round trip: by global id, by alias (names, synonyms, MeSH UIs,
 * ISSNs) or, for authors, by the printed name; optionally with descendants in the hierarchy.
 */
export const RESOLVE_REFERENCES = `
UNWIND range(0, size($refs) - 1) AS i
WITH i, $refs[i] AS ref
CALL (ref) {
  MATCH (n:Entity {id: ref.text}) WHERE ref.label IN labels(n) RETURN n
  UNION
  MATCH (:Alias {value: ref.alias})-[:ALIAS_OF]->(n) WHERE ref.label IN labels(n) RETURN n
  UNION
  MATCH (n:Author {nameLower: ref.alias}) WHERE ref.label = 'Author' RETURN n
}
CALL (n, ref) {
  MATCH (d)-[:BROADER|PART_OF]->{1,10}(n) WHERE ref.withDescendants RETURN collect(DISTINCT d.id) AS descendants
}
RETURN i, collect(DISTINCT n.id) AS ids, collect(descendants) AS descendantLists`;

/** Resolves each reference to the ids it names (empty when it names nothing). */
export async function resolveReferences(db: Database, refs: readonly EntityReference[]): Promise<string[][]> {
  if (refs.length === 0) return [];
  const rows = await db.read<{ i: number; ids: string[]; descendantLists: string[][] }>(RESOLVE_REFERENCES, { refs });
  const result: string[][] = refs.map(() => []);
  for (const row of rows) result[row.i] = [...new Set([...row.ids, ...row.descendantLists.flat()])];
  return result;
}

/**
 * Graph-wide counts. Each count is a single-label or single-type pattern, which Neo4j answers from
 * its count store without scanning; the type list is the fixed model list, not input.
 */
export const STATS = `
CALL () { MATCH (n:Article) RETURN count(n) AS articles }
CALL () { MATCH (n:Author) RETURN count(n) AS authors }
CALL () { MATCH (n:Institution) RETURN count(n) AS institutions }
CALL () { MATCH (n:Journal) RETURN count(n) AS journals }
CALL () { MATCH (n:Topic) RETURN count(n) AS topics }
CALL () { MATCH (n:Source) RETURN count(n) AS sources }
CALL () { MATCH (n:Import) RETURN count(n) AS imports }
${MODEL_RELATIONSHIP_TYPES.map((type, i) => `CALL () { MATCH ()-[r:${type}]->() RETURN count(r) AS r${i} }`).join('\n')}
WITH articles, authors, institutions, journals, topics, sources, imports, ${MODEL_RELATIONSHIP_TYPES.map((_, i) => `r${i}`).join(' + ')} AS relationships
RETURN articles, authors, institutions, journals, topics, relationships, sources, imports`;

/** Counts of every entity type and of model relationships. */
export async function fetchStats(db: Database): Promise<StatsRecord> {
  const rows = await db.read<StatsRecord>(STATS);
  const row = rows[0];
  if (!row) throw new Error('stats query returned no row');
  return row;
}

/** The alphabetical entity lists, keyset-paged on (lower-case name, id). */
export type ListedLabel = 'Author' | 'Institution' | 'Journal' | 'Topic';

const LIST_SOURCE: Readonly<Record<ListedLabel, { match: string; projection: string }>> = {
  Author: {
    match: 'MATCH (n:Author) WHERE $contains IS NULL OR n.nameLower CONTAINS $contains WITH n, n.nameLower AS sortName',
    projection: authorProjection('n'),
  },
  Institution: { match: 'MATCH (n:Institution) WITH n, n.nameLower AS sortName', projection: institutionProjection('n') },
  Journal: { match: 'MATCH (n:Journal) WITH n, n.titleLower AS sortName', projection: journalProjection('n') },
  Topic: { match: 'MATCH (n:Topic) WITH n, n.nameLower AS sortName', projection: topicProjection('n') },
};

/** One query per listed label: total, items after the cursor, and whether any precede it. */
export const ENTITY_LIST: Readonly<Record<ListedLabel, string>> = Object.fromEntries(
  Object.entries(LIST_SOURCE).map(([label, source]) => [
    label,
    `${source.match}
WITH n, coalesce(sortName, '') + '\\u0001' + n.id AS sortKey
${keysetPageTail(source.projection)}`,
  ]),
) as Record<ListedLabel, string>;

/** Record type per listed label. */
export interface ListedRecord {
  Author: AuthorRecord;
  Institution: InstitutionRecord;
  Journal: JournalRecord;
  Topic: TopicRecord;
}

/** Runs one alphabetical page query (ascending by name). */
export async function fetchEntityPage<L extends ListedLabel>(
  db: Database,
  label: L,
  cursor: string | null,
  take: number,
  contains: string | null = null,
): Promise<KeysetPageRows<ListedRecord[L]>> {
  return fetchKeysetPage<ListedRecord[L]>(db, ENTITY_LIST[label], { cursor, take, descending: false }, { contains });
}

/** A topic by global id or by any alias (preferred name, synonym, MeSH UI), in one round trip. */
export const TOPIC_BY_NAME = `
CALL () {
  MATCH (t:Topic {id: $text}) RETURN t
  UNION
  MATCH (:Alias {value: $alias})-[:ALIAS_OF]->(t:Topic) RETURN t
}
WITH t ORDER BY t.id LIMIT 1
RETURN ${topicProjection('t')} AS topic`;

/** Looks a topic up by id, name, synonym or MeSH UI; null when none matches. */
export async function fetchTopicByName(db: Database, text: string, alias: string): Promise<TopicRecord | null> {
  const rows = await db.read<{ topic: TopicRecord }>(TOPIC_BY_NAME, { text, alias });
  return rows[0]?.topic ?? null;
}
