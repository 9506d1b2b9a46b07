import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyReviews,
  compareRecords,
  formatOf,
  NOT_COMPARED,
  normalizeDoi,
  normalizeTitle,
  normalizeYear,
  type RecordFields,
  type Review,
  SHORT_DOI_RULE,
  VERDICTS,
} from '../../../bench/agreement/compare.ts';
import { assembleFolder, classify, readReadme, realExports, unlistedFiles } from '../../../bench/agreement/folder.ts';
import { PROJECT_ROOT } from '../../helpers/runSeedCli.ts';

const FIXTURES = path.join(PROJECT_ROOT, 'tests/fixtures/formats');

const record = (fields: Partial<RecordFields> & { index: number }): RecordFields => ({
  file: 'ris/a.ris',
  title: 'A title',
  doi: '10.1/x',
  year: 2020,
  authors: 2,
  ...fields,
});

describe('agreement normalization', () => {
  it('compares titles without markup, entities, LaTeX, case, punctuation and spacing', () => {
    expect(normalizeTitle('Effects of <i>Lactobacillus</i> &amp; NEC:  a  Trial.')).toBe(
      normalizeTitle('effects of Lactobacillus & NEC - a trial'),
    );
    expect(normalizeTitle('{\\emph{Über}} {CHEN}')).toBe('über chen');
    expect(normalizeTitle('ＡＢＣ　test')).toBe('abc test');
    expect(normalizeTitle('黄芪多糖复合酶提取工艺优化及其α-葡萄糖苷酶抑制活性')).toBe(
      '黄芪多糖复合酶提取工艺优化及其α 葡萄糖苷酶抑制活性',
    );
    expect(normalizeTitle('  ')).toBeNull();
    expect(normalizeTitle(null)).toBeNull();
    // Words stay words: a different word is a different title.
    expect(normalizeTitle('Cell growth')).not.toBe(normalizeTitle('Cell grows'));
  });

  it('compares DOIs without resolver prefixes, case-insensitively', () => {
    expect(normalizeDoi('https://doi.org/10.1016/J.JOI.2017.08.007')).toBe('10.1016/j.joi.2017.08.007');
    expect(normalizeDoi('http://dx.doi.org/10.1186/s40468-019-0086-7')).toBe('10.1186/s40468-019-0086-7');
    expect(normalizeDoi('doi: 10.1/X')).toBe('10.1/x');
    expect(normalizeDoi('')).toBeNull();
    expect(normalizeDoi(undefined)).toBeNull();
  });

  it('takes the year as the first four-digit number', () => {
    expect(normalizeYear('2021/06//')).toBe(2021);
    expect(normalizeYear(1989)).toBe(1989);
    expect(normalizeYear('Spring 1987-1988')).toBe(1987);
    expect(normalizeYear('in press')).toBeNull();
    expect(normalizeYear(null)).toBeNull();
  });
});

