import { describe, expect, it } from 'vitest';
import { newRecord } from '../../../src/ingest/parse/common/newRecord.ts';
import { CNKI_ESTUDY_MAPPING } from '../../../src/ingest/parse/formats/cnki-estudy/mapping.ts';
import { ENDNOTE_MAPPING } from '../../../src/ingest/parse/formats/endnote/mapping.ts';
import { endnoteReader } from '../../../src/ingest/parse/formats/endnote/reader.ts';
import { NOTEEXPRESS_MAPPING } from '../../../src/ingest/parse/formats/noteexpress/mapping.ts';
import { refworksReader } from '../../../src/ingest/parse/formats/refworks/reader.ts';
import { readRepoFile } from '../fixtures.ts';
import { formatFixture, readAll, readFixture } from './readFixture.ts';

describe('EndNote tagged text from CNKI', () => {
  it("keeps the Chinese title, names and keywords as printed, the affiliations as the record's, ISSN and DOI", async () => {
    const { reader, records, problems } = await readFixture('endnote', 'cnki-journal-article.txt');
    expect(reader.format).toBe('endnote');
    expect(problems).toEqual([]);
    const [r] = records;
    expect(r?.title).toBe('黄芪多糖复合酶提取工艺优化及其α-葡萄糖苷酶抑制活性');
    expect(r?.authors.map((a) => a.name)).toEqual(['张会佳', '侯相竹', '张涵', '殷澳', '高阳', '徐多多']);
    expect(r?.authors.every((a) => a.family === undefined && a.affiliations.length === 0)).toBe(true);
    expect(r?.affiliations).toEqual([{ text: '长春中医药大学人参科学研究院' }, { text: '长春中医药大学药学院' }]);
    expect(r?.subjects.map((s) => s.term)).toEqual(['黄芪多糖', '复合酶', '提取工艺', '响应面', 'α-葡萄糖苷酶活性']);
    expect(r?.journal).toEqual({ title: '食品工业科技', issns: [{ value: '1002-0306' }] });
    expect([r?.firstPage, r?.lastPage, r?.doi, r?.year]).toEqual([
      '1',
      '15',
      '10.13386/j.issn1002-0306.2023090315',
      undefined,
    ]);
    expect(r?.publicationTypes).toEqual(['Journal Article']);
  });
  it('takes the page range of a proceedings paper and the conference as its container', async () => {
    const { records } = await readFixture('endnote', 'cnki-conference-paper.txt');
    expect(records[0]).toMatchObject({
      title: '中医理论与现代药理学中的黄芪药理作用研究进展',
      year: 2013,
      firstPage: '269',
      lastPage: '273',
      journal: { title: '2013年中国药学大会暨第十三届中国药师周' },
    });
  });
  it('keeps a traditional-character thesis whose abstract has blank lines inside as one record, without a journal', async () => {
    const { records, problems } = await readFixture('endnote', 'cnki-thesis-traditional.txt');
    expect(problems).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]?.title).toBe('中西方高校人文教育的比較研究');
    expect(records[0]?.abstract).toContain('論文第一部分說明了研究的目的');
    expect(records[0]?.journal).toBeUndefined();
  });
});

describe('EndNote tagged text from Wanfang', () => {
  it('gives each author the %+ in byline position, keeps the Chinese journal title beside the English one, splits space-separated keywords', async () => {
    const { reader, records, problems } = await readFixture('endnote', 'wanfang-journal-article.txt');
    expect(reader.format).toBe('endnote');
    expect(problems).toEqual([]);
    const r = records[0]!;
    expect(r.authors.map((a) => [a.name, a.affiliations.map((x) => x.text)])).toEqual([
      ['余敏', ['中科院国家科学图书馆成都分馆,四川,成都,610041', '中国科学院研究生院,北京,100049']],
      ['朱江', ['中科院国家科学图书馆成都分馆,四川,成都,610041']],
      ['丁照蕾', ['四川大学公共管理学院,四川,成都,610064']],
    ]);
    expect(r.journal).toEqual({
      title: 'JOURNAL OF MODERN INFORMATION',
      localTitle: '现代情报',
      issns: [{ value: '1008-0821' }],
    });
    expect(r.subjects.map((s) => s.term)).toEqual(['参考文献管理', '文献管理软件', '学术书签网站', 'Zotero']);
    expect([r.year, r.volume, r.issue, r.firstPage, r.lastPage, r.doi, r.language]).toEqual([
      2009,
      '29',
      '2',
      '94',
      '98',
      '10.3969/j.issn.1008-0821.2009.02.027',
      'chi',
    ]);
  });

  it('keeps each %H pinyin name on the %A author in its byline position', async () => {
    const { records } = await readFixture('endnote', 'wanfang-journal-article.txt');
    expect(records[0]!.authors.map((a) => [a.name, a.translatedName])).toEqual([
      ['余敏', 'Yu Min'],
      ['朱江', 'Zhu Jiang'],
      ['丁照蕾', 'Ding Zhaolei'],
    ]);
  });

  it('keeps no pinyin name when the record has fewer %H than authors (whose is whose is not stated)', async () => {
    const real = readRepoFile(formatFixture('endnote', 'wanfang-journal-article.txt'));
    const text = real.replace('%H Ding Zhaolei\n', '');
    expect(text).not.toBe(real);
    const { records, problems } = await readAll(endnoteReader, text, 'wanfang-two-pinyin.txt');
    expect(problems).toEqual([]);
    expect(records[0]!.authors.map((a) => [a.name, a.translatedName])).toEqual([
      ['余敏', undefined],
      ['朱江', undefined],
      ['丁照蕾', undefined],
    ]);
  });
});

