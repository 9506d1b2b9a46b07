import { describe, expect, it } from 'vitest';
import { cslJsonReader } from '../../../src/ingest/parse/formats/csl-json/reader.ts';
import { byTitle, readAll, readFixture } from './readFixture.ts';
import { citationOf, SEED_RECORD_CITATION } from '../../helpers/seedRecord.ts';

describe('CSL-JSON reader', async () => {
  const { reader, records, problems } = await readFixture('csl-json', 'items.json', 64);
  const chen = byTitle(records, 'Study progress');
  const de = byTitle(records, '[TEST] Kinderärztliche');

  it('is detected as CSL-JSON; each item is a record or a problem with its JSON path', () => {
    expect(reader.format).toBe('csl-json');
    expect(records.map((r) => [r.origin.index, r.origin.line])).toEqual([
      [0, 2],
      [1, 24],
      [2, 44],
    ]);
    expect(problems).toEqual([
      {
        file: 'tests/fixtures/formats/csl-json/items.json',
        line: 50,
        index: 3,
        item: 4,
        field: 'title',
        reason: 'the item has no title',
      },
      {
        file: 'tests/fixtures/formats/csl-json/items.json',
        line: 56,
        index: 4,
        item: 5,
        field: 'author',
        reason: 'expected an array, found a string ("Doe, Jane")',
      },
    ]);
  });
  it('reads names, container, ISSN, date-parts, volume/issue/page and identifiers', () => {
    expect(chen.authors.map((a) => [a.name, a.family, a.given])).toEqual([
      ['Haoming CHEN', 'CHEN', 'Haoming'],
      ['Qingfei HAO', 'HAO', 'Qingfei'],
      ['Xiuyong CHENG', 'CHENG', 'Xiuyong'],
    ]);
    expect(chen.journal).toEqual({
      title: 'Chinese Journal of Applied Clinical Pediatrics',
      abbreviation: 'Chin J Appl Clin Pediatr',
      issns: [{ value: '2095-428X' }],
    });
    expect(citationOf(chen)).toEqual(SEED_RECORD_CITATION);
    expect([chen.doi, chen.pmid, chen.pmcid, chen.language]).toEqual([
      '10.3760/cma.j.cn101070-20200616-01000',
      '99000001',
      'PMC9900001',
      'zh-CN',
    ]);
    expect(chen.subjects.map((s) => s.term)).toEqual(['Exosomes', 'Mesenchymal stem cell', 'Preterm']);
  });
  it('reads particles, literal names, ISSN arrays, raw dates, numbers as text, markup as text', () => {
    expect(de.title).toBe('[TEST] Kinderärztliche Versorgung von Frühgeborenen & Neugeborenen');
    expect(de.authors.map((a) => a.name)).toEqual([
      'Jürgen Müller',
      'Jan van der Berg',
      'Test Neonatal Network',
      '张伟',
    ]);
    expect(de.authors[1]?.family).toBe('van der Berg');
    expect(de.authors[2]?.collective).toBe(true);
    expect(de.journal?.issns).toEqual([{ value: '9999-0008' }, { value: '9999-0016' }]);
    expect([de.year, de.volume, de.firstPage, de.doi]).toEqual([2022, '14', 'e45', '10.9999/test.fmt.301']);
    expect(de.abstract).toBe('Fictional test data.\nSecond paragraph.');
    expect(de.subjects.map((s) => s.term)).toEqual(['Frühgeborene', 'Versorgung']);
  });
  it('reads a literal date and a minimal item', () => {
    const minimal = byTitle(records, '[TEST] A minimal item');
    expect(minimal).toMatchObject({ year: 2018, authors: [], references: [] });
    expect(minimal.journal).toBeUndefined();
  });
  it('reads a single item file and an en-dash page range', async () => {
    const { records: one } = await readFixture('csl-json', 'single-item.json');
    expect(one).toHaveLength(1);
    expect([one[0]?.firstPage, one[0]?.lastPage, one[0]?.origin.line]).toEqual(['100', '108', 1]);
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
