import { describe, expect, it } from 'vitest';
import { bibtexReader } from '../../../src/ingest/parse/formats/bibtex/reader.ts';
import { describeLimit, MAX_RECORD_CHARS } from '../../../src/ingest/parse/common/limits.ts';
import { byTitle, readAll, readFixture } from './readFixture.ts';
import { citationOf, SEED_RECORD_CITATION } from '../../helpers/seedRecord.ts';

describe('BibTeX reader', async () => {
  const { reader, records, problems } = await readFixture('bibtex', 'library.bib', 50);
  const chen = byTitle(records, 'Study progress');
  const mueller = byTitle(records, '[TEST] Probiotics');
  const liu = byTitle(records, '[TEST] A conference paper');

  it('is detected as BibTeX; @string and @comment are not records; the entry without title is a problem', () => {
    expect(reader.format).toBe('bibtex');
    expect(records.map((r) => [r.origin.index, r.origin.line])).toEqual([
      [0, 5],
      [1, 21],
      [2, 39],
    ]);
    expect(problems).toEqual([
      {
        file: 'tests/fixtures/formats/bibtex/library.bib',
        line: 51,
        index: 3,
        field: 'title',
        reason: 'the entry "notitle2020" has no title',
      },
    ]);
  });
  it('expands @string macros and reads protected-case names, pages with --, ISSN, keywords in order', () => {
    expect(chen.title).toBe(
      'Study progress of exosomes derived from mesenchymal stem cells in the treatment of complications related to preterm infants',
    );
    expect(chen.authors.map((a) => [a.name, a.family, a.given])).toEqual([
      ['Haoming CHEN', 'CHEN', 'Haoming'],
      ['Qingfei HAO', 'HAO', 'Qingfei'],
      ['Xiuyong CHENG', 'CHENG', 'Xiuyong'],
    ]);
    expect(chen.journal).toEqual({
      title: 'Chinese Journal of Applied Clinical Pediatrics',
      abbreviation: 'Chin J Appl Clin Pediatr',
      issns: [{ value: '2095-428X' }],
    });
    expect(citationOf(chen)).toEqual(SEED_RECORD_CITATION);
    expect(chen.doi).toBe('10.3760/cma.j.cn101070-20200616-01000');
    expect(chen.subjects.map((s) => s.term)).toEqual(['Exosomes', 'Mesenchymal stem cell', 'Preterm']);
    expect(chen.language).toBe('chinese');
    expect(chen.publicationTypes).toEqual(['article']);
  });
  it('decodes LaTeX accents and commands in names and titles to composed Unicode', () => {
    expect(mueller.title).toBe('[TEST] Probiotics & necrotizing enterocolitis: a Lactobacillus trial in NEC');
    expect(mueller.authors.map((a) => a.name)).toEqual([
      'Jürgen Müller',
      'Émilie Lefèvre',
      'José García',
      'Jan van der Berg',
      'Test Neonatal Network',
      '张伟',
    ]);
    expect(mueller.authors[2]?.family).toBe('García');
    expect(mueller.authors[2]?.family?.normalize('NFC')).toBe(mueller.authors[2]?.family);
    expect(mueller.authors[3]).toMatchObject({ family: 'van der Berg', given: 'Jan' });
    expect(mueller.authors[4]).toMatchObject({ name: 'Test Neonatal Network', collective: true });
    expect(mueller.abstract).toBe('Fictional test data. We gave 50% of infants α-lactalbumin in vivo.');
  });
  it('reads BibLaTeX journaltitle/date, eprint with eprinttype pubmed, a DOI URL and ; keywords', () => {
    expect(mueller.journal?.title).toBe('Journal of Test Neonatology');
    expect(mueller.year).toBe(2022);
    expect(mueller.pmid).toBe('99000201');
    expect(mueller.doi).toBe('10.9999/test.fmt.201');
    expect(mueller.issue).toBe('Spring');
    expect(mueller.subjects.map((s) => s.term)).toEqual(['probiotics', 'necrotizing enterocolitis']);
    expect(mueller.language).toBe('english');
  });
  it("keeps an affiliation field: the record's when several authors, the author's when one", () => {
    expect(mueller.affiliations?.map((a) => a.text)).toEqual([
      'Institut für Testmedizin, Universität Teststadt',
      'Hospital de Prueba, Madrid',
    ]);
    expect(liu.authors[0]?.affiliations).toEqual([{ text: 'Test University, Test City' }]);
    expect(liu.pmid).toBe('99000202');
    expect([liu.firstPage, liu.lastPage]).toEqual(['10', '12']);
  });
});

describe('BibTeX reader problems', () => {
  it('names an unterminated entry with a file line and reads the entries around it', async () => {
    const { records, problems } = await readFixture('bibtex', 'malformed.bib');
    expect(records.map((r) => r.title)).toEqual([
      '[TEST] A complete entry before the broken one',
      '[TEST] A complete entry after the broken one',
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ index: 1, field: '@article', line: 9 });
    expect(problems[0]?.reason).toMatch(/Unterminated brace-value .* at line 9/);
  });
  it('uses @string macros defined earlier in the file, across chunks', async () => {
    const text =
      '@string{j = "Test Journal"}\n\n@article{a,\n title = {T},\n journal = j # { Letters},\n year = {2020}}\n';
    const { records } = await readAll(bibtexReader, text, 'x.bib', 7);
    expect(records[0]?.journal?.title).toBe('Test Journal Letters');
  });
});

