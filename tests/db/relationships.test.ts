import { describe, expect, it } from 'vitest';
import { useTestApi } from '../helpers/useTestApi.ts';
import { seedFiles } from '../../src/ingest/seedFiles.ts';
import { SEED_RECORDS, TEST_CORPUS } from '../helpers/testDatabase.ts';
import { XMLParser } from 'fast-xml-parser';
import { query } from '../helpers/graphql.ts';

/** Relationship answers on the seed plus the hand-written corpus (expected numbers: tests/fixtures/corpus/README.md). */

const SEED = 'Article:doi:10.3760/cma.j.cn101070-20200616-01000';
const T101 = 'Article:doi:10.9999/test.101';
const T102 = 'Article:doi:10.9999/test.102';
const T103 = 'Article:doi:10.9999/test.103';
const T105 = 'Article:doi:10.9999/test.105';
const DEPARTMENT = 'Institution:dept-neonatology-1st-affiliated-hospital-zzu';

let t104: string;
const api = useTestApi(async (db) => {
  await seedFiles(db, [SEED_RECORDS, TEST_CORPUS]);
  const [row] = await db.read<{ id: string }>(
    "MATCH (a:Article) WHERE a.id STARTS WITH 'Article:rec:' RETURN a.id AS id",
  );
  t104 = row!.id;
});

const ids = (connection: any): string[] => connection.edges.map((edge: any) => edge.node.id);

describe('articles: filters and sorting', () => {
  it('lists newest first by default, ties broken by id, with a total', async () => {
    const data = await query<any>(api.handle, '{ articles { totalCount edges { node { id year } } } }');
    expect(data.articles.totalCount).toBe(6);
    expect(ids(data.articles)).toEqual([T105, T103, SEED, t104, T102, T101]);
  });

  it('filters by topic including narrower topics, by several topics with ALL and ANY', async () => {
    const data = await query<any>(
      api.handle,
      `{ nec: articles(filter: { topic: "NEC" }) { totalCount edges { node { id } } }
         newborn: articles(filter: { topic: "Infant, Newborn" }) { totalCount edges { node { id } } }
         all: articles(filter: { topics: ["Exosomes", "坏死性小肠结肠炎"], topicsMatch: ALL }) { edges { node { id } } }
         any: articles(filter: { topics: ["probiotics", "D001997"], topicsMatch: ANY }) { edges { node { id } } } }`,
    );
    expect(ids(data.nec)).toEqual([SEED, T102, T101]);
    // Infant, Newborn has no article of its own: its narrower topic Infant, Premature does.
    expect(ids(data.newborn)).toEqual([T105, SEED, T102]);
    expect(ids(data.all)).toEqual([SEED, T101]);
    expect(ids(data.any)).toEqual([T103, SEED, t104, T102]);
  });

  it('filters by author, institution (with its units), journal (title, local title or ISSN), years and language', async () => {
    const data = await query<any>(
      api.handle,
      `{ author: articles(filter: { author: "haoming chen", yearFrom: 2022 }) { edges { node { id } } }
         university: articles(filter: { institution: "郑州大学" }) { totalCount }
         department: articles(filter: { institution: "${DEPARTMENT}" }) { totalCount }
         issn: articles(filter: { journal: "2095-428X" }) { totalCount }
         local: articles(filter: { journal: "中华实用儿科临床杂志", yearTo: 2021 }) { edges { node { id } } }
         english: articles(filter: { language: "english" }) { edges { node { id } } }
         combined: articles(filter: { author: "Wei ZHANG", topic: "NEC", language: "Chinese" }) { edges { node { id } } } }`,
    );
    expect(ids(data.author)).toEqual([T105, T103]);
    expect(data.university.totalCount).toBe(4);
    expect(data.department.totalCount).toBe(4);
    expect(data.issn.totalCount).toBe(4);
    expect(ids(data.local)).toEqual([SEED, T101]);
    expect(ids(data.english)).toEqual([t104, T102]);
    expect(ids(data.combined)).toEqual([T101]);
  });

  it('sorts by title both ways and by year ascending', async () => {
    const data = await query<any>(
      api.handle,
      `{ asc: articles(sort: TITLE_ASC) { edges { node { title } } }
         desc: articles(sort: TITLE_DESC) { edges { node { title } } }
         old: articles(sort: YEAR_ASC, first: 2) { edges { node { id } } } }`,
    );
    const titles = data.asc.edges.map((e: any) => e.node.title.toLowerCase());
    expect(titles).toEqual([...titles].sort());
    expect(data.desc.edges.map((e: any) => e.node.title.toLowerCase())).toEqual([...titles].reverse());
    expect(ids(data.old)).toEqual([T101, T102]);
  });

  it('uses the same filter on nested articles fields', async () => {
    const data = await query<any>(
      api.handle,
      `{ topic(name: "Exosomes") { articles(filter: { author: "Wei ZHANG" }) { edges { node { id } } } }
         authors(name: "Li WANG") { edges { node { articles(filter: { topic: "ROP" }) { edges { node { id } } } } } } }`,
    );
    expect(ids(data.topic.articles)).toEqual([T103, T101]);
    expect(ids(data.authors.edges[0].node.articles)).toEqual([T105]);
  });
});

