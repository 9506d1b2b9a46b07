import { describe, expect, it } from 'vitest';
import { dimensionsCsvReader } from '../../../src/ingest/parse/formats/dimensions/reader.ts';
import { readRepoFile } from '../fixtures.ts';
import { formatFixture, readAll, readFixture } from './readFixture.ts';

const FILE = 'dimensions-publication-export.csv';

describe('Dimensions publication CSV export', () => {
  it('reads every row, detected as Dimensions', async () => {
    const { reader, records, problems } = await readFixture('dimensions-csv', FILE);
    expect(reader.format).toBe('dimensions-csv');
    expect(problems).toEqual([]);
    expect(records).toHaveLength(14);
  });

  it('reads identifiers, full names, each author’s raw affiliations, MeSH, research fields, funding and the cited-by count', async () => {
    const { records } = await readFixture('dimensions-csv', FILE);
    const r = records[0]!;
    // The no-break space of "1 Hz" is read as a space, as every CSV cell's white space is.
    expect(r.title).toBe(
      'N100 as a response prediction biomarker for accelerated 1 Hz right DLPFC-rTMS in major depression',
    );
    expect([r.doi, r.pmid, r.pmcid]).toEqual(['10.1016/j.jad.2024.07.131', '39033822', undefined]);
    expect(r.accessions).toEqual([{ scheme: 'dimensions', id: 'pub.1173974926' }]);
    expect(r.authors).toHaveLength(15);
    expect(r.authors[0]).toMatchObject({ name: 'Jack Z Sheen', family: 'Sheen', given: 'Jack Z' });
    expect(r.authors[0]!.affiliations).toEqual([
      {
        text: 'Institute of Medical Science, University of Toronto, Toronto, Canada. Electronic address: jack.sheen2018@gmail.com.',
      },
    ]);
    expect(r.authors[1]!.affiliations.map((a) => a.text)).toEqual([
      'Institute of Medical Science, University of Toronto, Toronto, Canada',
      'Krembil Centre for Neuroinformatics, Centre for Addiction and Mental Health, Toronto, Canada.',
    ]);
    expect(r.affiliations).toBeUndefined();
    expect(r.journal).toEqual({ title: 'Journal of Affective Disorders', issns: [] });
    expect([r.year, r.volume, r.issue, r.firstPage, r.lastPage, r.citedByCount]).toEqual([
      2024,
      '363',
      undefined,
      '174',
      '181',
      5,
    ]);
    expect(r.publicationTypes).toEqual(['Article']);
    expect(r.subjects.filter((s) => s.kind === 'mesh').map((s) => s.term)).toContain('Depressive Disorder, Major');
    expect(r.subjects.filter((s) => s.kind === 'indexed').map((s) => s.term)).toEqual([
      '32 Biomedical and Clinical Sciences',
      '3202 Clinical Sciences',
      '52 Psychology',
      '5202 Biological Psychology',
    ]);
    expect(r.funding).toEqual([
      'This work was supported in part by the Toronto General and Western Hospital Foundation, the Arrell Family Foundation, the Brain Behavior Research Foundation and the Branch Out Neurological Foundation.',
    ]);
    expect(r.abstract?.startsWith('BACKGROUND AND OBJECTIVE:')).toBe(true);
  });

  it('keeps an affiliation with parentheses inside it whole', async () => {
    const { records } = await readFixture('dimensions-csv', FILE);
    const miron = records[8]!.authors.find((a) => a.family === 'Miron')!;
    expect(miron.affiliations.map((a) => a.text)).toEqual([
      'Institute of Medical Science, University of Toronto, Toronto, Canada',
      'Department of Psychiatry, Faculty of Medicine, University of Toronto, Canada',
      "Centre Hospitalier de l'Université de Montréal (CHUM), Centre de Recherche du CHUM (CRCHUM), Canada",
      'Département de Psychiatrie, Faculté de Médecine, Université de Montréal, Montréal, QC, Canada.',
    ]);
  });

  it('drops the comma Dimensions leaves after a `;` inside one author’s affiliations', async () => {
    const { records } = await readFixture('dimensions-csv', FILE);
    expect(records[12]!.authors[0]!.affiliations.map((a) => a.text).slice(0, 2)).toEqual([
      'Cerebrovascular Concussion Laboratory, Faculty of Kinesiology, University of Calgary, Calgary, AB T2N 1N4, Canada',
      'jonathan.smirl@ucalgary.ca',
    ]);
  });

  it('reads an article number as the first page, and the PMCID of a supplement abstract', async () => {
    const { records } = await readFixture('dimensions-csv', FILE);
    const star = records.find((r) => r.journal?.title === 'STAR Protocols')!;
    expect([star.firstPage, star.lastPage]).toEqual(['103205', undefined]);
    expect(records[1]).toMatchObject({ pmcid: 'PMC6508355', issue: 'suppl_2', firstPage: '451', lastPage: '452' });
  });

  it('passes over the "About the data" line some exports put above the header', async () => {
    const text = readRepoFile(formatFixture('dimensions-csv', FILE));
    const about = `"About the data: Exported on Oct 14, 2025."\r\n${text}`;
    expect(dimensionsCsvReader.detect(about)).toBe(true);
    const plain = await readAll(dimensionsCsvReader, text, FILE);
    const withAbout = await readAll(dimensionsCsvReader, about, FILE, 5);
    expect(withAbout.problems).toEqual([]);
    expect(withAbout.records.map((r) => r.title)).toEqual(plain.records.map((r) => r.title));
    expect(withAbout.records[0]?.origin.line).toBe(3);
  });

  it('names a row whose Times cited is no count', async () => {
    const text = readRepoFile(formatFixture('dimensions-csv', FILE)).replace(
      ',5,5,,,,https://app',
      ',many,5,,,,https://app',
    );
    const { problems, records } = await readAll(dimensionsCsvReader, text, FILE);
    expect(problems).toEqual([expect.objectContaining({ field: 'Times cited', line: 2 })]);
    expect(records).toHaveLength(13);
  });
});