describe('compareRecords', () => {
  it('pairs records by file and position and counts each field and the records agreeing on all four', () => {
    const ours = [
      record({ index: 0 }),
      record({ index: 1, title: 'Other', doi: 'https://doi.org/10.1/Y' }),
      record({ index: 2, authors: 3 }),
      record({ index: 3 }),
    ];
    const theirs = [
      record({ index: 0, title: 'a title.', year: '2020//' }),
      record({ index: 1, title: 'other', doi: '10.1/y' }),
      record({ index: 2, authors: 2 }),
      record({ index: 4 }),
    ];
    const result = compareRecords(ours, theirs);
    expect(result.records).toBe(5);
    expect(result.fields.title).toEqual({ agree: 3, total: 5, percent: 60 });
    expect(result.fields.authors.agree).toBe(2);
    expect(result.allFields).toEqual({ agree: 2, total: 5, percent: 40 });
    expect(result.disagreements).toEqual([
      { file: 'ris/a.ris', index: 2, field: 'authors', ours: 3, theirs: 2 },
      expect.objectContaining({ index: 3, field: 'record', theirs: null }),
      expect.objectContaining({ index: 4, field: 'record', ours: null }),
    ]);
  });

  it('counts a reviewed disagreement as agreeing only while both sides still give the reviewed values', () => {
    const theirs = [record({ index: 0, authors: 1 }), record({ index: 1, doi: null })];
    const review = {
      file: 'ris/a.ris',
      index: 0,
      field: 'authors' as const,
      ours: 4,
      theirs: 1,
      verdict: 'other-parser-mistake' as const,
      why: 'commas',
    };
    const agreeing = applyReviews(compareRecords([record({ index: 0, authors: 4 }), record({ index: 1 })], theirs), [
      review,
    ]);
    expect(agreeing.allFields).toEqual({ agree: 1, total: 2, percent: 50 });
    expect(agreeing.explained).toEqual([expect.objectContaining({ index: 0, field: 'authors', why: 'commas' })]);
    expect(agreeing.open).toEqual([expect.objectContaining({ index: 1, field: 'doi' })]);
    expect(agreeing.stale).toEqual([]);
    // Our reader now says 5: the review no longer applies and is reported stale.
    const changed = applyReviews(compareRecords([record({ index: 0, authors: 5 }), record({ index: 1 })], theirs), [
      review,
    ]);
    expect(changed.allFields.agree).toBe(0);
    expect(changed.stale).toEqual([review]);
  });

  it("counts rule differences apart from the other parser's mistakes, both as agreeing after review", () => {
    const ours = [record({ index: 0, authors: 4 }), record({ index: 1, year: 2019 }), record({ index: 2, doi: null })];
    const theirs = [record({ index: 0, authors: 1 }), record({ index: 1, year: '2018' }), record({ index: 2 })];
    const at = (index: number, field: 'authors' | 'year', o: unknown, t: unknown) => ({
      file: 'ris/a.ris',
      index,
      field,
      ours: o,
      theirs: t,
    });
    const result = applyReviews(compareRecords(ours, theirs), [
      { ...at(0, 'authors', 4, 1), verdict: 'other-parser-mistake', why: 'commas' },
      { ...at(1, 'year', 2019, '2018'), verdict: 'rule-difference', why: 'print year against issued' },
    ]);
    expect(result.mistakes.map((d) => [d.index, d.verdict])).toEqual([[0, 'other-parser-mistake']]);
    expect(result.ruleDifferences.map((d) => [d.index, d.verdict])).toEqual([[1, 'rule-difference']]);
    expect(result.open.map((d) => [d.index, d.field])).toEqual([[2, 'doi']]);
    expect(result.allFields).toEqual({ agree: 2, total: 3, percent: 66.67 });
  });

  it('lists a disagreement reviewed as our mistake apart from the open ones, and still counts it as disagreeing', () => {
    const ours = [record({ index: 0, authors: 4 }), record({ index: 1, year: 2019 })];
    const theirs = [record({ index: 0, authors: 1 }), record({ index: 1, year: '2018' })];
    const review = { file: 'ris/a.ris', index: 0, field: 'authors' as const, ours: 4, theirs: 1 };
    const result = applyReviews(compareRecords(ours, theirs), [{ ...review, verdict: 'our-mistake', why: 'ours' }]);
    expect(result.ours.map((d) => [d.index, d.verdict, d.why])).toEqual([[0, 'our-mistake', 'ours']]);
    expect(result.explained).toEqual([]);
    expect(result.open.map((d) => [d.index, d.field])).toEqual([[1, 'year']]);
    expect(result.allFields).toEqual({ agree: 0, total: 2, percent: 0 });
  });

  it('takes their shortDOI against the shortDOI our source keeps as its accession for a rule difference, still listed', () => {
    const ours = [
      record({ index: 0, doi: '10.1177/0193723504268729', shortDoi: '10/fqd6hj' }),
      record({ index: 1, doi: null, shortDoi: '10/gfzrww' }),
      record({ index: 2, doi: null, shortDoi: '10/gfzrww' }),
      record({ index: 3, doi: null }),
    ];
    const theirs = [
      record({ index: 0, doi: '10/FQD6HJ' }),
      record({ index: 1, doi: 'https://doi.org/10/gfzrww' }),
      record({ index: 2, doi: '10/other1' }),
      record({ index: 3, doi: '10/gfzrww' }),
    ];
    const compared = compareRecords(ours, theirs);
    expect(compared.fields.doi.agree).toBe(0);
    expect(compared.disagreements.map((d) => [d.index, d.rule])).toEqual([
      [0, SHORT_DOI_RULE],
      [1, SHORT_DOI_RULE],
      [2, undefined],
      [3, undefined],
    ]);
    const result = applyReviews(compared, []);
    expect(result.ruleDifferences.map((d) => [d.index, d.verdict, d.why])).toEqual([
      [0, 'rule-difference', SHORT_DOI_RULE],
      [1, 'rule-difference', SHORT_DOI_RULE],
    ]);
    // Another shortDOI than ours, or none kept by us: open.
    expect(result.open.map((d) => d.index)).toEqual([2, 3]);
    expect(result.mistakes).toEqual([]);
  });

  it('leaves out the files of a declared format, by format, and says how many records each holds and why', () => {
    const declared = [{ format: 'noteexpress', reason: 'no maintained parser' }];
    const ours = [
      record({ file: 'noteexpress/w.net', index: 0 }),
      record({ file: 'noteexpress/w.net', index: 1 }),
      record({ file: 'extra/noteexpress/whole.net', index: 0 }),
      record({ index: 0 }),
      record({ index: 1, authors: 3 }),
    ];
    // Even what the other side gives for a declared format is left out: the exclusion is not by outcome.
    const theirs = [
      record({ file: 'noteexpress/w.net', index: 0, title: 'other' }),
      record({ index: 0 }),
      record({ index: 1 }),
    ];
    const result = compareRecords(ours, theirs, declared);
    expect(result.records).toBe(2);
    expect(result.allFields).toEqual({ agree: 1, total: 2, percent: 50 });
    expect(result.fields.title).toEqual({ agree: 2, total: 2, percent: 100 });
    expect(result.disagreements).toEqual([{ file: 'ris/a.ris', index: 1, field: 'authors', ours: 3, theirs: 2 }]);
    expect(result.notCompared).toEqual([
      { file: 'extra/noteexpress/whole.net', format: 'noteexpress', records: 1, reason: 'no maintained parser' },
      { file: 'noteexpress/w.net', format: 'noteexpress', records: 2, reason: 'no maintained parser' },
    ]);
  });

  it('counts every record of a compared format the other parser reads nothing from as a disagreement', () => {
    // The file holds records for us; the independent side read none (a broken or wrong parser).
    const ours = [
      record({ file: 'endnote/e.txt', index: 0 }),
      record({ file: 'endnote/e.txt', index: 1 }),
      record({ index: 0 }),
    ];
    const result = applyReviews(compareRecords(ours, [record({ index: 0 })], NOT_COMPARED), []);
    expect(result.allFields).toEqual({ agree: 1, total: 3, percent: 33.33 });
    expect(result.open.map((d) => [d.file, d.index, d.field, d.theirs])).toEqual([
      ['endnote/e.txt', 0, 'record', null],
      ['endnote/e.txt', 1, 'record', null],
    ]);
    expect(compareRecords(ours, [record({ index: 0 })], NOT_COMPARED).notCompared).toEqual([]);
  });

  it('declares NoteExpress and CNKI E-Study not compared, each with its reason, by the folder a file is in', () => {
    expect(NOT_COMPARED.map((n) => n.format).sort()).toEqual(['cnki-estudy', 'noteexpress']);
    for (const n of NOT_COMPARED) expect(n.reason).toMatch(/no (maintained )?parser/i);
    expect(formatOf('cnki-estudy/cnki-estudy.txt')).toBe('cnki-estudy');
    expect(formatOf('extra/noteexpress/whole.net')).toBe('noteexpress');
    // Every declared format is a folder of the fixtures, so a renamed folder cannot silently end the exclusion.
    const folders = readdirSync(FIXTURES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    for (const n of NOT_COMPARED) expect(folders).toContain(n.format);
  });

  it('gives every review of reviewed.json a verdict', () => {
    const reviews = JSON.parse(
      readFileSync(path.join(PROJECT_ROOT, 'bench/agreement/reviewed.json'), 'utf8'),
    ) as Review[];
    expect(reviews.filter((r) => !VERDICTS.includes(r.verdict))).toEqual([]);
    expect(() => applyReviews(compareRecords([], []), reviews)).not.toThrow();
  });

  it('refuses a review without a known verdict', () => {
    const bad = { file: 'ris/a.ris', index: 0, field: 'authors', ours: 4, theirs: 1, why: 'x' } as unknown as Review;
    expect(() => applyReviews(compareRecords([record({ index: 0 })], [record({ index: 0 })]), [bad])).toThrow(
      /verdict undefined is none of other-parser-mistake, rule-difference/,
    );
  });
});

describe('the all-vendors folder', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('takes exactly the files the fixtures README lists as real exports, by vendor class', () => {
    const readme = readReadme(FIXTURES);
    const exports = realExports(readme, FIXTURES);
    const files = exports.map((e) => e.file);
    expect(files).toContain('wos/metaknowledge-savedrecs.txt');
    expect(files).toContain('pubmed-xml/book-article.xml');
    // The hand-written test data is not taken.
    expect(files).not.toContain('ris/no-title.ris');
    expect(files).not.toContain('medline/written-records.nbib');
    const classes = new Map(classify(exports).map((c) => [c.name, c.files]));
    expect(classes.get('Web of Science tab-delimited')).toEqual(['wos/labnetwork-savedrecs-tab.txt']);
    expect(classes.get('EBSCO RIS')).toEqual(['ris/ebsco-envindex.ris', 'ris/ebsco-crimjust.ris']);
    expect(classes.get('PubMed XML book')).toEqual(['pubmed-xml/book-article.xml']);
    expect(unlistedFiles(readme, FIXTURES)).toEqual([]);

    const target = mkdtempSync(path.join(os.tmpdir(), 'agreement-folder-'));
    dirs.push(target);
    assembleFolder(exports, FIXTURES, target);
    expect(readdirSync(path.join(target, 'wos')).sort()).toEqual([
      'bibliometrix-wos_sample.txt',
      'labnetwork-savedrecs-tab.txt',
      'metaknowledge-savedrecs.txt',
    ]);
  });

  it('picks up a new README row without a change to the code', () => {
    const readme = `## Real export files\n\n| file | vendor |\n|---|---|\n| \`ris/ovid-eric.ris\` | Ovid (ERIC) RIS export |\n| \`scopus-csv/metaknowledge-scopus_testing.csv\` | x |\n\n## Other\n\n| \`ris/no-title.ris\` | made by the project |\n`;
    const exports = realExports(readme, FIXTURES);
    expect(exports.map((e) => e.file)).toEqual(['ris/ovid-eric.ris', 'scopus-csv/metaknowledge-scopus_testing.csv']);
    const classes = new Map(classify(exports).map((c) => [c.name, c.files]));
    expect(classes.get('Ovid RIS')).toEqual(['ris/ovid-eric.ris']);
    expect(classes.get('Zotero RIS')).toEqual([]);
  });
});
