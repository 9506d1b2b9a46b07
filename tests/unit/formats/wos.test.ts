import { describe, expect, it } from 'vitest';
import { parseWosCitedReference } from '../../../src/ingest/parse/formats/wos/citedReference.ts';
import { wosReader } from '../../../src/ingest/parse/formats/wos/reader.ts';
import { byTitle, readAll, readFixture } from './readFixture.ts';

describe("Web of Science plain text: bibliometrix's sample export (Clarivate, 2025)", async () => {
  const { reader, records, problems } = await readFixture('wos', 'bibliometrix-wos_sample.txt');
  it('is detected and every record is read', () => {
    expect(reader.format).toBe('wos');
    expect(problems).toEqual([]);
    expect(records).toHaveLength(8);
  });
  const aria = byTitle(records, 'bibliometrix: An R-tool');
  it('maps title, full author names, journal, identifiers and counts', () => {
    expect(aria.title).toBe('bibliometrix: An R-tool for comprehensive science mapping analysis');
    expect(aria.authors.map((a) => [a.name, a.family, a.given])).toEqual([
      ['Massimo Aria', 'Aria', 'Massimo'],
      ['Corrado Cuccurullo', 'Cuccurullo', 'Corrado'],
    ]);
    expect(aria.journal).toEqual({
      title: 'JOURNAL OF INFORMETRICS',
      abbreviation: 'J. Informetr.',
      issns: [
        { value: '1751-1577', type: 'print' },
        { value: '1875-5879', type: 'electronic' },
      ],
      publisher: 'ELSEVIER',
    });
    expect([aria.year, aria.volume, aria.issue, aria.firstPage, aria.lastPage, aria.doi]).toEqual([
      2017,
      '11',
      '4',
      '959',
      '975',
      '10.1016/j.joi.2017.08.007',
    ]);
    expect(aria.accessions).toEqual([{ scheme: 'wos', id: 'WOS:000418020600003' }]);
    expect(aria.citedByCount).toBe(8858);
    expect(aria.language).toBe('English');
    expect(aria.publicationTypes).toEqual(['Article']);
  });
  it('gives each author the C1 address in their brackets and the ORCID OI names them with (wrapped lines joined)', () => {
    expect(aria.authors[0]?.affiliations).toEqual([
      { text: 'Univ Napoli Federico II, Dept Econ & Stat, Via Cintia, I-80126 Naples, Italy.' },
    ]);
    expect(aria.authors[1]?.affiliations).toEqual([
      { text: 'Univ Campania Luigi Vanvitelli, Dept Econ & Management, Capua, CE, Italy.' },
    ]);
    expect(aria.authors.map((a) => a.orcid)).toEqual(['0000-0002-8517-9411', '0000-0002-7401-8575']);
    const zhao = byTitle(records, 'Comment on "Knowledge mapping of B cell');
    expect(zhao.authors).toHaveLength(5);
    expect(
      zhao.authors.every((a) => a.affiliations[0]?.text.startsWith('Zhejiang Chinese Med Univ, Sch Basic Med')),
    ).toBe(true);
    expect(zhao.authors[0]?.orcid).toBe('0009-0004-9789-2785');
    expect(zhao.funding).toEqual([
      'National Administration of Traditional Chinese Medicine National Clinical Excellent Talents Training Program [2022-239]',
    ]);
  });
  it('keeps author keywords (DE) and Keywords Plus (ID) apart', () => {
    const kinds = (k: string) => aria.subjects.filter((s) => s.kind === k).map((s) => s.term);
    expect(kinds('keyword')).toEqual([
      'sBibliometrics',
      'Science mapping',
      'Workflow',
      'Co-citation',
      'Bibliographic coupling',
      'R package',
    ]);
    expect(kinds('indexed').slice(0, 3)).toEqual(['INFORMATION-SCIENCE', 'SCIENTIFIC WORKFLOWS', 'AUTHOR COCITATION']);
  });
  it('parses every CR line into a reference and keeps its printed text', () => {
    const toh = byTitle(records, 'Mapping the application of Geographic Information System');
    expect(toh.references[1]).toEqual({
      text: 'Anselin L, 2006, GEOGR ANAL, V38, P5, DOI 10.1111/j.0016-7363.2005.00671.x',
      firstAuthor: 'Anselin L',
      year: 2006,
      journal: 'GEOGR ANAL',
      volume: '38',
      firstPage: '5',
      doi: '10.1111/j.0016-7363.2005.00671.x',
    });
  });
});

describe("Web of Science plain text: metaknowledge's savedrecs.txt (Thomson Reuters, BOM, pre-2008 addresses)", async () => {
  const { reader, records, problems } = await readFixture('wos', 'metaknowledge-savedrecs.txt');
  it('reads all 32 records with their cited references', () => {
    expect(reader.format).toBe('wos');
    expect(problems).toEqual([]);
    expect(records).toHaveLength(32);
    const brevik = byTitle(records, 'EXPERIMENTS IN PHENOMENOLOGICAL ELECTRODYNAMICS');
    expect(brevik.title).toBe(
      'EXPERIMENTS IN PHENOMENOLOGICAL ELECTRODYNAMICS AND THE ELECTROMAGNETIC ENERGY-MOMENTUM TENSOR',
    );
    // Unbracketed C1 (one author): the author's own addresses.
    expect(brevik.authors).toHaveLength(1);
    expect(brevik.authors[0]?.affiliations.map((a) => a.text)).toEqual([
      'UNIV TRONDHEIM,INST THEORET PHYS,N-7034 TRONDHEIM,NORWAY.',
      'LUFTKRIGSSKOLEN,TRONDHEIM MIL 7000,NORWAY.',
    ]);
    expect(brevik.references.length).toBeGreaterThan(50);
    expect(brevik.references[0]).toMatchObject({
      firstAuthor: 'Abraham M.',
      year: 1909,
      journal: 'RC CIRC MAT PALERMO',
      volume: '28',
      firstPage: '1',
    });
  });
});

