import type { Database } from '../src/db/Database.ts';
import type { NormalizedArticle } from './model.ts';
import { readRecordFiles } from './read.ts';
import { parseRecord } from './parse/parseRecord.ts';
import { normalizeRecord } from './normalize/normalizeRecord.ts';
import { loadReferenceData } from './normalize/loadReferenceData.ts';
import type { ReferenceData } from './normalize/ReferenceData.ts';
import { ensureSchema, loadArticles, loadVocabulary, type LoadOptions } from './load/loadGraph.ts';

/** What a seed run did. */
export interface SeedSummary {
  files: number;
  articles: number;
}

/**
 * Parses and normalizes every record first, then loads: a bad record anywhere stops the run
 * before anything is written (the error names the file, line and field).
 */
export function prepareArticles(files: ReadonlyArray<{ file: string; text: string }>, reference: ReferenceData): NormalizedArticle[] {
  const byKey = new Map<string, NormalizedArticle>();
  for (const { file, text } of files) {
    const article = normalizeRecord(parseRecord(text, file), reference);
    const earlier = byKey.get(article.key);
    if (earlier) {
      throw new Error(`${file}: the same article (${article.key}) is also in ${earlier.sourceFile}; remove one of the two records`);
    }
    byKey.set(article.key, article);
  }
  return [...byKey.values()];
}

/** Seeds record files or folders into the graph: schema, vocabulary, then the articles in batches. */
export async function seedFiles(
  db: Database,
  paths: readonly string[],
  options: LoadOptions & { reference?: ReferenceData; onPrepared?: (articles: number) => void } = {},
): Promise<SeedSummary> {
  const files = await readRecordFiles([...paths]);
  const reference = options.reference ?? (await loadReferenceData());
  const articles = prepareArticles(files, reference);
  options.onPrepared?.(articles.length);
  await ensureSchema(db);
  await loadVocabulary(db, reference.vocabulary);
  await loadArticles(db, articles, options);
  return { files: files.length, articles: articles.length };
}
