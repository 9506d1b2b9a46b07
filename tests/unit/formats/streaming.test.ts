import { describe, expect, it } from 'vitest';
import type { ReadResult } from '../../../src/ingest/model.ts';
import { describeLimit, MAX_RECORD_CHARS } from '../../../src/ingest/parse/common/limits.ts';
import { bibtexReader } from '../../../src/ingest/parse/formats/bibtex/reader.ts';
import { crossrefReader } from '../../../src/ingest/parse/formats/crossref/reader.ts';
import { cslJsonReader } from '../../../src/ingest/parse/formats/csl-json/reader.ts';
import { endnoteReader } from '../../../src/ingest/parse/formats/endnote/reader.ts';
import { lensCsvReader } from '../../../src/ingest/parse/formats/lens/reader.ts';
import { refworksReader } from '../../../src/ingest/parse/formats/refworks/reader.ts';
import { scopusCsvReader } from '../../../src/ingest/parse/formats/scopus/reader.ts';
import { wosReader } from '../../../src/ingest/parse/formats/wos/reader.ts';
import { medlineReader } from '../../../src/ingest/parse/formats/medline/reader.ts';
import { openAlexReader } from '../../../src/ingest/parse/formats/openalex/reader.ts';
import { pubmedXmlReader } from '../../../src/ingest/parse/formats/pubmed-xml/reader.ts';
import { risReader } from '../../../src/ingest/parse/formats/ris/reader.ts';
import type { RecordReader } from '../../../src/ingest/parse/RecordReader.ts';
import { readAll } from './readFixture.ts';

/**
 * A generated file, produced lazily in chunks: `progress.produced` says how many records the
 * generator has handed out so far, so a test can see that the reader yields records while the
 * input is still being produced (it streams) instead of after collecting it.
 */
function generated(
  count: number,
  record: (i: number) => string,
  options: { before?: string; after?: string; perChunk?: number } = {},
) {
  const progress = { produced: 0 };
  async function* chunks(): AsyncGenerator<string> {
    if (options.before) yield options.before;
    const perChunk = options.perChunk ?? 50;
    for (let i = 0; i < count; i += perChunk) {
      let chunk = '';
      for (let j = i; j < Math.min(count, i + perChunk); j++) chunk += record(j);
      progress.produced = Math.min(count, i + perChunk);
      yield chunk;
    }
    if (options.after) yield options.after;
  }
  return { chunks: chunks(), progress };
}

async function streamCount(reader: RecordReader, input: ReturnType<typeof generated>, total: number) {
  let records = 0;
  let problems = 0;
  let producedAtFirstRecord = -1;
  let lastIndex = -1;
  for await (const r of reader.read(input.chunks, 'generated')) {
    if (producedAtFirstRecord < 0) producedAtFirstRecord = input.progress.produced;
    if (r.ok) {
      records++;
      lastIndex = r.record.origin.index;
    } else problems++;
  }
  expect(producedAtFirstRecord).toBeGreaterThan(0);
  expect(producedAtFirstRecord).toBeLessThan(total);
  return { records, problems, lastIndex };
}

const openAlexLine = (i: number) =>
  `${JSON.stringify({ id: `https://openalex.org/W${900000 + i}`, title: `[TEST] Generated work ${i}`, publication_year: 2000 + (i % 25), authorships: [{ author: { display_name: `Author ${i}` }, raw_affiliation_strings: ['Test University'], institutions: [] }], referenced_works: [`https://openalex.org/W${900000 + ((i + 1) % 20000)}`] })}\n`;

