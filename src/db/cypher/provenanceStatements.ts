import type { ArticleSourceRecord, ArticleTopicRecord, JournalIssnRecord, TopicRecord } from '../records/records.ts';
import { projectFields } from './nodeFields.ts';
import { formatName, issnTypeName, toArticleSourceRecord, type SourceRow } from '../records/sourceRecords.ts';

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

/** How many of the sources stating one ISSN Journal.issnSources lists by id (all are counted). */
export const ISSN_SOURCES_LISTED = 20;

/**
 * Every ISSN of many journals (the deciding description's, typed, then those only other sources
 * state, as Journal.issns lists them), each with the sources of the journal's articles whose stored
 * statement prints it, most trusted first. A statement's ISSNs are its only `"value":"..."` entries
 * (src/ingest/model.ts StatedArticle; JSON written with fixed key order), and an ISSN the curated
 * journal list added to a record that does not print it is marked `"curated":true` there: it is
 * not counted as the source's.
 */
export const ISSN_SOURCES_BY_JOURNAL = `
UNWIND $ids AS id
MATCH (j:Journal {id: id})
WITH id, j, coalesce(j.issns, CASE WHEN j.issn IS NULL THEN [] ELSE [j.issn] END) AS typed
WITH id, j, [i IN range(0, size(typed) - 1) | {value: typed[i], type: coalesce(j.issnTypes, [])[i]}]
  + [x IN coalesce(j.statedIssns, []) WHERE NOT x IN typed | {value: x, type: null}] AS issns
RETURN id, [issn IN issns | {value: issn.value, type: issn.type, sources: COLLECT {
  MATCH (j)<-[:PUBLISHED_IN]-(:Article)<-[:DESCRIBES]-(s:Source)
  WHERE s.statement CONTAINS ('"value":"' + issn.value + '"')
    AND NOT s.statement CONTAINS ('"value":"' + issn.value + '","curated":true')
  WITH s ORDER BY s.rank, s.importedAt DESC, s.id
  RETURN s {.id, .format, .file}
}}] AS value`;

/** Shapes an ISSN_SOURCES_BY_JOURNAL value. */
export function toJournalIssns(value: unknown): JournalIssnRecord[] {
  const rows =
    (value as Array<{
      value: string;
      type: string | null;
      sources: Array<{ id: string; format: SourceRow['format']; file: string }>;
    }> | null) ?? [];
  return rows.map((row) => {
    const sources = row.sources.map((s) => ({ id: s.id, format: formatName(s.format), file: s.file }));
    return {
      value: row.value,
      type: issnTypeName(row.type),
      sourceCount: sources.length,
      formats: [...new Set(sources.map((s) => s.format))],
      sources: sources.slice(0, ISSN_SOURCES_LISTED),
    };
  });
}
