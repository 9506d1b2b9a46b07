import { describe, expect, it } from 'vitest';
import { parseMeshHeading } from '../../../src/ingest/parse/common/meshHeading.ts';
import { medlineReader } from '../../../src/ingest/parse/formats/medline/reader.ts';
import { byTitle, readAll, readFixture } from './readFixture.ts';
import { citationOf, SEED_RECORD_CITATION } from '../../helpers/seedRecord.ts';

describe('MEDLINE reader on a PubMed export', async () => {
  const { reader, records, problems } = await readFixture('medline', 'written-records.nbib');
  const seed = byTitle(records, 'Study progress of exosomes');
  const test2 = byTitle(records, '[TEST] Probiotics');

  it('is detected as MEDLINE and reads every record', () => {
    expect(reader.format).toBe('medline');
    expect(records).toHaveLength(3);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.origin.index)).toEqual([0, 1, 2]);
  });
  it('joins continuation lines of the title and abstract', () => {
    expect(seed.title).toBe(
      'Study progress of exosomes derived from mesenchymal stem cells in the treatment of complications related to preterm infants',
    );
    expect(seed.abstract).toMatch(
      /^Although great progress .* remain high\. This study aims to review .* premature complications\.$/,
    );
    expect(seed.origin).toEqual({
      format: 'medline',
      file: 'tests/fixtures/formats/medline/written-records.nbib',
      index: 0,
      line: 2,
    });
  });
  it('keeps authors in order with their own affiliations and ORCID', () => {
    expect(seed.authors.map((a) => [a.name, a.family, a.given])).toEqual([
      ['Haoming CHEN', 'CHEN', 'Haoming'],
      ['Qingfei HAO', 'HAO', 'Qingfei'],
      ['Xiuyong CHENG', 'CHENG', 'Xiuyong'],
    ]);
    expect(seed.authors[0]?.orcid).toBe('0000-0001-9999-0013');
    expect(seed.authors[0]?.affiliations.map((a) => a.text)).toEqual([
      'Department of Neonatology, the First Affiliated Hospital of Zhengzhou University, Zhengzhou 450052, China.',
      '[TEST] Second Test Laboratory of Neonatal Medicine, Zhengzhou 450052, China.',
    ]);
    expect(seed.authors[1]?.affiliations).toHaveLength(1);
    expect(seed.authors[2]?.affiliations).toEqual([]);
    expect(seed.authors[0]?.line).toBe(20);
  });
  it('reads journal, typed ISSNs, year, volume, issue and the abbreviated page range', () => {
    expect(seed.journal).toEqual({
      title: 'Chinese Journal of Applied Clinical Pediatrics',
      abbreviation: 'Zhonghua Shi Yong Er Ke Lin Chuang Za Zhi',
      issns: [
        { value: '2095-428X', type: 'print' },
        { value: '2095-428X', type: 'linking' },
      ],
    });
    expect(citationOf(seed)).toEqual(SEED_RECORD_CITATION);
  });
  it('reads identifiers, language, country, vernacular title and publication types', () => {
    expect(seed.pmid).toBe('99000001');
    expect(seed.doi).toBe('10.3760/cma.j.cn101070-20200616-01000');
    expect(seed.language).toBe('chi');
    expect(seed.country).toBe('China');
    expect(seed.vernacularTitle).toBe('间充质干细胞来源的外泌体治疗早产儿并发症的研究进展');
    expect(seed.publicationTypes).toEqual(['English Abstract', 'Journal Article', 'Review']);
    expect(test2.pmcid).toBe('PMC9900002');
    expect(test2.doi).toBe('10.9999/test.fmt.002');
  });
  it('structures MeSH headings: major flags on descriptor and qualifiers', () => {
    const mesh = seed.subjects.filter((s) => s.kind === 'mesh');
    expect(mesh.map((s) => s.term)).toEqual([
      'Exosomes',
      'Humans',
      'Infant, Newborn',
      'Infant, Premature',
      'Enterocolitis, Necrotizing',
      'Mesenchymal Stem Cells',
      'Bronchopulmonary Dysplasia',
    ]);
    expect(mesh[0]).toEqual({
      kind: 'mesh',
      term: 'Exosomes',
      major: true,
      qualifiers: [
        { name: 'metabolism', major: false },
        { name: 'transplantation', major: false },
      ],
    });
    expect(mesh[4]).toEqual({
      kind: 'mesh',
      term: 'Enterocolitis, Necrotizing',
      major: false,
      qualifiers: [{ name: 'therapy', major: true }],
    });
    expect(mesh[6]?.qualifiers).toEqual([{ name: 'prevention & control', major: false }]);
    expect(seed.subjects.filter((s) => s.kind === 'keyword').map((s) => s.term)).toEqual([
      'Exosomes',
      'Mesenchymal stem cell',
      'Preterm',
    ]);
  });
  it('keeps non-ASCII names, a group author, and leaves investigators out', () => {
    expect(test2.authors.map((a) => a.name)).toEqual([
      'Jürgen Müller',
      'José García',
      '张伟',
      'Test Neonatal Network Collaborative Group',
    ]);
    expect(test2.authors[3]?.collective).toBe(true);
    expect(test2.authors[0]?.orcid).toBe('https://orcid.org/0000-0002-1825-0097');
    expect(test2.authors[1]?.affiliations).toHaveLength(2);
    expect(test2.authors.some((a) => a.name.includes('Investigator'))).toBe(false);
    expect(test2.firstPage).toBe('e123');
    expect(test2.lastPage).toBeUndefined();
    expect(test2.journal?.issns).toEqual([
      { value: '9999-0016', type: 'electronic' },
      { value: '9999-0008', type: 'print' },
      { value: '9999-0008', type: 'linking' },
    ]);
  });
  it('fills in only what a sparse record states', () => {
    const sparse = byTitle(records, '[TEST] A record without DOI');
    expect(sparse).toMatchObject({ year: 2019, authors: [], subjects: [], references: [] });
    expect(sparse.doi).toBeUndefined();
    expect(sparse.journal).toBeUndefined();
    expect(sparse.abstract).toBeUndefined();
  });
});

