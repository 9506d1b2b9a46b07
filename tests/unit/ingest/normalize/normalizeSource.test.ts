import { beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedArticle, SourceRecord } from '../../../../src/ingest/model.ts';
import {
  MAX_ABSTRACT_CHARS,
  MAX_AFFILIATION_CHARS,
  MAX_AUTHORS,
  MAX_SUBJECTS,
  MAX_TITLE_CHARS,
} from '../../../../src/ingest/limits.ts';
import { pubmedLikeSeedRecord } from '../../../helpers/pubmedLikeRecord.ts';
import { loadReferenceData } from '../../../../src/ingest/normalize/loadReferenceData.ts';
import { normalizeSource, RecordRejectedError } from '../../../../src/ingest/normalize/normalizeSource.ts';
import type { ReferenceData } from '../../../../src/ingest/normalize/ReferenceData.ts';
import { parseWprimText } from '../../../../src/ingest/parse/formats/wprim/parseWprimRecord.ts';
import { readRepoFile, SEED_FILE } from '../../fixtures.ts';
import { readFixture } from '../../formats/readFixture.ts';
import { citationOf, SEED_RECORD_CITATION, SEED_RECORD_KEYWORDS } from '../../../helpers/seedRecord.ts';

let reference: ReferenceData;
let seed: NormalizedArticle;
const normalizeFixture = (file: string) => normalizeSource(parseWprimText(readRepoFile(file), file), reference);

beforeAll(async () => {
  reference = await loadReferenceData();
  seed = normalizeSource(parseWprimText(readRepoFile(SEED_FILE), SEED_FILE), reference);
});

describe('normalizeSource on the seed record', () => {
  it('keys the article by its lower-case DOI', () => {
    expect(seed.key).toBe('doi:10.3760/cma.j.cn101070-20200616-01000');
    expect(seed.doi).toBe('10.3760/cma.j.cn101070-20200616-01000');
    expect(seed.origin).toEqual({ format: 'wprim', file: SEED_FILE, index: 0, line: 1 });
  });
  it('splits the citation into year, volume, issue and pages', () => {
    expect(citationOf(seed)).toEqual(SEED_RECORD_CITATION);
  });
  it('resolves the curated journal by its printed title', () => {
    expect(seed.journal).toMatchObject({
      key: 'issn:2095-428X',
      title: 'Chinese Journal of Applied Clinical Pediatrics',
      localTitle: '中华实用儿科临床杂志',
      issn: '2095-428X',
    });
    expect(seed.journal?.source).toBeTruthy();
  });
  it('marks the ISSN the curated list adds, since the record prints none', () => {
    expect(seed.journal?.issns).toEqual([{ value: '2095-428X', curated: true }]);
  });
  it('keeps language and country as printed', () => {
    expect([seed.language, seed.country]).toEqual(['Chinese', 'China']);
  });
  it('maps the seven keywords to the seven MeSH topics in keyword order', () => {
    expect(seed.topics.map((t) => [t.key, t.meshId])).toEqual([
      ['mesh:D055354', 'D055354'],
      ['mesh:D059630', 'D059630'],
      ['mesh:D007234', 'D007234'],
      ['mesh:D001997', 'D001997'],
      ['mesh:D001930', 'D001930'],
      ['mesh:D020345', 'D020345'],
      ['mesh:D012178', 'D012178'],
    ]);
  });
  it('repairs hyphenation in keyword 6 and keeps the other keywords as printed', () => {
    expect(seed.keywords).toEqual(SEED_RECORD_KEYWORDS);
  });
  it('repairs hyphenation in the abstract', () => {
    expect(seed.abstract).toContain('preterm infants with bronchopulmonary dysplasia');
    expect(seed.abstract).toContain('other complications are challenging.');
    expect(seed.abstract).not.toMatch(/broncho-pulmonary|cha-llenging/);
  });
  it('builds authors with keys and pinyin family/given names, in byline order', () => {
    expect(seed.authorships.map((a) => [a.position, a.author])).toEqual([
      [1, { key: 'haoming chen', name: 'Haoming CHEN', familyName: 'CHEN', givenName: 'Haoming' }],
      [2, { key: 'qingfei hao', name: 'Qingfei HAO', familyName: 'HAO', givenName: 'Qingfei' }],
      [3, { key: 'xiuyong cheng', name: 'Xiuyong CHENG', familyName: 'CHENG', givenName: 'Xiuyong' }],
    ]);
  });
  it('links Haoming CHEN to the curated department with the affiliation verbatim', () => {
    const first = seed.authorships[0];
    expect(first?.institutionKeys).toEqual(['dept-neonatology-1st-affiliated-hospital-zzu']);
    expect(first?.rawAffiliation).toBe('郑州大学第一附属医院新生儿科,郑州 450052');
    expect(first?.markers).toEqual(['1']);
  });
  it('links the unmarked authors to no institution', () => {
    for (const a of seed.authorships.slice(1)) {
      expect(a.institutionKeys).toEqual([]);
      expect(a.rawAffiliation).toBeUndefined();
      expect(a.markers).toEqual([]);
    }
  });
  it('lists the department with its hospital and university', () => {
    expect(seed.institutions.map((i) => [i.key, i.parentKey])).toEqual([
      ['dept-neonatology-1st-affiliated-hospital-zzu', '1st-affiliated-hospital-zzu'],
      ['1st-affiliated-hospital-zzu', 'zzu'],
      ['zzu', undefined],
    ]);
    expect(seed.institutions[0]).toMatchObject({
      name: 'Department of Neonatology, The First Affiliated Hospital of Zhengzhou University',
      localName: '郑州大学第一附属医院新生儿科',
      city: 'Zhengzhou',
      postalCode: '450052',
      country: 'China',
    });
  });
  it('is deterministic', () => {
    expect(normalizeSource(parseWprimText(readRepoFile(SEED_FILE), SEED_FILE), reference)).toEqual(seed);
  });
});

