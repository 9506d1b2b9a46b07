import type { Database } from './Database.ts';
import type { ArticleRecord, ArticleSourceRecord, ArticleTopicRecord, AuthorshipRecord, FacetBucketRecord, JournalRecord, RelatedArticleRecord, TopicRecord } from './records.ts';
import { toArticleSourceRecord, type SourceRow } from './sourceRecords.ts';
import { articleProjection, authorProjection, journalProjection, topicProjection } from './projections.ts';
import { fetchKeysetPage, keysetPageTail, type KeysetPageRows, type KeysetParams } from './keysetPage.ts';

/** Which set of articles a list query starts from: the most selective resolved filter. */
export type ArticleAnchor = 'all' | 'topic' | 'author' | 'journal' | 'institution';

/**
 * A filter whose names were already resolved to ids (see Repository.resolveArticleFilter). Each
 * group is one condition: the article must be linked to at least one id of every group. Null
 * means "no condition".
 */
export interface ResolvedArticleFilter {
  anchor: ArticleAnchor;
  anchorIds: string[];
  topicGroups: string[][];
  authorGroups: string[][];
  institutionGroups: string[][];
  journalGroups: string[][];
  yearFrom: number | null;
  yearTo: number | null;
  language: string | null;
}

/** The article sort orders of the API. */
export type ArticleOrder = 'YEAR_DESC' | 'YEAR_ASC' | 'TITLE_ASC' | 'TITLE_DESC';

// Starting points, one per anchor. Each yields DISTINCT `a` rows.
const ANCHOR_MATCH: Readonly<Record<ArticleAnchor, string>> = {
  all: 'MATCH (a:Article)',
  topic: 'MATCH (anchor:Topic) WHERE anchor.id IN $filter.anchorIds MATCH (anchor)<-[:HAS_TOPIC]-(a:Article) WITH DISTINCT a',
  author: 'MATCH (anchor:Author) WHERE anchor.id IN $filter.anchorIds MATCH (anchor)-[:AUTHORED]->(a:Article) WITH DISTINCT a',
  journal: 'MATCH (anchor:Journal) WHERE anchor.id IN $filter.anchorIds MATCH (anchor)<-[:PUBLISHED_IN]-(a:Article) WITH DISTINCT a',
  institution: `MATCH (anchor:Institution) WHERE anchor.id IN $filter.anchorIds
    MATCH (anchor)<-[:AFFILIATED_WITH]-(:Author)-[w:AUTHORED]->(a:Article)
    WHERE any(x IN w.institutionIds WHERE x IN $filter.anchorIds) WITH DISTINCT a`,
};

// Every condition of a resolved filter, as parameters only.
const FILTER_WHERE = `
WITH a WHERE ($filter.yearFrom IS NULL OR a.year >= $filter.yearFrom)
  AND ($filter.yearTo IS NULL OR a.year <= $filter.yearTo)
  AND ($filter.language IS NULL OR toLower(a.language) = $filter.language)
  AND all(group IN $filter.journalGroups WHERE EXISTS { MATCH (a)-[:PUBLISHED_IN]->(j:Journal) WHERE j.id IN group })
  AND all(group IN $filter.authorGroups WHERE EXISTS { MATCH (au:Author)-[:AUTHORED]->(a) WHERE au.id IN group })
  AND all(group IN $filter.institutionGroups WHERE EXISTS {
        MATCH (:Author)-[w:AUTHORED]->(a) WHERE any(x IN w.institutionIds WHERE x IN group) })
  AND all(group IN $filter.topicGroups WHERE EXISTS { MATCH (a)-[:HAS_TOPIC]->(t:Topic) WHERE t.id IN group })`;

// The keyset: one comparable string per article and order. Year orders pad the year so strings
// compare like numbers; missing years sort last. The article id breaks ties, so keys are unique.
const PAGE_TAIL = `
WITH a AS n, CASE $order
  WHEN 'YEAR_DESC' THEN right('00000' + toString(99999 - coalesce(a.year, 0)), 5) + '\\u0001' + a.id
  WHEN 'YEAR_ASC' THEN right('00000' + toString(coalesce(a.year, 99999)), 5) + '\\u0001' + a.id
  ELSE coalesce(a.titleLower, '') + '\\u0001' + a.id
END AS sortKey
${keysetPageTail(articleProjection('n'))}`;

/** The article page query for each anchor. */
export const ARTICLE_PAGE: Readonly<Record<ArticleAnchor, string>> = Object.fromEntries(
  Object.entries(ANCHOR_MATCH).map(([anchor, match]) => [anchor, `${match}${FILTER_WHERE}${PAGE_TAIL}`]),
) as Record<ArticleAnchor, string>;

