import type { ArticleSourceRecord, ArticleTopicRecord, TopicRecord } from '../records/records.ts';
import { projectFields } from './nodeFields.ts';
import { toArticleSourceRecord, type SourceRow } from '../records/sourceRecords.ts';

/**
 * The provenance side of articles, read in batches (one statement for every article of a list that
 * asks): their sources and their topic links with MeSH flags. Rarer than the article's own fields,
 * so they are left to batched loaders instead of the article's statement. Each statement takes
 * `$ids` and returns rows `{id, value}`.
 */

/** Topic links (HAS_TOPIC with its provenance, major flag and qualifiers) of many articles, in keyword order. */
export const TOPIC_LINKS_BY_ARTICLE = `
UNWIND $ids AS id
MATCH (a:Article {id: id})-[h:HAS_TOPIC]->(t:Topic)
WITH id, h, t ORDER BY h.position
RETURN id, collect({topic: ${projectFields('Topic', 't')}, position: h.position, major: h.major, sources: coalesce(h.sources, []),
  qualifiers: [i IN range(0, size(coalesce(h.qualifiers, [])) - 1) | {name: h.qualifiers[i],
    ui: CASE WHEN coalesce(h.qualifierUis[i], '') = '' THEN null ELSE h.qualifierUis[i] END,
    major: CASE WHEN h.major IS NULL THEN null ELSE h.qualifiers[i] IN coalesce(h.majorQualifiers, []) END}]}) AS value`;

/** Shapes a TOPIC_LINKS_BY_ARTICLE value. */
export function toTopicLinks(value: unknown): ArticleTopicRecord[] {
  return (value as Array<ArticleTopicRecord & { topic: TopicRecord }>) ?? [];
}

/** The sources of many articles, most trusted first (rank, newest import, id), with the article's field-to-source map. */
export const SOURCES_BY_ARTICLE = `
UNWIND $ids AS id
MATCH (a:Article {id: id})<-[:DESCRIBES]-(s:Source)
WITH id, a, s ORDER BY s.rank, s.importedAt DESC, s.id
WITH id, a.fieldSources AS fieldSources,
  collect(s {.id, .format, .file, .line, .index, .importedAt, .importedBy, .importId, .rank, .statement}) AS sources
RETURN id, {fieldSources: fieldSources, sources: sources} AS value`;

/** Shapes a SOURCES_BY_ARTICLE value: each Source node with what its stored statement says. */
export function toArticleSources(value: unknown): ArticleSourceRecord[] {
  const row = value as { fieldSources: string | null; sources: SourceRow[] };
  const fieldSources = row.fieldSources ? (JSON.parse(row.fieldSources) as Record<string, string>) : {};
  return row.sources.map((source) => toArticleSourceRecord(source, fieldSources));
}
