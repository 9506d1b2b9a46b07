import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../src/ingest/normalize/loadReferenceData.ts';
import type { ReferenceData } from '../../src/ingest/normalize/ReferenceData.ts';
import { contentSource } from '../../src/ingest/pipeline/importSource.ts';
import { importRecords, type ImportSummary } from '../../src/ingest/pipeline/importRecords.ts';
import { newImportContext } from '../../src/ingest/load/loadGraph.ts';
import { retractImport } from '../../src/ingest/load/retractSources.ts';
import { useTestApi } from '../helpers/useTestApi.ts';
import { execute, query } from '../helpers/graphql.ts';
import { Repository } from '../../src/db/Repository.ts';
import { graphCounts, NO_ORPHANS, orphans } from '../helpers/graphCounts.ts';

/**
 * The citation graph from the fixture reference lists (tests/fixtures/formats/citations, TEST DATA;
 * its README lists who cites whom). Expectations are counted from those files by hand.
 */
const DIR = 'tests/fixtures/formats/citations';
const A = 'Article:doi:10.9999/test.cite.001';
const B = 'Article:doi:10.9999/test.cite.002';
const C = 'Article:openalex:W9999100003';
const D = 'Article:openalex:W9999100004';
const E = 'Article:doi:10.9999/test.cite.005';
const F = 'Article:doi:10.9999/test.cite.006';
const H = 'Article:doi:10.9999/test.cite.008';
const J = 'Article:pmid:99001010';

let reference: ReferenceData;
const imports: Record<string, string> = {};

async function importFile(file: string): Promise<ImportSummary> {
  const summary = await importRecords(
    api.db,
    [contentSource(`${DIR}/${file}`, readFileSync(`${DIR}/${file}`, 'utf8'))],
    {
      reference,
      context: newImportContext({ importedBy: 'test', tool: 'test' }),
    },
  );
  expect(summary.rejected).toBe(0);
  // A source keeps the import that asserted it first: an unchanged re-import does not take it over.
  imports[file] ??= summary.importId;
  return summary;
}

const api = useTestApi(async () => {
  reference = await loadReferenceData();
});

interface CitationStats {
  articles: number;
  referenceOnlyArticles: number;
  citations: number;
}

async function stats(): Promise<CitationStats> {
  return (await query<{ stats: CitationStats }>(api.handle, '{ stats { articles referenceOnlyArticles citations } }'))
    .stats;
}

const CITATIONS = `
query($id: ID!) {
  node(id: $id) {
    ... on Article {
      id title referenceOnly citedByCount referenceAuthor referenceJournal referenceTexts year volume firstPage
      references(first: 100) { totalCount edges { node { id referenceOnly } sources text position } }
      citedBy(first: 100) { totalCount edges { node { id } sources } }
      coCited(first: 10) { count article { id } }
      coupled(first: 10) { count article { id } }
      citingYears { year count }
    }
  }
}`;

interface CitationView {
  id: string;
  title: string;
  referenceOnly: boolean;
  citedByCount: number | null;
  referenceAuthor: string | null;
  referenceJournal: string | null;
  referenceTexts: string[];
  year: number | null;
  volume: string | null;
  firstPage: string | null;
  references: {
    totalCount: number;
    edges: Array<{
      node: { id: string; referenceOnly: boolean };
      sources: string[];
      text: string | null;
      position: number | null;
    }>;
  };
  citedBy: { totalCount: number; edges: Array<{ node: { id: string }; sources: string[] }> };
  coCited: Array<{ count: number; article: { id: string } }>;
  coupled: Array<{ count: number; article: { id: string } }>;
  citingYears: Array<{ year: number; count: number }>;
}

async function article(id: string): Promise<CitationView> {
  const { node } = await query<{ node: CitationView | null }>(api.handle, CITATIONS, { id });
  if (!node) throw new Error(`no article ${id}`);
  return node;
}

const ids = (edges: Array<{ node: { id: string } }>) => edges.map((e) => e.node.id).sort();
const counted = (items: Array<{ count: number; article: { id: string } }>) => items.map((i) => [i.article.id, i.count]);