/** Runs the page query: `take` items after `cursor` in the given direction. */
export async function fetchArticlePage(
  db: Database,
  filter: ResolvedArticleFilter,
  order: ArticleOrder,
  keyset: KeysetParams,
): Promise<KeysetPageRows<ArticleRecord>> {
  return fetchKeysetPage<ArticleRecord>(db, ARTICLE_PAGE[filter.anchor], keyset, { filter, order });
}

/** Article by lower-cased DOI. */
export const ARTICLE_BY_DOI = `MATCH (a:Article {doiLower: $doi}) RETURN ${articleProjection('a')} AS article LIMIT 1`;

/** Looks an article up by DOI (already normalized to lower case without prefix). */
export async function fetchArticleByDoi(db: Database, doi: string): Promise<ArticleRecord | null> {
  const rows = await db.read<{ article: ArticleRecord }>(ARTICLE_BY_DOI, { doi });
  return rows[0]?.article ?? null;
}

/** Authorships of many articles at once, in byline order. */
export const AUTHORSHIPS_BY_ARTICLE = `
UNWIND $ids AS articleId
MATCH (a:Article {id: articleId})<-[w:AUTHORED]-(au:Author)
WITH articleId, w, au ORDER BY w.position
RETURN articleId, collect({articleId: articleId, position: w.position, rawAffiliation: w.rawAffiliation,
  markers: coalesce(w.markers, []), institutionIds: coalesce(w.institutionIds, []), sources: coalesce(w.sources, []),
  author: ${authorProjection('au')}}) AS authorships`;

/** Batch function: authorships per article id. */
export async function fetchAuthorshipsByArticle(db: Database, ids: readonly string[]): Promise<Map<string, AuthorshipRecord[]>> {
  const rows = await db.read<{ articleId: string; authorships: AuthorshipRecord[] }>(AUTHORSHIPS_BY_ARTICLE, { ids });
  return new Map(rows.map((row) => [row.articleId, row.authorships]));
}

/** Journals of many articles at once. */
export const JOURNAL_BY_ARTICLE = `
UNWIND $ids AS articleId
MATCH (a:Article {id: articleId})-[:PUBLISHED_IN]->(j:Journal)
RETURN articleId, ${journalProjection('j')} AS journal`;

/** Batch function: journal per article id. */
export async function fetchJournalByArticle(db: Database, ids: readonly string[]): Promise<Map<string, JournalRecord>> {
  const rows = await db.read<{ articleId: string; journal: JournalRecord }>(JOURNAL_BY_ARTICLE, { ids });
  return new Map(rows.map((row) => [row.articleId, row.journal]));
}

/** Topics of many articles at once, in keyword order. */
export const TOPICS_BY_ARTICLE = `
UNWIND $ids AS articleId
MATCH (a:Article {id: articleId})-[h:HAS_TOPIC]->(t:Topic)
WITH articleId, h, t ORDER BY h.position
RETURN articleId, collect(${topicProjection('t')}) AS topics`;

/** Batch function: topics per article id. */
export async function fetchTopicsByArticle(db: Database, ids: readonly string[]): Promise<Map<string, TopicRecord[]>> {
  const rows = await db.read<{ articleId: string; topics: TopicRecord[] }>(TOPICS_BY_ARTICLE, { ids });
  return new Map(rows.map((row) => [row.articleId, row.topics]));
}

/** Topic links (HAS_TOPIC with its provenance, major flag and qualifiers) of many articles at once, in order. */
export const TOPIC_LINKS_BY_ARTICLE = `
UNWIND $ids AS articleId
MATCH (a:Article {id: articleId})-[h:HAS_TOPIC]->(t:Topic)
WITH articleId, h, t ORDER BY h.position
RETURN articleId, collect({topic: ${topicProjection('t')}, position: h.position, major: h.major, sources: coalesce(h.sources, []),
  qualifiers: [i IN range(0, size(coalesce(h.qualifiers, [])) - 1) | {name: h.qualifiers[i],
    ui: CASE WHEN coalesce(h.qualifierUis[i], '') = '' THEN null ELSE h.qualifierUis[i] END,
    major: CASE WHEN h.major IS NULL THEN null ELSE h.qualifiers[i] IN coalesce(h.majorQualifiers, []) END}]}) AS links`;

/** Batch function: topic links per article id. */
export async function fetchTopicLinksByArticle(db: Database, ids: readonly string[]): Promise<Map<string, ArticleTopicRecord[]>> {
  const rows = await db.read<{ articleId: string; links: ArticleTopicRecord[] }>(TOPIC_LINKS_BY_ARTICLE, { ids });
  return new Map(rows.map((row) => [row.articleId, row.links]));
}

