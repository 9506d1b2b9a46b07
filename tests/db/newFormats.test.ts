import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../src/ingest/normalize/loadReferenceData.ts';
import type { ReferenceData } from '../../src/ingest/normalize/ReferenceData.ts';
import { contentSource } from '../../src/ingest/pipeline/importSource.ts';
import { importRecords, type ImportSummary } from '../../src/ingest/pipeline/importRecords.ts';
import { newImportContext } from '../../src/ingest/load/loadGraph.ts';
import { useTestApi } from '../helpers/useTestApi.ts';
import { query } from '../helpers/graphql.ts';
import { graphCounts } from '../helpers/graphCounts.ts';

/**
 * Real exports of Web of Science, Scopus (RIS) and CNKI/Wanfang loaded into Neo4j: cited references
 * become works that co-citation counts, and Chinese titles and keywords are found by search.
 */
const FORMATS = 'tests/fixtures/formats';
let reference: ReferenceData;

async function importFile(file: string): Promise<ImportSummary> {
  const summary = await importRecords(
    api.db,
    [contentSource(`${FORMATS}/${file}`, readFileSync(`${FORMATS}/${file}`, 'utf8'))],
    {
      reference,
      context: newImportContext({ importedBy: 'test', tool: 'test' }),
    },
  );
  expect(summary.rejected).toBe(0);
  return summary;
}

const api = useTestApi(async () => {
  reference = await loadReferenceData();
});

/**
 * How many records of a WoS file cite both works, counted from the file's CR lines alone (DOI and
 * dots dropped, upper-cased): the independent count the graph's co-citation must equal.
 */
function recordsCitingBoth(file: string, a: string, b: string): number {
  const text = readFileSync(`${FORMATS}/${file}`, 'utf8');
  return text.split(/\nER\r?\n/).filter((record) => {
    const cr = /\nCR ([\s\S]*?)\n(?=[A-Z][A-Z0-9] )/.exec(record)?.[1] ?? '';
    const works = new Set(
      cr.split('\n').map((l) =>
        l
          .replace(/\s+/g, ' ')
          .trim()
          .replace(/, DOI .*$/, '')
          .replace(/\./g, '')
          .toUpperCase(),
      ),
    );
    return works.has(a) && works.has(b);
  }).length;
}

const COCITED = `query($id: ID!) { node(id: $id) { ... on Article { referenceOnly title referenceAuthor referenceJournal year volume firstPage citedBy(first: 100) { totalCount } coCited(first: 100) { count article { id title } } } } }`;

interface Cited {
  referenceOnly: boolean;
  title: string;
  referenceAuthor: string | null;
  referenceJournal: string | null;
  year: number | null;
  volume: string | null;
  firstPage: string | null;
  citedBy: { totalCount: number };
  coCited: Array<{ count: number; article: { id: string; title: string } }>;
}

async function citedWork(author: string, year: number, journal: string): Promise<{ id: string; view: Cited }> {
  const [row] = await api.db.read<{ id: string }>(
    'MATCH (a:Article) WHERE a.referenceAuthor = $author AND a.year = $year AND a.referenceJournal = $journal RETURN a.id AS id',
    { author, year, journal },
  );
  if (!row) throw new Error(`no cited work ${author} ${year} ${journal}`);
  const { node } = await query<{ node: Cited }>(api.handle, COCITED, { id: row.id });
  return { id: row.id, view: node };
}