describe('MEDLINE reader problems', () => {
  it('names a record without title and goes on with the next', async () => {
    const { records, problems } = await readFixture('medline', 'no-title.nbib');
    expect(problems).toEqual([
      {
        file: 'tests/fixtures/formats/medline/no-title.nbib',
        line: 1,
        index: 0,
        field: 'TI',
        reason: 'the record has no title (TI line)',
      },
    ]);
    expect(records.map((r) => [r.pmid, r.origin.index])).toEqual([['99000011', 1]]);
  });
  it('names a line that is neither a tag nor a continuation', async () => {
    const { records, problems } = await readFixture('medline', 'malformed.nbib');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 4, index: 0, field: '(line)' });
    expect(problems[0]?.reason).toContain('This line has no tag');
    expect(records.map((r) => r.pmid)).toEqual(['99000021']);
  });
  it('reports a date without year with its tag and line', async () => {
    const { problems } = await readAll(medlineReader, 'PMID- 1\nTI  - T\nDP  - Spring\n', 'x.nbib');
    expect(problems).toEqual([
      { file: 'x.nbib', line: 3, index: 0, field: 'DP', reason: 'no year in the publication date "Spring"' },
    ]);
  });
  it('starts a new record at a PMID line even without a blank line before it', async () => {
    const { records } = await readAll(medlineReader, 'PMID- 1\nTI  - One\nPMID- 2\nTI  - Two\n', 'x.nbib');
    expect(records.map((r) => [r.pmid, r.title, r.origin.line])).toEqual([
      ['1', 'One', 1],
      ['2', 'Two', 3],
    ]);
  });
  it("reads CRLF files and an AD before any author as the record's affiliation", async () => {
    const { records } = await readAll(
      medlineReader,
      'PMID- 5\r\nTI  - T\r\nAD  - Somewhere.\r\nAU  - Smith JA\r\n',
      'x.nbib',
      5,
    );
    expect(records[0]?.affiliations).toEqual([{ text: 'Somewhere.' }]);
    expect(records[0]?.authors).toEqual([
      { name: 'JA Smith', family: 'Smith', given: 'JA', affiliations: [], line: 4 },
    ]);
  });
});

describe('parseMeshHeading', () => {
  it('splits descriptor and qualifiers with their stars', () => {
    expect(parseMeshHeading('Enterocolitis, Necrotizing/*therapy')).toEqual({
      kind: 'mesh',
      term: 'Enterocolitis, Necrotizing',
      major: false,
      qualifiers: [{ name: 'therapy', major: true }],
    });
    expect(parseMeshHeading('*Humans')).toEqual({ kind: 'mesh', term: 'Humans', major: true });
  });
});