describe('Web of Science tab-delimited: a savedrecs.txt of 2021 (BOM, CRLF, header of field tags)', async () => {
  const { reader, records, problems } = await readFixture('wos', 'labnetwork-savedrecs-tab.txt');
  it('is read by the same reader and mapping as plain text, one record per row', () => {
    expect(reader.format).toBe('wos');
    expect(problems).toEqual([]);
    expect(records).toHaveLength(10);
    expect(records.map((r) => r.origin.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
  it('splits ;-joined authors and bracketed addresses into per-author affiliations', () => {
    const r = byTitle(records, 'Variable response of Red Sea coral communities');
    expect(r.authors).toHaveLength(12);
    expect(r.authors[0]).toMatchObject({
      name: 'Nicholas M. Hammerman',
      family: 'Hammerman',
      given: 'Nicholas M.',
      line: 2,
    });
    expect(r.authors[0]?.affiliations.map((a) => a.text)).toEqual([
      'Univ Queensland, Sch Biol Sci, Brisbane, Qld 4072, Australia',
      'Univ Queensland, Australian Res Council Ctr Excellence Coral Reef, Brisbane, Qld 4072, Australia',
    ]);
    expect(r.authors.find((a) => a.family === 'Leonard')?.affiliations.map((a) => a.text)).toEqual([
      'Univ Queensland, Sch Earth & Environm Sci, Radiogen Isotope Facil, Brisbane, Qld 4072, Australia',
    ]);
    expect(r.authors.find((a) => a.family === 'Duarte')?.orcid).toBe('0000-0002-1213-1361');
    expect([r.year, r.volume, r.issue, r.firstPage, r.doi, r.citedByCount]).toEqual([
      2021,
      '168',
      '12',
      '177',
      '10.1007/s00227-021-03984-y',
      0,
    ]);
    expect(r.accessions).toEqual([{ scheme: 'wos', id: 'WOS:000717496600001' }]);
    expect(r.journal).toMatchObject({
      title: 'MARINE BIOLOGY',
      abbreviation: 'Mar. Biol.',
      issns: [
        { value: '0025-3162', type: 'print' },
        { value: '1432-1793', type: 'electronic' },
      ],
    });
    expect(r.subjects.filter((s) => s.kind === 'keyword').map((s) => s.term)).toEqual([
      'Coral bleaching',
      'Radiometric (U-Th) age-dating',
      'Saudi Arabia',
      'Life and death assemblages',
    ]);
  });
});

describe('WoS cited references (CR)', () => {
  it('reads the printed variants', () => {
    expect(parseWosCitedReference('BULLOUGH RK, 1970, PHYSICS QUANTUM ELEC')).toEqual({
      text: 'BULLOUGH RK, 1970, PHYSICS QUANTUM ELEC',
      firstAuthor: 'BULLOUGH RK',
      year: 1970,
      journal: 'PHYSICS QUANTUM ELEC',
    });
    // Authors and sources that start with V or P are no volume or page.
    expect(parseWosCitedReference('PAPAPETROU A, 1951, P ROY SOC, V209, P148')).toMatchObject({
      firstAuthor: 'PAPAPETROU A',
      year: 1951,
      journal: 'P ROY SOC',
      volume: '209',
      firstPage: '148',
    });
    expect(parseWosCitedReference('VONFRAGSTEIN C, 1949, ANN PHYS-BERLIN, V4, P271')).toMatchObject({
      firstAuthor: 'VONFRAGSTEIN C',
      journal: 'ANN PHYS-BERLIN',
    });
    expect(parseWosCitedReference('1966, P IEE, V113, P2095')).toMatchObject({
      year: 1966,
      journal: 'P IEE',
      volume: '113',
      firstPage: '2095',
    });
    expect(parseWosCitedReference('[Anonymous], 1968, PHYS REV, V171, P1385')).toMatchObject({
      firstAuthor: '[Anonymous]',
      year: 1968,
      journal: 'PHYS REV',
      volume: '171',
      firstPage: '1385',
    });
    expect(
      parseWosCitedReference('Ceh M, 2018, ISPRS INT J GEO-INF, V7, DOI [10.3390/ijgi705168, 10.3390/ijgi7050168]'),
    ).toMatchObject({ volume: '7', doi: '10.3390/ijgi705168' });
    expect(
      parseWosCitedReference('Arnaud J. A., 1973, Optics Communications, V7, DOI 10.1016/0030-4018(73)90041-2'),
    ).toMatchObject({
      firstAuthor: 'Arnaud J. A.',
      journal: 'Optics Communications',
      doi: '10.1016/0030-4018(73)90041-2',
    });
  });
});

describe('Web of Science reader: bad input', () => {
  it('names a record cut off without ER', async () => {
    const { problems } = await readAll(
      wosReader,
      'FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Aria, M\nTI A title\n',
      'cut.txt',
    );
    expect(problems).toEqual([
      {
        file: 'cut.txt',
        line: 3,
        index: 0,
        field: 'ER',
        reason: 'the file ends inside the record starting on line 3: no "ER" line closes it',
      },
    ]);
  });
  it('names a record without title', async () => {
    const { problems } = await readAll(
      wosReader,
      'FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Aria, M\nER\nEF\n',
      'untitled.txt',
    );
    expect(problems).toEqual([
      { file: 'untitled.txt', line: 3, index: 0, field: 'TI', reason: 'the record has no title (TI)' },
    ]);
  });
});
