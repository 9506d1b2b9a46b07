import { Cite } from '@citation-js/core';
import '@citation-js/plugin-ris';
import { describe, expect, it } from 'vitest';
import { risReader } from '../../../src/ingest/parse/formats/ris/reader.ts';
import { readRepoFile } from '../fixtures.ts';
import { byTitle, formatFixture, readAll, readFixture } from './readFixture.ts';

describe('RIS reader: Zotero export', async () => {
  const { reader, records, problems } = await readFixture('ris', 'zotero.ris');
  const r = byTitle(records, '[TEST] Exosomes from mesenchymal');
  it('reads T2/J2, DA/PY, SP/EP, one keyword per KW line', () => {
    expect(reader.format).toBe('ris');
    expect(problems).toEqual([]);
    expect(r.authors.map((a) => [a.name, a.family, a.given])).toEqual([
      ['Wei Zhang', 'Zhang', 'Wei'],
      ['Haoming Chen', 'Chen', 'Haoming'],
      ['Li Wang', 'Wang', 'Li'],
    ]);
    expect(r.journal).toEqual({
      title: 'Chinese Journal of Applied Clinical Pediatrics',
      abbreviation: 'Chin J Appl Clin Pediatr',
      issns: [{ value: '2095-428X' }],
    });
    expect([r.year, r.volume, r.issue, r.firstPage, r.lastPage, r.doi, r.language]).toEqual([
      2019,
      '34',
      '5',
      '321',
      '325',
      '10.9999/test.fmt.101',
      'zh',
    ]);
    expect(r.subjects.map((s) => s.term)).toEqual(['Exosomes', 'Necrotizing enterocolitis', 'Mesenchymal stem cells']);
    expect(r.publicationTypes).toEqual(['JOUR']);
  });
  it('keeps non-ASCII text and a name without comma whole', () => {
    const de = byTitle(records, '[TEST] Kinderärztliche');
    expect(de.title).toBe('[TEST] Kinderärztliche Versorgung: Überblick über „Frühgeborene“ in Zürich');
    expect(de.authors.map((a) => a.name)).toEqual(['Jürgen Müller', 'Émilie Lefèvre', 'Test Neonatal Network']);
    expect(de.authors[2]?.family).toBeUndefined();
    expect(de.firstPage).toBe('e45');
  });
});

describe('RIS reader: EndNote export of a PubMed record', async () => {
  const { records } = await readFixture('ris', 'endnote.ris');
  const r = records[0];
  it('reads T1/JF/JA/Y1, a full range in SP, a DOI given as URL, AN as PMID from an NLM database, C2 as PMCID', () => {
    expect(r?.title).toBe(
      'Study progress of exosomes derived from mesenchymal stem cells in the treatment of complications related to preterm infants',
    );
    expect(r?.journal?.title).toBe('Chinese Journal of Applied Clinical Pediatrics');
    expect(r?.journal?.abbreviation).toBe('Zhonghua Shi Yong Er Ke Lin Chuang Za Zhi');
    expect([r?.year, r?.firstPage, r?.lastPage]).toEqual([2021, '1673', '1676']);
    expect(r?.doi).toBe('10.3760/cma.j.cn101070-20200616-01000');
    expect([r?.pmid, r?.pmcid]).toEqual(['99000001', 'PMC9900001']);
    expect(r?.abstract).toMatch(/^Although great progress/);
  });
  it('reads two typed ISSNs from one SN spread over two lines', () => {
    expect(r?.journal?.issns).toEqual([
      { value: '2095-428X', type: 'print' },
      { value: '2095-428X', type: 'linking' },
    ]);
  });
  it('splits keywords on semicolons', () => {
    expect(r?.subjects.map((s) => s.term)).toEqual([
      'Exosomes',
      'Mesenchymal stem cell',
      'Preterm',
      'Bronchopulmonary dysplasia',
    ]);
  });
  it("keeps AD of a several-author record as the record's affiliations, attached to no author", () => {
    expect(r?.affiliations?.map((a) => a.text)).toEqual([
      'Department of Neonatology, the First Affiliated Hospital of Zhengzhou University, Zhengzhou 450052, China.',
      '[TEST] Second Test Laboratory of Neonatal Medicine, Zhengzhou 450052, China.',
    ]);
    expect(r?.authors.every((a) => a.affiliations.length === 0)).toBe(true);
  });
});

