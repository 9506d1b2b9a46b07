import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  loadReferenceData,
  MESH_DESCRIPTOR_FILE,
  MESH_SOURCE_FILE,
  parseMeshDescriptors,
  parseReferenceData as parseWithMesh,
  REFERENCE_FILES,
  ReferenceDataError,
  type ReferenceFileName,
} from '../../../../src/ingest/normalize/loadReferenceData.ts';
import { repoPath } from '../../fixtures.ts';

function shippedJson(): Record<ReferenceFileName, any> {
  const out = {} as Record<ReferenceFileName, any>;
  for (const f of REFERENCE_FILES) out[f] = JSON.parse(readFileSync(repoPath(`seed/reference/${f}`), 'utf8'));
  return out;
}
const shippedMesh = () =>
  parseMeshDescriptors(
    readFileSync(repoPath(`seed/reference/${MESH_DESCRIPTOR_FILE}`), 'utf8'),
    JSON.parse(readFileSync(repoPath(`seed/reference/${MESH_SOURCE_FILE}`), 'utf8')),
  );

describe('loadReferenceData', () => {
  it('loads the shipped reference files', async () => {
    const ref = await loadReferenceData();
    expect(Object.keys(ref.versions).sort()).toEqual([...REFERENCE_FILES, MESH_DESCRIPTOR_FILE].sort());
    expect(ref.versions[MESH_DESCRIPTOR_FILE]).toBe('2026.1.27.2');
    expect(ref.journals[0]?.issn).toBe('2095-428X');
    expect(ref.institutions.map((i) => i.id)).toContain('dept-neonatology-1st-affiliated-hospital-zzu');
  });
  it("covers the seed's seven MeSH descriptors", async () => {
    const ref = await loadReferenceData();
    const ids = ref.vocabulary.topics.map((t) => t.meshId);
    for (const ui of ['D055354', 'D059630', 'D007234', 'D001997', 'D001930', 'D020345', 'D012178'])
      expect(ids).toContain(ui);
  });
  it('keys topics mesh:<UI>, or topic:<slug> when no UI is curated', async () => {
    const ref = await loadReferenceData();
    for (const t of ref.vocabulary.topics) {
      expect(t.key).toBe(t.meshId ? `mesh:${t.meshId}` : t.key);
      if (!t.meshId) expect(t.key).toMatch(/^topic:[a-z0-9-]+$/);
      expect(t.source).toBeTruthy();
    }
  });
  it('turns broader and typed links into relations', async () => {
    const { relations } = (await loadReferenceData()).vocabulary;
    expect(relations).toContainEqual({ fromKey: 'mesh:D055354', type: 'DERIVED_FROM', toKey: 'mesh:D059630' });
    for (const ui of ['D001997', 'D001930', 'D020345', 'D012178']) {
      expect(relations).toContainEqual({ fromKey: `mesh:${ui}`, type: 'COMPLICATION_OF', toKey: 'mesh:D007234' });
    }
    expect(relations).toContainEqual({ fromKey: 'mesh:D007234', type: 'BROADER', toKey: 'mesh:D007231' });
    expect(relations).toContainEqual({ fromKey: 'mesh:D055354', type: 'BROADER', toKey: 'mesh:D000067128' });
  });
  it('fails with a clear error for a missing directory', async () => {
    await expect(loadReferenceData(repoPath('tests/fixtures/no-such-dir'))).rejects.toThrow(/cannot be read/);
  });
});

describe('parseReferenceData validation', () => {
  const mesh = shippedMesh();
  const parseReferenceData = (json: Record<ReferenceFileName, unknown>) => parseWithMesh(json, mesh);
  it('names file, entry and field for a bad MeSH UI', () => {
    const json = shippedJson();
    json['vocabulary.json'].topics[0].meshId = '55354';
    expect(() => parseReferenceData(json)).toThrow(ReferenceDataError);
    expect(() => parseReferenceData(json)).toThrow(/^vocabulary\.json: topics\[0\] \("Exosomes"\): field "meshId": /);
  });
  it('names the entry for a missing source note', () => {
    const json = shippedJson();
    delete json['journals.json'].journals[0].source;
    expect(() => parseReferenceData(json)).toThrow(
      /^journals\.json: journals\[0\] \("Chinese Journal of Applied Clinical Pediatrics"\): field "source"/,
    );
  });
  it('rejects a link to an unknown topic', () => {
    const json = shippedJson();
    json['vocabulary.json'].topics[0].links[0].to = 'mesh:D000000';
    expect(() => parseReferenceData(json)).toThrow(/field "links\.0\.to": unknown topic key "mesh:D000000"/);
  });
  it('rejects an unknown institution parent', () => {
    const json = shippedJson();
    json['institutions.json'].institutions[0].parent = 'nowhere';
    expect(() => parseReferenceData(json)).toThrow(/institutions\.json: .*field "parent"/);
  });
  it('rejects a file without version', () => {
    const json = shippedJson();
    delete json['hyphenation-repairs.json'].version;
    expect(() => parseReferenceData(json)).toThrow(/hyphenation-repairs\.json: \(file\): field "version"/);
  });
});