describe('RefWorks tagged text from CNKI', () => {
  it('splits ;-joined authors and affiliations, reads OP ranges, ISSN and DOI', async () => {
    const { reader, records, problems } = await readFixture('refworks', 'cnki-journal-article.txt');
    expect(reader.format).toBe('refworks');
    expect(problems).toEqual([]);
    const r = records[0]!;
    expect(r.authors.map((a) => a.name)).toEqual(['薛婉钰', '刘娜', '苑鑫', '张婷婷', '曹云娥', '陈书霞']);
    expect(r.affiliations).toEqual([
      { text: '西北农林科技大学园艺学院陕西省蔬菜工程技术研究中心' },
      { text: '宁夏大学农学院' },
    ]);
    expect(r.journal).toEqual({ title: '西北农林科技大学学报(自然科学版)', issns: [{ value: '1671-9387' }] });
    expect([r.year, r.issue, r.firstPage, r.lastPage, r.doi]).toEqual([
      2024,
      '07',
      '1',
      '7',
      '10.13207/j.cnki.jnwafu.2024.07.011',
    ]);
  });
  it('reads a record of 2000 with ,-joined authors and Unit!City affiliations', async () => {
    const { records } = await readFixture('refworks', 'cnki-journal-article-2000.txt');
    expect(records[0]?.authors.map((a) => a.name)).toEqual(['颜宏', '石德成', '尹尚军', '赵伟']);
    expect(records[0]?.affiliations?.map((a) => a.text)).toEqual([
      '东北师范大学生命科学学院!长春130024',
      '东北师范大学生命科学学院!长春130024',
      '浙江农业技术师范专科学校!宁波315101',
      '长春飞行学院!长春130022',
    ]);
  });
  it('reads a tag without its space (A1林行众) and joins wrapped Chinese text without inserting spaces', async () => {
    const { records } = await readFixture('refworks', 'cnki-thesis.txt');
    const r = records[0]!;
    expect(r.authors).toEqual([{ name: '林行众', affiliations: [], line: 3 }]);
    expect(r.abstract).toContain('保护地栽培蔬菜作物,也是植物性别发育');
    expect(r.language).toBe('中文');
    expect(r.journal).toBeUndefined();
  });
});

describe('EndNote and RefWorks: bad input', () => {
  it('names an EndNote record without %T', async () => {
    const { problems } = await readAll(
      endnoteReader,
      '%0 Journal Article\n%A 张三\n%J 期刊\n\n%0 Journal Article\n%T 题目\n%A 李四\n',
      'no-title.enw',
    );
    expect(problems).toEqual([
      { file: 'no-title.enw', line: 1, index: 0, field: '%T', reason: 'the record has no title (%T)' },
    ]);
  });
  it('names text before the first RefWorks record', async () => {
    const { problems, records } = await readAll(
      refworksReader,
      'not a record\nRT Journal Article\nT1 题目\n',
      'stray.txt',
    );
    expect(records.map((r) => r.title)).toEqual(['题目']);
    expect(problems).toEqual([
      {
        file: 'stray.txt',
        line: 1,
        index: 0,
        field: '(line)',
        reason: 'text outside a record: a RefWorks record starts with its opening tag, found "not a record"',
      },
    ]);
  });
  it('reads a line after a blank line that is no tag line as the value going on (CNKI abstracts keep blank lines)', async () => {
    const { problems, records } = await readAll(
      refworksReader,
      'RT Journal Article\nT1 题目\nAB 第一段。\n\n    第二段。\n\nRT Journal Article\nT1 题目二\n',
      'blank.txt',
    );
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.title, r.abstract])).toEqual([
      ['题目', '第一段。第二段。'],
      ['题目二', undefined],
    ]);
  });
});

describe('the DOI field of EndNote, NoteExpress and CNKI E-Study', () => {
  // These readers take the field only when it holds a DOI; a shortDOI passes too, for normalization
  // to keep as the source's `shortdoi` accession (normalizeSource), and anything else stays out.
  const rules = [
    ['endnote', ENDNOTE_MAPPING, 'R'],
    ['noteexpress', NOTEEXPRESS_MAPPING, 'DOI'],
    ['cnki-estudy', CNKI_ESTUDY_MAPPING, 'DOI'],
  ] as const;
  for (const [format, mapping, tag] of rules) {
    it(`${format}: takes a DOI or a shortDOI, and leaves out anything else`, () => {
      const rule = mapping.find((r) => r.from.includes(tag) && r.to.startsWith('doi'));
      expect(rule).toBeDefined();
      const doiOf = (value: string) => {
        const record = newRecord(format, 'x', 0, 1, 'A title');
        rule!.apply([{ tag, lines: [value], line: 1 }], record);
        return record.doi;
      };
      expect(doiOf('10.13386/j.issn1002-0306.2023090315')).toBe('10.13386/j.issn1002-0306.2023090315');
      expect(doiOf('10/fqd6hj')).toBe('10/fqd6hj');
      expect(doiOf('CNKI:SUN:SPKJ.0.2023-09-031')).toBeUndefined();
    });
  }
});
