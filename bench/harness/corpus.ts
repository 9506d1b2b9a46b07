/**
 * The benchmarks' synthetic corpus: bench/generateCorpus.ts with the real vocabulary topics mixed in
 * and one seed, so every benchmark measures the same articles at the same size.
 */
import type { NormalizedArticle, TopicEntity } from '../../src/ingest/index.ts';
import { generateArticles, generateCorpus } from '../../tests/helpers/generateCorpus.ts';

export const SEED = 42;

export interface BenchCorpusOptions {
  seed?: number;
  /** The real vocabulary topics (loadReferenceData().vocabulary.topics). */
  realTopics?: readonly TopicEntity[];
  /** Reference lists (CITES edges). */
  references?: boolean;
}

const generatorOptions = (size: number, options: BenchCorpusOptions) => ({
  articles: size,
  seed: options.seed ?? SEED,
  ...(options.realTopics ? { realTopics: options.realTopics } : {}),
  references: options.references ?? false,
});

/** The corpus of `size` articles. */
export function benchCorpus(size: number, options: BenchCorpusOptions = {}): NormalizedArticle[] {
  return generateCorpus(generatorOptions(size, options));
}

/**
 * The same articles as benchCorpus, one at a time, for a consumer that reads them once (the bulk
 * path, the choice of inputs): at a million articles the corpus held whole is several GB.
 */
export function benchArticles(size: number, options: BenchCorpusOptions = {}): Iterable<NormalizedArticle> {
  return generateArticles(generatorOptions(size, options));
}

/**
 * `count` articles that are not in the corpus of `size` (numbers size+1 … size+count) but draw their
 * authors, topics, journals and references from the same popularity distributions: an incremental
 * import into a loaded corpus. Taken from the corpus of size + count, streamed, so the first `size`
 * articles are never held.
 */
export function newArticles(size: number, count: number, options: BenchCorpusOptions = {}): NormalizedArticle[] {
  const result: NormalizedArticle[] = [];
  let n = 0;
  for (const article of benchArticles(size + count, options)) {
    n += 1;
    if (n > size) result.push(article);
  }
  return result;
}
