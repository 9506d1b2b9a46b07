import { describe, expect, it } from 'vitest';
import { seedFiles } from '../../src/ingest/seedFiles.ts';
import { execute, query } from '../helpers/graphql.ts';
import { SEED_RECORDS } from '../helpers/testDatabase.ts';
import { useTestApi } from '../helpers/useTestApi.ts';

const SEED_DOI = '10.3760/cma.j.cn101070-20200616-01000';

const api = useTestApi(async (db) => {
  await seedFiles(db, [SEED_RECORDS]);
  // A journal that shares the name "NEC" with a topic synonym, so that name is ambiguous.
  await db.write(`
    CREATE (j:Entity:Journal {id: 'Journal:title:nec', title: 'NEC', titleLower: 'nec'})
    MERGE (a:Alias {value: 'nec'})
    CREATE (a)-[:ALIAS_OF]->(j)`);
});

describe('ids in any case', () => {
  it('finds an author whatever the case of the id', async () => {
    const data = await query<any>(
      api.handle,
      `{
      node(id: "Author:Xiuyong CHENG") { id ... on Author { name } }
      nodes(ids: ["Author:XIUYONG cheng", "Topic:mesh:d001997"]) { id }
      articles(filter: { author: "Author:Xiuyong CHENG" }) { totalCount }
    }`,
    );
    expect(data.node).toEqual({ id: 'Author:xiuyong cheng', name: 'Xiuyong CHENG' });
    expect(data.nodes).toEqual([{ id: 'Author:xiuyong cheng' }, { id: 'Topic:mesh:D001997' }]);
    expect(data.articles.totalCount).toBe(1);
  });
});

describe('names where an id is expected', () => {
  it('shortestPath takes names (and ids in any case)', async () => {
    const data = await query<any>(
      api.handle,
      `{
      byName: shortestPath(from: "Haoming CHEN", to: "Bronchopulmonary dysplasia") { nodes { id } }
      byId: shortestPath(from: "Author:HAOMING CHEN", to: "Topic:mesh:D001997") { nodes { id } }
    }`,
    );
    expect(data.byName.nodes[0].id).toBe('Author:haoming chen');
    expect(data.byName.nodes.at(-1).id).toBe('Topic:mesh:D001997');
    expect(data.byId).toEqual(data.byName);
  });

  it('neighborhood takes a name, a synonym or a DOI, and puts the centre first', async () => {
    const data = await query<any>(
      api.handle,
      `{
      author: neighborhood(id: "haoming chen") { nodes { id } }
      synonym: neighborhood(id: "外泌体") { nodes { id type } }
      doi: neighborhood(id: "https://doi.org/${SEED_DOI.toUpperCase()}") { nodes { id type } nodeCount }
    }`,
    );
    expect(data.author.nodes[0].id).toBe('Author:haoming chen');
    expect(data.synonym.nodes[0].type).toBe('TOPIC');
    expect(data.doi.nodes[0]).toEqual({ id: `Article:doi:${SEED_DOI}`, type: 'ARTICLE' });
    expect(data.doi.nodeCount).toBe(12);
  });

  it('a name that names nothing is BAD_USER_INPUT that says to pass an id', async () => {
    const result = await execute(api.handle, '{ neighborhood(id: "no such thing at all") { nodes { id } } }');
    const error = result.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id', candidates: [] });
    expect(error?.message).toMatch(/pass an id/);
  });

  it('an ambiguous name is BAD_USER_INPUT listing the candidate ids', async () => {
    const result = await execute(api.handle, '{ shortestPath(from: "NEC", to: "Haoming CHEN") { nodes { id } } }');
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.extensions?.argument).toBe('from');
    expect(error?.extensions?.candidates).toEqual(expect.arrayContaining(['Journal:title:nec', 'Topic:mesh:D020345']));
    expect(error?.message).toContain('Journal:title:nec');
  });

  it('a well-formed id that names nothing stays null for a path and an empty graph for a neighbourhood', async () => {
    const data = await query<any>(
      api.handle,
      `{
      shortestPath(from: "Author:nobody at all", to: "Topic:mesh:D001997") { nodes { id } }
      neighborhood(id: "Author:nobody at all") { nodes { id } nodeCount truncated }
    }`,
    );
    expect(data).toEqual({ shortestPath: null, neighborhood: { nodes: [], nodeCount: 0, truncated: false } });
  });
});

describe('links out', () => {
  it('gives url fields and links for the identifiers an entity has', async () => {
    const data = await query<any>(
      api.handle,
      `query ($doi: String!) {
      article(doi: $doi) {
        doiUrl
        links { kind identifier url label }
        journal { issn issnUrl links { kind url } }
        topics { meshId meshUrl links { kind url } }
        authorships { author { links { url } } }
      }
    }`,
      { doi: SEED_DOI },
    );
    const article = data.article;
    expect(article.doiUrl).toBe(`https://doi.org/${SEED_DOI}`);
    expect(article.links).toEqual([
      { kind: 'DOI', identifier: SEED_DOI, url: `https://doi.org/${SEED_DOI}`, label: 'DOI' },
    ]);
    expect(article.journal.issnUrl).toBe(`https://portal.issn.org/resource/ISSN/${article.journal.issn}`);
    expect(article.journal.links).toEqual([{ kind: 'ISSN', url: article.journal.issnUrl }]);
    const bpd = article.topics.find((topic: { meshId: string }) => topic.meshId === 'D001997');
    expect(bpd.meshUrl).toBe('https://meshb.nlm.nih.gov/record/ui?ui=D001997');
    expect(bpd.links).toEqual([{ kind: 'MESH', url: bpd.meshUrl }]);
    for (const topic of article.topics) if (!topic.meshId) expect(topic).toMatchObject({ meshUrl: null, links: [] });
    // The bundled record gives no author identifiers: no links invented.
    for (const authorship of article.authorships) expect(authorship.author.links).toEqual([]);
  });
});
