import { describe, expect, it } from 'vitest';
import { normalizeDoi, normalizeIssn, normalizeOrcid, normalizeRor } from '../../../src/identity/index.ts';
import { byTitle, readFixture } from './readFixture.ts';

/** The bundled seed record's article, as the fixtures describe it in each format. */
const SOURCES = [
  ['medline', 'written-records.nbib'],
  ['openalex', 'works.json'],
  ['crossref', 'work.json'],
] as const;

describe('the seed article read from every format', () => {
  for (const [format, file] of SOURCES) {
    it(`${format}: same title, DOI, authors, journal ISSN, year, volume, issue and pages`, async () => {
      const { records } = await readFixture(format, file);
      const r = byTitle(records, 'Study progress of exosomes');
      expect(r.origin.format).toBe(format);
      expect(r.title).toBe(
        'Study progress of exosomes derived from mesenchymal stem cells in the treatment of complications related to preterm infants',
      );
      expect(normalizeDoi(r.doi ?? '')?.key).toBe('doi:10.3760/cma.j.cn101070-20200616-01000');
      expect(r.authors.map((a) => a.name.toLowerCase())).toEqual(['haoming chen', 'qingfei hao', 'xiuyong cheng']);
      expect(r.journal?.title).toBe('Chinese Journal of Applied Clinical Pediatrics');
      expect(new Set(r.journal?.issns.map((i) => normalizeIssn(i.value)))).toEqual(new Set(['2095-428X']));
      expect([r.year, r.volume, r.issue, r.firstPage, r.lastPage]).toEqual([2021, '36', '21', '1673', '1676']);
    });
  }

  it('identifiers the readers keep as the source prints them are valid for the identity rules', async () => {
    for (const [format, file] of SOURCES) {
      const { records } = await readFixture(format, file);
      for (const r of records) {
        for (const a of r.authors) {
          if (a.orcid) expect(normalizeOrcid(a.orcid), `${format} ${a.name} ${a.orcid}`).toBeDefined();
          for (const aff of a.affiliations)
            if (aff.ror) expect(normalizeRor(aff.ror), `${format} ${aff.ror}`).toBeDefined();
        }
      }
    }
  });
});