describe('normalizeSource on variants', () => {
  it('links an author marked 1,2 to both institutions and joins both printed affiliations', () => {
    const a = normalizeFixture('tests/fixtures/records/two-affiliations.txt');
    const [zhang, wang] = a.authorships;
    expect(zhang?.institutionKeys[0]).toBe('dept-neonatology-1st-affiliated-hospital-zzu');
    expect(zhang?.institutionKeys[1]).toMatch(/^aff:[0-9a-f]{16}$/);
    expect(zhang?.rawAffiliation).toBe(
      '郑州大学第一附属医院新生儿科,郑州 450052; 测试大学医学院病理学系,测试市 100000',
    );
    expect(wang?.institutionKeys).toEqual([zhang?.institutionKeys[1]]);
    expect(wang?.rawAffiliation).toBe('测试大学医学院病理学系,测试市 100000');
  });
  it('makes an uncurated affiliation an institution of its own with only the printed facts', () => {
    const a = normalizeFixture('tests/fixtures/records/two-affiliations.txt');
    const uncurated = a.institutions.find((i) => i.key.startsWith('aff:'));
    expect(uncurated).toEqual({
      key: uncurated?.key,
      name: '测试大学医学院病理学系',
      localName: '测试大学医学院病理学系',
      city: '测试市',
      postalCode: '100000',
    });
    expect(a.institutions.map((i) => i.key)).toEqual([
      'dept-neonatology-1st-affiliated-hospital-zzu',
      '1st-affiliated-hospital-zzu',
      'zzu',
      uncurated?.key,
    ]);
  });
  it("makes unknown keywords plain kw: topics and keeps the title's real hyphen", () => {
    const a = normalizeFixture('tests/fixtures/records/two-affiliations.txt');
    expect(a.title).toBe('[TEST] Two-affiliation record: exosomes and necrotizing enterocolitis');
    expect(a.topics.map((t) => t.key)).toEqual(['mesh:D055354', 'mesh:D020345', 'kw:intestinal barrier']);
    expect(a.topics[2]).toEqual({
      key: 'kw:intestinal barrier',
      name: 'Intestinal barrier',
      synonyms: [],
      term: 'Intestinal barrier',
    });
  });
  it('keys an article without DOI by a stable record hash and leaves missing parts undefined', () => {
    const a = normalizeFixture('tests/fixtures/records/missing-abstract.txt');
    expect(a.key).toMatch(/^rec:[0-9a-f]{16}$/);
    expect(a.doi).toBeUndefined();
    expect([a.year, a.volume, a.issue, a.firstPage, a.lastPage]).toEqual([2021, '13', undefined, '88', undefined]);
    expect(a.journal).toEqual({
      key: 'title:journal of test neonatology',
      title: 'Journal of Test Neonatology',
      issns: [],
    });
    expect(a.abstract).toBeUndefined();
    expect(a.topics).toEqual([]);
    expect(a.institutions).toEqual([]);
    expect(a.authorships.map((x) => x.institutionKeys)).toEqual([[], []]);
  });
  it('keeps the affiliations a record ties to no author as text, linking them to no author or institution', () => {
    const record: SourceRecord = {
      origin: { format: 'refworks', file: 'r.txt', index: 0 },
      title: '[TEST] Unlinked affiliations',
      authors: [
        { name: '张三', affiliations: [] },
        { name: '李四', affiliations: [] },
      ],
      affiliations: [{ text: ' [TEST] 第一研究所 ' }, { text: '[TEST] 第二研究所' }, { text: '  ' }],
      subjects: [],
      references: [],
    };
    const a = normalizeSource(record, reference);
    expect(a.affiliations).toEqual(['[TEST] 第一研究所', '[TEST] 第二研究所']);
    expect(a.authorships.map((w) => [w.affiliations, w.institutionKeys])).toEqual([
      [undefined, []],
      [undefined, []],
    ]);
    expect(a.institutions).toEqual([]);
  });
  it('strips a doi.org prefix and lower-cases the key only', () => {
    const a = normalizeFixture('tests/fixtures/records/reordered-fields.txt');
    expect(a.doi).toBe('10.9999/TEST.202');
    expect(a.key).toBe('doi:10.9999/test.202');
    expect(a.firstPage).toBe('e123');
  });
  it('deduplicates topics when two keywords name the same topic', () => {
    const raw = parseWprimText('[TEST] T\n- Keywords: Preterm; Premature infants; Probiotics; probiotics\n', 't.txt');
    const a = normalizeSource(raw, reference);
    expect(a.keywords).toEqual(['Preterm', 'Premature infants', 'Probiotics', 'probiotics']);
    expect(a.topics.map((t) => t.key)).toEqual(['mesh:D007234', 'mesh:D019936']);
  });
  it('maps keywords that are MeSH headings outside the curated vocabulary to their descriptors', () => {
    const raw = parseWprimText('[TEST] T\n- Keywords: Sepsis; Bevacizumab; Gut microbiota\n', 't.txt');
    const a = normalizeSource(raw, reference);
    expect(a.topics).toEqual([
      {
        key: 'mesh:D018805',
        name: 'Sepsis',
        meshId: 'D018805',
        synonyms: [],
        source: reference.mesh.source,
        term: 'Sepsis',
      },
      {
        key: 'mesh:D000068258',
        name: 'Bevacizumab',
        meshId: 'D000068258',
        synonyms: [],
        source: reference.mesh.source,
        term: 'Bevacizumab',
      },
      { key: 'kw:gut microbiota', name: 'Gut microbiota', synonyms: [], term: 'Gut microbiota' },
    ]);
  });
});

