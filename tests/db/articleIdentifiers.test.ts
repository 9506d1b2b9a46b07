import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFiles } from '../../src/ingest/pipeline/collectFiles.ts';
import { importRecords } from '../../src/ingest/pipeline/importRecords.ts';
import { newImportContext } from '../../src/ingest/load/loadGraph.ts';
import { loadReferenceData } from '../../src/ingest/normalize/loadReferenceData.ts';
import { execute, query } from '../helpers/graphql.ts';
import { useTestApi } from '../helpers/useTestApi.ts';
import { PROJECT_ROOT } from '../helpers/runSeedCli.ts';

/** PubMed XML records (test data), one of which states a DOI, a PMID and a PMCID for one article. */
const PUBMED_XML = path.join(PROJECT_ROOT, 'tests/fixtures/formats/pubmed-xml/written-articles.xml');
const DOI = '10.9999/test.fmt.002';

const api = useTestApi(async (db) => {
  // The file also holds a record without a title, rejected by design (its book record is read).
  const { files } = await collectFiles([PUBMED_XML]);
  const summary = await importRecords(db, files, {
    reference: await loadReferenceData(),
    context: newImportContext({ importedBy: 'test', tool: 'test' }),
    keepGoing: true,
  });
  expect(summary.rejected).toBe(1);
});

describe('an article by any of its identifiers', () => {
  it('finds the same article by DOI, PMID, PMCID and their address forms', async () => {
    const data = await query<any>(
      api.handle,
      `{
      byDoi: article(doi: "https://doi.org/${DOI.toUpperCase()}") { id pmid pmcid }
      byPmid: article(pmid: "99000002") { id }
      byPmidUrl: article(pmid: "https://pubmed.ncbi.nlm.nih.gov/99000002/") { id }
      byPmcid: article(pmcid: "pmc9900002") { id }
      unknown: article(pmid: "12345") { id }
    }`,
    );
    expect(data.byDoi).toEqual({ id: `Article:doi:${DOI}`, pmid: '99000002', pmcid: 'PMC9900002' });
    expect(data.byPmid).toEqual({ id: `Article:doi:${DOI}` });
    expect(data.byPmidUrl).toEqual({ id: `Article:doi:${DOI}` });
    expect(data.byPmcid).toEqual({ id: `Article:doi:${DOI}` });
    expect(data.unknown).toBeNull();
  });

  it('answers node() for an id made from another identifier with the article and its own id', async () => {
    const data = await query<any>(
      api.handle,
      `{
      pmid: node(id: "Article:pmid:99000002") { id }
      pmcid: node(id: "Article:pmcid:PMC9900002") { id }
      missing: node(id: "Article:pmid:12345") { id }
    }`,
    );
    expect(data).toEqual({ pmid: { id: `Article:doi:${DOI}` }, pmcid: { id: `Article:doi:${DOI}` }, missing: null });
  });

  it('names the argument when none, two or a malformed identifier is given', async () => {
    for (const [args, argument, message] of [
      ['', 'doi', /exactly one of doi, pmid, pmcid, openalexId/],
      ['doi: "10.1/x", pmid: "1"', 'pmid', /got doi, pmid/],
      ['pmid: "abc"', 'pmid', /is not a PubMed id/],
      ['openalexId: "A123"', 'openalexId', /is not an OpenAlex work id/],
    ] as const) {
      const result = await execute(api.handle, `{ article${args ? `(${args})` : ''} { id } }`);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(result.errors?.[0]?.message).toMatch(message);
    }
  });
});
