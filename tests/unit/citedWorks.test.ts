import { describe, expect, it } from 'vitest';
import { citedAuthorKey, citedWorkKey } from '../../src/identity/index.ts';
import { planCitations, referenceLookup } from '../../src/ingest/load/citations.ts';
import { parseWosCitedReference } from '../../src/ingest/parse/formats/wos/citedReference.ts';
import { parseScopusReferences } from '../../src/ingest/parse/common/scopusReferences.ts';

describe('the key of a cited work without identifier or title', () => {
  it("reads the first author's family name and initial from the ways references print it", () => {
    for (const printed of ['Smith J', 'SMITH J.', 'Smith, J.', 'Smith, John', 'Smith JA'])
      expect(citedAuthorKey(printed)).toEqual({ family: 'smith', initial: 'j' });
    expect(citedAuthorKey('Costa de Beauregard O.')).toEqual({ family: 'costadebeauregard', initial: 'o' });
    expect(citedAuthorKey('[Anonymous]')).toBeUndefined();
  });
  it('is the same for the same work printed in another case or punctuation, and differs by volume or page', () => {
    const a = citedWorkKey({
      firstAuthor: 'Aria M',
      year: 2017,
      journal: 'J INFORMETR',
      volume: '11',
      firstPage: '959',
    });
    expect(a).toMatch(/^cit:[0-9a-f]{16}$/);
    expect(
      citedWorkKey({ firstAuthor: 'ARIA M.', year: 2017, journal: 'J. Informetr.', volume: 'V11', firstPage: 'P959' }),
    ).toBe(a);
    expect(
      citedWorkKey({ firstAuthor: 'Aria M', year: 2017, journal: 'J INFORMETR', volume: '11', firstPage: '960' }),
    ).not.toBe(a);
  });
  it('needs author, year and source', () => {
    expect(citedWorkKey({ firstAuthor: 'Aria M', journal: 'J INFORMETR' })).toBeUndefined();
    expect(citedWorkKey({ year: 2017, journal: 'J INFORMETR' })).toBeUndefined();
    expect(citedWorkKey({ firstAuthor: 'Aria M', year: 2017 })).toBeUndefined();
  });
});

describe('cited-reference strings become works', () => {
  const wos = (s: string) => parseWosCitedReference(s);
  it('keys a WoS CR without DOI by the cited-work key, and one with DOI by the DOI with the cited-work key as a further alias', () => {
    const plain = referenceLookup(wos('Goodman AC, 2003, J HOUS ECON, V12, P181'));
    expect(plain?.keys).toHaveLength(1);
    expect(plain?.keys[0]).toMatch(/^cit:/);
    expect(
      referenceLookup(wos('Goodman AC, 2003, J HOUS ECON, V12, P181, DOI 10.1016/S1051-1377(03)00031-7'))?.keys,
    ).toEqual(['doi:10.1016/s1051-1377(03)00031-7', plain!.keys[0]]);
  });
  it('keys a Crossref reference that states only author, year, journal, volume and first page (it used to vanish)', () => {
    expect(
      referenceLookup({
        firstAuthor: 'Eysenbach G',
        year: 2009,
        journal: 'J Med Internet Res',
        volume: '11',
        firstPage: 'e11',
      })?.keys[0],
    ).toMatch(/^cit:/);
  });
  it("makes the same work cited by two records one reference-only article, with each record's printed text on its citation", async () => {
    const sources = [
      {
        sourceId: 'src:a',
        articleId: 'Article:doi:10.1/a',
        references: [
          wos('BROADUS RN, 1987, SCIENTOMETRICS, V12, P373'),
          wos('Goodman AC, 2003, J HOUS ECON, V12, P181'),
        ],
      },
      {
        sourceId: 'src:b',
        articleId: 'Article:doi:10.1/b',
        references: [
          wos('Broadus RN, 1987, SCIENTOMETRICS, V12, P373, DOI 10.1007/BF02016680'),
          wos('Goodman AC, 2003, J HOUS ECON, V12, P181'),
        ],
      },
    ];
    const plan = await planCitations(sources, () => []);
    expect(plan.nodes).toHaveLength(2);
    const broadus = plan.nodes.find((n) => n.props.doi !== null)!;
    expect(broadus.id).toBe('Article:doi:10.1007/bf02016680');
    expect(broadus.props).toMatchObject({
      year: 1987,
      referenceAuthor: 'BROADUS RN',
      referenceJournal: 'SCIENTOMETRICS',
      volume: '12',
      firstPage: '373',
    });
    expect(plan.edges.filter((e) => e.to === broadus.id).map((e) => [e.from, e.text])).toEqual([
      ['Article:doi:10.1/a', 'BROADUS RN, 1987, SCIENTOMETRICS, V12, P373'],
      ['Article:doi:10.1/b', 'Broadus RN, 1987, SCIENTOMETRICS, V12, P373, DOI 10.1007/BF02016680'],
    ]);
    const goodman = plan.nodes.find((n) => n.props.doi === null)!;
    expect(goodman.id).toMatch(/^Article:cit:/);
    expect(plan.edges.filter((e) => e.to === goodman.id)).toHaveLength(2);
    // No reference of these lists is left as text only.
    expect(plan.texts).toEqual([
      { id: 'src:a', texts: null, count: 2 },
      { id: 'src:b', texts: null, count: 2 },
    ]);
  });
  it('keys a Scopus reference with a title by its record key, one without by the cited-work key', () => {
    const [titled, untitled] = parseScopusReferences(
      'Goldacker, W., ROEBEL assembled coated conductors (2007) IEEE Trans. Appl. Supercond., 17 (2), pp. 3398-3401; Obradors, X., Puig, T., (2014) Supercond. Sci. Technol., 27, p. 044003',
    );
    expect(referenceLookup(titled!)?.recordKey).toMatch(/^rec:/);
    expect(referenceLookup(untitled!)?.keys[0]).toMatch(/^cit:/);
  });
});
