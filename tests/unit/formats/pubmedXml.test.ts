import { describe, expect, it } from 'vitest';
import { pubmedXmlReader } from '../../../src/ingest/parse/formats/pubmed-xml/reader.ts';
import { byTitle, readAll, readFixture } from './readFixture.ts';

describe('PubMed XML reader', async () => {
  const { reader, records, problems } = await readFixture('pubmed-xml', 'written-articles.xml', 61);
  const main = byTitle(records, '[TEST] Probiotics');
  const second = byTitle(records, '[TEST] A second record');
  const book = byTitle(records, '[TEST] A book chapter');

  it('is detected as PubMed XML; every record is a record or a named problem', () => {
    expect(reader.format).toBe('pubmed-xml');
    expect(records.map((r) => r.origin.index)).toEqual([0, 1, 2]);
    expect(problems.map((p) => [p.index, p.field, p.line])).toEqual([[3, 'ArticleTitle', 189]]);
  });
  it('reads a book record (PubmedBookArticle) as the MEDLINE reader does: its title, PMID, no journal', () => {
    expect([book.origin.line, book.pmid, book.journal]).toEqual([176, '99000005', undefined]);
  });
  it("reads the title's mixed content with entities decoded", () => {
    expect(main.title).toBe(
      '[TEST] Probiotics & necrotizing enterocolitis in preterm infants: effects of Lactobacillus reuteri at <32 weeks (test record).',
    );
    expect(main.origin.line).toBe(5);
  });
  it('keeps labelled abstract sections in order', () => {
    expect(main.abstract).toBe(
      'BACKGROUND: This is fictional test data about H2O & probiotics.\nCONCLUSIONS: Readers keep non-ASCII text (Müller, García, 张伟) as given.',
    );
  });
  it('reads authors in order with ORCID, per-author affiliations and ROR; skips invalid names', () => {
    expect(main.authors.map((a) => a.name)).toEqual([
      'Jürgen Müller',
      'José García',
      '张伟',
      'Test Neonatal Network Collaborative Group',
    ]);
    expect(main.authors[0]).toMatchObject({
      family: 'Müller',
      given: 'Jürgen',
      orcid: 'https://orcid.org/0000-0002-1825-0097',
    });
    expect(main.authors[0]?.affiliations).toEqual([
      {
        text: 'Institut für Testmedizin, Universität Teststadt, Teststadt, Germany.',
        ror: 'https://ror.org/0test0147',
      },
    ]);
    expect(main.authors[1]?.affiliations).toEqual([
      { text: 'Servicio de Neonatología, Hospital de Prueba, Madrid, Spain.', ror: '0test0244' },
      { text: 'Departamento de Pediatría, Universidad de Prueba, Madrid, Spain.' },
    ]);
    expect(main.authors[3]).toMatchObject({ collective: true, affiliations: [] });
  });
  it('reads the journal with typed ISSNs and the linking ISSN', () => {
    expect(main.journal).toEqual({
      title: 'Journal of test neonatology',
      abbreviation: 'J Test Neonatol',
      issns: [
        { value: '9999-0016', type: 'electronic' },
        { value: '9999-0008', type: 'linking' },
      ],
    });
    expect([main.year, main.volume, main.issue, main.firstPage, main.lastPage]).toEqual([
      2020,
      '12',
      '3',
      'e123',
      undefined,
    ]);
    expect(main.country).toBe('United States');
  });
  it('reads PMID, DOI (ELocationID) and PMCID', () => {
    expect([main.pmid, main.doi, main.pmcid]).toEqual(['99000002', '10.9999/test.fmt.002', 'PMC9900002']);
  });
  it('reads MeSH with descriptor and qualifier UIs and major flags, and keywords', () => {
    const mesh = main.subjects.filter((s) => s.kind === 'mesh');
    expect(mesh[0]).toEqual({
      kind: 'mesh',
      term: 'Enterocolitis, Necrotizing',
      meshId: 'D020345',
      major: false,
      qualifiers: [
        { name: 'prevention & control', ui: 'Q000517', major: true },
        { name: 'epidemiology', ui: 'Q000453', major: false },
      ],
    });
    expect(mesh.map((m) => [m.meshId, m.major])).toEqual([
      ['D020345', false],
      ['D006801', false],
      ['D007234', true],
      ['D019936', true],
    ]);
    expect(main.subjects.filter((s) => s.kind === 'keyword').map((s) => s.term)).toEqual([
      'gut microbiota',
      'probiotics',
    ]);
  });
  it('reads the reference list with PMIDs and DOIs, keeping self-citations and duplicates as stated', () => {
    expect(main.references).toEqual([
      expect.objectContaining({ pmid: '99000001', doi: '10.3760/cma.j.cn101070-20200616-01000' }),
      expect.objectContaining({ pmid: '99000002' }),
      expect.objectContaining({ doi: '10.9999/test.fmt.ref.001', pmcid: 'PMC9900099' }),
      expect.objectContaining({ pmid: '99000001' }),
      { text: 'A reference printed only as text, without identifiers. Test Proceedings. 2017.' },
    ]);
    expect(main.references[0]?.text).toMatch(/^Chen H, Hao Q, Cheng X\. Study progress/);
  });
  it('reads MedlineDate, MedlinePgn, the vernacular title and the first language', () => {
    expect([second.year, second.firstPage, second.lastPage]).toEqual([1998, '1673', '1676']);
    expect(second.vernacularTitle).toBe('[测试] 第二条记录');
    expect(second.language).toBe('chi');
    expect(second.journal?.abbreviation).toBe('Test Arch Paediatr');
  });
});

describe('PubMed XML reader problems', () => {
  it('names where a cut-off file breaks, after the records before it', async () => {
    const { records, problems } = await readFixture('pubmed-xml', 'malformed.xml');
    expect(records.map((r) => r.pmid)).toEqual(['99000030']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: '(xml)', line: 17 });
    expect(problems[0]?.reason).toMatch(/malformed at line 17.*unclosed tag/);
  });
  it('refuses an XML file that is not a PubmedArticleSet', async () => {
    const { records, problems } = await readAll(
      pubmedXmlReader,
      '<?xml version="1.0"?>\n<eSearchResult><Count>0</Count></eSearchResult>',
      'x.xml',
    );
    expect(records).toEqual([]);
    expect(problems[0]?.reason).toContain('expected the root element PubmedArticleSet, found <eSearchResult>');
  });
  it('refuses an undefined entity with its line', async () => {
    const text =
      '<PubmedArticleSet>\n<PubmedArticle><MedlineCitation><Article><ArticleTitle>A&nbsp;B</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n</PubmedArticleSet>';
    const { problems } = await readAll(pubmedXmlReader, text, 'x.xml');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2, field: '(xml)' });
    expect(problems[0]?.reason).toContain('undefined entity');
  });
});