describe('normalizeSource on a record of another format', () => {
  const pubmed = () => normalizeSource(pubmedLikeSeedRecord(), reference);

  it('keys by DOI and keeps the PMID, verified', () => {
    const a = pubmed();
    expect([a.key, a.doi, a.pmid]).toEqual([
      'doi:10.3760/cma.j.cn101070-20200616-01000',
      '10.3760/cma.j.cn101070-20200616-01000',
      '99999901',
    ]);
    expect(a.origin.format).toBe('pubmed-xml');
  });
  it('maps MeSH headings by their UI, keeps major flags and qualifiers, and names an unknown descriptor as the source does', () => {
    const a = pubmed();
    expect(a.topics.map((t) => [t.key, t.name, t.major, t.qualifiers?.map((q) => q.name)])).toEqual([
      ['mesh:D055354', 'Exosomes', true, ['metabolism']],
      ['mesh:D059630', 'Mesenchymal Stem Cells', true, ['cytology']],
      ['mesh:D007234', 'Infant, Premature', false, undefined],
      ['mesh:D006801', 'Humans', false, undefined],
      ['mesh:D001997', 'Bronchopulmonary Dysplasia', false, ['therapy']],
    ]);
    expect(a.keywords).toEqual(['Exosomes']);
  });
  it('verifies ORCIDs and keys the author by it', () => {
    expect(pubmed().authorships[2]?.author).toEqual({
      key: 'orcid:0000-0002-1825-0097',
      name: 'Xiuyong Cheng',
      familyName: 'Cheng',
      givenName: 'Xiuyong',
      orcid: '0000-0002-1825-0097',
    });
  });
  it('leaves out identifiers that fail their check instead of guessing', () => {
    const a = normalizeSource(
      pubmedLikeSeedRecord({ doi: 'not a doi', pmid: '12a', pmcid: 'PMC', openalexId: 'A123' }),
      reference,
    );
    expect([a.doi, a.pmid, a.pmcid, a.openalexId]).toEqual([undefined, undefined, undefined, undefined]);
    expect(a.key).toMatch(/^rec:/);
  });
  it('keeps a shortDOI in the DOI field as the `shortdoi` accession, lower-cased, never as the DOI', () => {
    for (const printed of ['10/FQD6HJ', 'https://doi.org/10/fqd6hj', 'doi:10/fqd6hj']) {
      const a = normalizeSource(pubmedLikeSeedRecord({ doi: printed }), reference);
      expect([a.doi, a.accessions, a.key.startsWith('doi:')], printed).toEqual([
        undefined,
        [{ scheme: 'shortdoi', id: '10/fqd6hj' }],
        false,
      ]);
    }
    // Beside the database's own accession number, which stays first.
    const withUt = normalizeSource(
      pubmedLikeSeedRecord({ doi: '10/fqd6hj', accessions: [{ scheme: 'wos', id: 'WOS:000289143300001' }] }),
      reference,
    );
    expect(withUt.accessions).toEqual([
      { scheme: 'wos', id: 'WOS:000289143300001' },
      { scheme: 'shortdoi', id: '10/fqd6hj' },
    ]);
    // Neither a DOI nor a shortDOI: left out, as before.
    for (const printed of ['not a doi', '10/fqd-6hj', '10.1000']) {
      const a = normalizeSource(pubmedLikeSeedRecord({ doi: printed }), reference);
      expect([a.doi, a.accessions], printed).toEqual([undefined, undefined]);
    }
  });
  it('identifies an affiliation by its ROR id when the source gives one', () => {
    const record = pubmedLikeSeedRecord();
    record.authors[0]!.affiliations = [
      {
        text: 'Test Institute, Pasadena',
        ror: 'https://ror.org/05dxps055',
        institutionName: 'Test Institute',
        countryCode: 'us',
      },
    ];
    const a = normalizeSource(record, reference);
    expect(a.authorships[0]?.institutionKeys).toEqual(['ror:05dxps055']);
    expect(a.institutions.find((i) => i.key === 'ror:05dxps055')).toEqual({
      key: 'ror:05dxps055',
      name: 'Test Institute',
      ror: '05dxps055',
      country: 'US',
    });
  });
  it('repairs hyphenation only in WPRIM page text', () => {
    const a = normalizeSource(
      pubmedLikeSeedRecord({ title: 'Necro-tizing enterocolitis and necrotizing care' }),
      reference,
    );
    expect(a.title).toBe('Necro-tizing enterocolitis and necrotizing care');
  });
});

