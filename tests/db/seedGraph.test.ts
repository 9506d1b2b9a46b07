import { describe, expect, it } from 'vitest';
import { useTestApi } from '../helpers/useTestApi.ts';
import { seedFiles } from '../../src/ingest/seedFiles.ts';
import { SEED_RECORDS } from '../helpers/testDatabase.ts';
import { query } from '../helpers/graphql.ts';
import { citationOf, SEED_RECORD_CITATION, SEED_RECORD_KEYWORDS } from '../helpers/seedRecord.ts';

const SEED_DOI = '10.3760/cma.j.cn101070-20200616-01000';

const api = useTestApi((db) => seedFiles(db, [SEED_RECORDS]).then(() => undefined));

const ARTICLE_FIELDS = `
  id doi title vernacularTitle abstract language country year volume issue firstPage lastPage keywords sourceFile
  journal { id title localTitle issn }
  authorships {
    position rawAffiliation markers
    author { id name familyName givenName }
    institutions { id name localName city postalCode country parent { name localName parent { name localName parent { name } } } }
  }
  topics { id name meshId synonyms }`;

describe('the seed record as a graph', () => {
  it('answers article(doi) field by field as the record states it', async () => {
    const data = await query<{ article: Record<string, unknown> }>(
      api.handle,
      `query($doi: String!) { article(doi: $doi) { ${ARTICLE_FIELDS} } }`,
      {
        doi: SEED_DOI,
      },
    );
    const article = data.article as any;
    expect(article.id).toBe(`Article:doi:${SEED_DOI}`);
    expect(article.doi).toBe(SEED_DOI);
    expect(article.title).toBe(
      'Study progress of exosomes derived from mesenchymal stem cells in the treatment of complications related to preterm infants',
    );
    expect(article.vernacularTitle).toBe('间充质干细胞来源的外泌体治疗早产儿并发症的研究进展');
    expect(article.language).toBe('Chinese');
    expect(article.country).toBe('China');
    expect(citationOf(article)).toEqual(SEED_RECORD_CITATION);
    expect(article.keywords).toEqual(SEED_RECORD_KEYWORDS);
    expect(article.abstract).toMatch(/^Although great progress has been made in perinatal and neonatal medicine/);
    expect(article.abstract).toContain('bronchopulmonary dysplasia');
    expect(article.abstract).toContain('are challenging.');
    expect(article.abstract).toMatch(/treatment of premature complications\.$/);
    expect(article.journal).toMatchObject({
      title: 'Chinese Journal of Applied Clinical Pediatrics',
      localTitle: '中华实用儿科临床杂志',
      issn: '2095-428X',
    });
  });

  it('keeps the byline order and links only the marked author to the department', async () => {
    const data = await query<any>(api.handle, `query($doi: String!) { article(doi: $doi) { ${ARTICLE_FIELDS} } }`, {
      doi: SEED_DOI,
    });
    const authorships = data.article.authorships;
    expect(authorships.map((a: any) => [a.position, a.author.name])).toEqual([
      [1, 'Haoming CHEN'],
      [2, 'Qingfei HAO'],
      [3, 'Xiuyong CHENG'],
    ]);
    expect(authorships[0].author).toMatchObject({ familyName: 'CHEN', givenName: 'Haoming' });
    expect(authorships[0].markers).toEqual(['1']);
    expect(authorships[0].rawAffiliation).toBe('郑州大学第一附属医院新生儿科,郑州 450052');
    expect(authorships[0].institutions).toHaveLength(1);
    expect(authorships[0].institutions[0]).toMatchObject({
      name: 'Department of Neonatology, The First Affiliated Hospital of Zhengzhou University',
      localName: '郑州大学第一附属医院新生儿科',
      city: 'Zhengzhou',
      postalCode: '450052',
      country: 'China',
      parent: {
        name: 'The First Affiliated Hospital of Zhengzhou University',
        localName: '郑州大学第一附属医院',
        parent: { name: 'Zhengzhou University', localName: '郑州大学', parent: null },
      },
    });
    for (const unmarked of authorships.slice(1)) {
      expect(unmarked.institutions).toEqual([]);
      expect(unmarked.rawAffiliation).toBeNull();
      expect(unmarked.markers).toEqual([]);
    }
  });

  it('maps the seven keywords to topics with their MeSH descriptors, in keyword order', async () => {
    const data = await query<any>(
      api.handle,
      `query($doi: String!) { article(doi: $doi) { topics { name meshId } } }`,
      { doi: SEED_DOI },
    );
    expect(data.article.topics).toEqual([
      { name: 'Exosomes', meshId: 'D055354' },
      { name: 'Mesenchymal Stem Cells', meshId: 'D059630' },
      { name: 'Infant, Premature', meshId: 'D007234' },
      { name: 'Bronchopulmonary Dysplasia', meshId: 'D001997' },
      { name: 'Brain Injuries', meshId: 'D001930' },
      { name: 'Enterocolitis, Necrotizing', meshId: 'D020345' },
      { name: 'Retinopathy of Prematurity', meshId: 'D012178' },
    ]);
  });

  it('finds the article by DOI case-insensitively, with a doi.org prefix, and answers null for an unknown DOI', async () => {
    const data = await query<any>(
      api.handle,
      `{ a: article(doi: "HTTPS://DOI.ORG/10.3760/CMA.J.CN101070-20200616-01000") { doi }
         b: article(doi: "doi:10.3760/cma.j.cn101070-20200616-01000") { doi }
         c: article(doi: "10.0000/does-not-exist") { doi } }`,
    );
    expect(data.a.doi).toBe(SEED_DOI);
    expect(data.b.doi).toBe(SEED_DOI);
    expect(data.c).toBeNull();
  });

  it('looks topics up by name, synonym (Chinese too) or MeSH UI, and gives their typed links', async () => {
    const data = await query<any>(
      api.handle,
      `{ byName: topic(name: "necrotizing enterocolitis") { id name meshId synonyms related { relation outgoing topic { name } } }
         byChinese: topic(name: "外泌体") { name related { relation outgoing topic { name } } broader { name } }
         byMesh: topic(name: "d007234") { name related { relation outgoing topic { name } } broader { name meshId } }
         unknown: topic(name: "no such topic") { name } }`,
    );
    expect(data.byName).toMatchObject({ name: 'Enterocolitis, Necrotizing', meshId: 'D020345' });
    expect(data.byName.synonyms).toContain('坏死性小肠结肠炎');
    expect(data.byName.related).toEqual([
      { relation: 'COMPLICATION_OF', outgoing: true, topic: { name: 'Infant, Premature' } },
    ]);
    expect(data.byChinese.name).toBe('Exosomes');
    expect(data.byChinese.related).toEqual([
      { relation: 'DERIVED_FROM', outgoing: true, topic: { name: 'Mesenchymal Stem Cells' } },
    ]);
    expect(data.byMesh.name).toBe('Infant, Premature');
    expect(data.byMesh.related.map((l: any) => [l.relation, l.outgoing, l.topic.name])).toEqual([
      ['COMPLICATION_OF', false, 'Brain Injuries'],
      ['COMPLICATION_OF', false, 'Bronchopulmonary Dysplasia'],
      ['COMPLICATION_OF', false, 'Enterocolitis, Necrotizing'],
      ['COMPLICATION_OF', false, 'Retinopathy of Prematurity'],
    ]);
    expect(data.byMesh.broader).toEqual([{ name: 'Infant, Newborn', meshId: 'D007231' }]);
    expect(data.unknown).toBeNull();
  });

  it('pages topics, authors, institutions and journals with totals', async () => {
    const data = await query<any>(
      api.handle,
      `{ topics(first: 100) { totalCount edges { node { name } } }
         authors { totalCount edges { node { name } } }
         byName: authors(name: "hao") { totalCount edges { node { name } } }
         institutions { totalCount edges { node { name } } }
         journals { totalCount edges { node { title } } } }`,
    );
    expect(data.authors.edges.map((e: any) => e.node.name)).toEqual(['Haoming CHEN', 'Qingfei HAO', 'Xiuyong CHENG']);
    expect(data.authors.totalCount).toBe(3);
    expect(data.byName.edges.map((e: any) => e.node.name)).toEqual(['Haoming CHEN', 'Qingfei HAO']);
    expect(data.institutions.totalCount).toBe(3);
    expect(data.journals.edges).toEqual([{ node: { title: 'Chinese Journal of Applied Clinical Pediatrics' } }]);
    expect(data.topics.totalCount).toBe(data.topics.edges.length);
    expect(data.topics.edges.map((e: any) => e.node.name)).toContain('Retinopathy of Prematurity');
  });

  it('refetches every id it hands out through node and nodes', async () => {
    const data = await query<any>(
      api.handle,
      `query($doi: String!) { article(doi: $doi) { id journal { id } topics { id } authorships { author { id } institutions { id } } } }`,
      {
        doi: SEED_DOI,
      },
    );
    const ids: string[] = [
      data.article.id,
      data.article.journal.id,
      ...data.article.topics.map((t: any) => t.id),
      ...data.article.authorships.flatMap((a: any) => [a.author.id, ...a.institutions.map((i: any) => i.id)]),
    ];
    const refetched = await query<any>(
      api.handle,
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } one: node(id: "Topic:mesh:D020345") { ... on Topic { name } } missing: node(id: "Article:doi:10.0/none") { id } }`,
      { ids },
    );
    expect(refetched.nodes.map((n: any) => n.id)).toEqual(ids);
    expect(refetched.nodes.map((n: any) => n.__typename)).toEqual([
      'Article',
      'Journal',
      ...Array(7).fill('Topic'),
      'Author',
      'Institution',
      'Author',
      'Author',
    ]);
    expect(refetched.one).toEqual({ name: 'Enterocolitis, Necrotizing' });
    expect(refetched.missing).toBeNull();
  });

  it('serves the contract relationship fields: author articles and co-authors, institution members, journal and topic articles', async () => {
    const data = await query<any>(
      api.handle,
      `{ authors(name: "Haoming") { edges { node {
            articles { totalCount edges { node { doi } } }
            institutions { name }
            coauthors { sharedArticles author { name } } } } }
         institutions(first: 10) { edges { node { localName authors { name } articles { totalCount } } } }
         journals { edges { node { articles { totalCount edges { node { doi } } } } } }
         topic(name: "Preterm") { articles { totalCount edges { node { doi } } } coOccurring { articleCount topic { name } } } }`,
    );
    const chen = data.authors.edges[0].node;
    expect(chen.articles.edges.map((e: any) => e.node.doi)).toEqual([SEED_DOI]);
    expect(chen.institutions.map((i: any) => i.name)).toEqual([
      'Department of Neonatology, The First Affiliated Hospital of Zhengzhou University',
    ]);
    expect(chen.coauthors).toEqual([
      { sharedArticles: 1, author: { name: 'Qingfei HAO' } },
      { sharedArticles: 1, author: { name: 'Xiuyong CHENG' } },
    ]);
    const byLocal = Object.fromEntries(data.institutions.edges.map((e: any) => [e.node.localName, e.node]));
    expect(byLocal['郑州大学第一附属医院新生儿科'].authors).toEqual([{ name: 'Haoming CHEN' }]);
    // The hospital and university count the articles of their units.
    expect(byLocal['郑州大学'].articles.totalCount).toBe(1);
    expect(byLocal['郑州大学'].authors).toEqual([]);
    expect(data.journals.edges[0].node.articles.edges[0].node.doi).toBe(SEED_DOI);
    expect(data.topic.articles.totalCount).toBe(1);
    expect(data.topic.coOccurring).toHaveLength(6);
    expect(data.topic.coOccurring.every((c: any) => c.articleCount === 1)).toBe(true);
  });

  it('counts the graph in stats', async () => {
    const data = await query<any>(
      api.handle,
      '{ stats { articles authors institutions journals topics relationships } }',
    );
    expect(data.stats).toMatchObject({ articles: 1, authors: 3, institutions: 3, journals: 1 });
    expect(data.stats.topics).toBeGreaterThanOrEqual(7);
    // 3 AUTHORED + 1 AFFILIATED_WITH + 1 PUBLISHED_IN + 7 HAS_TOPIC + 2 PART_OF + the vocabulary's links.
    expect(data.stats.relationships).toBeGreaterThanOrEqual(14 + 5);
  });

  it('searches titles, names and synonyms, best first, with a type filter', async () => {
    const data = await query<any>(
      api.handle,
      `{ all: search(query: "necrotizing enterocolitis") { type score node { id } }
         topicsOnly: search(query: "necrotizing enterocolitis", types: [TOPIC]) { type label }
         chinese: search(query: "外泌体", types: [TOPIC]) { label }
         syntax: search(query: "exosomes AND (stem OR") { type } }`,
    );
    expect(data.all.length).toBeGreaterThan(0);
    expect(data.all.map((h: any) => h.type)).toEqual(expect.arrayContaining(['TOPIC', 'ARTICLE']));
    const scores = data.all.map((h: any) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(data.topicsOnly[0]).toEqual({ type: 'TOPIC', label: 'Enterocolitis, Necrotizing' });
    expect(data.chinese[0].label).toBe('Exosomes');
    expect(data.syntax.length).toBeGreaterThan(0);
  });

  it('draws the neighbourhood of the article and a shortest path from an author to a disease', async () => {
    const data = await query<any>(
      api.handle,
      `query($id: ID!) {
         neighborhood(id: $id, depth: 1) { truncated nodes { id type label } edges { id source target type properties } }
         path: shortestPath(from: "Author:haoming chen", to: "Topic:mesh:D020345") { nodes { id type } edges { type source target } }
         none: shortestPath(from: "Author:haoming chen", to: "Topic:mesh:D020345", maxLength: 1) { nodes { id } } }`,
      { id: `Article:doi:${SEED_DOI}` },
    );
    // The article, its 3 authors, its journal and its 7 topics; the 11 edges from the article plus
    // the 5 typed links among its topics (4 COMPLICATION_OF, 1 DERIVED_FROM): an induced subgraph.
    expect(data.neighborhood.nodes).toHaveLength(12);
    expect(data.neighborhood.edges).toHaveLength(16);
    expect(
      data.neighborhood.edges.filter((e: any) => ['COMPLICATION_OF', 'DERIVED_FROM'].includes(e.type)),
    ).toHaveLength(5);
    expect(data.neighborhood.truncated).toBe(false);
    expect(data.neighborhood.nodes[0]).toMatchObject({ id: `Article:doi:${SEED_DOI}`, type: 'ARTICLE' });
    const authored = data.neighborhood.edges.filter((e: any) => e.type === 'AUTHORED');
    expect(authored.map((e: any) => e.properties.position).sort()).toEqual([1, 2, 3]);
    expect(data.path.nodes.map((n: any) => n.type)).toEqual(['AUTHOR', 'ARTICLE', 'TOPIC']);
    expect(data.path.edges.map((e: any) => e.type)).toEqual(['AUTHORED', 'HAS_TOPIC']);
    expect(data.none).toBeNull();
  });
});
