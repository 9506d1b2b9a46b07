import { describe, expect, it } from 'vitest';
import { cslJsonReader } from '../../../src/ingest/parse/formats/csl-json/reader.ts';
import { byTitle, readAll, readFixture } from './readFixture.ts';

describe('CSL-JSON reader', async () => {
  // A Zotero export by Better BibTeX (26 items) and Crossref's CSL for one DOI (an array of one item).
  const { reader, records, problems } = await readFixture('csl-json', 'zotero-bbt-sport.csl.json', 64);
  const crossref = (await readFixture('csl-json', 'crossref-content-negotiation.json')).records[0];
  const brittain = byTitle(records, 'Perceptions of disability');
  const bmj = byTitle(records, 'Sex, gender, and sports');

  it('is detected as CSL-JSON; each item is a record with the line its object starts on', () => {
    expect([reader.format, problems]).toEqual(['csl-json', []]);
    expect(records.slice(0, 3).map((r) => [r.origin.index, r.origin.line])).toEqual([
      [0, 2],
      [1, 39],
      [2, 77],
    ]);
  });
  it('reads names, container, ISSN, date-parts, volume/issue, an en-dash page range and the language', () => {
    expect(brittain.authors.map((a) => [a.name, a.family, a.given])).toEqual([['Ian Brittain', 'Brittain', 'Ian']]);
    expect(brittain.journal).toEqual({ title: 'Journal of Sport and Social Issues', issns: [{ value: '0193-7235' }] });
    expect([brittain.year, brittain.volume, brittain.issue, brittain.firstPage, brittain.lastPage]).toEqual([
      2004,
      '28',
      '4',
      '429',
      '452',
    ]);
    expect(brittain.language).toBe('en');
  });
  it('reads two ISSNs written in one string, and a PMID', () => {
    expect(bmj.journal?.issns).toEqual([{ value: '0959-8138' }, { value: '1756-1833' }]);
    expect(bmj.pmid).toBe('30894351');
    expect(bmj.firstPage).toBe('l1120');
  });
  it('reads a literal name as a group author', () => {
    const court = byTitle(records, 'Semenya, ASA and IAAF');
    expect(court.authors).toMatchObject([{ name: 'Court of Arbitration for Sport', collective: true }]);
  });
  it("reads Crossref's ISSN array, short container title, PMID and PMCID", () => {
    expect(crossref?.journal).toEqual({
      title: 'Journal of The Royal Society Interface',
      abbreviation: 'J. R. Soc. Interface',
      publisher: 'The Royal Society',
      issns: [{ value: '1742-5689' }, { value: '1742-5662' }],
    });
    expect([crossref?.doi, crossref?.pmid, crossref?.pmcid, crossref?.year, crossref?.firstPage]).toEqual([
      '10.1098/rsif.2017.0387',
      '29618526',
      'PMC5938574',
      2018,
      '20170387',
    ]);
  });
  it('names an item without title and an author list that is not a list, with the item and its line', async () => {
    // Broken items written here to exercise the problem paths; no exporter was seen writing them.
    const text =
      '[\n{"title": "Kept", "author": [{"family": "A"}]},\n{"author": [{"family": "B"}]},\n{"title": "T", "author": "B, C"}\n]';
    const read = await readAll(cslJsonReader, text, 'x.json');
    expect(read.records.map((r) => r.title)).toEqual(['Kept']);
    expect(read.problems).toEqual([
      { file: 'x.json', line: 3, index: 1, item: 2, field: 'title', reason: 'the item has no title' },
      {
        file: 'x.json',
        line: 4,
        index: 2,
        item: 3,
        field: 'author',
        reason: 'expected an array, found a string ("B, C")',
      },
    ]);
  });
  it('names the line of a syntax error after the items before it', async () => {
    const { records, problems } = await readFixture('csl-json', 'malformed.json');
    expect(records.map((r) => r.title)).toEqual(['[TEST] A complete item before the syntax error']);
    expect(problems).toEqual([
      {
        file: 'tests/fixtures/formats/csl-json/malformed.json',
        line: 11,
        field: '(json)',
        reason: 'the JSON is malformed at line 11: expected , or the end of the object/array but found "DOI"',
      },
    ]);
  });
  it('names a wrong type deep in an item with its path', async () => {
    const { problems } = await readAll(
      cslJsonReader,
      '[{"title": "T", "author": [{"family": "A"}, {"family": ["B"]}]}]',
      'x.json',
    );
    expect(problems).toMatchObject([
      { index: 0, field: 'author[1].family', reason: 'expected a string, found an array' },
    ]);
  });
});
