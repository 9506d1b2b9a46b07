import { describe, expect, it } from 'vitest';
import { crossrefReader } from '../../../src/ingest/parse/formats/crossref/reader.ts';
import { byTitle, readAll, readFixture } from './readFixture.ts';

describe('Crossref reader on a single-work response', async () => {
  const { reader, records, problems } = await readFixture('crossref', 'habanero-work-jclinpath.json', 100);
  const work = records[0];

  it('is detected as Crossref and reads the message as one work', () => {
    expect(reader.format).toBe('crossref');
    expect(problems).toEqual([]);
    expect(records).toHaveLength(1);
    expect(work?.origin).toEqual({
      format: 'crossref',
      file: 'tests/fixtures/formats/crossref/habanero-work-jclinpath.json',
      index: 0,
      line: 1,
    });
  });
  it('reads the title without its markup, the DOI, authors with ORCID and affiliation names', () => {
    expect(work?.title).toBe(
      'Construction of a reference material panel for detecting KRAS / NRAS / EGFR / BRAF / MET mutations in plasma ctDNA',
    );
    expect(work?.doi).toBe('10.1136/jclinpath-2020-206745');
    expect(work?.authors).toHaveLength(15);
    expect(work?.authors[0]).toEqual({
      name: 'Jun Xu',
      family: 'Xu',
      given: 'Jun',
      affiliations: [{ text: 'Department of Neurosurgery, China-Japan Friendship Hospital, Beijing, China' }],
    });
    expect(work?.authors.filter((a) => a.orcid).map((a) => [a.name, a.orcid])).toEqual([
      ['Xuexi Yang', 'https://orcid.org/0000-0002-3513-6501'],
    ]);
  });
  it('reads journal with typed ISSNs, the print year before the online one, volume, issue, pages, language and counts', () => {
    expect(work?.journal).toEqual({
      title: 'Journal of Clinical Pathology',
      abbreviation: 'J Clin Pathol',
      publisher: 'BMJ',
      issns: [
        { value: '0021-9746', type: 'print' },
        { value: '1472-4146', type: 'electronic' },
      ],
    });
    // published-print 2021-05; issued 2020-08-17 (online first).
    expect([work?.year, work?.volume, work?.issue, work?.firstPage, work?.lastPage]).toEqual([
      2021,
      '74',
      '5',
      '314',
      '320',
    ]);
    expect([work?.language, work?.citedByCount, work?.publicationTypes, work?.subjects]).toEqual([
      'en',
      10,
      ['journal-article'],
      [],
    ]);
  });
  it('turns the JATS abstract into text, each section heading on its own line', () => {
    expect(work?.abstract?.split('\n').slice(0, 3)).toEqual([
      'Background',
      'The absence of high-quality next-generation sequencing (NGS) reference material (RM) has impeded the clinical use of liquid biopsies with plasma cell-free DNA (cfDNA) in China.',
      'Objective',
    ]);
    expect(work?.abstract).not.toMatch(/<|jats/);
  });
  it('reads references: with DOI only, with DOI and details, with details only, with only text', () => {
    const refs = work?.references ?? [];
    expect(refs).toHaveLength(36);
    expect(refs[0]).toEqual({ doi: '10.3322/caac.21338' });
    expect(refs[2]).toEqual({
      doi: '10.1001/jamaoncol.2018.1395',
      title:
        'Cost-Effectiveness of Osimertinib in the first-line treatment of patients with EGFR-mutated advanced non-small cell lung cancer',
      year: 2018,
      firstAuthor: 'Aguiar',
      journal: 'JAMA Oncol',
      volume: '4',
      firstPage: '1080',
    });
    expect(refs[14]).toEqual({
      title: "Les acides nucléiques Du plasma sanguin CheZ l'homme",
      year: 1948,
      firstAuthor: 'Mandel',
      journal: 'C R Seances Soc Biol Fil',
      volume: '142',
      firstPage: '241',
    });
    expect(refs[23]?.doi).toBeUndefined();
    expect(refs[23]?.text).toMatch(/^US Food & Drug Administration \. Premarket approval P150044/);
  });
  it('takes the article number for the first page', async () => {
    const { records: esmo } = await readFixture('crossref', 'habanero-work-esmoopen.json');
    expect([esmo[0]?.firstPage, esmo[0]?.lastPage, esmo[0]?.year]).toEqual(['e000776', undefined, 2020]);
    expect(esmo[0]?.journal?.issns).toEqual([{ value: '2059-7029', type: 'print' }]);
    expect(esmo[0]?.authors.filter((a) => a.orcid).map((a) => a.family)).toEqual(['Iwasa', 'Yamada']);
  });
});

describe('Crossref reader on works lists', async () => {
  const { records, problems } = await readFixture('crossref', 'habanero-works-random.json', 33);
  it('reads every item of a sample', () => {
    expect(problems).toEqual([]);
    expect(records.map((r) => r.doi)).toEqual([
      '10.1016/0160-4120(81)90073-8',
      '10.2139/ssrn.5250900',
      '10.1007/978-3-031-33148-0_45',
      '10.1136/bmj.298.6673.604-c',
      '10.21831/imaji.v4i1.6702',
      '10.1007/978-3-531-91346-9_6',
      '10.1016/s1532-0464(03)00128-x',
      '10.1246/bcsj.36.278',
      '10.4028/p-x86r37',
      '10.1579/0044-7447-38.4.186',
    ]);
  });
  it("strips title markup, drops the JATS 'Abstract' heading, prefers the print year to the online one", () => {
    const w = records[7];
    expect(w?.title).toBe('The Cationic Copolymerization of Styrene and p-Brornostyrene in Liquid Sulfur Dioxide');
    expect(w?.abstract).toMatch(/^1\) The cationic copolymerization of styrene and p-bromostyrene/);
    expect([w?.year, w?.firstPage, w?.lastPage]).toEqual([1963, '278', '281']);
  });
  it('takes no year from a [[null]] date', () => {
    expect(records[5]?.title).toBe('Die Straße als politische Arena und Medium der Masse');
    expect(records[5]?.year).toBeUndefined();
  });
  it('keeps an organisation author as a group', async () => {
    const { records: types, problems: none } = await readFixture('crossref', 'habanero-works-types.json');
    expect(none).toEqual([]);
    const cta = byTitle(types, 'CTA #17.');
    expect(cta.authors).toEqual([{ name: 'Concrete Technology Associates', collective: true, affiliations: [] }]);
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
  it('reads a bare array of works and names a bad date with its path and a work without title', async () => {
    const text =
      '[{"DOI":"10.9999/a","title":["A"]},{"DOI":"10.9999/b","title":["B"],"issued":{"date-parts":[["soon"]]}},{"DOI":"10.9999/c"}]';
    const { records, problems } = await readAll(crossrefReader, text, 'x.json');
    expect(records.map((r) => r.doi)).toEqual(['10.9999/a']);
    expect(problems).toMatchObject([
      { index: 1, field: 'issued.date-parts[0][0]', reason: 'expected a year, found "soon"' },
      { index: 2, field: 'title', reason: 'the work has no title' },
    ]);
  });
});
