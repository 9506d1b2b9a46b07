import { Cite } from '@citation-js/core';
import '@citation-js/plugin-ris';
import { describe, expect, it } from 'vitest';
import { risReader } from '../../../src/ingest/parse/formats/ris/reader.ts';
import { readRepoFile } from '../fixtures.ts';
import { byTitle, formatFixture, readAll, readFixture } from './readFixture.ts';

describe('RIS reader: Zotero export (Embase records)', async () => {
  const { reader, records, problems } = await readFixture('ris', 'zotero-embase.ris');
  const r = byTitle(records, 'A new abelisaurid dinosaur');
  it('reads T2/J2, DA/PY, SP/EP, one keyword per KW line', () => {
    expect(reader.format).toBe('ris');
    expect(problems).toEqual([]);
    expect(r.journal).toEqual({
      title: 'Cladistics : the international journal of the Willi Hennig Society',
      abbreviation: 'Cladistics',
      issns: [{ value: '1096-0031' }],
    });
    expect([r.year, r.volume, r.issue, r.firstPage, r.lastPage, r.doi, r.language]).toEqual([
      2024,
      '40',
      '3',
      '307',
      '356',
      '10.1111/cla.12583',
      'English',
    ]);
    expect(r.subjects.map((s) => s.term)).toEqual([
      'phylogeny',
      'animal',
      'classification',
      'skull',
      'dinosaur',
      'evolution',
      'fossil',
      'Argentina',
    ]);
    expect(r.publicationTypes).toEqual(['JOUR']);
  });
  it('keeps non-ASCII names as given', () => {
    expect(r.authors.map((a) => [a.family, a.given])).toEqual([
      ['Pol', 'D.'],
      ['Baiano', 'M.A.'],
      ['Černý', 'D.'],
      ['Novas', 'F.E.'],
      ['Cerda', 'I.A.'],
      ['Pittman', 'M.'],
    ]);
  });
});

