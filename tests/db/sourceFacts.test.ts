import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../src/ingest/normalize/loadReferenceData.ts';
import type { ReferenceData } from '../../src/ingest/normalize/ReferenceData.ts';
import { contentSource } from '../../src/ingest/pipeline/importSource.ts';
import { importRecords } from '../../src/ingest/pipeline/importRecords.ts';
import { newImportContext } from '../../src/ingest/load/loadGraph.ts';
import { useTestApi } from '../helpers/useTestApi.ts';
import { query } from '../helpers/graphql.ts';

/**
 * What a record states beyond the article's own fields, visible on its source: affiliations the
 * record does not tie to an author, accession numbers and funding; and what a NoteExpress export
 * from Wanfang puts into the graph.
 */
const FORMATS = 'tests/fixtures/formats';
let reference: ReferenceData;

async function importFile(file: string): Promise<void> {
  const summary = await importRecords(
    api.db,
    [contentSource(`${FORMATS}/${file}`, readFileSync(`${FORMATS}/${file}`, 'utf8'))],
    { reference, context: newImportContext({ importedBy: 'test', tool: 'test' }) },
  );
  expect(summary.rejected).toBe(0);
}

const api = useTestApi(async () => {
  reference = await loadReferenceData();
});

interface SourceView {
  format: string;
  affiliations: string[];
  accessions: Array<{ database: string; id: string }>;
  funding: string[];
  authors: Array<{ name: string; affiliations: string[] }>;
}

const ARTICLE = `query($doi: String!) { article(doi: $doi) {
  title vernacularTitle
  authorships { author { name } rawAffiliation institutions { name } }
  sources { format affiliations accessions { database id } funding authors { name affiliations } }
} }`;

async function article(doi: string) {
  const { article } = await query<{
    article: {
      title: string;
      vernacularTitle: string | null;
      authorships: Array<{
        author: { name: string };
        rawAffiliation: string | null;
        institutions: Array<{ name: string }>;
      }>;
      sources: SourceView[];
    };
  }>(api.handle, ARTICLE, { doi });
  return article;
}

describe('facts of a source record in the API', () => {
  it("shows a CNKI record's affiliations that it ties to no author on its source, and on no authorship", async () => {
    await importFile('refworks/cnki-journal-article.txt');
    const a = await article('10.13207/j.cnki.jnwafu.2024.07.011');
    expect(a.sources.map((s) => [s.format, s.affiliations])).toEqual([
      ['REFWORKS', ['西北农林科技大学园艺学院陕西省蔬菜工程技术研究中心', '宁夏大学农学院']],
    ]);
    expect(a.sources[0]!.authors.every((w) => w.affiliations.length === 0)).toBe(true);
    expect(a.authorships.every((w) => w.rawAffiliation === null && w.institutions.length === 0)).toBe(true);
  });

  it('shows the Web of Science accession number and the funding a record prints', async () => {
    await importFile('wos/bibliometrix-wos_sample.txt');
    const funded = await article('10.1080/21645515.2024.2372912');
    expect(funded.sources).toHaveLength(1);
    expect(funded.sources[0]).toMatchObject({
      format: 'WOS',
      accessions: [{ database: 'wos', id: 'WOS:001338261400001' }],
      funding: [
        'National Administration of Traditional Chinese Medicine National Clinical Excellent Talents Training Program [2022-239]',
      ],
    });
    const unfunded = await article('10.1016/j.joi.2017.08.007');
    expect(unfunded.sources.find((s) => s.format === 'WOS')).toMatchObject({
      accessions: [{ database: 'wos', id: 'WOS:000418020600003' }],
      funding: [],
      affiliations: [],
    });
  });
});