// Generous timeouts: the machine running the tests is shared; nothing here measures time.
describe('streamed reading of large generated inputs', { timeout: 120_000 }, () => {
  it('reads 20,000 OpenAlex JSON Lines records while the input is still being produced', async () => {
    const result = await streamCount(openAlexReader, generated(20_000, openAlexLine), 20_000);
    expect(result).toEqual({ records: 20_000, problems: 0, lastIndex: 19_999 });
  });

  it('reads 20,000 MEDLINE records while the input is still being produced', async () => {
    const medline = (i: number) =>
      `PMID- ${i + 1}\nTI  - [TEST] Generated record ${i}\n      continued\nFAU - Doe, Jane\nAU  - Doe J\nAD  - Test University.\nMH  - *Humans\nDP  - 2021 Jan\nPG  - 100-9\n\n`;
    const result = await streamCount(medlineReader, generated(20_000, medline), 20_000);
    expect(result).toEqual({ records: 20_000, problems: 0, lastIndex: 19_999 });
  });

  it('reads a 5,000-work OpenAlex JSON array (the streaming tokenizer path) as it arrives', async () => {
    const input = generated(5_000, (i) => `${i === 0 ? '' : ','}${openAlexLine(i).trim()}`, {
      before: '[\n',
      after: '\n]\n',
    });
    expect(await streamCount(openAlexReader, input, 5_000)).toEqual({ records: 5_000, problems: 0, lastIndex: 4_999 });
  });

  it('reads a 3,000-item Crossref works query (message.items) as it arrives', async () => {
    const item = (i: number) =>
      `${i === 0 ? '' : ','}{"DOI":"10.9999/gen.${i}","title":["[TEST] Item ${i}"],"type":"journal-article"}`;
    const input = generated(3_000, item, {
      before: '{"status":"ok","message-type":"work-list","message":{"facets":{},"items":[',
      after: '],"items-per-page":3000}}',
    });
    expect(await streamCount(crossrefReader, input, 3_000)).toEqual({ records: 3_000, problems: 0, lastIndex: 2_999 });
  });

  it('reads 3,000 RIS, 3,000 PubMed XML and 300 BibTeX records as they arrive', async () => {
    const ris = (i: number) => `TY  - JOUR\nTI  - [TEST] RIS ${i}\nAU  - Doe, Jane\nPY  - 2020\nER  - \n`;
    expect(await streamCount(risReader, generated(3_000, ris), 3_000)).toMatchObject({ records: 3_000, problems: 0 });
    const xml = (i: number) =>
      `<PubmedArticle><MedlineCitation><PMID>${i + 1}</PMID><Article><ArticleTitle>[TEST] XML ${i}</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n`;
    expect(
      await streamCount(
        pubmedXmlReader,
        generated(3_000, xml, { before: '<PubmedArticleSet>\n', after: '</PubmedArticleSet>\n' }),
        3_000,
      ),
    ).toMatchObject({
      records: 3_000,
      problems: 0,
    });
    const bib = (i: number) =>
      `@article{k${i},\n  title = {[TEST] Bib {\\"u} ${i}},\n  author = {Doe, Jane},\n  year = {2020},\n}\n`;
    expect(await streamCount(bibtexReader, generated(300, bib, { perChunk: 10 }), 300)).toMatchObject({
      records: 300,
      problems: 0,
    });
  });
});

// Every reader, as docs/limits.md says of MAX_RECORD_CHARS ("enforced by every reader while it reads");
// WPRIM's own splitter is tested in wprimReader.test.ts.
describe('a record larger than the limit is a problem, and reading goes on', { timeout: 60_000 }, () => {
  const huge = 'x'.repeat(MAX_RECORD_CHARS + 10);
  const cases: Array<[string, RecordReader, string]> = [
    ['MEDLINE', medlineReader, `PMID- 1\nTI  - big\nAB  - ${huge}\n\nPMID- 2\nTI  - [TEST] after\n`],
    ['RIS', risReader, `TY  - JOUR\nTI  - big\nAB  - ${huge}\nER  - \nTY  - JOUR\nTI  - [TEST] after\nER  - \n`],
    [
      'BibTeX',
      bibtexReader,
      `@article{a,\n title = {big},\n abstract = {${huge}}}\n@article{b,\n title = {[TEST] after}}\n`,
    ],
    [
      'OpenAlex JSON Lines',
      openAlexReader,
      `{"title":"[TEST] before"}\n{"title":"big","x":"${huge}"}\n{"title":"[TEST] after"}\n`,
    ],
    [
      'OpenAlex JSON array',
      openAlexReader,
      `[{"title":"big","authorships":[],"x":"${huge}"},\n{"title":"[TEST] after","authorships":[]}]`,
    ],
    [
      'PubMed XML',
      pubmedXmlReader,
      `<PubmedArticleSet><PubmedArticle><MedlineCitation><Article><ArticleTitle>big</ArticleTitle><Abstract><AbstractText>${huge}</AbstractText><AbstractText>more</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>\n<PubmedArticle><MedlineCitation><Article><ArticleTitle>[TEST] after</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>`,
    ],
    [
      'Crossref',
      crossrefReader,
      `{"status":"ok","message-type":"work-list","message":{"items":[{"title":["big"],"abstract":"${huge}"},{"title":["[TEST] after"]}]}}`,
    ],
    [
      'CSL-JSON',
      cslJsonReader,
      `[{"type":"article-journal","title":"big","abstract":"${huge}"},{"type":"article-journal","title":"[TEST] after"}]`,
    ],
    ['EndNote', endnoteReader, `%0 Journal Article\n%T big\n%X ${huge}\n\n%0 Journal Article\n%T [TEST] after\n`],
    ['RefWorks', refworksReader, `RT Journal Article\nT1 big\nAB ${huge}\n\nRT Journal Article\nT1 [TEST] after\n`],
    [
      'Web of Science',
      wosReader,
      `FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI big\nAB ${huge}\nER\n\nPT J\nTI [TEST] after\nER\n\nEF\n`,
    ],
  ];
  for (const [name, reader, text] of cases) {
    it(name, async () => {
      const { results } = await readAll(reader, text, 'big', 64 * 1024);
      const big = results.find((r): r is Extract<ReadResult, { ok: false }> => !r.ok);
      expect(big?.problem.reason).toContain(`larger than ${describeLimit(MAX_RECORD_CHARS)}; it was not read`);
      const titles = results.filter((r): r is Extract<ReadResult, { ok: true }> => r.ok).map((r) => r.record.title);
      expect(titles).toContain('[TEST] after');
      expect(titles).not.toContain('big');
    });
  }
});

