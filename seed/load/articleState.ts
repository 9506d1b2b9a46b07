import type { RecordFormat, StatedArticle } from "../model.ts";
import type { SourceStatement } from "../merge/mergeStatements.ts";
import type { Run } from "./run.ts";

/** A Source node as stored: where the record was read, when and by whom it was imported, and what it states. */
export interface StoredSource {
  id: string;
  articleId: string;
  format: RecordFormat;
  file: string;
  line: number | null;
  index: number | null;
  importedAt: string;
  importedBy: string | null;
  importId: string | null;
  contentHash: string;
  /** StatedArticle as JSON. */
  statement: string;
}

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

/** The current sources and links of many articles, in one round trip. */
export const ARTICLE_STATE = `
UNWIND $ids AS id
MATCH (a:Article {id: id})
RETURN id,
  COLLECT { MATCH (s:Source)-[:DESCRIBES]->(a)
    RETURN s {.id, articleId: id, .format, .file, .line, .index, .importedAt, .importedBy, .importId, .contentHash, .statement} } AS sources,
  COLLECT { MATCH (au:Author)-[:AUTHORED]->(a) RETURN DISTINCT au.id } AS authorIds,
  COLLECT { MATCH (a)-[:PUBLISHED_IN]->(j:Journal) RETURN DISTINCT j.id } AS journalIds,
  COLLECT { MATCH (a)-[:HAS_TOPIC]->(t:Topic) RETURN DISTINCT t.id } AS topicIds,
  COLLECT { MATCH (:Author)-[w:AUTHORED]->(a) UNWIND w.institutionIds AS institutionId RETURN DISTINCT institutionId } AS institutionIds,
  COLLECT { MATCH (al:Alias)-[:ALIAS_OF]->(a) RETURN al.value } AS aliasValues`;

/** Reads the state of the given articles (absent ids are simply missing from the map). */
export async function readArticleState(run: Run, ids: readonly string[]): Promise<Map<string, ArticleState>> {
  if (ids.length === 0) return new Map();
  const rows = await run<ArticleState>(ARTICLE_STATE, { ids });
  return new Map(rows.map((row) => [row.id, row]));
}

/** A stored source as the merge step takes it. */
export function storedStatement(source: StoredSource): SourceStatement {
  return { id: source.id, format: source.format, file: source.file, importedAt: source.importedAt, article: JSON.parse(source.statement) as StatedArticle };
}
