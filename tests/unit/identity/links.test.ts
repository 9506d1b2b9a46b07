import { describe, expect, it } from 'vitest';
import {
  doiUrl,
  externalLinks,
  issnUrl,
  meshUrl,
  openAlexUrl,
  orcidUrl,
  pmcUrl,
  pubmedUrl,
  rorUrl,
} from '../../../src/identity/index.ts';

describe('link rules', () => {
  it('gives the DOI resolver URL, percent-encoding what a URL cannot carry as it is', () => {
    expect(doiUrl('10.3760/cma.j.cn101070-20200616-01000')).toBe(
      'https://doi.org/10.3760/cma.j.cn101070-20200616-01000',
    );
    expect(doiUrl('https://doi.org/10.1000/ABC')).toBe('https://doi.org/10.1000/ABC');
    expect(doiUrl('10.1002/(SICI)1097-4636<1>3.0.CO;2-#?x%y')).toBe(
      'https://doi.org/10.1002/(SICI)1097-4636%3C1%3E3.0.CO;2-%23%3Fx%25y',
    );
    expect(doiUrl('not a doi')).toBeUndefined();
    expect(doiUrl(null)).toBeUndefined();
  });

  it('gives PubMed and PubMed Central pages for valid ids only', () => {
    expect(pubmedUrl('PMID: 34567890')).toBe('https://pubmed.ncbi.nlm.nih.gov/34567890/');
    expect(pubmedUrl('12ab')).toBeUndefined();
    expect(pmcUrl('pmc1234567')).toBe('https://pmc.ncbi.nlm.nih.gov/articles/PMC1234567/');
    expect(pmcUrl('1234567')).toBeUndefined();
  });

  it('gives the MeSH Browser page of a descriptor UI', () => {
    expect(meshUrl('d001997')).toBe('https://meshb.nlm.nih.gov/record/ui?ui=D001997');
    expect(meshUrl('https://id.nlm.nih.gov/mesh/D020345')).toBe('https://meshb.nlm.nih.gov/record/ui?ui=D020345');
    expect(meshUrl('Q000000')).toBeUndefined();
  });

  it('checks ORCID, ROR and ISSN check digits before linking', () => {
    expect(orcidUrl('0000-0002-1825-0097')).toBe('https://orcid.org/0000-0002-1825-0097');
    expect(orcidUrl('0000-0002-1825-0098')).toBeUndefined();
    expect(rorUrl('https://ror.org/05dxps055')).toBe('https://ror.org/05dxps055');
    expect(rorUrl('05dxps056')).toBeUndefined();
    expect(issnUrl('2095428x')).toBe('https://portal.issn.org/resource/ISSN/2095-428X');
    expect(issnUrl('2095-4281')).toBeUndefined();
  });

  it('gives OpenAlex pages for any kind of OpenAlex id', () => {
    expect(openAlexUrl('W2741809807')).toBe('https://openalex.org/W2741809807');
    expect(openAlexUrl('https://openalex.org/authors/A5023888391')).toBe('https://openalex.org/A5023888391');
    expect(openAlexUrl('X123')).toBeUndefined();
  });

  it('lists every distinct identifier of an entity once, in a fixed order, including the one its id was keyed by', () => {
    expect(
      externalLinks({ id: 'Article:doi:10.1000/abc', doi: '10.1000/ABC', pmid: '123', issns: ['2095-428X', 'bad'] }),
    ).toEqual([
      { kind: 'DOI', identifier: '10.1000/ABC', url: 'https://doi.org/10.1000/ABC', label: 'DOI' },
      { kind: 'PUBMED', identifier: '123', url: 'https://pubmed.ncbi.nlm.nih.gov/123/', label: 'PubMed' },
      {
        kind: 'ISSN',
        identifier: '2095-428X',
        url: 'https://portal.issn.org/resource/ISSN/2095-428X',
        label: 'ISSN Portal',
      },
    ]);
    expect(externalLinks({ id: 'Author:orcid:0000-0002-1825-0097' }).map((link) => link.url)).toEqual([
      'https://orcid.org/0000-0002-1825-0097',
    ]);
    expect(externalLinks({ id: 'Institution:ror:05dxps055' }).map((link) => link.kind)).toEqual(['ROR']);
    expect(externalLinks({ id: 'Topic:mesh:D001997', meshId: 'D001997' })).toHaveLength(1);
    expect(externalLinks({ id: 'Author:haoming chen' })).toEqual([]);
  });
});
