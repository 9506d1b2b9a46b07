import { describe, expect, it } from 'vitest';
import { noteExpressReader } from '../../../src/ingest/parse/formats/noteexpress/reader.ts';
import { readRepoFile } from '../fixtures.ts';
import { byTitle, formatFixture, readAll, readFixture } from './readFixture.ts';

describe('NoteExpress tagged text from Wanfang', () => {
  it('reads every record of the export, detected as NoteExpress', async () => {
    const { reader, records, problems } = await readFixture('noteexpress', 'wanfang-noteexpress.net');
    expect(reader.format).toBe('noteexpress');
    expect(problems).toEqual([]);
    expect(records).toHaveLength(20);
    expect(
      records.every((r) => r.origin.format === 'noteexpress' && r.publicationTypes?.[0] === 'Journal Article'),
    ).toBe(true);
  });

  it('keeps the English title with the Chinese one as printed, Chinese names whole, each {Author Address} on its author', async () => {
    const { records } = await readFixture('noteexpress', 'wanfang-noteexpress.net');
    const r = records[0]!;
    expect(r.title).toBe(
      'Influence of ultrasound-guided serratus plane block on metastasis and recurrence of breast cancer after modified radical mastectomy',
    );
    expect(r.vernacularTitle).toBe('超声引导下前锯肌平面阻滞对乳腺癌改良根治术术后肿瘤转移、复发的影响');
    expect(r.authors.map((a) => [a.name, a.family, a.affiliations.map((x) => x.text)])).toEqual([
      ['江文杰', undefined, ['宜兴市人民医院']],
      ['韩超', undefined, ['宜兴市人民医院']],
      ['顾达民', undefined, ['宜兴市人民医院']],
    ]);
    expect(r.affiliations).toBeUndefined();
    expect(r.journal).toEqual({
      title: 'Clinical Laboratory Journal (Electronic Edition)',
      localTitle: '临床检验杂志（电子版）',
      issns: [],
    });
    expect(r.subjects.map((s) => s.term)).toEqual(['前锯肌平面阻滞', '乳腺癌改良根治术', '基质金属蛋白酶']);
    expect([r.year, r.volume, r.issue, r.firstPage, r.lastPage, r.language]).toEqual([
      2020,
      '9',
      '1',
      '117',
      '118',
      'chi',
    ]);
    expect(r.abstract?.startsWith('目的 探讨超声引导下前锯肌平面(SP)阻滞')).toBe(true);
    expect(r.accessions).toEqual([{ scheme: 'wanfang', id: 'lcjyzz-d202001100' }]);
    expect(r.doi).toBeUndefined();
  });

  it('keeps a Chinese title without translation as the title, and splits one address line holding two affiliations', async () => {
    const { records } = await readFixture('noteexpress', 'wanfang-noteexpress.net');
    const untranslated = byTitle(records, '优化护理活动');
    expect(untranslated.vernacularTitle).toBeUndefined();
    expect(untranslated.journal?.issns).toEqual([{ value: '1672-9676' }]);
    expect(untranslated.doi).toBe('10.3969/j.issn.1672-9676.2020.01.039');
    const marital = byTitle(records, 'Relationship between marital quality');
    expect(marital.authors.map((a) => [a.name, a.affiliations.map((x) => x.text)])).toEqual([
      [
        '许雅琼',
        ['西安交通大学医学部公共卫生学院,陕西 西安,710061', '西安交通大学第二附属医院肿瘤病院,陕西 西安,710004'],
      ],
      ['张银萍', ['西安交通大学医学部']],
    ]);
  });

  it('reads pages `187-188,195` and `173,175` by their first range, a DOI printed with full-width characters, English keywords after the Chinese', async () => {
    const { records } = await readFixture('noteexpress', 'wanfang-noteexpress.net');
    const comfort = byTitle(records, 'Application effect of comfort nursing');
    expect([comfort.firstPage, comfort.lastPage]).toEqual(['187', '188']);
    const mir = byTitle(records, 'miR-503');
    expect([mir.firstPage, mir.lastPage, mir.volume, mir.issue]).toEqual(['173', undefined, undefined, '2']);
    const motivation = byTitle(records, 'Effect of motivational interview');
    expect(motivation.doi).toBe('10.3969/j.issn.1672-187X.2020.01.017');
    expect(motivation.journal?.issns).toEqual([{ value: '1672-187X' }]);
    expect(motivation.subjects.map((s) => s.term)).toEqual([
      '原发性乳腺癌',
      '高血压',
      '动机访谈',
      '正念减压训练',
      '负性情绪',
      '生活质量',
      'Primary breast cancer',
      'hypertension',
      'mo tivation interview',
      'mindfulness decompression training',
      'negative emotion',
      'quality of life',
    ]);
    expect(motivation.abstract?.startsWith('目的 探讨动机访谈联合正念减压训练')).toBe(true);
  });

  it('keeps each {Translated Author} on the {Author} in its byline position, whitespace collapsed', async () => {
    const { records } = await readFixture('noteexpress', 'wanfang-noteexpress.net');
    expect(records[0]!.authors.map((a) => [a.name, a.translatedName])).toEqual([
      ['江文杰', 'Wenjie JIANG'],
      ['韩超', 'Chao HAN'],
      ['顾达民', 'Damin GU'],
    ]);
    expect(byTitle(records, 'Application effect of comfort nursing').authors.map((a) => a.translatedName)).toEqual([
      'WANG Ya-jun',
      'MA Hui-ling',
    ]);
    // A record that prints no translated names keeps the printed ones alone.
    expect(byTitle(records, '优化护理活动').authors.every((a) => a.translatedName === undefined)).toBe(true);
  });

  it('keeps no {Translated Author} when the record has fewer than authors (whose is whose is not stated)', async () => {
    const real = readRepoFile(formatFixture('noteexpress', 'wanfang-noteexpress.net'));
    const first = real.slice(0, real.indexOf('{Reference Type}', 1));
    const text = first.replace('{Translated Author}:  Damin GU\n', '');
    expect(text).not.toBe(first);
    const { records, problems } = await readAll(noteExpressReader, text, 'wanfang-two-translated.net');
    expect(problems).toEqual([]);
    expect(records[0]!.authors.map((a) => [a.name, a.translatedName])).toEqual([
      ['江文杰', undefined],
      ['韩超', undefined],
      ['顾达民', undefined],
    ]);
  });

  it('reads the same records whatever the chunk boundaries', async () => {
    const whole = await readFixture('noteexpress', 'wanfang-noteexpress.net', 1 << 20);
    const small = await readFixture('noteexpress', 'wanfang-noteexpress.net', 7);
    expect(small.records).toEqual(whole.records);
  });
});

describe('NoteExpress: bad input', () => {
  it('names a record without {Title} by line and field, and reads the next one', async () => {
    const { records, problems } = await readAll(
      noteExpressReader,
      '{Reference Type}: Journal Article\n{Author}: 张三\n\n{Reference Type}: Journal Article\n{Title}: 题目\n{Author}: 李四;王五;\n',
      'no-title.net',
    );
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'no-title.net',
        line: 1,
        field: '{Title}',
        reason: 'the record has no title ({Title})',
      }),
    ]);
    expect(records.map((r) => [r.title, r.authors.map((a) => a.name)])).toEqual([['题目', ['李四', '王五']]]);
  });
  it('is not detected without the opening {Reference Type} line', () => {
    expect(noteExpressReader.detect('{Title}: 题目\n{Author}: 张三\n{Year}: 2020\n')).toBe(false);
    expect(noteExpressReader.detect('{Reference Type}: Journal Article\n{Title}: 题目\n{Author}: 张三\n')).toBe(true);
  });
});
