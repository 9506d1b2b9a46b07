import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApi } from '../helpers/useTestApi.ts';
import { loadArticles } from '../../src/ingest/load/loadGraph.ts';
import { ensureSchema } from '../../src/graph/index.ts';
import { generateCorpus } from '../helpers/generateCorpus.ts';
import { testArticle } from '../helpers/testArticles.ts';
import type { NormalizedArticle } from '../../src/ingest/model.ts';
import { profiledRequest } from '../helpers/profiledRequest.ts';
import { query } from '../helpers/graphql.ts';

/**
 * Co-citation and bibliographic coupling against a count made here from the graph's CITES edges, on
 * a synthetic corpus whose citations are Zipf-popular (a few works cited by hundreds of articles, as in
 * real citation data): so the lists have many articles at each count and ties at the cut, which the
 * statements settle by reading ids only for the counts that reach `first`.
 */

const corpus = generateCorpus({ articles: 300, seed: 29, references: true });

const api = useTestApi(async (db) => {
  await ensureSchema(db);
  await loadArticles(db, corpus, { batchSize: 500 });
});

type Counted = Array<[string, number]>;

/** The `first` most counted of `counts`, most first, then by id: what the API promises. */
function expected(counts: Map<string, number>, first: number): Counted {
  return [...counts.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, first);
}

/** For every article, how many references it shares with each other (coupling) and how often each other is cited with it (co-citation). */
function countsFrom(edges: Array<[string, string]>) {
  const refs = new Map<string, Set<string>>();
  const citing = new Map<string, Set<string>>();
  for (const [from, to] of edges) {
    if (!refs.has(from)) refs.set(from, new Set());
    refs.get(from)!.add(to);
    if (!citing.has(to)) citing.set(to, new Set());
    citing.get(to)!.add(from);
  }
  const tally = (groups: Map<string, Set<string>>, across: Map<string, Set<string>>, a: string) => {
    const counts = new Map<string, number>();
    for (const via of groups.get(a) ?? [])
      for (const b of across.get(via) ?? []) if (b !== a) counts.set(b, (counts.get(b) ?? 0) + 1);
    return counts;
  };
  return {
    refs,
    citing,
    coupled: (a: string) => tally(refs, citing, a),
    coCited: (a: string) => tally(citing, refs, a),
  };
}

const LISTS = `query($id: ID!) { article: node(id: $id) { ... on Article {
  c1: coupled(first: 1) { count article { id } } c4: coupled(first: 4) { count article { id } }
  c20: coupled(first: 20) { count article { id } }
  k1: coCited(first: 1) { count article { id } } k4: coCited(first: 4) { count article { id } }
  k20: coCited(first: 20) { count article { id } } } } }`;

type List = Array<{ count: number; article: { id: string } }>;
const counted = (list: List): Counted => list.map((item) => [item.article.id, item.count]);

describe('co-citation and coupling lists', () => {
  let graph: ReturnType<typeof countsFrom>;
  beforeAll(async () => {
    const rows = await api.db.read<{ from: string; to: string }>(
      'MATCH (x:Article)-[:CITES]->(y:Article) RETURN x.id AS from, y.id AS to',
    );
    graph = countsFrom(rows.map((r) => [r.from, r.to]));
  });

  it('rank by count, then id, as a count from the CITES edges does, at every cut', async () => {
    // The articles citing the five most cited works (their lists have the most ties) and every
    // tenth of the others; the most cited works themselves for co-citation.
    const popular = [...graph.citing.entries()].sort((x, y) => y[1].size - x[1].size).slice(0, 5);
    const ids = new Set<string>(popular.map(([id]) => id));
    for (const [, citers] of popular) for (const id of citers) ids.add(id);
    for (const [i, id] of [...graph.refs.keys()].sort().entries()) if (i % 10 === 0) ids.add(id);
    expect(ids.size).toBeGreaterThan(80);
    let tiesAtTheCut = 0;
    for (const id of ids) {
      const data = await query<{ article: Record<string, List> }>(api.handle, LISTS, { id });
      const coupled = graph.coupled(id);
      const coCited = graph.coCited(id);
      for (const first of [1, 4, 20]) {
        expect(counted(data.article[`c${first}`]!), `coupled(first: ${first}) of ${id}`).toEqual(
          expected(coupled, first),
        );
        expect(counted(data.article[`k${first}`]!), `coCited(first: ${first}) of ${id}`).toEqual(
          expected(coCited, first),
        );
      }
      const twentieth = expected(coupled, 20).at(-1)?.[1];
      if ([...coupled.values()].filter((n) => n === twentieth).length > 1) tiesAtTheCut += 1;
    }
    // The cut falls among equal counts for many of them: the id order is what decides.
    expect(tiesAtTheCut).toBeGreaterThan(30);
  });

  it('costs a db hit per article counted below the cut, not the three of reading its id for the order', async () => {
    // Article A cites two works; 25 articles cite both (they fill A's 20 with count 2), then 200 more
    // cite only the first (count 1, below the cut). Those 200 cost their expansion and nothing more.
    const work = (n: number) => ({ doi: `10.9999/coupling-work.${n}` });
    const citing = (n: number, works: number[]): NormalizedArticle => ({
      ...testArticle(n),
      references: works.map(work),
    });
    const A = citing(9000, [1, 2]);
    await loadArticles(api.db, [A, ...Array.from({ length: 25 }, (_, i) => citing(9001 + i, [1, 2]))], {
      batchSize: 500,
    });
    const request = 'query($doi: String!) { article(doi: $doi) { coupled(first: 20) { count article { doi } } } }';
    const before = await profiledRequest(api, request, { doi: A.doi });
    await loadArticles(
      api.db,
      Array.from({ length: 200 }, (_, i) => citing(9100 + i, [1])),
      { batchSize: 500 },
    );
    const after = await profiledRequest(api, request, { doi: A.doi });
    expect(after.data).toEqual(before.data);
    const list = (after.data as { article: { coupled: Array<{ count: number }> } }).article.coupled;
    expect(list.map((item) => item.count)).toEqual(Array(20).fill(2));
    expect(after.dbHits - before.dbHits).toBeLessThan(1.5 * 200);
  });
});
