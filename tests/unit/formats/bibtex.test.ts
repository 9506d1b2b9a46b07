import { describe, expect, it } from 'vitest';
import { bibtexReader } from '../../../src/ingest/parse/formats/bibtex/reader.ts';
import { describeLimit, MAX_RECORD_CHARS } from '../../../src/ingest/parse/common/limits.ts';
import { readAll, readFixture } from './readFixture.ts';

describe('BibTeX reader on Zotero exports (Better BibTeX)', async () => {
  const escaping = await readFixture('bibtex', 'zotero-bbt-name-escaping.bib', 50);
  const eszett = (await readFixture('bibtex', 'zotero-bbt-eszett.bib')).records[0];
  const pubmed = await readFixture('bibtex', 'zotero-bbt-biblatex-pubmed.bib');
  const groups = await readFixture('bibtex', 'zotero-bbt-biblatex-jabref-groups.bib', 50);

  it('is detected as BibTeX; each entry is a record with the line it starts on', () => {
    expect([escaping.reader.format, escaping.problems]).toEqual(['bibtex', []]);
    expect(escaping.records.map((r) => [r.origin.index, r.origin.line])).toEqual([
      [0, 2],
      [1, 8],
    ]);
  });
  it('decodes LaTeX accents in names to composed Unicode; a braced family name with its particle stays whole', () => {
    const [nome, gogh] = escaping.records;
    expect(nome?.authors.map((a) => [a.name, a.family, a.given])).toEqual([['Name Nöme', 'Nöme', 'Name']]);
    expect(nome?.authors[0]?.family?.normalize('NFC')).toBe(nome?.authors[0]?.family);
    expect(gogh?.authors.map((a) => [a.family, a.given])).toEqual([['van Gögh', 'Vincent']]);
    expect(nome?.title).toBe('Why Is Apple Launching a New Version of the iPod?');
    expect(nome?.year).toBe(2014);
    expect(eszett?.authors.map((a) => a.family)).toEqual(['Däßler']);
  });
  it('keeps a journal name with a comma, a DOI with <, > and ;, and comma-separated keywords in order', () => {
    expect(eszett?.journal?.title).toBe('Title, with comma');
    expect(eszett?.doi).toBe('10.1175/1520-0493(1987)115<1606:GARSPP>2.0.CO;2');
    expect(eszett?.subjects.map((s) => s.term)).toEqual(['breadcrust', 'plinian', 'Vulcanian eruptions']);
  });
  it('reads BibLaTeX journaltitle/shortjournal/date/langid and an eprint with eprinttype pubmed as the PMID', () => {
    expect(pubmed.problems).toEqual([]);
    const r = pubmed.records[0];
    expect(r?.authors.map((a) => [a.family, a.given])).toEqual([
      ['Vlček', 'Martin'],
      ['Vácha', 'Marek'],
    ]);
    expect(r?.journal).toEqual({
      title: 'Surgical and Radiologic Anatomy',
      abbreviation: 'Surg Radiol Anat',
      issns: [{ value: '1279-8517' }],
    });
    expect([r?.year, r?.pmid, r?.doi, r?.language]).toEqual([2014, '24828123', '10.1007/s00276-014-1305-7', 'english']);
  });
  it('takes the @comment blocks JabRef groups leave for no records; reads pages with --, two ISSNs in one field', () => {
    expect(groups.problems).toEqual([]);
    expect(groups.records.map((r) => [r.doi, r.year, r.firstPage, r.lastPage])).toEqual([
      ['10.1109/HiPC.2011.6152428', 2011, '1', '10'],
      ['10.1109/SC.2014.72', 2014, '819', '829'],
      ['10.1175/BAMS-D-11-00094.1', 2011, '485', '498'],
    ]);
    expect(groups.records[2]?.journal?.issns).toEqual([{ value: '0003-0007' }, { value: '1520-0477' }]);
    expect(groups.records[2]?.subjects.map((s) => s.term)).toEqual([
      'bdec15',
      'jasmin13a',
      'p-12-iam',
      'p-gmdm41',
      'zotero_testcase',
    ]);
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
  it('names an entry without title by its key and line, and reads the entries around it', async () => {
    // Written here to exercise the problem path; no exporter was seen writing such an entry.
    const text =
      '@article{a, title = {A}, year = 2020}\n\n@article{notitle2020, year = 2020}\n\n@article{b, title = {B}}\n';
    const { records, problems } = await readAll(bibtexReader, text, 'x.bib');
    expect(records.map((r) => r.title)).toEqual(['A', 'B']);
    expect(problems).toEqual([
      { file: 'x.bib', line: 3, index: 1, field: 'title', reason: 'the entry "notitle2020" has no title' },
    ]);
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
