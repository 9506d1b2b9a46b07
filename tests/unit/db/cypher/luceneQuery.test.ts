import { describe, expect, it } from 'vitest';
import { escapeLucene, prefixQuery, searchQuery } from '../../../../src/db/cypher/luceneQuery.ts';

describe('Lucene queries from user text', () => {
  it('escapes every special character so input never becomes syntax', () => {
    expect(escapeLucene('a+b (c) "d" e:f/g*?~^!')).toBe('a\\+b \\(c\\) \\"d\\" e\\:f\\/g\\*\\?\\~\\^\\!');
  });

  it('ranks the whole phrase above single words', () => {
    expect(searchQuery('Necrotizing  Enterocolitis')).toBe('"necrotizing enterocolitis"^3 necrotizing enterocolitis');
    expect(searchQuery('exosomes')).toBe('exosomes');
  });

  it('requires every typed word and treats the last as a prefix', () => {
    expect(prefixQuery('retinopathy of pre')).toBe('+retinopathy +of +pre*');
    expect(prefixQuery('IL-6')).toBe('+il\\-6*');
  });

  it('splits Chinese into characters, as the index does', () => {
    expect(prefixQuery('郑州')).toBe('+郑 +州*');
  });

  it('gives nothing to search for punctuation alone', () => {
    expect(searchQuery(' () ')).toBeNull();
    expect(prefixQuery('')).toBeNull();
  });
});