describe('size limits', () => {
  const rejected = (record: SourceRecord) => {
    try {
      normalizeSource(record, reference);
    } catch (error) {
      expect(error).toBeInstanceOf(RecordRejectedError);
      return (error as RecordRejectedError).problem;
    }
    throw new Error('expected a rejection');
  };
  it('rejects an abstract over MAX_ABSTRACT_CHARS naming the field, size and limit', () => {
    const problem = rejected(pubmedLikeSeedRecord({ abstract: 'a'.repeat(MAX_ABSTRACT_CHARS + 1) }));
    expect(problem).toEqual({
      file: 'tests/pubmed-like-seed.xml',
      index: 0,
      line: 3,
      field: 'abstract',
      reason: `${(MAX_ABSTRACT_CHARS + 1).toLocaleString('en')} characters, more than the limit of ${MAX_ABSTRACT_CHARS.toLocaleString('en')} (MAX_ABSTRACT_CHARS)`,
    });
  });
  it('rejects too long titles, too many authors, long affiliations and too many subjects', () => {
    expect(rejected(pubmedLikeSeedRecord({ title: 't'.repeat(MAX_TITLE_CHARS + 1) })).field).toBe('title');
    const many = Array.from({ length: MAX_AUTHORS + 1 }, (_, i) => ({ name: `Author ${i}`, affiliations: [] }));
    expect(rejected(pubmedLikeSeedRecord({ authors: many })).reason).toContain('MAX_AUTHORS');
    const record = pubmedLikeSeedRecord();
    record.authors[1]!.affiliations = [{ text: 'x'.repeat(MAX_AFFILIATION_CHARS + 1) }];
    expect(rejected(record).field).toBe('authors[1].affiliations[0]');
    const subjects = Array.from({ length: MAX_SUBJECTS + 1 }, (_, i) => ({ kind: 'keyword' as const, term: `k${i}` }));
    expect(rejected(pubmedLikeSeedRecord({ subjects })).reason).toContain('MAX_SUBJECTS');
  });
  it('rejects a record without a title', () => {
    expect(rejected(pubmedLikeSeedRecord({ title: '  ' })).field).toBe('title');
  });
});

describe('normalizeSource: a name printed in pinyin beside the original', () => {
  it("keeps Wanfang's %H names on the source's authorships, the authors keyed and named as printed", async () => {
    const { records } = await readFixture('endnote', 'wanfang-journal-article.txt');
    const article = normalizeSource(records[0]!, reference);
    expect(article.authorships.map((w) => [w.author.key, w.author.name, w.translatedName])).toEqual([
      ['余敏', '余敏', 'Yu Min'],
      ['朱江', '朱江', 'Zhu Jiang'],
      ['丁照蕾', '丁照蕾', 'Ding Zhaolei'],
    ]);
    expect(article.authorships.some((w) => 'translatedName' in w.author)).toBe(false);
  });
});