describe('RIS reader: Scopus and Web of Science exports', async () => {
  const scopus = (await readFixture('ris', 'scopus.ris')).records[0];
  const wos = (await readFixture('ris', 'web-of-science.ris')).records[0];
  it('Scopus: initials as given names, C7 article number as first page, undashed ISSN, publisher, ; keywords', () => {
    expect(scopus?.authors.map((a) => a.name)).toEqual(['L. Wang', 'J. Liu']);
    expect(scopus?.firstPage).toBe('e123');
    expect(scopus?.journal).toMatchObject({
      abbreviation: 'J. Test Neonatol.',
      issns: [{ value: '99990016' }],
      publisher: 'Test Publisher',
    });
    expect(scopus?.subjects.map((s) => s.term)).toEqual(['gut microbiota', 'preterm infant', 'probiotics']);
    expect(scopus?.doi).toBe('10.9999/test.fmt.102');
    // `N1  - Export Date: 1 January 2024; Cited By: 3`
    expect(scopus?.citedByCount).toBe(3);
  });
  it('Web of Science: its accession number is not a PMID but the WoS accession; several SN lines; DA with a month name', () => {
    expect(wos?.pmid).toBeUndefined();
    expect(wos?.accessions).toEqual([{ scheme: 'wos', id: 'WOS:000999999900001' }]);
    expect(wos?.year).toBe(2023);
    expect(wos?.journal?.issns).toEqual([{ value: '9999-0008' }, { value: '9999-0016' }]);
    expect(wos?.affiliations).toHaveLength(2);
  });
});

describe('RIS reader problems', () => {
  it('names a file that ends without ER, after the complete record before it', async () => {
    const { records, problems } = await readFixture('ris', 'malformed.ris');
    expect(records.map((r) => r.title)).toEqual(['[TEST] A complete record before the broken one']);
    expect(problems).toEqual([
      {
        file: formatFixture('ris', 'malformed.ris'),
        line: 6,
        index: 1,
        field: 'ER',
        reason: 'the file ends inside the record starting on line 6: no "ER  - " line closes it',
      },
    ]);
  });
  it("names a record without title; a record 'in press' has no year", async () => {
    const { records, problems } = await readFixture('ris', 'no-title.ris');
    expect(problems).toMatchObject([{ line: 1, index: 0, field: 'TI' }]);
    expect(records).toHaveLength(1);
    expect(records[0]?.year).toBeUndefined();
  });
  it('names a record cut off by the next TY and text outside records', async () => {
    const text = 'Export header line\nTY  - JOUR\nTI  - One\nTY  - JOUR\nTI  - Two\nER  - \n';
    const { records, problems } = await readAll(risReader, text, 'x.ris');
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [1, '(line)'],
      [2, 'ER'],
    ]);
    expect(records.map((r) => r.title)).toEqual(['Two']);
    expect(problems[1]?.reason).toBe(
      'the record starting on line 2 has no "ER  - " line before the next record on line 4',
    );
  });
  it("passes over a URL only right after Ovid's link label, not after a record", async () => {
    const text =
      'Link to the Ovid Full Text or citation:\nhttp://example.org/a\nLink to the Ovid Full Text or citation:\nTY  - JOUR\nTI  - One\nER  - \nhttp://example.org/b\n';
    const { records, problems } = await readAll(risReader, text, 'x.ris');
    expect(records.map((r) => r.title)).toEqual(['One']);
    expect(problems).toEqual([
      {
        file: 'x.ris',
        line: 7,
        index: 1,
        field: '(line)',
        reason: 'text outside a record: every RIS record starts with a "TY  - " line, found "http://example.org/b"',
      },
    ]);
  });
  it("gives a single author the record's address", async () => {
    const { records } = await readAll(
      risReader,
      'TY  - JOUR\nTI  - T\nAU  - Doe, Jane\nAD  - Test University\nER  - \n',
      'x.ris',
    );
    expect(records[0]?.authors[0]?.affiliations).toEqual([{ text: 'Test University' }]);
    expect(records[0]?.affiliations).toBeUndefined();
  });
});

