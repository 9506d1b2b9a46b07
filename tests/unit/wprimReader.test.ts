import { describe, expect, it } from 'vitest';
import type { ReadResult, SourceRecord } from '../../src/ingest/model.ts';
import { MAX_RECORD_CHARS } from '../../src/ingest/parse/common/limits.ts';
import { textChunks } from '../../src/ingest/parse/common/LineSplitter.ts';
import { classifyFieldLine, nearMissOf } from '../../src/ingest/parse/formats/wprim/fieldLabels.ts';
import { wprimReader } from '../../src/ingest/parse/formats/wprim/reader.ts';
import { parseWprimText as parseRecord } from '../../src/ingest/parse/formats/wprim/parseWprimRecord.ts';
import { RecordParseError } from '../../src/ingest/parse/RecordParseError.ts';
import { readRepoFile, SEED_FILE } from './fixtures.ts';

const seedText = readRepoFile(SEED_FILE);
const fixture = (name: string) => `tests/fixtures/records/${name}`;
const parseFixture = (name: string) => parseRecord(readRepoFile(fixture(name)), fixture(name));
/** Each author's name with the markers of the affiliations the reader resolved for them. */
const byline = (r: SourceRecord) => r.authors.map((a) => [a.name, a.affiliations.map((x) => x.marker)]);
/** The distinct affiliations of a record by marker, in marker order. */
const affiliations = (r: SourceRecord) => {
  const all = new Map(r.authors.flatMap((a) => a.affiliations.map((x) => [x.marker, x.text] as const)));
  return [...all.entries()].sort(([a], [b]) => Number(a) - Number(b));
};
const keywords = (r: SourceRecord) => r.subjects.map((s) => s.term);

