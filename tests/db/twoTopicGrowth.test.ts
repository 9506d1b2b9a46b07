import { describe, expect, it } from 'vitest';
import { useTestApi } from '../helpers/useTestApi.ts';
import { loadArticles } from '../../src/ingest/load/loadGraph.ts';
import { ensureSchema } from '../../src/graph/index.ts';
import { testArticle } from '../helpers/testArticles.ts';
import { profiledRequest } from '../helpers/profiledRequest.ts';
import type { NormalizedArticle } from '../../src/ingest/model.ts';

/**
 * Two topics, ALL: the intersection's page and total cost work in proportion to the smaller topic,
 * however big the other one grows (Neo4j db hits of the statements the API sent, exact whatever the
 * machine's load). The smaller topic here has 300 articles, half of them also of the big one: enough
 * that a cost model judging by the smaller topic's size alone reads the page along the year index,
 * which then walks past the big topic's articles to find 21 of the intersection, more of them the
 * more the big topic has. The page is instead cut from the articles the total counted.
 */

const SMALL = 'Small topic';
const BIG = 'Big topic';

const topic = (name: string) => ({ key: `kw:${name.toLowerCase()}`, name, synonyms: [] });

// 300 articles of the small topic over ten years, every other one also of the big topic.
const small: NormalizedArticle[] = Array.from({ length: 300 }, (_, i) => {
  const article = testArticle(6000 + i, { year: 2000 + (i % 10) });
  const topics = i % 2 === 0 ? [topic(SMALL), topic(BIG)] : [topic(SMALL)];
  return { ...article, keywords: topics.map((t) => t.name), topics };
});

// Of the big topic only, in the same years.
const bigOnly = (from: number, count: number): NormalizedArticle[] =>
  Array.from({ length: count }, (_, i) => {
    const article = testArticle(from + i, { year: 2000 + (i % 10) });
    return { ...article, keywords: [BIG], topics: [topic(BIG)] };
  });

const api = useTestApi(async (db) => {
  await ensureSchema(db);
  await loadArticles(db, [...small, ...bigOnly(0, 200)], { batchSize: 500 });
});

const TWO_TOPICS = `query($a: String!, $b: String!) { articles(filter: { topics: [$a, $b], topicsMatch: ALL }, first: 20) {
  totalCount edges { node { title year } } } }`;

describe('two topics: the intersection does not grow with the bigger topic', () => {
  it('costs no more db hits after the big topic gains 900 articles', async () => {
    const pair = () => profiledRequest(api, TWO_TOPICS, { a: BIG, b: SMALL });
    const before = await pair();
    await loadArticles(api.db, bigOnly(200, 900), { batchSize: 500 });
    const after = await pair();
    expect(after.data).toEqual(before.data);
    expect((before.data as { articles: { totalCount: number } }).articles.totalCount).toBe(150);
    expect(after.articleIndexScans).toEqual([]);
    // Not more (the planner may find a cheaper plan for the larger graph).
    expect(after.dbHits).toBeLessThanOrEqual(before.dbHits);
  });
});
