import { describe, expect, it } from 'vitest';
import { useTestApi } from '../helpers/useTestApi.ts';
import { execute } from '../helpers/graphql.ts';
import { loadArticles } from '../../src/ingest/load/loadGraph.ts';
import { ensureSchema } from '../../src/graph/index.ts';
import { testArticle } from '../helpers/testArticles.ts';

/**
 * The shapes people ask for most are answered in ONE Cypher statement each (counted: every
 * statement sent to Neo4j, whatever the request's transaction), with the right answers.
 */

const api = useTestApi(async (db) => {
  await ensureSchema(db);
  await loadArticles(
    db,
    Array.from({ length: 120 }, (_, n) => testArticle(n)),
    { batchSize: 60 },
  );
});

const ARTICLE = `query($doi: String!) { article(doi: $doi) {
  title year abstract
  journal { title issn }
  authorships { position rawAffiliation author { name } institutions { name parent { name } } }
  topics { name meshId } } }`;

const TOPIC_PAGE = `query($name: String!) { topic(name: $name) { name articles(first: 20) { totalCount
  pageInfo { hasNextPage endCursor }
  edges { node { title year journal { title } authorships { position author { name } } } } } } }`;

const HUNDRED = `{ articles(first: 100) { totalCount edges { node {
  title year
  journal { title issn }
  topics { name meshId }
  authorships { position rawAffiliation author { name } institutions { name parent { name } } } } } } }`;

describe('one statement per common shape', () => {
  it('answers an article by DOI with its journal, authorships, authors, institutions and topics in one statement', async () => {
    const result = await execute<any>(api.handle, ARTICLE, { doi: '10.9999/GENERATED.0007' });
    expect(result.errors).toBeUndefined();
    expect(result.roundTrips).toBe(1);
    const article = result.data.article;
    expect(article.title).toBe('[TEST] Generated article 0007');
    expect(article.journal).toEqual({ title: 'Test Journal 1', issn: null });
    expect(article.authorships.map((w: any) => [w.position, w.author.name])).toEqual([
      [1, 'Test AUTHOR7'],
      [2, 'Test AUTHOR14'],
      [3, 'Test AUTHOR21'],
    ]);
    expect(article.authorships[0].institutions).toEqual([{ name: 'Test Institution 3', parent: null }]);
    expect(article.authorships[1].institutions).toEqual([]);
    expect(article.topics.map((t: any) => t.name)).toEqual(['Test topic 2', 'Test topic 3']);
  });

  it("answers a topic's first page of articles with authors and journal, and its total, in one statement", async () => {
    const result = await execute<any>(api.handle, TOPIC_PAGE, { name: 'test topic 1' });
    expect(result.errors).toBeUndefined();
    expect(result.roundTrips).toBe(1);
    const page = result.data.topic.articles;
    // Articles n with n % 5 in {0, 1} carry topic 1: 48 of 120.
    expect(page.totalCount).toBe(48);
    expect(page.edges).toHaveLength(20);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const years = page.edges.map((edge: any) => edge.node.year);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    expect(page.edges.every((edge: any) => edge.node.journal && edge.node.authorships.length === 3)).toBe(true);
  });

  it('answers a page of 100 articles with authorships, institutions, journal and topics in one statement', async () => {
    const result = await execute<any>(api.handle, HUNDRED);
    expect(result.errors).toBeUndefined();
    expect(result.roundTrips).toBe(1);
    expect(result.data.articles.totalCount).toBe(120);
    expect(result.data.articles.edges).toHaveLength(100);
    expect(
      result.data.articles.edges.every(
        (e: any) => e.node.authorships.length === 3 && e.node.topics.length === 2 && e.node.journal,
      ),
    ).toBe(true);
  });

  it('answers the next page from its cursor in one statement too', async () => {
    const first = await execute<any>(api.handle, TOPIC_PAGE, { name: 'test topic 1' });
    const next = await execute<any>(
      api.handle,
      `query($name: String!, $after: String) { topic(name: $name) { articles(first: 20, after: $after) { pageInfo { hasPreviousPage } edges { node { title } } } } }`,
      { name: 'test topic 1', after: first.data.topic.articles.pageInfo.endCursor },
    );
    expect(next.roundTrips).toBe(1);
    expect(next.data.topic.articles.pageInfo.hasPreviousPage).toBe(true);
    const titles = new Set(first.data.topic.articles.edges.map((edge: any) => edge.node.title));
    expect(next.data.topic.articles.edges.some((edge: any) => titles.has(edge.node.title))).toBe(false);
  });

  it('pages the articles of every topic of a list in one statement, not one per topic', async () => {
    const result = await execute<any>(
      api.handle,
      '{ topics(first: 5) { edges { node { name articles(first: 3) { totalCount edges { node { title } } } } } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.topics.edges).toHaveLength(5);
    expect(
      result.data.topics.edges.every(
        (edge: any) => edge.node.articles.totalCount === 48 && edge.node.articles.edges.length === 3,
      ),
    ).toBe(true);
    // The topic list, then the articles of all five topics.
    expect(result.roundTrips).toBe(2);
  });
});
