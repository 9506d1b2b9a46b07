import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecord } from '../../src/ingest/model.ts';
import { loadReferenceData } from '../../src/ingest/normalize/loadReferenceData.ts';
import type { ReferenceData } from '../../src/ingest/normalize/ReferenceData.ts';
import { READERS } from '../../src/ingest/parse/formats.ts';
import { contentSource } from '../../src/ingest/pipeline/importSource.ts';
import { importRecords, type ImportSummary } from '../../src/ingest/pipeline/importRecords.ts';
import { newImportContext } from '../../src/ingest/load/loadGraph.ts';
import { retractImport } from '../../src/ingest/load/retractSources.ts';
import { seedFiles } from '../../src/ingest/seedFiles.ts';
import { normalizeIssn } from '../../src/identity/index.ts';
import { useTestApi } from '../helpers/useTestApi.ts';
import { SEED_RECORDS } from '../helpers/testDatabase.ts';
import { query } from '../helpers/graphql.ts';
import { pubmedLikeSeedRecord } from '../helpers/pubmedLikeRecord.ts';
import { testRecordReader, testRecordsContent } from '../helpers/testRecordReader.ts';
import { graphCounts, NO_ORPHANS, orphans } from '../helpers/graphCounts.ts';
import { wprimText, type WprimRecordSpec } from '../helpers/wprimText.ts';

const SEED_DOI = '10.3760/cma.j.cn101070-20200616-01000';
const SEED_FILE = 'seed/records/000_070daa3f198e0cee.txt';
let reference: ReferenceData;

const api = useTestApi(async (db) => {
  reference = await loadReferenceData();
  await seedFiles(db, [SEED_RECORDS], { reference });
});

/** Imports in-memory content (WPRIM text, or records built in code) under a file name, through the real pipeline. */
async function importContent(name: string, content: string | SourceRecord[]): Promise<ImportSummary> {
  const text = typeof content === 'string' ? content : testRecordsContent(content);
  return importRecords(api.db, [contentSource(name, text)], {
    reference,
    readers: [...READERS, testRecordReader],
    context: newImportContext({ importedBy: 'test', tool: 'test' }),
  });
}

/** A minimal record of another format built in code (TEST DATA). */
function record(format: SourceRecord['origin']['format'], fields: Partial<SourceRecord>): SourceRecord {
  return {
    origin: { format, file: '', index: 0 },
    title: '[TEST] untitled',
    authors: [],
    subjects: [],
    references: [],
    ...fields,
  };
}

interface Stats {
  articles: number;
  authors: number;
  institutions: number;
  journals: number;
  topics: number;
  relationships: number;
  sources: number;
  imports: number;
}

async function stats(): Promise<Stats> {
  return (
    await query<{ stats: Stats }>(
      api.handle,
      '{ stats { articles authors institutions journals topics relationships sources imports } }',
    )
  ).stats;
}

const ARTICLE = `
  id doi pmid title vernacularTitle abstract language year volume issue firstPage lastPage keywords publicationTypes sourceFile
  journal { id title issn issns { value type } }
  authorships { position rawAffiliation markers sources author { id name orcid } institutions { id name } }
  topics { id name meshId kind }
  topicLinks { position major qualifiers { name ui major } sources topic { meshId } }
  sources {
    id format file line index importedAt importedBy importId precedence decides
    title doi pmid language year volume issue firstPage lastPage keywords
    journal { title abbreviation issns { value type } }
    authors { position name familyName givenName orcid affiliations markers }
    topics { term name meshId kind major qualifiers { name ui major } }
  }`;