describe('RIS reader agrees with citation.js on the fields both keep', () => {
  // citation.js (@citation-js/plugin-ris) is the maintained RIS parser; it converts to CSL, which
  // drops AD and AN, so it is not the reader (see src/ingest/parse/formats/ris/reader.ts). On what CSL keeps, both must agree.
  for (const name of ['zotero.ris', 'endnote.ris', 'scopus.ris', 'web-of-science.ris']) {
    it(name, async () => {
      const text = readRepoFile(formatFixture('ris', name));
      const ours = (await readAll(risReader, text, name)).records;
      const theirs = (await Cite.async(text)).data;
      expect(ours).toHaveLength(theirs.length);
      ours.forEach((r, i) => {
        const csl = theirs[i] as Record<string, unknown> & {
          author?: Array<{ family?: string; given?: string; literal?: string }>;
          issued?: { 'date-parts'?: number[][] };
        };
        expect(r.title).toBe(csl.title);
        expect(r.doi ?? undefined).toBe(csl.DOI);
        expect(r.volume).toBe(csl.volume);
        expect(r.issue).toBe(csl.issue);
        expect(r.year).toBe(csl.issued?.['date-parts']?.[0]?.[0]);
        expect(r.journal?.title).toBe(csl['container-title']);
        expect(r.authors.map((a) => a.family ?? a.name)).toEqual((csl.author ?? []).map((a) => a.family ?? a.literal));
        expect(r.authors.map((a) => a.given)).toEqual((csl.author ?? []).map((a) => a.given));
        if (typeof csl.page === 'string' && r.lastPage)
          expect(csl.page.replace(/[–-]+/, '-')).toBe(`${r.firstPage}-${r.lastPage}`);
      });
    });
  }
});

describe("RIS reader: Scopus's N1 notes", () => {
  const read = async (lines: string[]) => readAll(risReader, `${lines.join('\n')}\nER  - \n`, 'x.ris');
  it('reads references and the count of citing works only in a Scopus record (DB or the Scopus record link)', async () => {
    const notes = ['N1  - Cited By: 7', 'N1  - References: Preisach, F., (1935) Z. Phys., 94, p. 277'];
    const byDb = await read(['TY  - JOUR', 'TI  - T', 'DB  - Scopus', ...notes]);
    const byLink = await read([
      'TY  - JOUR',
      'TI  - T',
      'UR  - https://www.scopus.com/inward/record.uri?eid=2-s2.0-85091557653&partnerID=40',
      ...notes,
    ]);
    for (const { records } of [byDb, byLink]) {
      expect(records[0]?.citedByCount).toBe(7);
      expect(records[0]?.references.map((r) => [r.firstAuthor, r.year, r.journal])).toEqual([
        ['Preisach, F.', 1935, 'Z. Phys.'],
      ]);
    }
    // Other exporters' N1 is a free note: a user's "References: ..." or a tool's "Cited by: 12" is no fact read.
    const other = await read(['TY  - JOUR', 'TI  - T', 'DB  - Embase', ...notes]);
    expect([other.records[0]?.citedByCount, other.records[0]?.references]).toEqual([undefined, []]);
  });
  it('reads "Cited By (since 1996)" of older exports and Funding details as funding', async () => {
    const { records } = await read([
      'TY  - JOUR',
      'TI  - T',
      'DB  - Scopus',
      'N1  - Cited By (since 1996): 19; Funding details: Fund A, FA, (123); Fund B; Funding text 1: We thank Fund A.',
    ]);
    expect([records[0]?.citedByCount, records[0]?.funding]).toEqual([19, ['Fund A, FA, (123)', 'Fund B']]);
  });
  it('names the field and line of a Cited By that is no count', async () => {
    const { records, problems } = await read(['TY  - JOUR', 'TI  - T', 'DB  - Scopus', 'N1  - Cited By: many']);
    expect(records).toEqual([]);
    expect(problems).toEqual([
      {
        file: 'x.ris',
        line: 4,
        index: 0,
        field: 'N1',
        reason: 'expected a count of citing works after "Cited By:", found "many"',
      },
    ]);
  });
});