describe('Web of Science cited references as works', () => {
  beforeAll(async () => {
    await importFile('wos/metaknowledge-savedrecs.txt');
  });

  it('makes a reference-only work of a CR entry without DOI, with what it states', async () => {
    const { id, view } = await citedWork('GOOS F', 1947, 'ANN PHYS-BERLIN');
    expect(id).toMatch(/^Article:cit:/);
    expect(view).toMatchObject({
      referenceOnly: true,
      title: 'GOOS F, 1947, ANN PHYS-BERLIN, V1, P333',
      volume: '1',
      firstPage: '333',
    });
    expect(view.citedBy.totalCount).toBe(17);
  });

  it('counts co-citation of works cited without identifiers as the file states it', async () => {
    const levy = await citedWork('LEVY Y', 1975, 'OPT COMMUN');
    const goos = await citedWork('GOOS F', 1947, 'ANN PHYS-BERLIN');
    const renard = await citedWork('RENARD RH', 1964, 'J OPT SOC AM');
    const count = (of: Cited, other: string) => of.coCited.find((c) => c.article.id === other)?.count;
    expect(count(levy.view, goos.id)).toBe(
      recordsCitingBoth(
        'wos/metaknowledge-savedrecs.txt',
        'LEVY Y, 1975, OPT COMMUN, V13, P43',
        'GOOS F, 1947, ANN PHYS-BERLIN, V1, P333',
      ),
    );
    expect(count(levy.view, goos.id)).toBe(14);
    expect(count(goos.view, renard.id)).toBe(
      recordsCitingBoth(
        'wos/metaknowledge-savedrecs.txt',
        'GOOS F, 1947, ANN PHYS-BERLIN, V1, P333',
        'RENARD RH, 1964, J OPT SOC AM, V54, P1190',
      ),
    );
  });

  it('changes nothing when the file is imported again', async () => {
    const before = await graphCounts(api.db);
    const again = await importFile('wos/metaknowledge-savedrecs.txt');
    expect(again.rejected).toBe(0);
    expect(await graphCounts(api.db)).toEqual(before);
  });
});

describe('Chinese records found by search', () => {
  beforeAll(async () => {
    await importFile('endnote/cnki-journal-article.txt');
    await importFile('endnote/wanfang-journal-article.txt');
    await importFile('refworks/cnki-journal-article.txt');
  });

  const SEARCH = `query($q: String!) { search(query: $q, types: [ARTICLE], first: 5) { label } }`;
  const top = async (q: string) =>
    (await query<{ search: Array<{ label: string }> }>(api.handle, SEARCH, { q })).search.map((h) => h.label);

  it('finds a CNKI article by words of its Chinese title, and by a keyword', async () => {
    expect((await top('黄芪多糖'))[0]).toBe('黄芪多糖复合酶提取工艺优化及其α-葡萄糖苷酶抑制活性');
    expect((await top('胚性愈伤组织'))[0]).toBe('黄瓜胚性愈伤组织的诱导保存和再生');
    expect((await top('离体保存'))[0]).toBe('黄瓜胚性愈伤组织的诱导保存和再生');
  });

  it('finds only the records that hold the characters side by side, not every record sharing one of them', async () => {
    // 黄芪多糖 (astragalus polysaccharide) shares 黄 with 黄瓜 (cucumber) in the other CNKI title.
    expect(await top('黄芪多糖')).toEqual(['黄芪多糖复合酶提取工艺优化及其α-葡萄糖苷酶抑制活性']);
    expect(await top('黄瓜')).toEqual(['黄瓜胚性愈伤组织的诱导保存和再生']);
  });

  it('finds the Wanfang article by a Chinese keyword', async () => {
    expect((await top('学术书签网站'))[0]).toBe('参考文献管理工具研究');
  });
});

describe("Wanfang's pinyin names through the API", () => {
  beforeAll(async () => {
    await importFile('endnote/wanfang-journal-article.txt');
  });

  it("gives each author of the Wanfang source the %H name printed beside the Chinese one, and leaves the Author node's name as printed", async () => {
    const data = await query<{
      article: {
        authorships: Array<{ author: { name: string } }>;
        sources: Array<{ format: string; authors: Array<{ name: string; translatedName: string | null }> }>;
      };
    }>(
      api.handle,
      `{ article(doi: "10.3969/j.issn.1008-0821.2009.02.027") {
          authorships { author { name } }
          sources { format authors { name translatedName } } } }`,
    );
    expect(data.article.sources).toEqual([
      {
        format: 'ENDNOTE',
        authors: [
          { name: '余敏', translatedName: 'Yu Min' },
          { name: '朱江', translatedName: 'Zhu Jiang' },
          { name: '丁照蕾', translatedName: 'Ding Zhaolei' },
        ],
      },
    ]);
    expect(data.article.authorships.map((w) => w.author.name)).toEqual(['余敏', '朱江', '丁照蕾']);
  });
});

