import { describe, expect, it } from 'vitest';
import { useTestApi } from '../helpers/useTestApi.ts';
import { query } from '../helpers/graphql.ts';
import { loadArticleBatch, loadArticles } from '../../src/ingest/load/loadGraph.ts';
import { ensureSchema } from '../../src/graph/index.ts';
import { testArticle } from '../helpers/testArticles.ts';

const api = useTestApi(async (db) => {
  await ensureSchema(db);
  await loadArticles(
    db,
    Array.from({ length: 30 }, (_, n) => testArticle(n)),
  );
});

const PAGE =
  'query($after: String, $sort: ArticleSort) { articles(first: 4, after: $after, sort: $sort) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }';

describe('keyset cursors while records are added', () => {
  it.each(['YEAR_DESC', 'TITLE_ASC'])(
    'pages %s end to end with no duplicate and no gap while new articles arrive',
    async (sort) => {
      const original = new Set(
        (await api.db.read<{ id: string }>('MATCH (a:Article) RETURN a.id AS id')).map((r) => r.id),
      );
      const seen: string[] = [];
      let after: string | null = null;
      let added = 0;
      for (let page = 0; page < 100; page += 1) {
        const data: any = await query(api.handle, PAGE, { after, sort });
        seen.push(...data.articles.edges.map((e: any) => e.node.id));
        // Between pages, someone loads two more articles: one sorting before the cursor, one after.
        const n = 1000 + (sort === 'YEAR_DESC' ? 0 : 100) + added;
        await loadArticleBatch(api.db, [testArticle(n, { year: 2030 }), testArticle(n + 1, { year: 1990 })]);
        added += 2;
        if (!data.articles.pageInfo.hasNextPage) break;
        after = data.articles.pageInfo.endCursor;
      }
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of original) expect(seen).toContain(id);
      // The list as it stands now is ordered the way the pages were.
      const now: any = await query(
        api.handle,
        'query($sort: ArticleSort) { articles(first: 100, sort: $sort) { edges { node { id } } } }',
        { sort },
      );
      const order = now.articles.edges.map((e: any) => e.node.id);
      const positions = seen.map((id) => order.indexOf(id));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    },
  );
});
