import { describe, expect, it } from 'vitest';
import {
  aliasValue,
  articleIdentifierKeys,
  articleKey,
  authorKey,
  canonicalGlobalId,
  entityId,
  importKey,
  institutionKey,
  journalIdentifierKeys,
  journalKey,
  normalizeDoi,
  normalizeIssn,
  normalizeMeshUi,
  normalizeOpenAlexId,
  normalizeOrcid,
  normalizePmcid,
  normalizePmid,
  normalizeRor,
  normalizeShortDoi,
  sourceKey,
  splitGlobalId,
  strongestArticleId,
  topicKey,
  topicKindOfKey,
} from '../../../src/identity/index.ts';

describe('identifier normalizers', () => {
  it('take bare ids, prefixes and resolver URLs to one canonical form', () => {
    expect(normalizeDoi('https://doi.org/10.1000%2FABC')).toEqual({ doi: '10.1000/ABC', key: 'doi:10.1000/abc' });
    expect(normalizePmid('PMID: 34567890')).toBe('34567890');
    expect(normalizePmid('https://pubmed.ncbi.nlm.nih.gov/34567890/')).toBe('34567890');
    expect(normalizePmcid('pmc 1234567')).toBe('PMC1234567');
    // OpenAlex's ids.pmcid: the PMC article URL with the number alone.
    expect(normalizePmcid('https://www.ncbi.nlm.nih.gov/pmc/articles/5815332')).toBe('PMC5815332');
    expect(normalizeOrcid('https://orcid.org/0000-0002-1825-0097')).toBe('0000-0002-1825-0097');
    expect(normalizeOrcid('000000021694233x')).toBe('0000-0002-1694-233X');
    expect(normalizeRor('https://ror.org/05DXPS055')).toBe('05dxps055');
    expect(normalizeIssn('2095428x')).toBe('2095-428X');
    expect(normalizeMeshUi('https://id.nlm.nih.gov/mesh/D001997')).toBe('D001997');
    expect(normalizeOpenAlexId('https://openalex.org/W2741809807')).toBe('W2741809807');
  });
  it('reject values whose check digit is wrong or that are of another kind', () => {
    expect(normalizeOrcid('0000-0002-1825-0098')).toBeUndefined();
    expect(normalizeRor('05dxps056')).toBeUndefined();
    expect(normalizeIssn('0028-4794')).toBeUndefined();
    expect(normalizeMeshUi('Q000187')).toBeUndefined();
    expect(normalizeOpenAlexId('A5023888391')).toBeUndefined();
    expect(normalizeOpenAlexId('A5023888391', 'A')).toBe('A5023888391');
    expect(normalizePmid('12a')).toBeUndefined();
    // A number alone could be a PMID as well: only a PMC article URL makes it a PMCID.
    expect(normalizePmcid('5815332')).toBeUndefined();
    expect(normalizeDoi('11.1000/x')).toBeUndefined();
    // A shortDOI is no DOI; it is a shortDOI.
    expect(normalizeDoi('10/fqd6hj')).toBeUndefined();
    expect(normalizeShortDoi('https://doi.org/10/FQD6HJ')).toBe('10/fqd6hj');
    expect(normalizeShortDoi(' doi: 10/fqd6hj ')).toBe('10/fqd6hj');
    expect(normalizeShortDoi('10.1177/0193723504268729')).toBeUndefined();
    expect(normalizeShortDoi('10/fqd6hj/x')).toBeUndefined();
    expect(normalizeShortDoi('10/')).toBeUndefined();
  });
});

describe('entity keys', () => {
  it('article: DOI, then PMID, then PMCID, then the record hash', () => {
    expect(articleKey({ doi: 'doi:10.1000/X', pmid: '1', title: 't' })).toBe('doi:10.1000/x');
    expect(articleKey({ pmid: '0012', pmcid: 'PMC5', title: 't' })).toBe('pmid:12');
    expect(articleKey({ pmcid: 'pmc5', title: 't' })).toBe('pmcid:PMC5');
    expect(articleKey({ doi: 'not a doi', title: 'A  Title', journal: 'J', year: 2021 })).toBe(
      articleKey({ title: 'a title', journal: 'j', year: 2021 }),
    );
    expect(articleKey({ title: 'a title', journal: 'j', year: 2021 })).toMatch(/^rec:[0-9a-f]{16}$/);
  });
  it('journal: ISSN-L, then the first valid ISSN, then the title', () => {
    expect(journalKey({ issnL: '0028-4793', issns: ['1533-4406'], title: 'NEJM' })).toBe('issn:0028-4793');
    expect(journalKey({ issns: ['bogus', '1533-4406'], title: 'NEJM' })).toBe('issn:1533-4406');
    expect(journalKey({ title: ' The  Lancet. ' })).toBe('title:the lancet');
  });
  it('author: ORCID, else the normalized printed name', () => {
    expect(authorKey({ orcid: 'https://orcid.org/0000-0002-1825-0097', name: 'Josiah Carberry' })).toBe(
      'orcid:0000-0002-1825-0097',
    );
    expect(authorKey({ orcid: '0000-0002-1825-0098', name: 'Haoming  CHEN' })).toBe('haoming chen');
  });
  it('institution: ROR, else the curated id, else the hash of the name', () => {
    expect(institutionKey({ ror: 'https://ror.org/05dxps055', curatedId: 'x', name: 'n' })).toBe('ror:05dxps055');
    expect(institutionKey({ curatedId: 'zzu-first-hospital', name: 'n' })).toBe('zzu-first-hospital');
    expect(institutionKey({ name: 'n' })).toMatch(/^aff:[0-9a-f]{16}$/);
  });
  it('topic: MeSH UI, else the curated slug, else the keyword', () => {
    expect(topicKey({ meshId: 'D001997', name: 'x' })).toBe('mesh:D001997');
    expect(topicKey({ name: 'Extracellular Vesicles', curated: true })).toBe('topic:extracellular-vesicles');
    expect(topicKey({ name: 'Gut  Microbiota.' })).toBe('kw:gut microbiota');
  });
});