describe('the same article from two sources', () => {
  let article: any;
  beforeAll(async () => {
    const summary = await importContent('tests/pubmed-like-seed.testrecords', [pubmedLikeSeedRecord()]);
    expect([summary.added, summary.updated, summary.unchanged, summary.rejected]).toEqual([1, 0, 0, 0]);
    // The seed article was already in the graph (from its WPRIM page): a new source, not a new article.
    expect([summary.newArticles, summary.articlesWithNewSource]).toEqual([0, 1]);
    article = (
      await query<{ article: unknown }>(api.handle, `query($doi: String!) { article(doi: $doi) { ${ARTICLE} } }`, {
        doi: SEED_DOI,
      })
    ).article;
  });

  it('is one Article node with both sources, most trusted first', async () => {
    expect(article.id).toBe(`Article:doi:${SEED_DOI}`);
    expect((await stats()).articles).toBe(1);
    expect(article.sources.map((s: any) => [s.format, s.file, s.line, s.index, s.precedence])).toEqual([
      ['PUBMED_XML', 'tests/pubmed-like-seed.testrecords', 3, 0, 1],
      ['WPRIM', SEED_FILE, 1, 0, 3],
    ]);
    for (const s of article.sources) {
      expect(s.importedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(s.importId).toMatch(/^import:/);
    }
    expect(article.sources.map((s: any) => s.importedBy)).toEqual(['test', 'library']);
  });
  it("answers each field with the value of the most trusted source stating it, and shows every source's own value", () => {
    expect(article.title).toBe(pubmedLikeSeedRecord().title);
    expect(article.sources[1].title).toBe(
      'Study progress of exosomes derived from mesenchymal stem cells in the treatment of complications related to preterm infants',
    );
    expect([article.language, article.sources[0].language, article.sources[1].language]).toEqual([
      'chi',
      'chi',
      'Chinese',
    ]);
    expect(article.abstract).toMatch(/^Although great progress/);
    expect(article.vernacularTitle).toBe('间充质干细胞来源的外泌体治疗早产儿并发症的研究进展');
    expect([
      article.doi,
      article.pmid,
      article.year,
      article.volume,
      article.issue,
      article.firstPage,
      article.lastPage,
    ]).toEqual([SEED_DOI, '99999901', 2021, '36', '21', '1673', '1676']);
    expect(article.publicationTypes).toEqual(['Journal Article', 'Review']);
    expect(article.sourceFile).toBe('tests/pubmed-like-seed.testrecords');
    expect(article.sources[0].decides).toEqual(expect.arrayContaining(['title', 'language', 'pmid', 'doi', 'year']));
    expect(article.sources[1].decides.sort()).toEqual(['abstract', 'country', 'vernacularTitle']);
    expect(article.sources[0].decides).not.toContain('abstract');
  });
  it('keeps one byline in order, the same people of both sources merged with the affiliations of both', () => {
    expect(article.authorships.map((w: any) => [w.position, w.author.id, w.author.name, w.author.orcid])).toEqual([
      [1, 'Author:haoming chen', 'Haoming Chen', null],
      [2, 'Author:qingfei hao', 'Qingfei Hao', null],
      [3, 'Author:orcid:0000-0002-1825-0097', 'Xiuyong Cheng', '0000-0002-1825-0097'],
    ]);
    const sourceIds = article.sources.map((s: any) => s.id);
    for (const w of article.authorships) expect([...w.sources].sort()).toEqual([...sourceIds].sort());
    const first = article.authorships[0];
    expect(first.rawAffiliation).toBe(
      'Department of Neonatology, The First Affiliated Hospital of Zhengzhou University, Zhengzhou 450052, China.; 郑州大学第一附属医院新生儿科,郑州 450052',
    );
    expect(first.markers).toEqual(['1']);
    expect(first.institutions.map((i: any) => i.name)).toEqual([
      'Department of Neonatology, The First Affiliated Hospital of Zhengzhou University, Zhengzhou 450052, China.',
      'Department of Neonatology, The First Affiliated Hospital of Zhengzhou University',
    ]);
    expect(article.sources[1].authors.map((a: any) => [a.name, a.familyName, a.affiliations, a.markers])).toEqual([
      ['Haoming CHEN', 'CHEN', ['郑州大学第一附属医院新生儿科,郑州 450052'], ['1']],
      ['Qingfei HAO', 'HAO', [], []],
      ['Xiuyong CHENG', 'CHENG', [], []],
    ]);
  });
  it('has the journal with its ISSNs', () => {
    expect(article.journal).toEqual({
      id: 'Journal:issn:2095-428X',
      title: 'Chinese Journal of Applied Clinical Pediatrics',
      issn: '2095-428X',
      issns: [
        { value: '2095-428X', type: 'LINKING' },
        { value: '2095-428X', type: 'PRINT' },
      ],
    });
    expect(article.sources[0].journal).toMatchObject({ abbreviation: 'Zhonghua Shi Yong Er Ke Lin Chuang Za Zhi' });
  });
  it('accumulates the topics of both sources with their MeSH UIs, major flags, qualifiers and sources', () => {
    expect(article.topics.map((t: any) => [t.meshId, t.kind])).toEqual([
      ['D055354', 'MESH'],
      ['D059630', 'MESH'],
      ['D007234', 'MESH'],
      ['D006801', 'MESH'],
      ['D001997', 'MESH'],
      ['D001930', 'MESH'],
      ['D020345', 'MESH'],
      ['D012178', 'MESH'],
    ]);
    const [pubmedId, wprimId] = article.sources.map((s: any) => s.id);
    expect(article.topicLinks.map((l: any) => [l.topic.meshId, l.major, l.sources])).toEqual([
      ['D055354', true, [pubmedId, wprimId]],
      ['D059630', true, [pubmedId, wprimId]],
      ['D007234', false, [pubmedId, wprimId]],
      ['D006801', false, [pubmedId]],
      ['D001997', false, [pubmedId, wprimId]],
      ['D001930', null, [wprimId]],
      ['D020345', null, [wprimId]],
      ['D012178', null, [wprimId]],
    ]);
    expect(article.topicLinks[4].qualifiers).toEqual([{ name: 'therapy', ui: 'Q000628', major: true }]);
    expect(article.topicLinks[0].qualifiers).toEqual([{ name: 'metabolism', ui: 'Q000378', major: false }]);
    expect(article.sources[0].topics[0]).toEqual({
      term: 'Exosomes',
      name: 'Exosomes',
      meshId: 'D055354',
      kind: 'MESH',
      major: true,
      qualifiers: [{ name: 'metabolism', ui: 'Q000378', major: false }],
    });
  });
  it('leaves no orphan: the name-keyed author the ORCID replaced is gone', async () => {
    expect(await orphans(api.db)).toEqual(NO_ORPHANS);
    const data = await query<{ node: unknown }>(api.handle, '{ node(id: "Author:xiuyong cheng") { id } }');
    expect(data.node).toBeNull();
    expect(await stats()).toMatchObject({ articles: 1, authors: 3, journals: 1, sources: 2 });
  });
  it('finds the article again from a record that gives only its PMID', async () => {
    await importContent('tests/openalex-like.testrecords', [
      record('openalex', {
        title: 'Study progress of exosomes (OpenAlex)',
        pmid: 'https://pubmed.ncbi.nlm.nih.gov/99999901/',
        year: 2021,
      }),
    ]);
    const data = await query<{ article: any }>(
      api.handle,
      `query($doi: String!) { article(doi: $doi) { id title sources { format } } }`,
      { doi: SEED_DOI },
    );
    expect(data.article.id).toBe(`Article:doi:${SEED_DOI}`);
    expect(data.article.sources.map((s: any) => s.format)).toEqual(['PUBMED_XML', 'WPRIM', 'OPENALEX']);
    expect((await stats()).articles).toBe(1);
  });
});

describe('identity by any identifier', () => {
  it('an article known by its PMID is the same article when a later record gives its DOI too', async () => {
    await importContent('tests/pmid-only.testrecords', [
      record('ris', { title: '[TEST] Known by PMID first', pmid: '99999902' }),
    ]);
    const before = await stats();
    await importContent('tests/doi-and-pmid.testrecords', [
      record('crossref', { title: '[TEST] Known by PMID first', pmid: '99999902', doi: '10.9999/test.902' }),
    ]);
    expect((await stats()).articles).toBe(before.articles);
    const data = await query<{ article: any }>(
      api.handle,
      '{ article(doi: "10.9999/TEST.902") { id pmid doi sources { format } } }',
    );
    expect(data.article).toEqual({
      id: 'Article:pmid:99999902',
      pmid: '99999902',
      doi: '10.9999/test.902',
      sources: [{ format: 'CROSSREF' }, { format: 'RIS' }],
    });
  });
  it('two articles a record shows to be one become one, keeping every source', async () => {
    await importContent('tests/bridge-a.testrecords', [
      record('ris', { title: '[TEST] Bridge', doi: '10.9999/test.903' }),
    ]);
    await importContent('tests/bridge-b.testrecords', [
      record('bibtex', { title: '[TEST] Bridge (other export)', pmid: '99999903' }),
    ]);
    const before = await stats();
    await importContent('tests/bridge-c.testrecords', [
      record('crossref', { title: '[TEST] Bridge', doi: '10.9999/test.903', pmid: '99999903' }),
    ]);
    expect((await stats()).articles).toBe(before.articles - 1);
    const data = await query<{ article: any }>(
      api.handle,
      '{ article(doi: "10.9999/test.903") { id pmid sources { format file } } }',
    );
    expect(data.article.id).toBe('Article:doi:10.9999/test.903');
    expect(data.article.pmid).toBe('99999903');
    expect(data.article.sources.map((s: any) => s.format)).toEqual(['CROSSREF', 'BIBTEX', 'RIS']); // same rank: the newer import first
    expect(await orphans(api.db)).toEqual(NO_ORPHANS);
  });
  it('a journal known by its print ISSN is the same journal when another source gives its ISSN-L and e-ISSN alongside', async () => {
    const [print, linking, electronic] = ['9999-9994', '9999-9986', '9999-9978'];
    expect([print, linking, electronic].map((i) => normalizeIssn(i))).toEqual([print, linking, electronic]);
    const journal = (
      issns: SourceRecord['journal'] extends infer J ? (J extends { issns: infer I } ? I : never) : never,
    ) => ({ title: '[TEST] Journal of Identity Tests', issns });
    await importContent('tests/issn-print.testrecords', [
      record('ris', {
        title: '[TEST] ISSN one',
        doi: '10.9999/test.904',
        journal: journal([{ value: print, type: 'print' }]),
      }),
    ]);
    const before = await stats();
    await importContent('tests/issn-all.testrecords', [
      record('crossref', {
        title: '[TEST] ISSN two',
        doi: '10.9999/test.905',
        journal: journal([
          { value: linking, type: 'linking' },
          { value: electronic, type: 'electronic' },
          { value: print, type: 'print' },
        ]),
      }),
    ]);
    expect((await stats()).journals).toBe(before.journals);
    const data = await query<{ articles: any }>(
      api.handle,
      `{ articles(filter: { journal: "${electronic}" }) { edges { node { doi journal { id issn issns { value type } } } } } }`,
    );
    expect(data.articles.edges.map((e: any) => e.node.doi).sort()).toEqual(['10.9999/test.904', '10.9999/test.905']);
    expect(data.articles.edges[0].node.journal.id).toBe(`Journal:issn:${print}`);
    expect(data.articles.edges[0].node.journal.issns).toEqual([
      { value: linking, type: 'LINKING' },
      { value: print, type: 'PRINT' },
      { value: electronic, type: 'ELECTRONIC' },
    ]);
  });
});

describe('re-importing', () => {
  const spec = (overrides: Partial<WprimRecordSpec> = {}): WprimRecordSpec => ({
    title: '[TEST] Orphan check',
    doi: '10.9999/test.910',
    authors: [
      { name: 'Orphan ALPHA', affiliations: [1] },
      { name: 'Orphan BETA', affiliations: [2] },
    ],
    affiliations: ['测试孤儿医院一科,测试市 100001', '测试孤儿医院二科,测试市 100002'],
    keywords: ['Orphan test keyword one', 'Orphan test keyword two'],
    journal: 'Journal of Orphan Tests',
    citation: '2024;1(1):1-2',
    ...overrides,
  });

  it('a second identical import changes no count and reports every record unchanged', async () => {
    const before = await graphCounts(api.db);
    const summary = await seedFiles(api.db, [SEED_RECORDS], { reference });
    expect([summary.added, summary.updated, summary.unchanged]).toEqual([0, 0, 1]);
    const again = await importContent('tests/pubmed-like-seed.testrecords', [pubmedLikeSeedRecord()]);
    expect([again.added, again.updated, again.unchanged]).toEqual([0, 0, 1]);
    expect([again.newArticles, again.articlesWithNewSource]).toEqual([0, 0]);
    expect(await graphCounts(api.db)).toEqual(before);
  });
  it('a corrected record replaces what its source stated: other authors, journal and fewer topics leave no orphan', async () => {
    const baseline = await stats();
    await importContent('tests/orphans.txt', wprimText(spec()));
    const loaded = await stats();
    expect(loaded).toMatchObject({
      articles: baseline.articles + 1,
      authors: baseline.authors + 2,
      journals: baseline.journals + 1,
      topics: baseline.topics + 2,
      institutions: baseline.institutions + 2,
    });
    const corrected = await importContent(
      'tests/orphans.txt',
      wprimText(
        spec({
          authors: [{ name: 'Orphan GAMMA' }],
          affiliations: [],
          keywords: ['Orphan test keyword one'],
          journal: 'Journal of Corrected Tests',
        }),
      ),
    );
    expect([corrected.added, corrected.updated, corrected.unchanged]).toEqual([0, 1, 0]);
    expect(await stats()).toEqual({
      ...loaded,
      authors: baseline.authors + 1,
      institutions: baseline.institutions,
      topics: baseline.topics + 1,
      relationships: loaded.relationships - 4,
    }); // AUTHORED 2->1, AFFILIATED_WITH 2->0, HAS_TOPIC 2->1
    expect(await orphans(api.db)).toEqual(NO_ORPHANS);
    const [row] = await api.db.read<{ names: string[]; journals: string[]; aliases: number }>(
      `CALL () { MATCH (a:Author) WHERE a.name STARTS WITH 'Orphan ' RETURN collect(a.name) AS names }
       CALL () { MATCH (j:Journal) WHERE j.title CONTAINS 'Tests' AND NOT j.title STARTS WITH '[TEST]' RETURN collect(j.title) AS journals }
       CALL () { MATCH (al:Alias) WHERE al.value CONTAINS 'orphan tests' OR al.value CONTAINS '孤儿' RETURN count(al) AS aliases }
       RETURN names, journals, aliases`,
    );
    expect(row).toEqual({ names: ['Orphan GAMMA'], journals: ['Journal of Corrected Tests'], aliases: 0 });
  });
  it('a file imported again without a record (or with its DOI corrected) no longer asserts it', async () => {
    const before = await stats();
    const summary = await importContent('tests/orphans.txt', wprimText(spec({ doi: '10.9999/test.911' })));
    expect([summary.added, summary.retracted]).toEqual([1, 1]);
    expect([summary.newArticles, summary.articlesWithNewSource]).toEqual([1, 0]);
    expect(await stats()).toMatchObject({ articles: before.articles, sources: before.sources });
    const data = await query<{ old: unknown; fixed: any }>(
      api.handle,
      '{ old: article(doi: "10.9999/test.910") { id } fixed: article(doi: "10.9999/test.911") { id } }',
    );
    expect(data.old).toBeNull();
    expect(data.fixed.id).toBe('Article:doi:10.9999/test.911');
    expect(await orphans(api.db)).toEqual(NO_ORPHANS);
  });
  it('retracting an import returns every count exactly to what it was', async () => {
    const before = await graphCounts(api.db);
    const beforeStats = await stats();
    const summary = await importContent(
      'tests/retract.txt',
      wprimText({
        title: '[TEST] Retract me',
        doi: '10.9999/test.920',
        authors: [{ name: 'Haoming CHEN', affiliations: [1] }, { name: 'Retract ONLY' }],
        affiliations: ['郑州大学第一附属医院新生儿科,郑州 450052'],
        keywords: ['Exosomes', 'Retract-only keyword'],
        journal: 'Chinese Journal of Applied Clinical Pediatrics',
        citation: '2024;2(2):3-4',
      }),
    );
    expect(summary.added).toBe(1);
    expect((await stats()).articles).toBe(beforeStats.articles + 1);
    await retractImport(api.db, summary.importId, newImportContext({ importedBy: 'test', tool: 'test' }));
    expect(await graphCounts(api.db)).toEqual(before);
    expect(await stats()).toEqual(beforeStats);
  });
});
