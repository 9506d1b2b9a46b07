import { describe, expect, it } from 'vitest';
import { parseScopusReferences } from '../../../src/ingest/parse/common/scopusReferences.ts';
import { scopusCsvReader } from '../../../src/ingest/parse/formats/scopus/reader.ts';
import { byTitle, readAll, readFixture } from './readFixture.ts';

describe("Scopus CSV: metaknowledge's Scopus export (2016 layout, BOM, quoted cells)", async () => {
  const { reader, records, problems } = await readFixture('scopus-csv', 'metaknowledge-scopus_testing.csv');
  it('is detected and reads every row with the line it starts on', () => {
    expect(reader.format).toBe('scopus-csv');
    expect(problems).toEqual([]);
    expect(records).toHaveLength(15);
    expect(records.map((r) => r.origin.line).slice(0, 3)).toEqual([2, 3, 4]);
  });
  const r = byTitle(records, 'Strain Distribution of Complex-Bending YBCO Tape');
  it('maps authors with their own affiliation, identifiers, journal and counts', () => {
    expect(r.authors).toHaveLength(11);
    expect(r.authors[0]).toEqual({
      name: 'T. Yagai',
      family: 'Yagai',
      given: 'T.',
      affiliations: [{ text: 'Sophia University, Tokyo, Japan' }],
    });
    expect(r.authors[10]?.affiliations).toEqual([{ text: 'National Institute of Fusion Science, Gifu, Japan' }]);
    expect(r.journal).toEqual({
      title: 'IEEE Transactions on Applied Superconductivity',
      abbreviation: 'IEEE Trans Appl Supercond',
      issns: [{ value: '10518223' }],
      publisher: 'Institute of Electrical and Electronics Engineers Inc.',
    });
    expect([r.year, r.volume, r.issue, r.firstPage, r.doi]).toEqual([
      2016,
      '26',
      '4',
      '7433444',
      '10.1109/TASC.2016.2541670',
    ]);
    expect(r.accessions).toEqual([{ scheme: 'scopus', id: '2-s2.0-84963944162' }]);
    expect(r.publicationTypes).toEqual(['Article']);
    expect(r.language).toBe('English');
  });
  it('keeps author keywords and index keywords apart', () => {
    expect(r.subjects.filter((s) => s.kind === 'keyword').map((s) => s.term)).toEqual([
      'complex bending',
      'force-balanced coil',
      'SMES',
      'strain distribution',
      'YBCO',
    ]);
    expect(r.subjects.filter((s) => s.kind === 'indexed').map((s) => s.term)).toContain('Yttrium barium copper oxides');
  });
  it('parses the References cell into cited works', () => {
    expect(r.references).toHaveLength(8);
    expect(r.references[1]).toEqual({
      text: 'Goldacker, W., ROEBEL assembled coated conductors (RACC): Preparation, properties and progress (2007) IEEE Trans. Appl. Supercond., 17 (2), pp. 3398-3401. , Jun',
      firstAuthor: 'Goldacker, W.',
      title: 'ROEBEL assembled coated conductors (RACC): Preparation, properties and progress',
      year: 2007,
      journal: 'IEEE Trans. Appl. Supercond.',
      volume: '17',
      firstPage: '3398',
    });
  });
});

describe('Scopus References, both layouts', () => {
  it('reads the layout since 2020, where the year ends each reference and authors are joined by ;', () => {
    const refs = parseScopusReferences(
      'The global epidemic of low back pain, Lancet Rheumatol, 5, (2023); Cheng M.; Xue Y.; Cui M., Global, regional, and national burden of low back pain: findings from the global burden of disease study 2021 and projections to 2050, Spine (Phila Pa 1976), 50, pp. E128-E139, (2025)',
    );
    expect(refs).toHaveLength(2);
    expect(refs[0]).toMatchObject({
      title: 'The global epidemic of low back pain',
      journal: 'Lancet Rheumatol',
      volume: '5',
      year: 2023,
    });
    expect(refs[0]?.firstAuthor).toBeUndefined();
    expect(refs[1]).toMatchObject({
      firstAuthor: 'Cheng M.',
      journal: 'Spine (Phila Pa 1976)',
      volume: '50',
      firstPage: 'E128',
      year: 2025,
    });
    expect(refs[1]?.title).toBe(
      'Global, regional, and national burden of low back pain: findings from the global burden of disease study 2021 and projections to 2050',
    );
  });
  it('reads a classic reference without title', () => {
    expect(parseScopusReferences('Obradors, X., Puig, T., (2014) Supercond. Sci. Technol., 27, p. 044003')[0]).toEqual({
      text: 'Obradors, X., Puig, T., (2014) Supercond. Sci. Technol., 27, p. 044003',
      firstAuthor: 'Obradors, X.',
      year: 2014,
      journal: 'Supercond. Sci. Technol.',
      volume: '27',
      firstPage: '044003',
    });
  });
});

describe('Scopus CSV: bad input', () => {
  it('names the line where the CSV breaks', async () => {
    const text =
      'Authors,Title,Year,Source title,EID\n"Aria M.","A title",2017,"J",2-s2.0-1\n"Aria M.,"unclosed,2017,"J",2-s2.0-2\n';
    const { records, problems } = await readAll(scopusCsvReader, text, 'broken.csv');
    expect(records).toHaveLength(1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'broken.csv', field: '(csv)' });
    expect(problems[0]?.line).toBe(3);
  });
  it('names a row without title', async () => {
    const { problems } = await readAll(
      scopusCsvReader,
      'Authors,Title,Year,Source title,EID\nAria M.,,2017,J,2-s2.0-1\n',
      'untitled.csv',
    );
    expect(problems).toEqual([
      { file: 'untitled.csv', line: 2, index: 0, field: 'Title', reason: 'the row has no title' },
    ]);
  });
});