describe('articles: Relay paging', () => {
  it('pages forwards and backwards with stable cursors and correct page info', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: any = await query(
        api.handle,
        'query($after: String) { articles(first: 4, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id } } } }',
        { after },
      );
      seen.push(...ids(data.articles));
      expect(data.articles.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!data.articles.pageInfo.hasNextPage) break;
      after = data.articles.pageInfo.endCursor;
    }
    expect(seen).toEqual([T105, T103, SEED, t104, T102, T101]);

    const last: any = await query(
      api.handle,
      '{ articles(last: 2) { pageInfo { hasNextPage hasPreviousPage startCursor } edges { node { id } } } }',
    );
    expect(ids(last.articles)).toEqual([T102, T101]);
    expect(last.articles.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before: any = await query(
      api.handle,
      'query($before: String) { articles(last: 3, before: $before) { pageInfo { hasNextPage hasPreviousPage } edges { node { id } } } }',
      {
        before: last.articles.pageInfo.startCursor,
      },
    );
    expect(ids(before.articles)).toEqual([T103, SEED, t104]);
    expect(before.articles.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
  });

  it('pages authors alphabetically without duplicates or gaps', async () => {
    const names: string[] = [];
    let after: string | null = null;
    do {
      const data: any = await query(
        api.handle,
        'query($after: String) { authors(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }',
        { after },
      );
      names.push(...data.authors.edges.map((e: any) => e.node.name));
      after = data.authors.pageInfo.hasNextPage ? data.authors.pageInfo.endCursor : null;
    } while (after);
    expect(names).toEqual([
      'Haoming CHEN',
      'Jun LIU',
      'Li WANG',
      'Meiling HUANG',
      'Qingfei HAO',
      'Wei ZHANG',
      'Xiuyong CHENG',
    ]);
  });
});

