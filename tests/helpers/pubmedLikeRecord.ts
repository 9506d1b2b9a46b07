import type { SourceRecord } from '../../src/ingest/model.ts';

/**
 * The seed article as a PubMed record would describe it, built in code (TEST DATA: the PMID 99999901
 * is fictional; ORCID 0000-0002-1825-0097 is ORCID's own test identifier). It differs from the WPRIM
 * record the way the two sources really do: the title ends with a period, language as a MEDLINE code,
 * author names in another case with English affiliations, MeSH headings with UIs, major flags and
 * qualifiers (one, Humans, that the curated vocabulary does not have), typed ISSNs, no abstract.
 */
export function pubmedLikeSeedRecord(overrides: Partial<SourceRecord> = {}): SourceRecord {
  const affiliation =
    'Department of Neonatology, The First Affiliated Hospital of Zhengzhou University, Zhengzhou 450052, China.';
  return {
    origin: { format: 'pubmed-xml', file: 'tests/pubmed-like-seed.xml', index: 0, line: 3 },
    title:
      'Study progress of exosomes derived from mesenchymal stem cells in the treatment of complications related to preterm infants.',
    language: 'chi',
    doi: '10.3760/cma.j.cn101070-20200616-01000',
    pmid: '99999901',
    year: 2021,
    volume: '36',
    issue: '21',
    firstPage: '1673',
    lastPage: '1676',
    journal: {
      title: 'Zhonghua shi yong er ke lin chuang za zhi = Chinese journal of applied clinical pediatrics',
      abbreviation: 'Zhonghua Shi Yong Er Ke Lin Chuang Za Zhi',
      issns: [
        { value: '2095-428X', type: 'print' },
        { value: '2095-428X', type: 'linking' },
      ],
    },
    authors: [
      { name: 'Haoming Chen', family: 'Chen', given: 'Haoming', affiliations: [{ text: affiliation }] },
      { name: 'Qingfei Hao', family: 'Hao', given: 'Qingfei', affiliations: [{ text: affiliation }] },
      {
        name: 'Xiuyong Cheng',
        family: 'Cheng',
        given: 'Xiuyong',
        orcid: 'https://orcid.org/0000-0002-1825-0097',
        affiliations: [{ text: affiliation }],
      },
    ],
    subjects: [
      {
        kind: 'mesh',
        term: 'Exosomes',
        meshId: 'D055354',
        major: true,
        qualifiers: [{ name: 'metabolism', ui: 'Q000378', major: false }],
      },
      {
        kind: 'mesh',
        term: 'Mesenchymal Stem Cells',
        meshId: 'D059630',
        major: true,
        qualifiers: [{ name: 'cytology', ui: 'Q000166' }],
      },
      { kind: 'mesh', term: 'Infant, Premature', meshId: 'D007234', major: false },
      { kind: 'mesh', term: 'Humans', meshId: 'D006801', major: false },
      {
        kind: 'mesh',
        term: 'Bronchopulmonary Dysplasia',
        meshId: 'D001997',
        major: false,
        qualifiers: [{ name: 'therapy', ui: 'Q000628', major: true }],
      },
      { kind: 'keyword', term: 'Exosomes' },
    ],
    references: [],
    publicationTypes: ['Journal Article', 'Review'],
    ...overrides,
  };
}
