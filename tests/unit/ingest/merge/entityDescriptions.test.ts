import { describe, expect, it } from 'vitest';
import {
  authorAliases,
  authorFacts,
  decidingDescription,
  institutionAliases,
  institutionFacts,
  journalAliases,
  journalFacts,
  unionOfAliases,
  type Description,
  type JournalFacts,
} from '../../../../src/ingest/merge/entityDescriptions.ts';

const pubmed = journalFacts(
  {
    key: 'issn:9999-0105',
    title: 'Journal of test journal facts',
    abbreviation: 'J Test Journal Facts',
    issn: '9999-0105',
    issns: [
      { value: '9999-0105', type: 'print' },
      { value: '9999-0113', type: 'electronic' },
    ],
  },
  1,
);
const ris = journalFacts(
  { key: 'issn:9999-0105', title: 'JOURNAL OF TEST JOURNAL FACTS', issn: '9999-0105', issns: [{ value: '9999-0105' }] },
  5,
);
const described = (facts: JournalFacts, decidedBy: string, decidedAt: string): Description<JournalFacts> => ({
  facts,
  decidedBy,
  decidedAt,
});

describe('entity descriptions', () => {
  it('the most trusted description decides, whatever the order: rank, then the most recent import, then the source id', () => {
    const a = described(ris, 'src:a', '2026-01-02T00:00:00.000Z');
    const b = described(pubmed, 'src:b', '2026-01-01T00:00:00.000Z');
    expect(decidingDescription([a, b])).toBe(b);
    expect(decidingDescription([b, a])).toBe(b);
    const older = described(pubmed, 'src:c', '2025-12-31T00:00:00.000Z');
    expect(decidingDescription([older, b])).toBe(b);
    const sameTime = described(pubmed, 'src:a', '2026-01-01T00:00:00.000Z');
    expect(decidingDescription([b, sameTime])).toBe(sameTime);
    expect(decidingDescription([])).toBeUndefined();
  });

  it('a journal is found by the ISSN identifiers and the names every description gives, each once', () => {
    expect(journalAliases(pubmed)).toEqual({
      identifiers: ['issn:9999-0105', 'issn:9999-0113'],
      aliases: ['journal of test journal facts', 'j test journal facts', '9999-0105', '9999-0113'],
    });
    expect(unionOfAliases([described(ris, 'src:a', 't'), described(pubmed, 'src:b', 't')], journalAliases)).toEqual({
      identifiers: ['issn:9999-0105', 'issn:9999-0113'],
      aliases: ['9999-0105', '9999-0113', 'j test journal facts', 'journal of test journal facts'],
    });
    expect(unionOfAliases([described(ris, 'src:a', 't')], journalAliases)).toEqual({
      identifiers: ['issn:9999-0105'],
      aliases: ['9999-0105', 'journal of test journal facts'],
    });
  });

  it('facts keep a fixed shape, absent values as null, so equal descriptions are equal JSON', () => {
    expect(JSON.stringify(ris)).toBe(
      JSON.stringify({
        title: 'JOURNAL OF TEST JOURNAL FACTS',
        localTitle: null,
        abbreviation: null,
        issn: '9999-0105',
        issns: ['9999-0105'],
        issnTypes: [''],
        publisher: null,
        source: null,
        rank: 5,
      }),
    );
    const author = authorFacts(
      { key: 'orcid:0000-0002-1825-0097', name: 'Petra Factual', orcid: '0000-0002-1825-0097' },
      1,
    );
    expect(author).toEqual({
      name: 'Petra Factual',
      familyName: null,
      givenName: null,
      orcid: '0000-0002-1825-0097',
      collective: null,
      rank: 1,
    });
    expect(authorAliases(author)).toEqual({ identifiers: [], aliases: ['0000-0002-1825-0097'] });
    const institution = institutionFacts(
      {
        key: 'ror:0test0147',
        name: 'Fact Checking Institute',
        ror: '0test0147',
        country: 'DE',
        parentKey: 'test-university',
      },
      4,
    );
    expect(institution).toMatchObject({
      name: 'Fact Checking Institute',
      country: 'DE',
      ror: '0test0147',
      parentId: 'Institution:test-university',
      rank: 4,
    });
    expect(institutionAliases(institution)).toEqual({
      identifiers: [],
      aliases: ['fact checking institute', '0test0147'],
    });
  });
});
