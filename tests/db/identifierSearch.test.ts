import { describe, expect, it } from 'vitest';
import { useTestApi } from '../helpers/useTestApi.ts';
import { query } from '../helpers/graphql.ts';
import { loadFormatFixtures } from '../helpers/formatFixtures.ts';

/**
 * Search by identifier and the place of reference-only works, on the real format fixtures: a DOI,
 * PMID, PMCID or OpenAlex id typed into search names its article first (the full-text index alone
 * split a DOI into numbers and answered unrelated articles), and works known only from reference
 * lists are marked and come after the records.
 */

const api = useTestApi(async (db) => {
  await loadFormatFixtures(db);
});

interface Hit {
  type: string;
  label: string;
  score: number;
  referenceOnly: boolean;
  node: { id: string };
}

async function search(text: string, first = 10): Promise<Hit[]> {
  const data = await query<{ search: Hit[] }>(
    api.handle,
    'query($q: String!, $first: Int) { search(query: $q, first: $first) { type label score referenceOnly node { id } } }',
    { q: text, first },
  );
  return data.search;
}

const SEED = 'Article:doi:10.3760/cma.j.cn101070-20200616-01000';

describe('search by identifier', () => {
  it('answers the article a DOI names, in any of its printed forms, and only it', async () => {
    for (const text of [
      '10.3760/cma.j.cn101070-20200616-01000',
      'https://doi.org/10.3760/CMA.J.CN101070-20200616-01000',
      'doi:10.3760/cma.j.cn101070-20200616-01000',
    ]) {
      expect(
        (await search(text)).map((hit) => hit.node.id),
        text,
      ).toEqual([SEED]);
    }
    expect(await search('10.9999/no.such.article')).toEqual([]);
  });

  it('answers the article a PMID, PMCID or OpenAlex id names', async () => {
    expect((await search('pmid:99000001')).map((hit) => hit.node.id)).toEqual([SEED]);
    expect((await search('https://pubmed.ncbi.nlm.nih.gov/99000001/')).map((hit) => hit.node.id)).toEqual([SEED]);
    expect((await search('PMC9900002')).map((hit) => hit.node.id)).toEqual(['Article:doi:10.9999/test.fmt.002']);
    expect((await search('https://openalex.org/W2741809807')).map((hit) => hit.node.id)).toEqual([
      'Article:doi:10.7717/peerj.4375',
    ]);
    // The same work's PMCID, as OpenAlex gives it: a PMC article URL with the number alone.
    expect((await search('PMC5815332')).map((hit) => hit.node.id)).toEqual(['Article:doi:10.7717/peerj.4375']);
    // Bare digits may be a word too: the PMID's article first.
    const bare = await search('99000001');
    expect(bare[0]!.node.id).toBe(SEED);
    expect(bare[0]!.score).toBeGreaterThanOrEqual(Math.max(...bare.map((hit) => hit.score)));
  });
});

describe('reference-only works in search', () => {
  it('are marked and come after every record', async () => {
    const hits = await search('reference', 20);
    expect(hits.some((hit) => hit.referenceOnly)).toBe(true);
    expect(hits.some((hit) => !hit.referenceOnly)).toBe(true);
    const firstStub = hits.findIndex((hit) => hit.referenceOnly);
    expect(hits.slice(firstStub).every((hit) => hit.referenceOnly)).toBe(true);
    expect(hits.find((hit) => hit.node.id === 'Article:doi:10.9999/test.fmt.ref.001')?.referenceOnly).toBe(true);
    // Autocomplete ranks the same way.
    const typed = await query<{ autocomplete: Hit[] }>(
      api.handle,
      '{ autocomplete(prefix: "refer", first: 20) { type label score referenceOnly node { id } } }',
    );
    const stubAt = typed.autocomplete.findIndex((hit) => hit.referenceOnly);
    expect(stubAt).toBeGreaterThanOrEqual(0);
    expect(typed.autocomplete.slice(stubAt).every((hit) => hit.referenceOnly)).toBe(true);
    // A stub found by its identifier is marked too.
    expect(await search('pmid:99001010')).toMatchObject([
      { node: { id: 'Article:pmid:99001010' }, referenceOnly: true },
    ]);
  });
});
