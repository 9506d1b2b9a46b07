import { beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedArticle } from '../../src/ingest/model.ts';
import { loadReferenceData } from '../../src/ingest/normalize/loadReferenceData.ts';
import { normalizeSource } from '../../src/ingest/normalize/normalizeSource.ts';
import { parseWprimText } from '../../src/ingest/parse/formats/wprim/parseWprimRecord.ts';
import { collectFiles } from '../../src/ingest/pipeline/collectFiles.ts';
import { readRepoFile, repoPath, SEED_FILE } from './fixtures.ts';

// Keeps tests/fixtures/corpus/README.md honest: the counts integration tests rely on are checked here.
let corpus: NormalizedArticle[];
let seed: NormalizedArticle;

function pairCounts(articles: NormalizedArticle[], keysOf: (a: NormalizedArticle) => string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of articles) {
    const keys = [...new Set(keysOf(a))].sort();
    for (let i = 0; i < keys.length; i++)
      for (let j = i + 1; j < keys.length; j++) {
        const pair = `${keys[i]} + ${keys[j]}`;
        counts[pair] = (counts[pair] ?? 0) + 1;
      }
  }
  return counts;
}
const authorKeys = (a: NormalizedArticle) => a.authorships.map((x) => x.author.key);
const topicKeys = (a: NormalizedArticle) => a.topics.map((t) => t.key);

beforeAll(async () => {
  const reference = await loadReferenceData();
  const { files } = await collectFiles([repoPath('tests/fixtures/corpus')]);
  corpus = [];
  for (const f of files) {
    let text = '';
    for await (const chunk of f.open()) text += chunk;
    corpus.push(normalizeSource(parseWprimText(text, f.name), reference));
  }
  seed = normalizeSource(parseWprimText(readRepoFile(SEED_FILE), SEED_FILE), reference);
});

describe('the integration corpus fixtures', () => {
  it('has five articles, 2019-2023, in two journals and two languages', () => {
    expect(corpus.map((a) => a.key)).toEqual([
      'doi:10.9999/test.101',
      'doi:10.9999/test.102',
      'doi:10.9999/test.103',
      expect.stringMatching(/^rec:[0-9a-f]{16}$/),
      'doi:10.9999/test.105',
    ]);
    expect(corpus.map((a) => a.year)).toEqual([2019, 2020, 2022, 2021, 2023]);
    expect(corpus.map((a) => a.journal?.key)).toEqual([
      'issn:2095-428X',
      'title:journal of test neonatology',
      'issn:2095-428X',
      'title:journal of test neonatology',
      'issn:2095-428X',
    ]);
    expect(corpus.map((a) => a.language)).toEqual(['Chinese', 'English', 'Chinese', 'English', 'Chinese']);
    expect(corpus.every((a) => a.title.startsWith('[TEST]'))).toBe(true);
  });
  it('has the co-author pair counts the README lists (corpus only)', () => {
    expect(pairCounts(corpus, authorKeys)).toEqual({
      'haoming chen + wei zhang': 2,
      'haoming chen + li wang': 2,
      'li wang + wei zhang': 2,
      'haoming chen + qingfei hao': 2,
      'qingfei hao + wei zhang': 1,
      'li wang + qingfei hao': 1,
      'jun liu + li wang': 1,
      'jun liu + wei zhang': 1,
      'jun liu + meiling huang': 1,
    });
  });
  it('raises Haoming CHEN + Qingfei HAO to 3 together with the seed', () => {
    expect(pairCounts([...corpus, seed], authorKeys)['haoming chen + qingfei hao']).toBe(3);
  });
  it('has the topic co-occurrences the README lists (corpus only)', () => {
    const c = pairCounts(corpus, topicKeys);
    expect(c['kw:gut microbiota + mesh:D019936']).toBe(2); // gut microbiota + Probiotics
    expect(c['mesh:D020345 + mesh:D055354']).toBe(1); // NEC + exosomes
    expect(c['mesh:D001997 + mesh:D055354']).toBe(1); // BPD + exosomes
    expect(c['mesh:D019936 + mesh:D020345']).toBe(1); // Probiotics + NEC
    expect(c['mesh:D007234 + mesh:D020345']).toBe(1); // NEC + preterm
    const withSeed = pairCounts([...corpus, seed], topicKeys);
    expect(withSeed['mesh:D020345 + mesh:D055354']).toBe(2);
    expect(withSeed['mesh:D001997 + mesh:D055354']).toBe(2);
  });
  it('has the article counts per topic the README lists (corpus only)', () => {
    const perTopic: Record<string, number> = {};
    for (const a of corpus) for (const t of a.topics) perTopic[t.key] = (perTopic[t.key] ?? 0) + 1;
    expect(perTopic).toEqual({
      'mesh:D055354': 2,
      'mesh:D020345': 2,
      'mesh:D059630': 1,
      'kw:intestinal barrier': 1,
      'mesh:D007234': 2,
      'mesh:D019936': 2,
      'kw:gut microbiota': 2,
      'mesh:D001997': 1,
      'kw:long-term outcome': 1,
      'mesh:D012178': 1,
      'mesh:D001930': 1,
    });
  });
  it('links the curated department in 101, 103 and 105 and the uncurated test department in 101-103', () => {
    const dept = 'dept-neonatology-1st-affiliated-hospital-zzu';
    const has = (key: string) => corpus.map((a) => a.institutions.some((i) => i.key === key));
    expect(has(dept)).toEqual([true, false, true, false, true]);
    const uncurated = corpus[1]?.institutions[0]?.key ?? '';
    expect(uncurated).toMatch(/^aff:/);
    expect(has(uncurated)).toEqual([true, true, true, false, false]);
    expect(corpus[0]?.authorships[0]?.institutionKeys).toEqual([dept, uncurated]);
  });
  it('repairs hyphenation but keeps real hyphens in 101 and 103', () => {
    expect(corpus[0]?.abstract).toContain('reduced necrotizing enterocolitis');
    expect(corpus[0]?.abstract).toContain('IL-6 and miR-21');
    expect(corpus[2]?.keywords).toEqual(['Bronchopulmonary dysplasia', 'Exosomes', 'Long-term outcome']);
    expect(corpus[2]?.abstract).toContain('bronchopulmonary dysplasia were followed long-term');
    expect(corpus[2]?.abstract).toContain('anti-inflammatory effects on IL-6 were challenging');
  });
});