describe('Lens and Dimensions exports: the ids they cite by and their per-author affiliations', () => {
  it("shows a Lens record's cited Lens IDs on its source, and no citation of them", async () => {
    await importFile('lens-csv/lens-export.csv');
    const { article } = await query<{
      article: {
        sources: Array<{ accessions: unknown[]; citedAccessions: Array<{ database: string; id: string }> }>;
        references: { totalCount: number };
      };
    }>(
      api.handle,
      `{ article(doi: "10.1177/0734242x8900700120") { sources { accessions { database id } citedAccessions { database id } } references { totalCount } } }`,
    );
    expect(article.sources).toEqual([
      {
        accessions: [{ database: 'lens', id: '000-015-224-213-921' }],
        citedAccessions: [{ database: 'lens', id: '108-641-285-883-579' }],
      },
    ]);
    expect(article.references.totalCount).toBe(0);
  });

  it('links each Dimensions author to the affiliations printed after their name, and keeps the Publication ID', async () => {
    await importFile('dimensions-csv/dimensions-publication-export.csv');
    const a = await article('10.1016/j.jad.2024.07.131');
    expect(a.sources[0]).toMatchObject({
      format: 'DIMENSIONS_CSV',
      accessions: [{ database: 'dimensions', id: 'pub.1173974926' }],
      affiliations: [],
    });
    expect(a.authorships.slice(0, 2).map((w) => [w.author.name, w.rawAffiliation])).toEqual([
      [
        'Jack Z Sheen',
        'Institute of Medical Science, University of Toronto, Toronto, Canada. Electronic address: jack.sheen2018@gmail.com.',
      ],
      [
        'Frank Mazza',
        'Institute of Medical Science, University of Toronto, Toronto, Canada; Krembil Centre for Neuroinformatics, Centre for Addiction and Mental Health, Toronto, Canada.',
      ],
    ]);
  });
});

describe('a Wanfang NoteExpress export in the graph', () => {
  it('gives each author the address printed in their position, and keeps the Wanfang record id', async () => {
    await importFile('noteexpress/wanfang-noteexpress.net');
    const a = await article('10.19347/j.cnki.2096-1413.202001019');
    expect(a.title).toBe(
      'Relationship between marital quality, negative emotion and social support in patients with breast cancer after operation',
    );
    expect(a.vernacularTitle).toBe('乳腺癌术后患者婚姻质量与负性情绪、社会支持的相关性');
    expect(a.authorships.map((w) => [w.author.name, w.rawAffiliation])).toEqual([
      ['许雅琼', '西安交通大学医学部公共卫生学院,陕西 西安,710061; 西安交通大学第二附属医院肿瘤病院,陕西 西安,710004'],
      ['张银萍', '西安交通大学医学部'],
    ]);
    expect(a.sources[0]).toMatchObject({
      format: 'NOTEEXPRESS',
      affiliations: [],
      accessions: [{ database: 'wanfang', id: 'lcyxyjysj202001019' }],
    });
  });

  it('finds the article by words of its Chinese title and by a Chinese keyword', async () => {
    const SEARCH = `query($q: String!) { search(query: $q, types: [ARTICLE], first: 5) { label } }`;
    const top = async (q: string) =>
      (await query<{ search: Array<{ label: string }> }>(api.handle, SEARCH, { q })).search.map((h) => h.label);
    expect(await top('婚姻质量')).toContain(
      'Relationship between marital quality, negative emotion and social support in patients with breast cancer after operation',
    );
    expect(await top('前锯肌平面阻滞')).toContain(
      'Influence of ultrasound-guided serratus plane block on metastasis and recurrence of breast cancer after modified radical mastectomy',
    );
  });
});

describe('a CNKI E-Study export in the graph', () => {
  it("finds a record by its Chinese title, with the organisations on its source and CNKI's file name", async () => {
    await importFile('cnki-estudy/cnki-estudy.txt');
    const SEARCH = `query($q: String!) { search(query: $q, types: [ARTICLE], first: 5) { label node { id } } }`;
    const { search } = await query<{ search: Array<{ label: string; node: { id: string } }> }>(api.handle, SEARCH, {
      q: '卡培他滨与苯妥英钠',
    });
    const hit = search.find((h) => h.label.startsWith('1例卡培他滨与苯妥英钠相互作用'));
    expect(hit).toBeDefined();
    const { node } = await query<{ node: { sources: SourceView[] } }>(
      api.handle,
      `query($id: ID!) { node(id: $id) { ... on Article { sources { format affiliations accessions { database id } funding authors { name affiliations } } } } }`,
      { id: hit!.node.id },
    );
    expect(node.sources).toEqual([
      {
        format: 'CNKI_ESTUDY',
        affiliations: ['十堰市太和医院药学部(湖北医药学院附属医院)', '南昌大学第一附属医院药剂科'],
        accessions: [{ database: 'cnki', id: 'ZNYX202101034' }],
        funding: [],
        authors: [
          { name: '柯洪琴', affiliations: [] },
          { name: '陈璿英', affiliations: [] },
          { name: '王启斌', affiliations: [] },
        ],
      },
    ]);
  });
});

