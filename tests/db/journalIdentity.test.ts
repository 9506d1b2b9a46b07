import { afterEach, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../src/ingest/normalize/loadReferenceData.ts';
import type { ReferenceData } from '../../src/ingest/normalize/ReferenceData.ts';
import { contentSource } from '../../src/ingest/pipeline/importSource.ts';
import { importRecords, type ImportSummary } from '../../src/ingest/pipeline/importRecords.ts';
import { newImportContext } from '../../src/ingest/load/loadGraph.ts';
import { retractImport } from '../../src/ingest/load/retractSources.ts';
import { canonicalGraph } from '../../src/graph/canonicalGraph.ts';
import { resetGraph } from '../helpers/testDatabase.ts';
import { useTestApi } from '../helpers/useTestApi.ts';
import { query } from '../helpers/graphql.ts';
import { NO_ORPHANS, orphans } from '../helpers/graphCounts.ts';

/**
 * Journal identity across records that name one journal differently (TEST DATA: fictional ISSNs with
 * valid check digits, fictional DOIs). A record that prints only the title and one that prints the
 * title with an ISSN name one journal: whichever comes first, the graph ends with one node, keyed by
 * the ISSN. Two journals that share a title but have different ISSNs stay apart, and a title-only
 * record then joins neither.
 */
const ISSN = '9999-0202';
const OTHER_ISSN = '9999-0210';
const ELECTRONIC = '9999-0229';

const ris = (doi: string, journal: string, issns: string[] = [], year = 2021) =>
  `TY  - JOUR
AU  - Journalist, Jo
T1  - [TEST] Journal identity record ${doi}
JF  - ${journal}
${issns.map((issn) => `SN  - ${issn}\n`).join('')}PY  - ${year}
DO  - ${doi}
ER  - 
`;

const FILES = {
  titleOnly: ris('10.9999/test.ji.001', 'Journal of Identity Testing'),
  titleOnlyLowerCase: ris('10.9999/test.ji.004', 'Journal of identity testing'),
  withIssn: ris('10.9999/test.ji.002', 'Journal of Identity Testing', [ISSN]),
  withTwoIssns: ris('10.9999/test.ji.003', 'Journal of Identity Testing', [ISSN, ELECTRONIC]),
  otherWithSameTitle: ris('10.9999/test.ji.005', 'Journal of Identity Testing', [OTHER_ISSN]),
} as const;
type FileName = keyof typeof FILES;

/** Properties that name the import or its time: they differ between any two runs. */
const IGNORED = ['importedAt', 'decidedAt', 'importId', 'seenIn'];

let reference: ReferenceData;
const api = useTestApi(async () => {
  reference = await loadReferenceData();
});
afterEach(async () => resetGraph(api.db));

async function importFile(file: FileName): Promise<ImportSummary> {
  const summary = await importRecords(api.db, [contentSource(`tests/journal-identity-${file}.ris`, FILES[file])], {
    reference,
    context: newImportContext({ importedBy: 'test', tool: 'test' }),
  });
  expect(summary.rejected).toBe(0);
  return summary;
}

async function journals(): Promise<Array<{ id: string; articles: number }>> {
  return api.db.read<{ id: string; articles: number }>(
    'MATCH (j:Journal) RETURN j.id AS id, COUNT { (j)<-[:PUBLISHED_IN]-() } AS articles ORDER BY id',
  );
}

const LOOKUPS = `
query($issn: String!, $electronic: String!, $id: ID!) {
  byIssn: articles(filter: { journal: $issn }) { totalCount }
  byElectronic: articles(filter: { journal: $electronic }) { totalCount }
  byTitle: articles(filter: { journal: "Journal of Identity Testing" }) { totalCount }
  node(id: $id) { ... on Journal { issns { value } } }
}`;

describe('journals that records show to be one', { timeout: 180_000 }, () => {
  for (const order of [
    ['titleOnly', 'withIssn'],
    ['withIssn', 'titleOnly'],
  ] as const) {
    it(`fold into the ISSN-keyed node (${order.join(' then ')})`, async () => {
      for (const file of order) await importFile(file);
      expect(await journals()).toEqual([{ id: `Journal:issn:${ISSN}`, articles: 2 }]);
      const data = await query(api.handle, LOOKUPS, { issn: ISSN, electronic: ELECTRONIC, id: `Journal:issn:${ISSN}` });
      expect(data).toMatchObject({ byIssn: { totalCount: 2 }, byTitle: { totalCount: 2 } });
      expect(await orphans(api.db)).toEqual(NO_ORPHANS);
    });
  }

  it('are one node also when both records come in one import (one write, as the bulk path plans it)', async () => {
    const summary = await importRecords(
      api.db,
      [contentSource('tests/journal-identity-both.ris', FILES.titleOnly + '\n' + FILES.withIssn)],
      { reference, context: newImportContext({ importedBy: 'test', tool: 'test' }) },
    );
    expect(summary.rejected).toBe(0);
    expect(await journals()).toEqual([{ id: `Journal:issn:${ISSN}`, articles: 2 }]);
    expect(await orphans(api.db)).toEqual(NO_ORPHANS);
  });

  it('keeps a title-only journal apart when two journals with different ISSNs carry its title', async () => {
    await importFile('withIssn');
    await importFile('otherWithSameTitle');
    await importFile('titleOnly');
    expect(await journals()).toEqual([
      { id: `Journal:issn:${ISSN}`, articles: 1 },
      { id: `Journal:issn:${OTHER_ISSN}`, articles: 1 },
      { id: 'Journal:title:journal of identity testing', articles: 1 },
    ]);
  });

  it('folds title spellings that differ only in case (one title key)', async () => {
    await importFile('titleOnly');
    await importFile('titleOnlyLowerCase');
    await importFile('withIssn');
    expect(await journals()).toEqual([{ id: `Journal:issn:${ISSN}`, articles: 3 }]);
  });

  it('returns a title-only journal to its own node when the record that showed its ISSN is retracted', async () => {
    await importFile('titleOnly');
    const alone = structure(await canonicalGraph(api.db, { ignore: IGNORED }));
    const withIssn = await importFile('withIssn');
    expect(await journals()).toEqual([{ id: `Journal:issn:${ISSN}`, articles: 2 }]);
    await retractImport(api.db, withIssn.importId, newImportContext({ importedBy: 'test', tool: 'test' }));
    expect(await journals()).toEqual([{ id: 'Journal:title:journal of identity testing', articles: 1 }]);
    expect(structure(await canonicalGraph(api.db, { ignore: IGNORED }))).toEqual(alone);
    expect(await orphans(api.db)).toEqual(NO_ORPHANS);
  });
});

describe('every ISSN a source states', { timeout: 180_000 }, () => {
  it('finds the journal and is listed, also when a less trusted description states it', async () => {
    // The later import decides (same rank, more recent): it states only the print ISSN.
    await importFile('withTwoIssns');
    await importFile('withIssn');
    const data = await query(api.handle, LOOKUPS, { issn: ISSN, electronic: ELECTRONIC, id: `Journal:issn:${ISSN}` });
    expect(data).toMatchObject({ byIssn: { totalCount: 2 }, byElectronic: { totalCount: 2 } });
    const issns = (data as { node: { issns: Array<{ value: string }> } }).node.issns.map((i) => i.value);
    expect(issns.sort()).toEqual([ISSN, ELECTRONIC].sort());
  });
});

/** The canonical dump without the lines that name an import (its id and time differ between any two runs). */
function structure(lines: string[]): string[] {
  return lines.filter((line) => !/"Import"|"Import:/.test(line));
}