function parseError(text: string, file = 't.txt'): RecordParseError {
  try {
    parseRecord(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(RecordParseError);
    return e as RecordParseError;
  }
  throw new Error('expected parseRecord to throw');
}

describe('the WPRIM reader on the seed record', () => {
  const r = parseRecord(seedText, SEED_FILE);

  it('keeps the file name as given, with format, position and line', () => {
    expect(r.origin).toEqual({ format: 'wprim', file: SEED_FILE, index: 0, line: 1 });
  });
  it('takes the first non-blank line as the title', () => {
    expect(r.title).toBe(
      'Study progress of exosomes derived from mesenchymal stem cells in the treatment of complications related to preterm infants',
    );
  });
  it('reads the DOI line before the first field', () => {
    expect(r.doi).toBe('10.3760/cma.j.cn101070-20200616-01000');
  });
  it('reads the vernacular title', () => {
    expect(r.vernacularTitle).toBe('间充质干细胞来源的外泌体治疗早产儿并发症的研究进展');
  });
  it('reads three authors in byline order with their markers', () => {
    expect(byline(r)).toEqual([
      ['Haoming CHEN', ['1']],
      ['Qingfei HAO', []],
      ['Xiuyong CHENG', []],
    ]);
  });
  it('reads family and given name off the upper-case pinyin surname', () => {
    expect(r.authors.map((a) => [a.family, a.given])).toEqual([
      ['CHEN', 'Haoming'],
      ['HAO', 'Qingfei'],
      ['CHENG', 'Xiuyong'],
    ]);
  });
  it('records 1-based source lines for authors', () => {
    expect(r.authors.map((a) => a.line)).toEqual([21, 35, 41]);
  });
  it('resolves the marker to the affiliation verbatim (non-breaking space after the marker removed), keeping the marker', () => {
    expect(r.authors[0]?.affiliations).toEqual([{ text: '郑州大学第一附属医院新生儿科,郑州 450052', marker: '1' }]);
  });
  it('reads seven keywords as printed, hyphenation not yet repaired', () => {
    expect(r.subjects.every((s) => s.kind === 'keyword')).toBe(true);
    expect(keywords(r)).toEqual([
      'Exosomes',
      'Mesenchymal stem cell',
      'Preterm',
      'Bronchopulmonary dysplasia',
      'Brain injury',
      'Necro-tizing enterocolitis',
      'Retinopathy of prematurity',
    ]);
  });
  it('reads the From block as journal and a parsed citation', () => {
    expect(r.journal).toEqual({ title: 'Chinese Journal of Applied Clinical Pediatrics', issns: [] });
    expect([r.year, r.volume, r.issue, r.firstPage, r.lastPage]).toEqual([2021, '36', '21', '1673', '1676']);
  });
  it('reads Country printed without a colon, and Language', () => {
    expect(r.country).toBe('China');
    expect(r.language).toBe('Chinese');
  });
  it("reads the abstract after the empty '- ' line", () => {
    expect(r.abstract?.startsWith('Although great progress has been made in perinatal and neonatal medicine')).toBe(
      true,
    );
    expect(r.abstract?.endsWith('in the treatment of premature complications.')).toBe(true);
    expect(r.abstract).toContain('broncho-pulmonary dysplasia'); // verbatim: repair is normalization's job
  });
});

describe('the WPRIM reader tolerates layout variants', () => {
  const reference = parseRecord(seedText, SEED_FILE);

  it('reads a CRLF copy of the seed identically', () => {
    expect(parseRecord(seedText.replace(/\n/g, '\r\n'), SEED_FILE)).toEqual(reference);
  });
  it('reads a copy with a BOM and CR-only line ends identically', () => {
    expect(parseRecord(`\uFEFF${seedText.replace(/\n/g, '\r')}`, SEED_FILE)).toEqual(reference);
  });
  it('reads a copy with every blank line removed (line numbers shift, values do not)', () => {
    const compact = seedText
      .split('\n')
      .filter((l) => l.trim() !== '')
      .join('\n');
    const r = parseRecord(compact, SEED_FILE);
    expect({ ...r, authors: r.authors.map((a) => a.name) }).toMatchObject({
      title: reference.title,
      subjects: reference.subjects,
      abstract: reference.abstract,
      authors: ['Haoming CHEN', 'Qingfei HAO', 'Xiuyong CHENG'],
    });
  });
  it('reads authors, markers and keywords printed on single lines', () => {
    const r = parseRecord(
      [
        '[TEST] One-line byline',
        '- Author: Wei ZHANG 1,2; Li WANG2 ; Jun LIU 1 2; Meiling HUANG',
        'Author Information',
        '1. 测试单位一,测试市 100000',
        '2 测试单位二',
        '- Keywords: Alpha; Beta；Gamma',
      ].join('\n'),
      't.txt',
    );
    expect(byline(r)).toEqual([
      ['Wei ZHANG', ['1', '2']],
      ['Li WANG', ['2']],
      ['Jun LIU', ['1', '2']],
      ['Meiling HUANG', []],
    ]);
    expect(affiliations(r)).toEqual([
      ['1', '测试单位一,测试市 100000'],
      ['2', '测试单位二'],
    ]);
    expect(keywords(r)).toEqual(['Alpha', 'Beta', 'Gamma']);
  });
  it("reads two numbered affiliations and marker lists '1,2', '2' and '1, 2'", () => {
    const r = parseFixture('two-affiliations.txt');
    expect(byline(r)).toEqual([
      ['Wei ZHANG', ['1', '2']],
      ['Li WANG', ['2']],
      ['Jun LIU', ['1', '2']],
    ]);
    expect(affiliations(r)).toEqual([
      ['1', '郑州大学第一附属医院新生儿科,郑州 450052'],
      ['2', '测试大学医学院病理学系,测试市 100000'], // printed as `2、...`
    ]);
  });
  it('splits keywords on full-width and ASCII semicolons on one line', () => {
    expect(keywords(parseFixture('two-affiliations.txt'))).toEqual([
      'Exosomes',
      'Necrotizing enterocolitis',
      'Intestinal barrier',
    ]);
  });
  it('joins a multi-line abstract with a space', () => {
    expect(parseFixture('two-affiliations.txt').abstract).toBe(
      'This is test data: a fictional abstract on the first line. It continues on a second line.',
    );
  });
  it('reads fields in any order, Country with a colon, a DOI URL and a citation without issue', () => {
    const r = parseFixture('reordered-fields.txt');
    expect(r).toMatchObject({
      title: '[TEST] Reordered fields record',
      doi: '10.9999/TEST.202',
      vernacularTitle: '[测试] 字段顺序',
      country: 'China',
      language: 'English',
      abstract: 'Fictional abstract for a record whose fields come in another order.',
    });
    expect(keywords(r)).toEqual(['Probiotics', 'Gut microbiota']);
    expect(r.journal?.title).toBe('Journal of Test Neonatology');
    expect([r.year, r.volume, r.issue, r.firstPage]).toEqual([2020, '12', undefined, 'e123']);
    expect(byline(r)).toEqual([['Li WANG', ['1']]]);
    expect(affiliations(r)).toEqual([['1', '测试大学医学院病理学系,测试市 100000']]); // `1 ` form
  });
  it('leaves every missing optional field undefined or empty', () => {
    const r = parseFixture('missing-abstract.txt');
    expect(r.doi).toBeUndefined();
    expect(r.vernacularTitle).toBeUndefined();
    expect(r.abstract).toBeUndefined();
    expect(r.country).toBeUndefined();
    expect(r.language).toBeUndefined();
    expect(r.subjects).toEqual([]);
    expect(byline(r)).toEqual([
      ['Jun LIU', []],
      ['Meiling HUANG', []],
    ]);
    expect([r.year, r.volume, r.issue, r.firstPage, r.lastPage]).toEqual([2021, '13', undefined, '88', undefined]);
  });
  it('accepts a record that is only a title and one field', () => {
    const r = parseRecord('[TEST] Title only\n- Language:English\n', 't.txt');
    expect(r).toEqual({
      origin: { format: 'wprim', file: 't.txt', index: 0, line: 1 },
      title: '[TEST] Title only',
      authors: [],
      subjects: [],
      references: [],
      language: 'English',
    });
  });
  it("accepts an explicit '- DOI:' field", () => {
    expect(parseRecord('[TEST] T\n- DOI: 10.9999/test.9\n', 't.txt').doi).toBe('10.9999/test.9');
  });
  it('accepts journal and citation on one From line, and supplement issues', () => {
    const r = parseRecord('[TEST] T\n- From: Some Journal 2022;37(Suppl 1):45-47\n', 't.txt');
    expect(r.journal?.title).toBe('Some Journal');
    expect([r.year, r.volume, r.issue, r.firstPage, r.lastPage]).toEqual([2022, '37', 'Suppl 1', '45', '47']);
  });
  it('skips fields it does not read', () => {
    const r = parseRecord('[TEST] T\n- Publisher: Someone\nwhatever\n- Language:English\n', 't.txt');
    expect(r.language).toBe('English');
  });
});

describe('WPRIM reader errors name file, line and field', () => {
  it('rejects an empty file', () => {
    const e = parseError(' \n\t\n\u00A0\n', 'empty.txt');
    expect([e.file, e.line, e.field]).toEqual(['empty.txt', 1, 'Title']);
    expect(e.message).toMatch(/^empty\.txt:1: field "Title": /);
  });
  it('rejects a text file that has no WPRIM fields', () => {
    const file = fixture('garbage.txt');
    const e = parseError(readRepoFile(file), file);
    expect([e.file, e.line, e.field]).toEqual([file, 1, '(record)']);
    expect(e.message).toContain('not a WPRIM record');
  });
  it('rejects HTML', () => {
    const e = parseError('<!DOCTYPE html>\n<html><body>- Author: x</body></html>');
    expect(e.message).toContain('HTML');
  });
  it('rejects binary content', () => {
    const e = parseError('PK\u0003\u0004\u0000\u0000garbage\n- Author:\nX');
    expect([e.line, e.field]).toEqual([1, '(record)']);
    expect(e.message).toContain('binary');
  });
  it('rejects a record that starts with a field instead of a title', () => {
    const e = parseError('\n- Author:\nWei ZHANG\n');
    expect([e.line, e.field]).toEqual([2, 'Title']);
  });
  it('rejects an author block with no names', () => {
    const e = parseError('[TEST] T\n\n- Author:\n\t;\n\n- Language:English\n');
    expect([e.line, e.field]).toEqual([3, 'Author']);
    expect(e.message).toContain('no names');
  });
  it('rejects a malformed From citation, naming the citation line', () => {
    const file = fixture('bad-citation.txt');
    const e = parseError(readRepoFile(file), file);
    expect(e.field).toBe('From');
    expect(e.message).toBe(
      `${file}:${e.line}: field "From": expected "<year>;<volume>(<issue>):<pages>" but found "2021/36/21 pp. 1673"`,
    );
    expect(readRepoFile(file).split('\n')[e.line - 1]).toContain('2021/36/21');
  });
  it('rejects an affiliation marker without an affiliation entry, naming author and marker', () => {
    const file = fixture('unknown-marker.txt');
    const e = parseError(readRepoFile(file), file);
    expect(e.field).toBe('Author');
    expect(e.message).toContain('author "Li WANG"');
    expect(e.message).toContain('marker "2"');
    expect(readRepoFile(file).split('\n')[e.line - 1]).toContain('Li WANG');
  });
  it('rejects a duplicate field, naming the second occurrence', () => {
    const e = parseError('[TEST] T\n- Language:English\n- Country:China\n- Language:Chinese\n');
    expect([e.line, e.field]).toEqual([4, 'Language']);
    expect(e.message).toContain('duplicate');
  });
  it('rejects a From block with no citation line', () => {
    const e = parseError('[TEST] T\n- From:\nJust A Journal\n');
    expect([e.line, e.field]).toEqual([3, 'From']);
  });
});

describe('the streaming WPRIM reader', () => {
  const readAll = async (text: string, file = 't.txt', chunkSize = 7): Promise<ReadResult[]> => {
    const out: ReadResult[] = [];
    for await (const result of wprimReader.read(textChunks(text, chunkSize), file)) out.push(result);
    return out;
  };
  const ok = (results: ReadResult[]) => results.map((r) => (r.ok ? r.record : undefined));

  it('reads the seed record identically to the one-record parser, whatever the chunk boundaries', async () => {
    for (const size of [1, 7, 4096]) {
      const [result] = await readAll(seedText.replace(/\n/g, '\r\n'), SEED_FILE, size);
      expect(result).toEqual({ ok: true, record: parseRecord(seedText, SEED_FILE) });
    }
  });
  it('splits concatenated record pages at each title in column 0', async () => {
    const file = fixture('multi-record.txt');
    const records = ok(await readAll(readRepoFile(file), file));
    expect(records.map((r) => r?.title.slice(0, 22))).toEqual([
      '[TEST] Multi-record 1:',
      '[TEST] Multi-record 2:',
      '[TEST] Multi-record 3:',
    ]);
    expect(records.map((r) => [r?.origin.index, r?.origin.line])).toEqual([
      [0, 1],
      [1, 94],
      [2, 149],
    ]);
    expect(records.map((r) => r?.doi)).toEqual(['10.9999/test.301', undefined, '10.9999/test.303']);
    expect(records[2]?.authors.map((a) => a.name)).toEqual(['Wei ZHANG', 'Li WANG', 'Jun LIU']);
  });
  it('reports a bad record in the middle and reads the records around it', async () => {
    const file = fixture('multi-record-one-bad.txt');
    const results = await readAll(readRepoFile(file), file);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toEqual({
      ok: false,
      problem: {
        file,
        index: 1,
        line: 132,
        field: 'From',
        reason: 'expected "<year>;<volume>(<issue>):<pages>" but found "2021/13 p. 88"',
      },
    });
  });
  it('splits hand-written records without indentation where a field repeats after a title line', async () => {
    const text = '[TEST] First\n- Author: A ONE\n- Language: English\n[TEST] Second\n10.9999/test.9\n- Author: B TWO\n';
    expect(ok(await readAll(text)).map((r) => [r?.title, r?.doi, r?.authors.map((a) => a.name)])).toEqual([
      ['[TEST] First', undefined, ['A ONE']],
      ['[TEST] Second', '10.9999/test.9', ['B TWO']],
    ]);
  });
  it('keeps unindented content lines of a hand-written record in it', async () => {
    const results = await readAll('[TEST] T\n- Publisher: Someone\nwhatever\n- Language:English\n');
    expect(results).toHaveLength(1);
    expect(ok(results)[0]?.language).toBe('English');
  });
  it('rejects a misspelt field label by name, file and line instead of reading it as data', async () => {
    for (const [name, label, meant] of [
      ['near-miss-authors.txt', 'Authors', 'Author'],
      ['near-miss-keyword.txt', 'Keyword', 'Keywords'],
    ] as const) {
      const file = fixture(name);
      const [result] = await readAll(readRepoFile(file), file);
      expect(result?.ok).toBe(false);
      const problem = result && !result.ok ? result.problem : undefined;
      expect(problem?.field).toBe(label);
      expect(problem?.reason).toContain(`"- ${meant}:"`);
      expect(readRepoFile(file).split('\n')[problem!.line! - 1]).toContain(`- ${label}:`);
    }
  });
  it("never turns '- Authors: X' into an author", () => {
    const e = parseError('[TEST] T\n- Authors: Wei ZHANG\n- Language: English\n');
    expect([e.line, e.field]).toEqual([2, 'Authors']);
  });
  it('rejects a record longer than MAX_RECORD_CHARS without holding it, and reads the next one', async () => {
    const huge = 'x'.repeat(MAX_RECORD_CHARS + 10);
    const text = `[TEST] Big\n\t- Language: English\n\t- Abstract:\n\t${huge}\n[TEST] Small\n\t- Language: English\n`;
    const results = await readAll(text, 'big.txt', 65_536);
    expect(results.map((r) => r.ok)).toEqual([false, true]);
    const problem = results[0] && !results[0].ok ? results[0].problem : undefined;
    expect(problem).toMatchObject({ file: 'big.txt', line: 4, field: 'Abstract' });
    expect(problem?.reason).toBe('the record is larger than 4 MiB; it was not read');
  });
  it('reports an empty file once', async () => {
    expect(await readAll(' \n\t\n')).toEqual([
      {
        ok: false,
        problem: {
          file: 't.txt',
          line: 1,
          index: 0,
          field: 'Title',
          reason: 'the file is empty (a record needs at least a title)',
        },
      },
    ]);
  });
  it('recognises WPRIM content, near misses included, and nothing else', () => {
    expect(wprimReader.detect(seedText)).toBe(true);
    expect(wprimReader.detect(readRepoFile(fixture('near-miss-authors.txt')))).toBe(true);
    expect(wprimReader.detect(readRepoFile(fixture('garbage.txt')))).toBe(false);
    expect(wprimReader.detect('PMID- 12345\nTI  - A title\nAU  - Chen H\n')).toBe(false);
    expect(wprimReader.detect('[{"title": "x"}]')).toBe(false);
    expect(wprimReader.detect('PK\u0003\u0004\u0000- Author: x')).toBe(false);
  });
});

describe('field labels', () => {
  it("classifies exact labels, WPRIM's glued Country and near misses", () => {
    expect(classifyFieldLine('- Author:')).toEqual({ kind: 'known', field: 'Author', value: '' });
    expect(classifyFieldLine('- CountryChina')).toEqual({ kind: 'known', field: 'Country', value: 'China' });
    expect(classifyFieldLine('- Language:Chinese')).toEqual({ kind: 'known', field: 'Language', value: 'Chinese' });
    expect(classifyFieldLine('- Publisher: X')).toEqual({ kind: 'other', label: 'Publisher' });
    expect(classifyFieldLine('- Langauge: Chinese')).toEqual({
      kind: 'near-miss',
      label: 'Langauge',
      meant: 'Language',
    });
    expect(classifyFieldLine('- Vernacular Title: x')).toEqual({
      kind: 'near-miss',
      label: 'Vernacular Title',
      meant: 'VernacularTitle',
    });
    expect(classifyFieldLine('- PMID: 1')).toEqual({ kind: 'other', label: 'PMID' });
    expect(classifyFieldLine('- 30% of infants')).toBeUndefined();
    expect(nearMissOf('Doi')).toBe('DOI');
    expect(nearMissOf('Results')).toBeUndefined();
  });
});

describe('a WPRIM file without a title line', () => {
  it('is recognised as WPRIM and rejected for its missing title, naming the line', async () => {
    const text = '\n- Author:\nWei ZHANG\n';
    expect(wprimReader.detect(text)).toBe(true);
    const results: ReadResult[] = [];
    for await (const r of wprimReader.read(textChunks(text), 't.txt')) results.push(r);
    expect(results).toEqual([
      {
        ok: false,
        problem: {
          file: 't.txt',
          line: 2,
          index: 0,
          field: 'Title',
          reason: 'missing: the record starts with a field instead of a title line',
        },
      },
    ]);
  });
});