/**
 * How many records of a Scopus RIS file cite all the works, counted from the text of their
 * `N1  - References:` notes alone (each work named by its printed title): the independent count the
 * graph must equal.
 */
function scopusRecordsCiting(file: string, ...titles: string[]): number {
  const text = readFileSync(`${FORMATS}/${file}`, 'utf8');
  return text.split(/\nER {2}-/).filter((record) => {
    const notes = /\nN1 {2}- References: ([\s\S]*?)\n(?=[A-Z][A-Z0-9] {2}- )/.exec(record)?.[1] ?? '';
    return titles.every((title) => notes.includes(title));
  }).length;
}

describe('Scopus RIS cited references as works', () => {
  const FILE = 'ris/scopus-bibx.ris';
  const CITING = 'Article:doi:10.1063/5.0020407';
  beforeAll(async () => {
    await importFile(FILE);
  });

  it('makes the references of the N1 note CITES relationships to reference-only works, with what they state', async () => {
    const { node } = await query<{ node: { references: { totalCount: number } } }>(
      api.handle,
      'query($id: ID!) { node(id: $id) { ... on Article { references(first: 1) { totalCount } } } }',
      { id: CITING },
    );
    // The note's 64 references, each with author, year and source: 64 works.
    expect(node.references.totalCount).toBe(64);
    const { id, view } = await citedWork('Mayergoyz, I.D.', 1986, 'Phys. Rev. Lett.');
    expect(id).toMatch(/^Article:cit:/);
    expect(view).toMatchObject({ referenceOnly: true, volume: '56', firstPage: '1518' });
    expect(view.citedBy.totalCount).toBe(1);
  });

  it('counts co-citation of the works two records of the file both cite', async () => {
    // One of the records citing Chang prints its source "Ieee Trans. Magn., 46 (11)": the same work all the same.
    const CHANG = 'Inter-track interference mitigation for bit-patterned magnetic recording';
    const ZHU = 'Recording, noise, and servo characteristics of patterned thin film media';
    const [chang, zhu] = await Promise.all(
      [CHANG, ZHU].map(async (title) => {
        const [row] = await api.db.read<{ id: string }>(
          'MATCH (a:ReferenceOnly) WHERE a.title = $title RETURN a.id AS id',
          { title },
        );
        if (!row) throw new Error(`no cited work titled ${title}`);
        const { node } = await query<{ node: Cited }>(api.handle, COCITED, { id: row.id });
        return { id: row.id, view: node };
      }),
    );
    const count = chang!.view.coCited.find((c) => c.article.id === zhu!.id)?.count;
    expect(count).toBe(scopusRecordsCiting(FILE, CHANG, ZHU));
    expect(count).toBe(2);

    // The co-citation map over the records citing the one work: the pair among its links.
    const MAP = `query($filter: ArticleFilter) { scienceMap(kind: COCITATION, filter: $filter, limit: 1000) { articleCount totalLinks links { source target count } } }`;
    const { scienceMap } = await query<{
      scienceMap: {
        articleCount: number;
        totalLinks: number;
        links: Array<{ source: string; target: string; count: number }>;
      };
    }>(api.handle, MAP, { filter: { cites: chang!.id } });
    expect(scienceMap.articleCount).toBe(scopusRecordsCiting(FILE, CHANG));
    expect(scienceMap.articleCount).toBe(3);
    expect(scienceMap.totalLinks).toBeGreaterThan(0);
    const pair = [chang!.id, zhu!.id].sort().join('|');
    expect(scienceMap.links.find((l) => [l.source, l.target].sort().join('|') === pair)?.count).toBe(2);
  });

  it('changes nothing when the file is imported again', async () => {
    const before = await graphCounts(api.db);
    const again = await importFile(FILE);
    expect(again.rejected).toBe(0);
    expect(await graphCounts(api.db)).toEqual(before);
  });
});
