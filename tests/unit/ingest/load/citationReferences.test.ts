import { describe, expect, it } from 'vitest';
import { referenceLookup } from '../../../../src/ingest/load/citations.ts';
import { recordKey } from '../../../../src/identity/index.ts';

describe('how a reference names the work it cites', () => {
  it("by every identifier it states, strongest first, in the identity rules' key form", () => {
    expect(
      referenceLookup({
        pmid: '99001009',
        doi: 'https://doi.org/10.9999/TEST.Cite.001',
        openalexId: 'https://openalex.org/W9999100001',
      }),
    ).toEqual({
      keys: ['doi:10.9999/test.cite.001', 'pmid:99001009', 'openalex:W9999100001'],
    });
  });

  it('by the record key of its title, journal and year when it has no identifier', () => {
    expect(
      referenceLookup({ title: '[TEST] A title-only reference G', journal: 'Test Journal of References', year: 2015 }),
    ).toEqual({
      keys: [],
      recordKey: recordKey('[TEST] A title-only reference G', 'Test Journal of References', 2015),
    });
  });

  it('not at all when it has only its printed text (kept as text on the citing source)', () => {
    expect(referenceLookup({ text: 'Only text, 2016.' })).toBeUndefined();
  });

  it('leaves out an identifier that fails its check', () => {
    expect(referenceLookup({ doi: 'not a doi', pmid: '123' })).toEqual({ keys: ['pmid:123'] });
  });
});
