import { describe, expect, it } from 'vitest';
import { escapeLucene, prefixQuery, searchQuery, searchWords } from '../../../../src/db/cypher/luceneQuery.ts';

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

  it('searches a run of Chinese characters as the phrase of its characters (the index holds one token per character)', () => {
    expect(prefixQuery('郑州')).toBe('+"郑 州"');
    expect(prefixQuery('郑')).toBe('+郑');
    expect(prefixQuery('郑州 univ')).toBe('+"郑 州" +univ*');
    expect(searchQuery('黄芪多糖')).toBe('"黄 芪 多 糖"');
    expect(searchQuery('黄芪多糖 提取')).toBe('"黄 芪 多 糖 提 取"^3 "黄 芪 多 糖" "提 取"');
    expect(searchQuery('IL-6黄芪')).toBe('"il\\-6 黄 芪"^3 il\\-6 "黄 芪"');
  });

  it('counts Chinese characters one by one for the input limits', () => {
    expect(searchWords('黄芪多糖 stem')).toEqual(['黄', '芪', '多', '糖', 'stem']);
  });

  it('gives nothing to search for punctuation alone', () => {
    expect(searchQuery(' () ')).toBeNull();
    expect(prefixQuery('')).toBeNull();
  });
});
