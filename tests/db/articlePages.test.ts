import { describe, expect, it } from 'vitest';
import { useTestApi } from '../helpers/useTestApi.ts';
import { loadArticles } from '../../src/ingest/load/loadGraph.ts';
import { ensureSchema } from '../../src/graph/index.ts';
import { testArticle } from '../helpers/testArticles.ts';
import { Repository } from '../../src/db/Repository.ts';
import { compareKeys, ORDER_SPECS } from '../../src/db/cypher/articleFilterPlan.ts';
import type { GraphQLContext } from '../../src/context.ts';
import type { NormalizedArticle } from '../../src/ingest/model.ts';

/**
 * An article page is read one of two ways: from the anchor's articles (small anchors) or along the
 * sort index, stopping after a page (large anchors). The statement chooses by the anchor's size;
 * here each way is forced (indexScanFactor 0: always the index; Infinity: always the anchor) and
 * every list is walked page by page, forwards and backwards, and compared with the list computed
 * in JavaScript from all matching articles.
 */

// 60 articles, some without a year (they sort last) and some sharing a year (ties broken by id).
const articles: NormalizedArticle[] = Array.from({ length: 60 }, (_, n) => {
  const article = testArticle(n, { year: 2000 + (n % 7) });
  return n % 11 === 3 ? { ...article, year: undefined } : article;
});

const api = useTestApi(async (db) => {
  await ensureSchema(db);
  await loadArticles(db, articles, { batchSize: 30 });
});

const PAGE = `query($filter: ArticleFilter, $sort: ArticleSort, $first: Int, $after: String, $last: Int, $before: String) {
  articles(filter: $filter, sort: $sort, first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id } } } }`;

async function run(factor: number, variables: Record<string, unknown>): Promise<any> {
  const contextValue: GraphQLContext = { repo: new Repository(api.db.forRequest(), { indexScanFactor: factor }) };
  try {
    const response = await api.handle.apollo.executeOperation({ query: PAGE, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    const { data, errors } = response.body.singleResult;
    if (errors) throw new Error(errors.map((e) => e.message).join('; '));
    return (data as any).articles;
  } finally {
    await contextValue.repo.release();
  }
}

/** Walks a whole list in pages of `size`, forwards or backwards, checking page info on the way. */
async function walk(
  factor: number,
  filter: unknown,
  sort: string,
  size: number,
  backward: boolean,
): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total = -1;
  for (let page = 0; page < 100; page += 1) {
    const vars: Record<string, unknown> = backward
      ? { filter, sort, last: size, before: cursor }
      : { filter, sort, first: size, after: cursor };
    const connection = await run(factor, vars);
    total = connection.totalCount;
    const pageIds = connection.edges.map((edge: any) => edge.node.id);
    if (backward) ids.unshift(...pageIds);
    else ids.push(...pageIds);
    const info = connection.pageInfo;
    // The side the cursor came from: items exist there exactly when a cursor was given.
    expect(backward ? info.hasNextPage : info.hasPreviousPage).toBe(cursor !== null);
    const more = backward ? info.hasPreviousPage : info.hasNextPage;
    if (!more) break;
    cursor = backward ? info.startCursor : info.endCursor;
  }
  return { ids, total };
}

/** The list as it should be: every matching article, ordered as the sort order says. */
async function expected(
  where: string,
  params: Record<string, unknown>,
  sort: keyof typeof ORDER_SPECS,
): Promise<string[]> {
  const spec = ORDER_SPECS[sort];
  const rows = await api.db.read<{ id: string; key: string | number | null }>(
    `MATCH (a:Article) WHERE ${where} RETURN a.id AS id, a.${spec.key} AS key`,
    params,
  );
  return rows.sort((x, y) => compareKeys(spec, [x.key, x.id], [y.key, y.id])).map((row) => row.id);
}

type Sort = 'YEAR_DESC' | 'YEAR_ASC' | 'TITLE_ASC' | 'TITLE_DESC';
const ALL_SORTS: Sort[] = ['YEAR_DESC', 'YEAR_ASC', 'TITLE_ASC', 'TITLE_DESC'];

// Every sort order where the two ways differ most (no anchor; a topic anchor), two orders elsewhere.
const CASES: Array<{ name: string; filter: unknown; where: string; params?: Record<string, unknown>; sorts?: Sort[] }> =
  [
    { name: 'no filter', filter: null, where: 'true', sorts: ALL_SORTS },
    {
      name: 'a topic',
      filter: { topic: 'Test topic 2' },
      where: "EXISTS { (a)-[:HAS_TOPIC]->(:Topic {name: 'Test topic 2'}) }",
      sorts: ALL_SORTS,
    },
    {
      name: 'two topics (ALL) and a year range',
      filter: { topics: ['Test topic 1', 'Test topic 2'], yearFrom: 2002, yearTo: 2005 },
      where:
        "EXISTS { (a)-[:HAS_TOPIC]->(:Topic {name: 'Test topic 1'}) } AND EXISTS { (a)-[:HAS_TOPIC]->(:Topic {name: 'Test topic 2'}) } AND a.year >= 2002 AND a.year <= 2005",
    },
    {
      name: 'an author',
      filter: { author: 'Test AUTHOR3' },
      where: "EXISTS { (a)<-[:AUTHORED]-(:Author {name: 'Test AUTHOR3'}) }",
    },
    {
      name: 'a journal and a language',
      filter: { journal: 'Test Journal 1', language: 'english' },
      where: "EXISTS { (a)-[:PUBLISHED_IN]->(:Journal {title: 'Test Journal 1'}) }",
    },
    {
      name: 'an institution',
      filter: { institution: 'Test Institution 2' },
      where: "EXISTS { (a)<-[w:AUTHORED]-() WHERE 'Institution:test-institution-2' IN w.institutionIds }",
    },
  ];

describe('article pages read from the anchor or along the sort index give the same lists', () => {
  for (const { name, filter, where, params, sorts } of CASES) {
    it.each(sorts ?? (['YEAR_DESC', 'TITLE_ASC'] as Sort[]))(
      `${name}, %s, both ways, both directions`,
      async (sort) => {
        const list = await expected(where, params ?? {}, sort);
        expect(list.length).toBeGreaterThan(3);
        for (const factor of [0, Number.POSITIVE_INFINITY]) {
          const forward = await walk(factor, filter, sort, 4, false);
          expect(forward.ids).toEqual(list);
          expect(forward.total).toBe(list.length);
          const backward = await walk(factor, filter, sort, 3, true);
          expect(backward.ids).toEqual(list);
        }
      },
    );
  }
});
