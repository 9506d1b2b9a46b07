import { describe, expect, it } from 'vitest';
import { byTitle, readFixture } from './readFixture.ts';

describe('Lens CSV: a Lens.org scholarly works export', async () => {
  const { reader, records, problems } = await readFixture('lens-csv', 'lens-export.csv');
  it('is detected and reads every row', () => {
    expect(reader.format).toBe('lens-csv');
    expect(problems).toEqual([]);
    expect(records).toHaveLength(10);
  });
  it('maps Lens ID, authors as printed, ISSNs, pages, identifiers and the citing-works count', () => {
    const r = byTitle(records, 'Planning Hazardous Waste Reduction');
    expect(r.accessions).toEqual([{ scheme: 'lens', id: '000-015-224-213-921' }]);
    expect(r.authors.map((a) => a.name)).toEqual(['Brian W. Baetz', 'Eric I. Pas', 'P. Aarne Vesilind']);
    expect(r.authors[0]?.family).toBeUndefined();
    expect(r.journal).toEqual({
      title: 'Waste Management & Research: The Journal for a Sustainable Circular Economy',
      publisher: 'SAGE Publications',
      issns: [{ value: '0734242x' }, { value: '10963669' }],
    });
    expect([r.year, r.volume, r.issue, r.firstPage, r.lastPage, r.doi, r.citedByCount]).toEqual([
      1989,
      '7',
      '1',
      '153',
      '163',
      '10.1177/0734242x8900700120',
      7,
    ]);
    expect(r.publicationTypes).toEqual(['journal article']);
    expect(r.abstract?.startsWith('An industry faced with escalating off-site waste disposal costs')).toBe(true);
    expect(
      r.subjects
        .filter((s) => s.kind === 'indexed')
        .map((s) => s.term)
        .slice(0, 2),
    ).toEqual(['Hazardous waste', 'Waste management']);
  });
  it('keeps the Lens IDs of the cited works as cited accessions, in order, and makes no reference of them', () => {
    expect(byTitle(records, 'Planning Hazardous Waste Reduction').citedAccessions).toEqual([
      { scheme: 'lens', id: '108-641-285-883-579' },
    ]);
    const cited = byTitle(records, 'Spatial and Temporal Evolution Patterns').citedAccessions ?? [];
    expect(cited).toHaveLength(50);
    expect(cited.slice(0, 2)).toEqual([
      { scheme: 'lens', id: '003-980-492-344-18X' },
      { scheme: 'lens', id: '004-263-720-568-025' },
    ]);
    expect(records.every((r) => r.references.length === 0)).toBe(true);
    expect(byTitle(records, 'Variable Rate Pricing Policy').citedAccessions).toBeUndefined();
  });
  it('reads MeSH terms with their qualifiers and the PMID', () => {
    const r = byTitle(records, 'Parenteral packaging waste reduction.');
    expect(r.pmid).toBe('10105986');
    expect(r.subjects.filter((s) => s.kind === 'mesh')).toContainEqual({
      kind: 'mesh',
      term: 'Infusions, Parenteral',
      qualifiers: [{ name: 'instrumentation' }],
    });
  });
  it('drops the JATS title and its separator from an abstract', () => {
    const r = byTitle(records, 'Spatial and Temporal Evolution Patterns');
    expect(r.abstract?.startsWith('The issue of construction waste reduction')).toBe(true);
  });
});