// A CSV row cannot be skipped: after an over-long quoted field no line can be trusted to start a row,
// so the limit ends the file there, by name (docs/limits.md), with the rows before it read.
describe('a CSV row larger than the limit ends the file by name, the rows before it read', { timeout: 60_000 }, () => {
  const huge = 'x'.repeat(MAX_RECORD_CHARS + 10);
  const cases: Array<[string, RecordReader, string]> = [
    [
      'Scopus CSV',
      scopusCsvReader,
      `Authors,Title,Year,Source title,Abstract,EID\nDoe J.,[TEST] before,2020,J,,2-s2.0-1\nDoe J.,big,2020,J,"${huge}",2-s2.0-2\nDoe J.,[TEST] after,2020,J,,2-s2.0-3\n`,
    ],
    [
      'Lens CSV',
      lensCsvReader,
      `Lens ID,Title,Author/s,Abstract\n000-000-000-000-001,[TEST] before,Jane Doe,\n000-000-000-000-002,big,Jane Doe,"${huge}"\n000-000-000-000-003,[TEST] after,Jane Doe,\n`,
    ],
  ];
  for (const [name, reader, text] of cases) {
    it(name, async () => {
      const { results } = await readAll(reader, text, 'big', 64 * 1024);
      const problems = results.filter((r): r is Extract<ReadResult, { ok: false }> => !r.ok);
      expect(problems.map((p) => p.problem.reason)).toEqual([
        `a row is larger than ${describeLimit(MAX_RECORD_CHARS)}; the rest of the file was not read`,
      ]);
      const titles = results.filter((r): r is Extract<ReadResult, { ok: true }> => r.ok).map((r) => r.record.title);
      expect(titles).toEqual(['[TEST] before']);
    });
  }
});

describe('chunk boundaries do not change what is read', () => {
  it('reads the same records whatever the chunk size', async () => {
    const text = `PMID- 1\nTI  - Tïtle ü\nFAU - Müller, J\n\nPMID- 2\nTI  - 张伟\n`;
    const whole = await readAll(medlineReader, text, 'x', 10_000);
    for (const size of [1, 2, 3, 7])
      expect((await readAll(medlineReader, text, 'x', size)).results).toEqual(whole.results);
    const json = `[{"title":"Tïtle ü \\u00e9","authorships":[{"author":{"display_name":"张伟"}}]}]`;
    const wholeJson = await readAll(openAlexReader, json, 'x', 10_000);
    for (const size of [1, 2, 5])
      expect((await readAll(openAlexReader, json, 'x', size)).results).toEqual(wholeJson.results);
    expect(wholeJson.records[0]?.title).toBe('Tïtle ü é');
  });
});
