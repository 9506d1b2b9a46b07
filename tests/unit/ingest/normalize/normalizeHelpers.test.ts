import { describe, expect, it } from 'vitest';
import { normalizeDoi, recordKey } from '../../../../src/identity/index.ts';
import { splitPrintedName } from '../../../../src/ingest/parse/formats/wprim/splitPrintedName.ts';
import { resolveInstitution } from '../../../../src/ingest/normalize/resolveInstitution.ts';
import { resolveJournal } from '../../../../src/ingest/normalize/resolveJournal.ts';
import { splitAffiliation } from '../../../../src/ingest/normalize/splitAffiliation.ts';

describe('normalizeDoi', () => {
  it('strips URL and doi: prefixes and whitespace, lower-cases only the key', () => {
    expect(normalizeDoi(' https://doi.org/10.1000/ABC.1 ')).toEqual({ doi: '10.1000/ABC.1', key: 'doi:10.1000/abc.1' });
    expect(normalizeDoi('doi: 10.1000/x')).toEqual({ doi: '10.1000/x', key: 'doi:10.1000/x' });
    expect(normalizeDoi('http://dx.doi.org/10.1000/x')?.doi).toBe('10.1000/x');
  });
  it('rejects something that is not a DOI', () => {
    expect(normalizeDoi('not a doi')).toBeUndefined();
  });
});

describe('recordKey', () => {
  it('is stable and insensitive to case and spacing of the title', () => {
    const a = recordKey('A  Title', 'Journal', 2021);
    expect(a).toMatch(/^rec:[0-9a-f]{16}$/);
    expect(recordKey('a title', 'JOURNAL', 2021)).toBe(a);
    expect(recordKey('a title', 'JOURNAL', 2022)).not.toBe(a);
  });
});

describe('splitPrintedName (WPRIM bylines)', () => {
  it('takes the single all-caps token as family name', () => {
    expect(splitPrintedName('Haoming CHEN')).toEqual({ family: 'CHEN', given: 'Haoming' });
    expect(splitPrintedName('ZHANG Wei')).toEqual({ family: 'ZHANG', given: 'Wei' });
  });
  it('leaves family and given name undefined when the printed form does not mark them', () => {
    expect(splitPrintedName('John Smith')).toEqual({});
    expect(splitPrintedName('WEI ZHANG')).toEqual({});
    expect(splitPrintedName('张伟')).toEqual({});
  });
});

describe('splitAffiliation', () => {
  it('splits off the trailing city and 6-digit postal code', () => {
    expect(splitAffiliation('郑州大学第一附属医院新生儿科,郑州 450052')).toEqual({
      name: '郑州大学第一附属医院新生儿科',
      city: '郑州',
      postalCode: '450052',
    });
    expect(splitAffiliation('某医院儿科，北京 100000')).toEqual({
      name: '某医院儿科',
      city: '北京',
      postalCode: '100000',
    });
  });
  it('keeps the whole text as name without the pattern', () => {
    expect(splitAffiliation('Department of Test, Test University')).toEqual({
      name: 'Department of Test, Test University',
    });
  });
});

describe('resolveInstitution', () => {
  const curated = [
    { id: 'x-dept', name: 'X Dept', localName: '某科', matchNames: ['某科'], source: 'test', parent: 'x' },
  ];
  it('matches a curated institution by the printed name part', () => {
    expect(resolveInstitution('某科,某市 123456', curated)).toMatchObject({
      key: 'x-dept',
      name: 'X Dept',
      parentKey: 'x',
    });
  });
  it('keys an uncurated one by a hash of the name part, so city spelling does not split it', () => {
    const a = resolveInstitution('另一科,某市 123456', curated);
    expect(a.key).toMatch(/^aff:[0-9a-f]{16}$/);
    expect(resolveInstitution('另一科', curated).key).toBe(a.key);
    expect(a.country).toBeUndefined();
  });
});

describe('resolveJournal', () => {
  const journals = [
    {
      title: 'Chinese Journal of Applied Clinical Pediatrics',
      localTitle: '中华实用儿科临床杂志',
      issn: '2095-428X',
      synonyms: [],
      source: 'test',
    },
  ];
  const printed = (title: string) => ({ title, issns: [] });
  it('matches case-insensitively and by local title', () => {
    expect(resolveJournal(printed('chinese journal of applied  clinical pediatrics'), journals)?.key).toBe(
      'issn:2095-428X',
    );
    expect(resolveJournal(printed('中华实用儿科临床杂志'), journals)?.title).toBe(
      'Chinese Journal of Applied Clinical Pediatrics',
    );
  });
  it('keeps an uncurated journal as printed', () => {
    expect(resolveJournal(printed('Journal of Test Neonatology'), journals)).toEqual({
      key: 'title:journal of test neonatology',
      title: 'Journal of Test Neonatology',
      issns: [],
    });
  });
  it('matches a curated journal by an ISSN the source states, keeps every valid ISSN with its type and drops invalid ones', () => {
    const j = resolveJournal(
      {
        title: 'Zhonghua shi yong er ke lin chuang za zhi',
        abbreviation: 'Zhonghua Shi Yong Er Ke Lin Chuang Za Zhi',
        issns: [
          { value: '2095428x', type: 'print' },
          { value: '1234-5678', type: 'electronic' },
        ],
      },
      journals,
    );
    expect(j).toMatchObject({
      key: 'issn:2095-428X',
      title: 'Chinese Journal of Applied Clinical Pediatrics',
      issn: '2095-428X',
      issns: [{ value: '2095-428X', type: 'print' }],
    });
  });
  it('keys by the linking ISSN first, then print, then electronic', () => {
    const issns = [
      { value: '1533-4406', type: 'electronic' as const },
      { value: '0028-4793', type: 'print' as const },
    ];
    expect(resolveJournal({ title: 'NEJM', issns }, [])?.key).toBe('issn:0028-4793');
    expect(resolveJournal({ title: 'NEJM', issns: [issns[0]!] }, [])?.key).toBe('issn:1533-4406');
    expect(
      resolveJournal({ title: 'NEJM', issns: [...issns, { value: '1533-4406', type: 'linking' }] }, []),
    ).toMatchObject({ key: 'issn:1533-4406', issn: '1533-4406' });
  });
});