describe('BibTeX @string macros are bounded before they are expanded', () => {
  it('expands macros as the parser would: quoted and braced values, LaTeX, nesting, any letter case, month names', async () => {
    const text = [
      '@string{ Jab = "J. {\\"u}ber" # " X"}',
      '@string{s1 = JAB # { and } # jab, two = {Second}}',
      '@article{k,',
      '  title = s1 # { (} # two # {)},',
      '  journal = jab,',
      '  month = jan,',
      '  year = 2001}',
    ].join('\n');
    const { records, problems } = await readAll(bibtexReader, text, 'm.bib');
    expect(problems).toEqual([]);
    expect(records[0]).toMatchObject({
      title: 'J. über X and J. über X (Second)',
      journal: { title: 'J. über X' },
      year: 2001,
    });
  });

  it('refuses doubling macros (s1 = s0 # s0 … s17) by name at the first one over the limit, without expanding them', async () => {
    const lines = [
      '@string{s0 = "' + 'a'.repeat(1000) + '"}',
      ...Array.from({ length: 17 }, (_, i) => `@string{s${i + 1} = s${i} # s${i}}`),
    ];
    const text = [
      ...lines,
      '@article{big, title = s17, year = 2001}',
      '@article{long, title = {T}, journal = s4, year = 2001}',
      '@article{ok, title = {Fine}, journal = s0, year = 2001}',
    ].join('\n');
    const { records, problems } = await readAll(bibtexReader, text, 'doubling.bib');
    // s0 … s4 (16,000 characters) are within the 30,000 a macro may hold; s5 would be 32,000.
    expect(problems[0]).toEqual({
      file: 'doubling.bib',
      line: 6,
      field: '@string',
      reason: expect.stringMatching(
        /macro s5 would expand to 32,000 characters, more than 30,000 \(MAX_ABSTRACT_CHARS.*not expanded/,
      ),
    });
    expect(
      problems.slice(1, 13).every((p) => /uses the macro s\d+, whose @string definition was refused/.test(p.reason)),
    ).toBe(true);
    expect(problems[13]).toMatchObject({
      line: 19,
      index: 0,
      field: 'title',
      reason: expect.stringContaining('uses the macro s17, whose @string definition was refused'),
    });
    expect(problems[14]).toMatchObject({
      line: 20,
      index: 1,
      field: 'journal',
      reason: expect.stringMatching(/would expand to 16,000 characters, more than 2,000 \(MAX_JOURNAL_TITLE_CHARS\)/),
    });
    expect(records.map((r) => r.title)).toEqual(['Fine']);
    expect(records[0]?.journal?.title).toHaveLength(1000);
  });

  it('reads 20,000 @string lines and the entries using them (the table is never copied per definition)', async () => {
    const text = [
      ...Array.from({ length: 20_000 }, (_, i) => `@string{m${i} = "Journal of Things ${i}"}`),
      '@article{k, title = {T}, journal = m19999, year = 2001}',
    ].join('\n');
    const { records, problems } = await readAll(bibtexReader, text, 'many.bib', 64 * 1024);
    expect(problems).toEqual([]);
    expect(records[0]?.journal?.title).toBe('Journal of Things 19999');
  });

  it('expands a chain of 20,000 definitions that each extend the one before without recursion, within the limits', async () => {
    const text = [
      '@string{c0 = "x"}',
      ...Array.from({ length: 19_999 }, (_, i) => `@string{c${i + 1} = c${i} # "y"}`),
      '@article{k, title = c1999, year = 2001}',
      '@article{l, title = {T}, abstract = c19999, year = 2001}',
    ].join('\n');
    const { records, problems } = await readAll(bibtexReader, text, 'chain.bib', 64 * 1024);
    expect(records[0]?.title).toBe(`x${'y'.repeat(1999)}`);
    expect(problems).toEqual([]);
    expect(records[1]?.abstract).toHaveLength(20_000);
  });

  it('refuses an entry whose fields together would expand beyond the record limit', async () => {
    // Each use of the macro adds 25,000 characters: the uses of the two fields together pass the record limit.
    const uses = Math.ceil(MAX_RECORD_CHARS / 25_000 / 2) + 5;
    const text = [
      '@string{a = "' + 'a'.repeat(25_000) + '"}',
      `@article{k, title = {T}, note = ${Array.from({ length: uses }, () => 'a').join(' # ')}, annote = ${Array.from({ length: uses }, () => 'a').join(' # ')}, year = 2001}`,
    ].join('\n');
    const { records, problems } = await readAll(bibtexReader, text, 'wide.bib', 64 * 1024);
    expect(records).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({
        field: '(record)',
        reason: expect.stringContaining(`more than ${describeLimit(MAX_RECORD_CHARS)} (MAX_RECORD_CHARS)`),
      }),
    ]);
  });
});