describe('relationship answers', () => {
  it('ranks co-authors by shared articles', async () => {
    const data = await query<any>(
      api.handle,
      '{ node(id: "Author:haoming chen") { ... on Author { coauthors { sharedArticles author { name } } } } }',
    );
    expect(data.node.coauthors).toEqual([
      { sharedArticles: 3, author: { name: 'Qingfei HAO' } },
      { sharedArticles: 2, author: { name: 'Li WANG' } },
      { sharedArticles: 2, author: { name: 'Wei ZHANG' } },
      { sharedArticles: 1, author: { name: 'Xiuyong CHENG' } },
    ]);
  });

  it('gives topic co-occurrence with counts and Jaccard strength, and rolled up the hierarchy', async () => {
    const data = await query<any>(
      api.handle,
      `{ exosomes: topic(name: "Exosomes") { coOccurring(first: 3) { articleCount strength topic { name } } }
         probiotics: topic(name: "probiotics") { coOccurring(first: 1) { articleCount strength topic { name } } }
         nec: topic(name: "NEC") { coOccurring(rollUp: true) { articleCount topic { name } } } }`,
    );
    // Exosomes: 3 articles. BPD 2 and MSC 2 (Jaccard 2/3), NEC 3 (2/4).
    expect(data.exosomes.coOccurring).toEqual([
      { articleCount: 2, strength: 2 / 3, topic: { name: 'Bronchopulmonary Dysplasia' } },
      { articleCount: 2, strength: 2 / 3, topic: { name: 'Mesenchymal Stem Cells' } },
      { articleCount: 2, strength: 0.5, topic: { name: 'Enterocolitis, Necrotizing' } },
    ]);
    expect(data.probiotics.coOccurring).toEqual([{ articleCount: 2, strength: 1, topic: { name: 'Gut microbiota' } }]);
    // Infant, Premature rolls up to its broadest ancestor, Infant, Newborn; MSC to Stem Cells.
    const rolled = data.nec.coOccurring.map((c: any) => c.topic.name);
    expect(rolled).not.toContain('Infant, Premature');
    expect(data.nec.coOccurring).toContainEqual({ articleCount: 2, topic: { name: 'Infant, Newborn' } });
    expect(data.nec.coOccurring).toContainEqual({ articleCount: 2, topic: { name: 'Stem Cells' } });
  });

  it('ranks related articles by shared topics, then newest first', async () => {
    const data = await query<any>(
      api.handle,
      `{ node(id: "${SEED}") { ... on Article { relatedArticles { sharedTopics article { id } topics { name } } } } }`,
    );
    expect(data.node.relatedArticles.map((r: any) => [r.article.id, r.sharedTopics])).toEqual([
      [T105, 3],
      [T101, 3],
      [T103, 2],
      [T102, 2],
    ]);
  });

  it('finds collaborating institutions and an author topic profile', async () => {
    const data = await query<any>(
      api.handle,
      `{ node(id: "${DEPARTMENT}") { ... on Institution { collaborators { sharedArticles institution { localName } } children { name } } }
         author: node(id: "Author:haoming chen") { ... on Author { topics(first: 2) { articleCount strength topic { name } } } } }`,
    );
    expect(data.node.collaborators).toEqual([
      { sharedArticles: 2, institution: { localName: '测试大学医学院病理学系' } },
    ]);
    expect(data.author.topics[0]).toEqual({ articleCount: 3, strength: 0.75, topic: { name: 'Exosomes' } });
  });

  it('counts facets for charts', async () => {
    const data = await query<any>(
      api.handle,
      `{ years: facets(by: YEAR) { key label count }
         languages: facets(by: LANGUAGE) { key count }
         journals: facets(by: JOURNAL) { key label count }
         topics: facets(by: TOPIC, first: 3, filter: { language: "Chinese" }) { label count }
         institutions: facets(by: INSTITUTION) { label count }
         countries: facets(by: COUNTRY) { key count } }`,
    );
    expect(data.years).toEqual([
      { key: '2021', label: '2021', count: 2 },
      { key: '2019', label: '2019', count: 1 },
      { key: '2020', label: '2020', count: 1 },
      { key: '2022', label: '2022', count: 1 },
      { key: '2023', label: '2023', count: 1 },
    ]);
    expect(data.languages).toEqual([
      { key: 'Chinese', count: 4 },
      { key: 'English', count: 2 },
    ]);
    expect(data.journals[0]).toEqual({
      key: 'Journal:issn:2095-428X',
      label: 'Chinese Journal of Applied Clinical Pediatrics',
      count: 4,
    });
    expect(data.topics[0]).toEqual({ label: 'Exosomes', count: 3 });
    expect(data.institutions[0].count).toBe(4);
    expect(data.countries[0].count).toBeGreaterThan(0);
  });
});

describe('search and autocomplete', () => {
  it('autocompletes from a prefix, names before long titles', async () => {
    const data = await query<any>(
      api.handle,
      `{ necro: autocomplete(prefix: "necro") { type label }
         hao: autocomplete(prefix: "hao", types: [AUTHOR]) { label }
         chinese: autocomplete(prefix: "郑州", types: [INSTITUTION]) { label }
         twoWords: autocomplete(prefix: "retinopathy of pre") { type label } }`,
    );
    expect(data.necro[0]).toEqual({ type: 'TOPIC', label: 'Enterocolitis, Necrotizing' });
    expect(data.hao.map((h: any) => h.label).sort()).toEqual(['Haoming CHEN', 'Qingfei HAO']);
    expect(data.chinese.length).toBe(3);
    expect(data.twoWords[0]).toEqual({ type: 'TOPIC', label: 'Retinopathy of Prematurity' });
  });

  it('searches authors, institutions by English or local name and journals', async () => {
    const data = await query<any>(
      api.handle,
      `{ people: search(query: "Haoming", types: [AUTHOR]) { label }
         local: search(query: "郑州大学", types: [INSTITUTION]) { label }
         english: search(query: "Zhengzhou University", types: [INSTITUTION]) { label }
         journal: search(query: "applied clinical pediatrics", types: [JOURNAL]) { label } }`,
    );
    expect(data.people).toEqual([{ label: 'Haoming CHEN' }]);
    expect(data.local.map((h: any) => h.label)).toContain('Zhengzhou University');
    expect(data.english[0].label).toBe('Zhengzhou University');
    expect(data.journal).toEqual([{ label: 'Chinese Journal of Applied Clinical Pediatrics' }]);
  });
});

