import type { StatedArticle } from '../model.ts';
import type { SourceNode } from '../../graph/index.ts';
import type { SourceStatement } from '../merge/mergeStatements.ts';
import type { Run } from './run.ts';

/** A Source node as the loader reads it before a write (its statement read apart, only when needed), with the article it describes. */
export type StoredSource = Pick<
  SourceNode,
  'id' | 'format' | 'file' | 'line' | 'index' | 'importedAt' | 'importedBy' | 'importId' | 'contentHash'
> & {
  articleId: string;
};

/** What an article has before a write: its sources and everything its links point at (the orphan candidates if the write drops them). */
export interface ArticleState {
  id: string;
  sources: StoredSource[];
  authorIds: string[];
  journalIds: string[];
  topicIds: string[];
  institutionIds: string[];
  aliasValues: string[];
}

/** The ArticleState of the article bound to `v` (a fixed variable name chosen by the query author), as a map. */
export const articleStateProjection = (v: string): string => `{
  id: ${v}.id,
  sources: COLLECT { MATCH (s:Source)-[:DESCRIBES]->(${v})
    RETURN s {.id, articleId: ${v}.id, .format, .file, .line, .index, .importedAt, .importedBy, .importId, .contentHash} },
  authorIds: COLLECT { MATCH (au:Author)-[:AUTHORED]->(${v}) RETURN DISTINCT au.id },
  journalIds: COLLECT { MATCH (${v})-[:PUBLISHED_IN]->(j:Journal) RETURN DISTINCT j.id },
  topicIds: COLLECT { MATCH (${v})-[:HAS_TOPIC]->(t:Topic) RETURN DISTINCT t.id },
  institutionIds: COLLECT { MATCH (:Author)-[w:AUTHORED]->(${v}) UNWIND w.institutionIds AS institutionId RETURN DISTINCT institutionId },
  aliasValues: COLLECT { MATCH (al:Alias)-[:ALIAS_OF]->(${v}) RETURN al.value }
}`;

/** The current sources and links of many articles, in one round trip. */
export const ARTICLE_STATE = `
UNWIND $ids AS id
MATCH (a:Article {id: id})
RETURN ${articleStateProjection('a')} AS state`;

/** Reads the state of the given articles (absent ids are simply missing from the map). */
export async function readArticleState(run: Run, ids: readonly string[]): Promise<Map<string, ArticleState>> {
  if (ids.length === 0) return new Map();
  const rows = await run<{ state: ArticleState }>(ARTICLE_STATE, { ids });
  return new Map(rows.map((row) => [row.state.id, row.state]));
}

/** What stored sources state (read only for the articles a write rebuilds: an unchanged re-import never needs them). */
export const SOURCE_STATEMENTS = `
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN s.id AS id, s.statement AS statement`;

/** The given stored sources as the merge step takes them, their statements read in one round trip. */
export async function storedStatements(
  run: Run,
  sources: readonly StoredSource[],
): Promise<Map<string, SourceStatement>> {
  if (sources.length === 0) return new Map();
  const rows = await run<{ id: string; statement: string }>(SOURCE_STATEMENTS, { ids: sources.map((s) => s.id) });
  const text = new Map(rows.map((r) => [r.id, r.statement]));
  return new Map(
    sources.map((source) => [
      source.id,
      {
        id: source.id,
        format: source.format,
        file: source.file,
        importedAt: source.importedAt,
        article: JSON.parse(text.get(source.id) ?? '{}') as StatedArticle,
      },
    ]),
  );
}