describe('alias values', () => {
  it('are NFKC, trimmed, whitespace collapsed and lower-cased, plain ASCII or not', () => {
    const full = (text: string) => text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
    const texts = [
      '10.1000/J.ABC.12',
      'Smith John',
      ' Smith John',
      'Smith John ',
      'Smith  John',
      'Smith\tJohn',
      'Smith\nJohn',
      'Smith\u00a0John',
      'Zoë Müller',
      'Ｓｍｉｔｈ',
      'ﬁnal',
      '李 明',
      '',
      ' ',
      '~!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}',
    ];
    for (const text of texts) expect(aliasValue(text), JSON.stringify(text)).toBe(full(text));
    expect(aliasValue('  Xiuyong \t CHENG ')).toBe('xiuyong cheng');
    expect(aliasValue('Ｓｍｉｔｈ')).toBe('smith');
  });
});

describe('global ids', () => {
  it('join and split label and key', () => {
    expect(entityId('Topic', 'mesh:D001997')).toBe('Topic:mesh:D001997');
    expect(splitGlobalId('Topic:mesh:D001997')).toEqual({ label: 'Topic', key: 'mesh:D001997' });
    expect(splitGlobalId('Nope:x')).toBeUndefined();
    expect(splitGlobalId('Topic:')).toBeUndefined();
  });
  it('canonical form finds the stored id whatever the case the user typed', () => {
    expect(canonicalGlobalId('Author:Xiuyong  CHENG')).toBe('Author:xiuyong cheng');
    expect(canonicalGlobalId('Article:doi:10.3760/CMA.J.X')).toBe('Article:doi:10.3760/cma.j.x');
    expect(canonicalGlobalId('Topic:mesh:d001997')).toBe('Topic:mesh:D001997');
    expect(canonicalGlobalId('Journal:issn:2095-428x')).toBe('Journal:issn:2095-428X');
    expect(canonicalGlobalId('Institution:zzu-first-hospital')).toBe('Institution:zzu-first-hospital');
    expect(canonicalGlobalId('not an id')).toBe('not an id');
  });
});

describe('identifier keys (aliases the loader finds nodes by)', () => {
  it("lists an article's valid identifiers, strongest first", () => {
    expect(
      articleIdentifierKeys({
        doi: 'https://doi.org/10.1000/ABC',
        pmid: 'PMID: 12',
        pmcid: 'pmc5',
        openalexId: 'https://openalex.org/W42',
      }),
    ).toEqual(['doi:10.1000/abc', 'pmid:12', 'pmcid:PMC5', 'openalex:W42']);
    expect(articleIdentifierKeys({ doi: 'nope', pmid: '1x' })).toEqual([]);
  });
  it("lists a journal's ISSNs once each, linking ISSN first", () => {
    expect(journalIdentifierKeys({ issnL: '1533-4406', issns: ['0028-4793', '1533-4406', 'bogus'] })).toEqual([
      'issn:1533-4406',
      'issn:0028-4793',
    ]);
  });
  it('gives a source of one file and format for one article a stable id', () => {
    const a = sourceKey({ format: 'wprim', file: 'seed/records/x.txt', articleId: 'Article:doi:10.1/x' });
    expect(a).toMatch(/^src:[0-9a-f]{16}$/);
    expect(sourceKey({ format: 'wprim', file: 'seed/records/x.txt', articleId: 'Article:doi:10.1/x' })).toBe(a);
    expect(sourceKey({ format: 'medline', file: 'seed/records/x.txt', articleId: 'Article:doi:10.1/x' })).not.toBe(a);
  });
  it("reads a topic's kind off its key", () => {
    expect([
      topicKindOfKey('mesh:D001997'),
      topicKindOfKey('topic:extracellular-vesicles'),
      topicKindOfKey('kw:gut microbiota'),
    ]).toEqual(['mesh', 'curated', 'keyword']);
  });
});

describe('import ids and the strongest article id', () => {
  it('names an import by its start time and a nonce', () => {
    expect(importKey(new Date('2025-01-02T03:04:05.678Z'), 'abcd1234')).toBe(
      'import:2025-01-02T03:04:05.678Z:abcd1234',
    );
  });
  it('keeps the id with the stronger key when two articles are found to be one', () => {
    expect(strongestArticleId(['Article:rec:0123456789abcdef', 'Article:pmid:12', 'Article:doi:10.1/x'])).toBe(
      'Article:doi:10.1/x',
    );
    expect(strongestArticleId(['Article:pmid:9', 'Article:pmid:12'])).toBe('Article:pmid:12');
    expect(strongestArticleId([])).toBeUndefined();
  });
});