describe('paths and neighbourhoods', () => {
  it('honours the node limit exactly and says when it cut', async () => {
    const data = await query<any>(
      api.handle,
      `{ cut: neighborhood(id: "Topic:mesh:D020345", depth: 2, limit: 5) { truncated nodes { id } edges { source target } }
         whole: neighborhood(id: "Topic:mesh:D020345", depth: 1) { truncated nodes { id } } }`,
    );
    expect(data.cut.nodes).toHaveLength(5);
    expect(data.cut.truncated).toBe(true);
    const inCut = new Set(data.cut.nodes.map((n: any) => n.id));
    expect(data.cut.edges.every((e: any) => inCut.has(e.source) && inCut.has(e.target))).toBe(true);
    expect(data.whole.truncated).toBe(false);
    // NEC: its 3 articles and the topic it is a complication of.
    expect(data.whole.nodes).toHaveLength(5);
  });

  it('filters neighbourhoods by node and relationship type', async () => {
    const data = await query<any>(
      api.handle,
      `{ topicsOnly: neighborhood(id: "${SEED}", types: [TOPIC]) { nodes { type } }
         authoredOnly: neighborhood(id: "${SEED}", depth: 2, relationshipTypes: [AUTHORED]) { nodes { type } edges { type } } }`,
    );
    expect(data.topicsOnly.nodes.map((n: any) => n.type)).toEqual(['ARTICLE', ...Array(7).fill('TOPIC')]);
    expect(new Set(data.authoredOnly.edges.map((e: any) => e.type))).toEqual(new Set(['AUTHORED']));
    expect(new Set(data.authoredOnly.nodes.map((n: any) => n.type))).toEqual(new Set(['ARTICLE', 'AUTHOR']));
  });

  it('finds shortest paths through chosen relationship and entity types', async () => {
    const data = await query<any>(
      api.handle,
      `{ coauthors: shortestPath(from: "Author:haoming chen", to: "Author:li wang", relationshipTypes: [AUTHORED]) { nodes { type } edges { type properties } }
         colleagues: shortestPath(from: "Author:haoming chen", to: "Author:li wang", through: [INSTITUTION]) { nodes { type } edges { type } }
         disease: shortestPath(from: "Author:jun liu", to: "Topic:mesh:D012178") { nodes { type label } } }`,
    );
    expect(data.coauthors.nodes.map((n: any) => n.type)).toEqual(['AUTHOR', 'ARTICLE', 'AUTHOR']);
    expect(data.coauthors.edges.every((e: any) => typeof e.properties.position === 'number')).toBe(true);
    expect(data.colleagues.nodes.map((n: any) => n.type)).toEqual(['AUTHOR', 'INSTITUTION', 'AUTHOR']);
    expect(data.colleagues.edges.map((e: any) => e.type)).toEqual(['AFFILIATED_WITH', 'AFFILIATED_WITH']);
    expect(data.disease.nodes[0]).toEqual({ type: 'AUTHOR', label: 'Jun LIU' });
    expect(data.disease.nodes.at(-1)).toEqual({ type: 'TOPIC', label: 'Retinopathy of Prematurity' });
  });

  it("draws a topic's article graph and exports it as GraphML that parses back", async () => {
    const data = await query<any>(
      api.handle,
      '{ topicGraph(name: "NEC") { nodes { id type } edges { type } graphml: export(format: GRAPHML) d3: export(format: D3) } }',
    );
    const types = data.topicGraph.nodes.map((n: any) => n.type);
    expect(types.filter((t: string) => t === 'ARTICLE')).toHaveLength(3);
    expect(data.topicGraph.nodes[0].id).toBe('Topic:mesh:D020345');
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(data.topicGraph.graphml);
    const nodes = [parsed.graphml.graph.node].flat();
    expect(nodes).toHaveLength(data.topicGraph.nodes.length);
    const d3 = JSON.parse(data.topicGraph.d3);
    expect(d3.links).toHaveLength(data.topicGraph.edges.length);
  });
});
