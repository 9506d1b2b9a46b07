import { describe, expect, it } from 'vitest';
import { cnkiEstudyReader } from '../../../src/ingest/parse/formats/cnki-estudy/reader.ts';
import { byTitle, readAll, readFixture } from './readFixture.ts';

const FILE = 'cnki-estudy.txt';

describe('CNKI E-Study export', () => {
  it('reads every record, each opened by its DataType line, with no blank line between', async () => {
    const { reader, records, problems } = await readFixture('cnki-estudy', FILE);
    expect(reader.format).toBe('cnki-estudy');
    expect(problems).toEqual([]);
    expect(records).toHaveLength(20);
    expect(records.every((r) => r.publicationTypes?.[0] === '期刊')).toBe(true);
  });

  it('keeps the Chinese title, names and keywords as printed, the organisations as the record’s, pages, volume, issue and the CNKI file name', async () => {
    const { records } = await readFixture('cnki-estudy', FILE);
    const r = records[0]!;
    expect(r.title).toBe('1例卡培他滨与苯妥英钠相互作用致乳腺癌合并癫痫患者小脑功能障碍的病例分析');
    expect(r.authors.map((a) => [a.name, a.family, a.affiliations.length])).toEqual([
      ['柯洪琴', undefined, 0],
      ['陈璿英', undefined, 0],
      ['王启斌', undefined, 0],
    ]);
    expect(r.affiliations).toEqual([
      { text: '十堰市太和医院药学部(湖北医药学院附属医院)' },
      { text: '南昌大学第一附属医院药剂科' },
    ]);
    expect(r.journal).toEqual({ title: '中南药学', issns: [] });
    expect(r.subjects.map((s) => s.term)).toEqual(['苯妥英钠', '卡培他滨', '相互作用', '小脑功能障碍', '不良反应']);
    expect([r.year, r.volume, r.issue, r.firstPage, r.lastPage]).toEqual([2021, '19', '01', '168', '170']);
    expect(r.abstract?.startsWith('<正>苯妥英钠作为一种传统抗癫痫药物')).toBe(true);
    expect(r.accessions).toEqual([{ scheme: 'cnki', id: 'ZNYX202101034' }]);
  });

  it('reads a record without authors, Year or Roll (an online-first standard) by the year of its PubTime', async () => {
    const { records } = await readFixture('cnki-estudy', FILE);
    const r = byTitle(records, '中国女性乳腺癌筛查标准');
    expect(r.authors).toEqual([]);
    expect([r.year, r.volume, r.issue, r.firstPage, r.lastPage]).toEqual([2021, undefined, undefined, '1', '7']);
    expect(r.affiliations).toEqual([{ text: '中华预防医学会' }]);
  });

  it('gives a sole author the organisation, and reads `175-177+183` by its first range', async () => {
    const { records } = await readFixture('cnki-estudy', FILE);
    const single = byTitle(records, '保乳手术治疗早期乳腺癌的效果观察');
    expect(single.authors).toEqual([
      expect.objectContaining({
        name: '周景新',
        affiliations: [{ text: '辽宁省阜新市第二人民医院(阜新市妇产医院)肿瘤科' }],
      }),
    ]);
    expect(single.affiliations).toBeUndefined();
    const mirna = byTitle(records, 'MicroRNA在乳腺癌中的研究进展');
    expect([mirna.firstPage, mirna.lastPage]).toEqual(['175', '177']);
  });

  it('reads the same records whatever the chunk boundaries', async () => {
    const whole = await readFixture('cnki-estudy', FILE, 1 << 20);
    const small = await readFixture('cnki-estudy', FILE, 5);
    expect(small.records).toEqual(whole.records);
  });

  it('names a record without Title-题名 by line and field, and reads the next one', async () => {
    const { records, problems } = await readAll(
      cnkiEstudyReader,
      'DataType: 1\nAuthor-作者: 张三;\nSource-刊名: 期刊\nDataType: 1\nTitle-题名: 题目\nAuthor-作者: 李四;王五;\n',
      'no-title.txt',
    );
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'no-title.txt',
        line: 1,
        field: 'Title-题名',
        reason: 'the record has no title (Title-题名)',
      }),
    ]);
    expect(records.map((r) => [r.title, r.authors.map((a) => a.name)])).toEqual([['题目', ['李四', '王五']]]);
  });
});
