import { describe, expect, it } from 'vitest';
import { crossrefReader } from '../../../src/ingest/parse/formats/crossref/reader.ts';
import { byTitle, readAll, readFixture } from './readFixture.ts';
import { citationOf, SEED_RECORD_CITATION } from '../../helpers/seedRecord.ts';

describe('Crossref reader on a single-work response', async () => {
  const { reader, records, problems } = await readFixture('crossref', 'work.json', 100);
  const seed = records[0];

  it('is detected as Crossref and reads the message as one work', () => {
    expect(reader.format).toBe('crossref');
    expect(problems).toEqual([]);
    expect(records).toHaveLength(1);
    expect(seed?.origin).toEqual({
      format: 'crossref',
      file: 'tests/fixtures/formats/crossref/work.json',
      index: 0,
      line: 5,
    });
  });
  it('reads title, original title, DOI, authors with ORCID and affiliations with ROR', () => {
    expect(seed?.title).toBe(
      'Study progress of exosomes derived from mesenchymal stem cells in the treatment of complications related to preterm infants',
    );
    expect(seed?.vernacularTitle).toBe('间充质干细胞来源的外泌体治疗早产儿并发症的研究进展');
    expect(seed?.doi).toBe('10.3760/cma.j.cn101070-20200616-01000');
    expect(seed?.authors.map((a) => [a.name, a.family, a.given, a.orcid])).toEqual([
      ['Haoming CHEN', 'CHEN', 'Haoming', 'http://orcid.org/0000-0001-9999-0013'],
      ['Qingfei HAO', 'HAO', 'Qingfei', undefined],
      ['Xiuyong CHENG', 'CHENG', 'Xiuyong', undefined],
    ]);
    expect(seed?.authors[0]?.affiliations).toEqual([
      {
        text: 'Department of Neonatology, the First Affiliated Hospital of Zhengzhou University, Zhengzhou 450052, China',
        ror: 'https://ror.org/0test0341',
      },
      { text: '[TEST] Second Test Laboratory of Neonatal Medicine, Zhengzhou 450052, China' },
    ]);
  });
  it('reads journal with typed ISSN, year, volume, issue, pages, language, subjects and counts', () => {
    expect(seed?.journal).toEqual({
      title: 'Chinese Journal of Applied Clinical Pediatrics',
      abbreviation: 'Chin J Appl Clin Pediatr',
      publisher: 'Chinese Medical Association',
      issns: [{ value: '2095-428X', type: 'print' }],
    });
    expect(citationOf(seed)).toEqual(SEED_RECORD_CITATION);
    expect([seed?.language, seed?.citedByCount, seed?.publicationTypes]).toEqual(['zh', 7, ['journal-article']]);
    expect(seed?.subjects).toEqual([{ kind: 'keyword', term: 'Pediatrics, Perinatology and Child Health' }]);
  });
  it("turns the JATS abstract into text, paragraphs kept, the 'Abstract' heading dropped", () => {
    expect(seed?.abstract).toBe(
      'Although great progress has been made in perinatal and neonatal medicine, the morbidity and mortality of premature complications remain high.\nThis study aims to review the research progress of exosomes derived from mesenchymal stem cells in the treatment of premature complications.',
    );
  });
  it('reads references: with DOI (a full record elsewhere, a self-citation, the same DOI again), only text, and details', () => {
    expect(seed?.references).toEqual([
      {
        doi: '10.9999/test.fmt.002',
        title: '[TEST] Probiotics & necrotizing enterocolitis in preterm infants',
        year: 2020,
        firstAuthor: 'Müller',
        journal: 'J Test Neonatol',
        volume: '12',
        firstPage: 'e123',
      },
      {
        doi: '10.3760/cma.j.cn101070-20200616-01000',
        text: 'CHEN H, HAO Q, CHENG X. Study progress of exosomes (self-citation in a test record). 2021.',
      },
      { text: 'Test A. A cited work known only by its printed text & year. Test Proceedings, 2017.' },
      { doi: '10.9999/TEST.FMT.002', year: 2020 },
      {
        doi: '10.9999/test.fmt.ref.001',
        title: 'A cited article that exists only as a reference',
        year: 2018,
        firstAuthor: 'Test',
      },
    ]);
  });
});

describe('Crossref reader on a works query', async () => {
  const { records, problems } = await readFixture('crossref', 'works-query.json', 33);
  const w = byTitle(records, '[TEST] Effects of');
  it('reads the items, names the one without title', () => {
    expect(records.map((r) => r.doi)).toEqual(['10.9999/test.fmt.501', '10.9999/test.fmt.503']);
    expect(problems).toEqual([
      {
        file: 'tests/fixtures/formats/crossref/works-query.json',
        line: 43,
        index: 1,
        item: 2,
        field: 'title',
        reason: 'the work has no title',
      },
    ]);
  });
  it('strips title markup, keeps an organisation author, print and electronic ISSNs, article number', () => {
    expect(w.title).toBe('[TEST] Effects of Lactobacillus reuteri & NEC in H2O-restricted preterm infants');
    expect(w.authors.map((a) => a.name)).toEqual([
      'Jürgen Müller',
      'Émilie Lefèvre',
      'Test Neonatal Network Collaborative Group',
    ]);
    expect(w.authors[2]?.collective).toBe(true);
    expect(w.authors[0]?.affiliations).toEqual([
      { text: 'Institut für Testmedizin, Universität Teststadt, Teststadt, Germany', ror: '0test0147' },
      { text: 'Hospital de Prueba, Madrid, Spain' },
    ]);
    expect(w.journal?.issns).toEqual([
      { value: '9999-0008', type: 'print' },
      { value: '9999-0016', type: 'electronic' },
    ]);
    expect([w.year, w.volume, w.firstPage, w.lastPage]).toEqual([2024, '16', 'e2024001', undefined]);
    expect(w.abstract).toBe('Background\nFictional test data: p < 0.05 & more.\nConclusions\nNone.');
  });
  it('takes no year from a [[null]] date', () => {
    expect(byTitle(records, '[TEST] A work with no date').year).toBeUndefined();
  });
});

describe('Crossref reader problems', () => {
  it('names the line of a syntax error', async () => {
    const { records, problems } = await readFixture('crossref', 'malformed.json');
    expect(records).toHaveLength(1);
    expect(problems).toEqual([
      {
        file: 'tests/fixtures/formats/crossref/malformed.json',
        line: 7,
        field: '(json)',
        reason: 'the JSON is malformed at line 7: unexpected character "x"',
      },
    ]);
  });
  it('reads a bare array of works and names a bad date with its path', async () => {
    const text =
      '[{"DOI":"10.9999/a","title":["A"]},{"DOI":"10.9999/b","title":["B"],"issued":{"date-parts":[["soon"]]}}]';
    const { records, problems } = await readAll(crossrefReader, text, 'x.json');
    expect(records.map((r) => r.doi)).toEqual(['10.9999/a']);
    expect(problems).toMatchObject([
      { index: 1, field: 'issued.date-parts[0][0]', reason: 'expected a year, found "soon"' },
    ]);
  });
});
