import { describe, expect, it } from 'vitest';
import { useTestApi } from '../helpers/useTestApi.ts';
import { execute } from '../helpers/graphql.ts';
import { loadArticles } from '../../src/ingest/load/loadGraph.ts';
import { ensureSchema } from '../../src/graph/index.ts';
import { testArticle } from '../helpers/testArticles.ts';

const api = useTestApi(async (db) => {
  await ensureSchema(db);
  await loadArticles(
    db,
    Array.from({ length: 120 }, (_, n) => testArticle(n)),
    { batchSize: 50 },
  );
});

const PAGE = `query($first: Int!) { articles(first: $first) { totalCount edges { node {
  title year
  journal { title issn }
  topics { name meshId }
  authorships { position rawAffiliation author { name } institutions { name parent { name } } }
} } } }`;

describe('batched data access', () => {
  it('answers a page of 100 articles with authorships, institutions, journal and topics in a fixed small number of round trips', async () => {
    const big = await execute<any>(api.handle, PAGE, { first: 100 });
    expect(big.errors).toBeUndefined();
    expect(big.data.articles.edges).toHaveLength(100);
    expect(
      big.data.articles.edges.every(
        (e: any) => e.node.authorships.length === 3 && e.node.topics.length === 2 && e.node.journal,
      ),
    ).toBe(true);
    // filter resolution + page, then one query per level: authorships, journal, topics, institutions (+ parents).
    expect(big.roundTrips).toBeLessThanOrEqual(7);

    const small = await execute<any>(api.handle, PAGE, { first: 5 });
    expect(small.roundTrips).toBe(big.roundTrips);
  });

  it('batches nested relationship lists across parents too', async () => {
    const result = await execute<any>(
      api.handle,
      '{ authors(first: 40) { edges { node { name coauthors(first: 5) { sharedArticles } topics(first: 3) { articleCount } institutions { name } } } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.authors.edges).toHaveLength(40);
    expect(result.roundTrips).toBeLessThanOrEqual(4);
  });
});