/** The sources of many articles at once, most trusted first (rank, newest import, id), with the article's field-to-source map. */
export const SOURCES_BY_ARTICLE = `
UNWIND $ids AS articleId
MATCH (a:Article {id: articleId})<-[:DESCRIBES]-(s:Source)
WITH articleId, a, s ORDER BY s.rank, s.importedAt DESC, s.id
RETURN articleId, a.fieldSources AS fieldSources,
  collect(s {.id, .format, .file, .line, .index, .importedAt, .importedBy, .importId, .rank, .statement}) AS sources`;

/** Batch function: sources per article id. */
export async function fetchSourcesByArticle(db: Database, ids: readonly string[]): Promise<Map<string, ArticleSourceRecord[]>> {
  const rows = await db.read<{ articleId: string; fieldSources: string | null; sources: SourceRow[] }>(SOURCES_BY_ARTICLE, { ids });
  return new Map(
    rows.map((row) => {
      const fieldSources = row.fieldSources ? (JSON.parse(row.fieldSources) as Record<string, string>) : {};
      return [row.articleId, row.sources.map((source) => toArticleSourceRecord(source, fieldSources))];
    }),
  );
}

/** Articles sharing topics with each of many articles, most shared first. */
export const RELATED_ARTICLES = `
UNWIND $ids AS articleId
MATCH (a:Article {id: articleId})
CALL (a) {
  MATCH (a)-[:HAS_TOPIC]->(t:Topic)<-[:HAS_TOPIC]-(b:Article)
  WHERE b <> a
  WITH b, collect(t) AS shared
  ORDER BY size(shared) DESC, coalesce(b.year, 0) DESC, b.id
  LIMIT $first
  RETURN collect({article: ${articleProjection('b')}, sharedTopics: size(shared),
    topics: [t IN shared | ${topicProjection('t')}]}) AS related
}
RETURN articleId, related`;

/** Batch function: related articles per article id. */
export async function fetchRelatedArticles(db: Database, ids: readonly string[], first: number): Promise<Map<string, RelatedArticleRecord[]>> {
  const rows = await db.read<{ articleId: string; related: RelatedArticleRecord[] }>(RELATED_ARTICLES, { ids, first });
  return new Map(rows.map((row) => [row.articleId, row.related]));
}

/** Facet field names of the API. */
export type FacetField = 'YEAR' | 'JOURNAL' | 'TOPIC' | 'INSTITUTION' | 'COUNTRY' | 'LANGUAGE';

const FACET_GROUP: Readonly<Record<FacetField, string>> = {
  YEAR: 'WITH a WHERE a.year IS NOT NULL WITH toString(a.year) AS key, toString(a.year) AS label, count(*) AS count',
  COUNTRY: 'WITH a WHERE a.country IS NOT NULL WITH a.country AS key, a.country AS label, count(*) AS count',
  LANGUAGE: 'WITH a WHERE a.language IS NOT NULL WITH a.language AS key, a.language AS label, count(*) AS count',
  JOURNAL: 'MATCH (a)-[:PUBLISHED_IN]->(j:Journal) WITH j.id AS key, j.title AS label, count(DISTINCT a) AS count',
  TOPIC: 'MATCH (a)-[:HAS_TOPIC]->(t:Topic) WITH t.id AS key, t.name AS label, count(DISTINCT a) AS count',
  INSTITUTION: `MATCH (a)<-[w:AUTHORED]-(:Author) UNWIND w.institutionIds AS institutionId
    MATCH (i:Institution {id: institutionId}) WITH i.id AS key, i.name AS label, count(DISTINCT a) AS count`,
};

/** Facet queries per anchor and field. */
export const FACETS: Readonly<Record<ArticleAnchor, Readonly<Record<FacetField, string>>>> = Object.fromEntries(
  Object.entries(ANCHOR_MATCH).map(([anchor, match]) => [
    anchor,
    Object.fromEntries(
      Object.entries(FACET_GROUP).map(([field, group]) => [
        field,
        `${match}${FILTER_WHERE}\n${group}\nRETURN key, label, count ORDER BY count DESC, label ASC LIMIT $first`,
      ]),
    ),
  ]),
) as Record<ArticleAnchor, Record<FacetField, string>>;

/** Counts matching articles grouped by one field. */
export async function fetchFacets(db: Database, filter: ResolvedArticleFilter, by: FacetField, first: number): Promise<FacetBucketRecord[]> {
  return db.read<FacetBucketRecord>(FACETS[filter.anchor][by], { filter, first });
}