describe('RIS reader: EndNote export (Embase records)', async () => {
  const { reader, records, problems } = await readFixture('ris', 'endnote-embase.ris');
  const first = byTitle(records, 'Description of a new specimen of Haplocanthosaurus');
  const ranged = byTitle(records, 'Functional morphology of the Triassic apex predator');
  it('reads every record: TI beside ST, T2 as the journal, DO, PY', () => {
    expect([reader.format, problems]).toEqual(['ris', []]);
    expect(records.map((x) => [x.doi, x.year, x.authors.length, x.journal?.title])).toEqual([
      ['10.1002/ar.25520', 2024, 4, 'Anatomical Record'],
      ['10.1186/s12862-024-02210-9', 2024, 1, 'BMC ecology and evolution'],
      ['10.1186/s12862-024-02216-3', 2024, 1, 'BMC ecology and evolution'],
      ['10.1371/journal.pone.0292318', 2024, 1, 'PLoS ONE'],
      ['10.1002/ar.25299', 2024, 4, 'Anatomical Record'],
    ]);
  });
  it('reads a full range in SP', () => {
    expect([ranged.volume, ranged.issue, ranged.firstPage, ranged.lastPage]).toEqual(['307', '3', '549', '565']);
  });
  it('reads two ISSNs from one SN wrapped over two lines', () => {
    expect(first.journal?.issns).toEqual([{ value: '1932-8494' }, { value: '1932-8486' }]);
  });
  it('reads one keyword per wrapped line of one KW', () => {
    expect(first.subjects.map((s) => s.term)).toEqual([
      'article',
      'biostratigraphy',
      'Colorado',
      'dinosaur',
      'nonhuman',
      'tibia',
      'transverse process',
      'Upper Jurassic',
    ]);
  });
  it("keeps AD of a several-author record as the record's affiliations, one per wrapped line, attached to no author", () => {
    expect(first.affiliations?.map((a) => a.text)).toEqual([
      'M. Wedel, Western University of Health Sciences, Pomona, CA, United States',
    ]);
    expect(ranged.affiliations?.map((a) => a.text)).toEqual([
      'S. Lautenschlager, School of Geography, Earth and Environmental Sciences, University of Birmingham, Edgbaston, Birmingham, United Kingdom',
      'J. Bestwick, School of Geography, Earth and Environmental Sciences, University of Birmingham, Birmingham, United Kingdom',
    ]);
    expect([...first.authors, ...ranged.authors].every((a) => a.affiliations.length === 0)).toBe(true);
  });
  it('takes no PMID from a record of a MEDLINE database without AN', () => {
    expect(records.map((x) => x.pmid)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('RIS reader: Scopus and Web of Science exports', async () => {
  const scopus = (await readFixture('ris', 'scopus-asreview.ris')).records;
  const wos = await readFixture('ris', 'wos-core-collection.ris');
  it('Scopus: initials as given names, C7 article number as first page, undashed ISSN with its label, publisher', () => {
    const [bodySize, airSac] = scopus;
    expect(bodySize?.authors.slice(0, 2).map((a) => [a.name, a.family, a.given])).toEqual([
      ['L.N. Wilson', 'Wilson', 'L.N.'],
      ['J.D. Gardner', 'Gardner', 'J.D.'],
    ]);
    expect([bodySize?.firstPage, bodySize?.lastPage]).toEqual(['2864', undefined]);
    expect([airSac?.firstPage, airSac?.lastPage]).toEqual(['1084', '1092']);
    expect(bodySize?.journal).toEqual({
      title: 'Nature Communications',
      abbreviation: 'Nat. Commun.',
      issns: [{ value: '20411723' }],
      publisher: 'Nature Research',
    });
    expect(bodySize?.doi).toBe('10.1038/s41467-024-46843-2');
    expect(bodySize?.accessions).toEqual([{ scheme: 'scopus', id: '2-s2.0-85189760133' }]);
    expect(bodySize?.affiliations).toHaveLength(7);
    // `N1  - Export Date: 05 August 2024; Cited By: 2; ...` (all notes in one N1)
    expect(bodySize?.citedByCount).toBe(2);
  });
  it('Web of Science: its accession number is not a PMID but the WoS accession; several SN lines; DA with a month name before PY', () => {
    expect(wos.problems).toEqual([]);
    const [horned, footprints, dickens] = wos.records;
    expect(wos.records.map((r) => [r.pmid, r.accessions, r.year])).toEqual([
      [undefined, [{ scheme: 'wos', id: 'WOS:000282053100002' }], 2010],
      [undefined, [{ scheme: 'wos', id: 'WOS:000200210400001' }], 1904],
      [undefined, [{ scheme: 'wos', id: 'WOS:000387978600002' }], 2016],
    ]);
    expect(dickens?.journal?.title).toBe('VICTORIAN LITERATURE AND CULTURE');
    expect(dickens?.journal?.issns).toEqual([{ value: '1060-1503' }, { value: '1470-1553' }]);
    expect(dickens?.authors[0]?.affiliations).toEqual([{ text: 'Univ Leicester, Leicester LE1 7RH, Leics, England' }]);
    expect(horned?.affiliations).toHaveLength(6);
    expect(horned?.firstPage).toBe('e12292');
    expect([footprints?.firstPage, footprints?.lastPage]).toEqual(['423', '424']);
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
  for (const name of ['zotero-embase.ris', 'endnote-embase.ris', 'scopus-asreview.ris', 'wos-core-collection.ris']) {
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
        const theirYear = csl.issued?.['date-parts']?.[0]?.[0];
        // citation.js dates a record by DA, which Web of Science fills with a month and day only
        // (`SEP 22`, `DEC`): it gets the year 22 or none. PY states the year (the Web of Science test above).
        if (name !== 'wos-core-collection.ris') expect(r.year).toBe(theirYear);
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
