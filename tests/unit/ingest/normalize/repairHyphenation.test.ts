import { describe, expect, it } from 'vitest';
import { buildHyphenationLexicon } from '../../../../src/ingest/normalize/hyphenationLexicon.ts';
import { repairHyphenation } from '../../../../src/ingest/normalize/repairHyphenation.ts';
import type { Vocabulary } from '../../../../src/ingest/model.ts';

const emptyVocabulary: Vocabulary = { topics: [], relations: [] };
const lexicon = (texts: string[], vocabulary = emptyVocabulary, repairs: string[] = []) =>
  buildHyphenationLexicon(
    texts,
    vocabulary,
    repairs.map((word) => ({ word, observed: [], source: 'test' })),
  );

describe('repairHyphenation', () => {
  it('joins a broken word that the same record prints whole elsewhere', () => {
    const words = lexicon(['Necro-tizing enterocolitis', 'necrotizing enterocolitis is common']);
    expect(repairHyphenation('Necro-tizing enterocolitis', words)).toBe('Necrotizing enterocolitis');
  });
  it('joins a broken word the vocabulary knows', () => {
    const vocabulary: Vocabulary = {
      topics: [{ key: 'mesh:D001997', name: 'Bronchopulmonary Dysplasia', synonyms: [] }],
      relations: [],
    };
    expect(repairHyphenation('with broncho-pulmonary dysplasia', lexicon([], vocabulary))).toBe(
      'with bronchopulmonary dysplasia',
    );
  });
  it('joins a broken word listed in the curated repairs', () => {
    expect(repairHyphenation('are cha-llenging.', lexicon([], emptyVocabulary, ['challenging']))).toBe(
      'are challenging.',
    );
  });
  it('leaves a hyphenated word alone without evidence for the joined form', () => {
    expect(repairHyphenation('cha-llenging', lexicon([]))).toBe('cha-llenging');
  });
  it('keeps real compounds and identifiers', () => {
    const words = lexicon(['long term', 'anti inflammatory'], emptyVocabulary, ['challenging']);
    const text = 'long-term anti-inflammatory COVID-19 miR-21 IL-6 follow-up';
    expect(repairHyphenation(text, words)).toBe(text);
  });
  it('never joins when a part contains digits or the second part is capitalized', () => {
    const words = lexicon(['covid', 'mir', 'ilsix', 'typeii']);
    expect(repairHyphenation('COVID-19 miR-21 Type-II', words)).toBe('COVID-19 miR-21 Type-II');
  });
  it('does not treat the parts of a compound as evidence for joining it', () => {
    const words = lexicon(['a long-term study']);
    expect(repairHyphenation('long-term', words)).toBe('long-term');
  });
});