describe('citations from OpenAlex, Crossref and PubMed XML reference lists', () => {
  beforeAll(async () => {
    await importFile('articles-a-b.json');
    await importFile('article-e.json');
    await importFile('article-h.xml');
  });

  it('counts full and reference-only articles apart, and one CITES edge per citing and cited article', async () => {
    expect(await stats()).toEqual({ articles: 4, referenceOnlyArticles: 5, citations: 10 });
    const counts = await graphCounts(api.db);
    expect(counts[':CITES']).toBe(10);
    expect(counts.ReferenceOnly).toBe(5);
    expect(await orphans(api.db)).toEqual(NO_ORPHANS);
    const lists = await query<{
      all: { totalCount: number };
      referenceOnly: { totalCount: number };
      recorded: { totalCount: number };
    }>(
      api.handle,
      '{ all: articles { totalCount } referenceOnly: articles(filter: {referenceOnly: true}) { totalCount } recorded: articles(filter: {referenceOnly: false}) { totalCount } }',
    );
    expect(lists).toEqual({ all: { totalCount: 9 }, referenceOnly: { totalCount: 5 }, recorded: { totalCount: 4 } });
  });

  it('answers references with duplicates in one list as one edge and without the self-citation', async () => {
    const a = await article(A);
    expect(a.referenceOnly).toBe(false);
    expect(a.citedByCount).toBe(12);
    expect(a.references.totalCount).toBe(2);
    expect(ids(a.references.edges)).toEqual([B, C]);
    expect(a.references.edges.find((e) => e.node.id === C)!.node.referenceOnly).toBe(true);
    const h = await article(H);
    expect(h.references.totalCount).toBe(3);
    expect(ids(h.references.edges)).toEqual([A, F, J].sort());
    expect(h.referenceTexts).toEqual([
      'A reference printed only as text, without identifiers. Test Proceedings. 2017.',
    ]);
    const e = await article(E);
    expect(e.references.totalCount).toBe(3);
    expect(e.referenceTexts).toEqual(['Only text: a reference without identifier or title, Test Proceedings 2016.']);
    // The reference to A states its text; each edge names the source that states it.
    const toA = e.references.edges.find((x) => x.node.id === A)!;
    expect(toA.text).toBe('Citer A. Citing article A. 2022.');
    expect(toA.position).toBe(1);
    expect(toA.sources).toHaveLength(1);
  });

  it('answers citedBy with what the graph knows, apart from the source-stated count', async () => {
    const a = await article(A);
    expect(a.citedBy.totalCount).toBe(2);
    expect(ids(a.citedBy.edges)).toEqual([E, H].sort());
    expect(a.citingYears).toEqual([
      { year: 2024, count: 1 },
      { year: 2023, count: 1 },
    ]);
    expect((await article(C)).citedBy.totalCount).toBe(2);
    expect((await article(B)).citedBy.totalCount).toBe(1);
    expect((await article(J)).citedBy.totalCount).toBe(1);
  });

  it('keeps what a reference states on a reference-only article, and nothing more', async () => {
    const f = await article(F);
    expect(f).toMatchObject({
      referenceOnly: true,
      title: '[TEST] Work F, cited before its record arrives',
      year: 2019,
      referenceAuthor: 'Fell',
      referenceJournal: 'Test Journal of References',
      citedByCount: null,
    });
    expect(f.citedBy.totalCount).toBe(2);
    expect(f.references.totalCount).toBe(0);
    const { node } = await query<{ node: { authorships: unknown[]; journal: unknown; topics: unknown[] } }>(
      api.handle,
      'query($id: ID!) { node(id: $id) { ... on Article { authorships { position } journal { id } topics { id } } } }',
      { id: F },
    );
    expect(node).toEqual({ authorships: [], journal: null, topics: [] });
    // A title-only reference is keyed like a record without identifiers.
    const g = (await article(E)).references.edges.find((x) => x.node.id.startsWith('Article:rec:'));
    expect(g).toBeDefined();
  });

  it('ranks co-cited and coupled articles by count, then id', async () => {
    const a = await article(A);
    // A is cited by E (with F, G) and H (with F, J).
    expect(a.coCited.map((x) => x.count)).toEqual([2, 1, 1]);
    expect(a.coCited[0]!.article.id).toBe(F);
    expect(a.coCited[1]!.article.id).toBe(J);
    expect(a.coCited[2]!.article.id.startsWith('Article:rec:')).toBe(true);
    expect(counted((await article(C)).coCited)).toEqual([
      [B, 1],
      [D, 1],
    ]);
    expect(counted((await article(E)).coupled)).toEqual([[H, 2]]);
    expect(counted((await article(H)).coupled)).toEqual([[E, 2]]);
    expect(counted((await article(A)).coupled)).toEqual([[B, 1]]);
  });

  it('filters articles by cites and citedBy, and facets the citing articles', async () => {
    const citing = await query<{ articles: { totalCount: number; edges: Array<{ node: { id: string } }> } }>(
      api.handle,
      '{ articles(filter: {cites: "10.9999/test.cite.001"}) { totalCount edges { node { id } } } }',
    );
    expect(citing.articles.totalCount).toBe(2);
    expect(ids(citing.articles.edges)).toEqual([E, H].sort());
    const cited = await query<{ articles: { totalCount: number; edges: Array<{ node: { id: string } }> } }>(
      api.handle,
      `{ articles(filter: {citedBy: "${H}"}) { totalCount edges { node { id } } } }`,
    );
    expect(cited.articles.totalCount).toBe(3);
    expect(ids(cited.articles.edges)).toEqual([A, F, J].sort());
    const both = await query<{ articles: { totalCount: number } }>(
      api.handle,
      `{ articles(filter: {cites: "${F}", citedBy: "${E}"}) { totalCount } }`,
    );
    expect(both.articles.totalCount).toBe(0);
    const years = await query<{ facets: Array<{ key: string; count: number }> }>(
      api.handle,
      `{ facets(filter: {cites: "${C}"}, by: YEAR) { key count } }`,
    );
    expect([...years.facets].sort((x, y) => (x.key < y.key ? -1 : 1))).toEqual([
      { key: '2020', count: 1 },
      { key: '2022', count: 1 },
    ]);
  });

  it('pages references by cursor without losing or repeating one', async () => {
    const first = await query<{
      node: {
        references: {
          edges: Array<{ cursor: string; node: { id: string } }>;
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
    }>(
      api.handle,
      `{ node(id: "${H}") { ... on Article { references(first: 2) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } } } }`,
    );
    expect(first.node.references.edges).toHaveLength(2);
    expect(first.node.references.pageInfo.hasNextPage).toBe(true);
    const rest = await query<{
      node: { references: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean } } };
    }>(
      api.handle,
      `query($after: String) { node(id: "${H}") { ... on Article { references(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage } } } } }`,
      { after: first.node.references.pageInfo.endCursor },
    );
    expect(rest.node.references.pageInfo.hasNextPage).toBe(false);
    expect([...first.node.references.edges, ...rest.node.references.edges].map((e) => e.node.id).sort()).toEqual(
      [A, F, J].sort(),
    );
  });

  it('finds citation paths along citations, directed by default', async () => {
    const path = await query<{
      citationPath: {
        nodes: Array<{ id: string }>;
        edges: Array<{ source: string; target: string; type: string }>;
      } | null;
    }>(api.handle, `{ citationPath(from: "${H}", to: "${D}") { nodes { id } edges { source target type } } }`);
    expect(path.citationPath!.edges).toEqual([
      { source: H, target: A, type: 'CITES' },
      { source: A, target: B, type: 'CITES' },
      { source: B, target: D, type: 'CITES' },
    ]);
    const backwards = await query<{ citationPath: unknown }>(
      api.handle,
      `{ citationPath(from: "${D}", to: "${H}") { nodes { id } } }`,
    );
    expect(backwards.citationPath).toBeNull();
    const undirected = await query<{ citationPath: { edges: unknown[] } | null }>(
      api.handle,
      `{ citationPath(from: "${D}", to: "${H}", directed: false) { edges { source } } }`,
    );
    expect(undirected.citationPath!.edges).toHaveLength(3);
    const tooLong = await execute(
      api.handle,
      `{ citationPath(from: "${H}", to: "${D}", maxLength: 11) { nodes { id } } }`,
    );
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('prices citation paths like shortest paths and stops a search at its node budget', async () => {
    // 500 per hop: eleven searches of 4 hops are over the 20,000 cost limit, before any work.
    const aliases = Array.from(
      { length: 11 },
      (_, i) => `p${i}: citationPath(from: "${H}", to: "${D}") { nodes { id } }`,
    ).join(' ');
    const priced = await execute(api.handle, `{ ${aliases} }`);
    expect(priced.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maximumComplexity' });
    // H cites three articles: a budget of one node cannot decide.
    await expect(new Repository(api.db, { pathSearchBudget: 1 }).citationPath(H, D, 4, true)).rejects.toMatchObject({
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'pathSearchBudget', maximum: 1 },
    });
    expect(await new Repository(api.db).citationPath(H, D, 4, true)).not.toBeNull();
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await graphCounts(api.db);
    const again = await importFile('article-e.json');
    expect([again.added, again.updated, again.unchanged]).toEqual([0, 0, 1]);
    expect(await graphCounts(api.db)).toEqual(before);
  });

  describe('a reference-only article whose record arrives later', () => {
    let before: Record<string, number>;
    beforeAll(async () => {
      before = await graphCounts(api.db);
      // What the references state of F, before its record arrives (E's reference gives volume and first page).
      expect(await article(F)).toMatchObject({ referenceOnly: true, volume: '7', firstPage: '101' });
      await importFile('later/article-f.json');
    });

    it('becomes a full article on the same node, without a duplicate', async () => {
      expect(await stats()).toEqual({ articles: 5, referenceOnlyArticles: 4, citations: 11 });
      const f = await article(F);
      expect(f).toMatchObject({
        id: F,
        referenceOnly: false,
        citedByCount: 40,
        referenceAuthor: null,
        referenceJournal: null,
      });
      expect(f.citedBy.totalCount).toBe(2);
      expect(ids(f.references.edges)).toEqual([B]);
      const [row] = await api.db.read<{ n: number }>(
        "MATCH (a:Article) WHERE a.doiLower = '10.9999/test.cite.006' RETURN count(a) AS n",
      );
      expect(row!.n).toBe(1);
      const { node } = await query<{ node: { authorships: Array<{ author: { name: string } }> } }>(
        api.handle,
        `{ node(id: "${F}") { ... on Article { authorships { author { name } } } } }`,
      );
      expect(node.authorships.map((w) => w.author.name)).toEqual(['Frank Fell']);
    });

    it('returns to reference-only, still cited, when that record is retracted', async () => {
      await retractImport(
        api.db,
        imports['later/article-f.json']!,
        newImportContext({ importedBy: 'test', tool: 'test' }),
      );
      expect(await stats()).toEqual({ articles: 4, referenceOnlyArticles: 5, citations: 10 });
      const f = await article(F);
      // What the references state again, nothing of the retracted record.
      expect(f).toMatchObject({
        referenceOnly: true,
        title: '[TEST] Work F, cited before its record arrives',
        year: 2019,
        referenceAuthor: 'Fell',
        referenceJournal: 'Test Journal of References',
        volume: '7',
        firstPage: '101',
        citedByCount: null,
      });
      expect(f.citedBy.totalCount).toBe(2);
      expect(f.references.totalCount).toBe(0);
      const after = await graphCounts(api.db);
      // The author the record brought is gone with it; everything else is as before.
      expect(after).toEqual(before);
      expect(await orphans(api.db)).toEqual(NO_ORPHANS);
    });
  });

  describe('retracting the citing sources', () => {
    it('removes their CITES edges and the reference-only articles nothing cites any more', async () => {
      await retractImport(api.db, imports['article-e.json']!, newImportContext({ importedBy: 'test', tool: 'test' }));
      // E goes with its 3 edges; G (cited by E only) goes; F stays, cited by H.
      expect(await stats()).toEqual({ articles: 3, referenceOnlyArticles: 4, citations: 7 });
      expect((await article(F)).citedBy.totalCount).toBe(1);
      expect(await orphans(api.db)).toEqual(NO_ORPHANS);
      await retractImport(api.db, imports['article-h.xml']!, newImportContext({ importedBy: 'test', tool: 'test' }));
      // H goes with its 3 edges; F and J go; A stays a full article.
      expect(await stats()).toEqual({ articles: 2, referenceOnlyArticles: 2, citations: 4 });
      expect((await article(A)).citedBy.totalCount).toBe(0);
      expect(await orphans(api.db)).toEqual(NO_ORPHANS);
      await retractImport(
        api.db,
        imports['articles-a-b.json']!,
        newImportContext({ importedBy: 'test', tool: 'test' }),
      );
      expect(await stats()).toEqual({ articles: 0, referenceOnlyArticles: 0, citations: 0 });
      expect(await orphans(api.db)).toEqual(NO_ORPHANS);
    });
  });

  describe('two articles found to be one', () => {
    it('keeps the citations of the one folded into the other', async () => {
      await importFile('articles-a-b.json');
      await importFile('article-h.xml');
      expect(await stats()).toEqual({ articles: 3, referenceOnlyArticles: 4, citations: 7 });
      // A record giving B's DOI together with J's PMID: J (reference-only, cited by H) and B are one article.
      const xml = `<?xml version="1.0" ?>
<PubmedArticleSet><PubmedArticle>
  <MedlineCitation Status="PubMed-not-MEDLINE" Owner="NLM"><PMID Version="1">99001010</PMID>
    <Article PubModel="Print"><Journal><JournalIssue CitedMedium="Print"><PubDate><Year>2020</Year></PubDate></JournalIssue><Title>Test Journal</Title></Journal>
      <ArticleTitle>[TEST] Cited article B, as PubMed has it.</ArticleTitle></Article>
  </MedlineCitation>
  <PubmedData><ArticleIdList><ArticleId IdType="pubmed">99001010</ArticleId><ArticleId IdType="doi">10.9999/test.cite.002</ArticleId></ArticleIdList></PubmedData>
</PubmedArticle></PubmedArticleSet>`;
      const summary = await importRecords(api.db, [contentSource('tests/b-and-j.xml', xml)], {
        reference,
        context: newImportContext({ importedBy: 'test', tool: 'test' }),
      });
      expect(summary.rejected).toBe(0);
      expect(await stats()).toEqual({ articles: 3, referenceOnlyArticles: 3, citations: 7 });
      expect(ids((await article(H)).references.edges)).toEqual([A, B, F].sort());
      const b = await article(B);
      expect(b.referenceOnly).toBe(false);
      expect(ids(b.citedBy.edges)).toEqual([A, H].sort());
      expect(await orphans(api.db)).toEqual(NO_ORPHANS);
    });
  });
});