describe('a Zotero CSL-JSON export whose DOI fields hold shortDOIs', () => {
  it("shows each item's shortDOI as its source's `shortdoi` accession, beside the DOI of its doi.org link or alone", async () => {
    await importFile('csl-json/zotero-bbt-sport.csl.json');
    // Item 0: "DOI": "10/fqd6hj", "URL": "https://doi.org/10.1177/0193723504268729".
    const linked = await article('10.1177/0193723504268729');
    expect(linked.sources).toEqual([
      expect.objectContaining({ format: 'CSL_JSON', accessions: [{ database: 'shortdoi', id: '10/fqd6hj' }] }),
    ]);
    // Item 5: "DOI": "10/gfzrww" and a publisher's URL: the shortDOI is its only identifier.
    const SEARCH = `query($q: String!) { search(query: $q, types: [ARTICLE], first: 5) { label node { id } } }`;
    const { search } = await query<{ search: Array<{ label: string; node: { id: string } }> }>(api.handle, SEARCH, {
      q: 'sport media commercial complex',
    });
    const hit = search.find((h) => h.label.startsWith('Female athletes, women'));
    expect(hit).toBeDefined();
    const { node } = await query<{ node: { doi: string | null; sources: SourceView[] } }>(
      api.handle,
      `query($id: ID!) { node(id: $id) { ... on Article { doi sources { format accessions { database id } } } } }`,
      { id: hit!.node.id },
    );
    expect(node).toEqual({
      doi: null,
      sources: [{ format: 'CSL_JSON', accessions: [{ database: 'shortdoi', id: '10/gfzrww' }] }],
    });
  });
});

describe('Journal.issnSources: every ISSN with the sources that print it', () => {
  const JOURNAL = `query($doi: String!) { article(doi: $doi) { journal { title issns { value type }
    issnSources { value type sourceCount formats sources { id format file } } } } }`;
  interface JournalView {
    title: string;
    issns: Array<{ value: string; type: string | null }>;
    issnSources: Array<{
      value: string;
      type: string | null;
      sourceCount: number;
      formats: string[];
      sources: Array<{ id: string; format: string; file: string }>;
    }>;
  }
  const journalOf = async (doi: string) =>
    (await query<{ article: { journal: JournalView } }>(api.handle, JOURNAL, { doi })).article.journal;

  it('lists the print and electronic ISSN a Web of Science record prints, each with that record', async () => {
    await importFile('wos/bibliometrix-wos_sample.txt');
    const j = await journalOf('10.1016/j.joi.2017.08.007');
    expect(j.issnSources.map((i) => [i.value, i.type])).toEqual(j.issns.map((i) => [i.value, i.type]));
    expect(j.issnSources.map((i) => [i.value, i.sourceCount, i.formats, i.sources.map((s) => s.file)])).toEqual([
      ['1751-1577', 1, ['WOS'], [`${FORMATS}/wos/bibliometrix-wos_sample.txt`]],
      ['1875-5879', 1, ['WOS'], [`${FORMATS}/wos/bibliometrix-wos_sample.txt`]],
    ]);
  });

  it('counts every record of the journal that prints the ISSN, and no record that names the journal without it', async () => {
    await importFile('noteexpress/wanfang-noteexpress.net');
    // Counted from the file alone: the records printing {ISBN/ISSN}: 2096-1413.
    const records = readFileSync(`${FORMATS}/noteexpress/wanfang-noteexpress.net`, 'utf8').split('\n\n');
    const printing = records.filter((r) => r.includes('{ISBN/ISSN}: 2096-1413')).length;
    const j = await journalOf('10.19347/j.cnki.2096-1413.202001019');
    expect(j.issnSources).toEqual([
      expect.objectContaining({ value: '2096-1413', sourceCount: printing, formats: ['NOTEEXPRESS'] }),
    ]);
    expect(new Set(j.issnSources[0]!.sources.map((s) => s.id)).size).toBe(printing);
    const { article } = await query<{ article: { journal: { articles: { totalCount: number } } } }>(
      api.handle,
      `{ article(doi: "10.19347/j.cnki.2096-1413.202001019") { journal { articles(first: 50) { totalCount } } } }`,
    );
    // Wanfang names the journal of one more record by its title alone: the journal is found by that
    // title, and that record, which prints no ISSN, is not counted.
    expect(article.journal.articles.totalCount).toBe(printing + 1);
  });
});
