import { describe, expect, it } from 'vitest';
import { contentSource } from '../../../src/ingest/pipeline/importSource.ts';
import { readSource } from '../../../src/ingest/pipeline/readSource.ts';
import { DETECT_HEAD_CHARS } from '../../../src/ingest/parse/common/limits.ts';
import { chooseReader, READERS, readerFor } from '../../../src/ingest/parse/formats.ts';
import type { RecordReader } from '../../../src/ingest/parse/RecordReader.ts';
import { readRepoFile } from '../fixtures.ts';
import { formatFixture } from './readFixture.ts';

/** A real reader that accepts every file, as a reader with a too-eager detector would. */
const eager = (format: Parameters<typeof readerFor>[0]): RecordReader => {
  const reader = readerFor(format)!;
  return { ...reader, detect: () => true };
};

// Crossref's CSL-JSON (a real file, 36 authors with ORCIDs): what the OpenAlex reader would read of it
// is what a CSL-JSON file from an OpenAlex-based tool lost when it was detected as OpenAlex.
const csl = readRepoFile(formatFixture('csl-json', 'crossref-content-negotiation.json'));
const manubot = readRepoFile(formatFixture('csl-json', 'manubot-arxiv.json'));

describe('choosing a reader so that no data is lost silently', () => {
  it('when two readers accept a file, the one that reads more of it wins, whatever their order', async () => {
    for (const readers of [
      [eager('openalex'), eager('csl-json')],
      [eager('csl-json'), eager('openalex')],
    ]) {
      const choice = await chooseReader(manubot.slice(0, DETECT_HEAD_CHARS), 'references.json', readers);
      expect(choice?.format).toBe('csl-json');
    }
  });
  it('refuses a reader that would read the records without the authors the file lists, naming the file', async () => {
    const opened = await readSource(contentSource('references.json', csl), [eager('openalex')]);
    const results = [];
    for await (const r of opened.results) results.push(r);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: false, problem: { file: 'references.json', line: 1, field: '(file)' } });
    expect(!results[0]!.ok && results[0]!.problem.reason).toMatch(
      /the openalex reader finds no author .* nothing of it is read/,
    );
  });
  it('does not take a CSL-JSON file for OpenAlex: OpenAlex needs its own structure, not only its ids', async () => {
    expect(READERS.filter((r) => r.detect(csl.slice(0, DETECT_HEAD_CHARS))).map((r) => r.format)).toEqual(['csl-json']);
    expect(
      readerFor('openalex')!.detect(
        '[{"id": "https://openalex.org/W2741809807", "type": "article-journal", "title": "x"}]',
      ),
    ).toBe(false);
  });
  it('reads every real export fixture with its own reader and refuses none', async () => {
    for (const [format, file] of [
      ['csl-json', 'manubot-arxiv.json'],
      ['bibtex', 'scopus.bib'],
      ['ris', 'ovid-eric.ris'],
      ['medline', 'eric.nbib'],
      ['openalex', 'works.json'],
      ['crossref', 'habanero-works-random.json'],
    ] as const) {
      const text = readRepoFile(formatFixture(format, file));
      expect([file, (await chooseReader(text.slice(0, DETECT_HEAD_CHARS), file))?.format]).toEqual([file, format]);
      const opened = await readSource(contentSource(file, text));
      for await (const r of opened.results) if (!r.ok) expect(r.problem.field).not.toBe('(file)');
    }
  }, 60_000);
});

describe("a format given by the caller (--format, the API's format)", () => {
  it('overrides detection, and still refuses a reading that loses the authors', async () => {
    const asCsl = await readSource(contentSource('references.json', manubot), READERS, 'csl-json');
    const records = [];
    for await (const r of asCsl.results) records.push(r);
    expect(records.map((r) => r.ok && r.record.authors.length)).toEqual([16]);
    const asOpenAlex = await readSource(contentSource('references.json', manubot), READERS, 'openalex');
    const results = [];
    for await (const r of asOpenAlex.results) results.push(r);
    expect(results).toMatchObject([{ ok: false, problem: { file: 'references.json', field: '(file)' } }]);
  });
});

describe("the authors check leaves the reader's own problems alone", () => {
  it('a file whose only author is in a record the reader rejects gets that rejection, not a refusal', async () => {
    const opened = await readSource(contentSource('no-title.ris', readRepoFile(formatFixture('ris', 'no-title.ris'))));
    const problems = [];
    for await (const r of opened.results) if (!r.ok) problems.push(r.problem);
    expect(problems.map((p) => p.field)).toEqual(['TI']);
  });
});
