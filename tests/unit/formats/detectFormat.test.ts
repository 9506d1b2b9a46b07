import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECT_HEAD_CHARS } from '../../../src/ingest/parse/common/limits.ts';
import { detectFormat, READERS, readerFor } from '../../../src/ingest/parse/formats.ts';
import type { RecordReader } from '../../../src/ingest/parse/RecordReader.ts';
import { readRepoFile, repoPath, SEED_FILE } from '../fixtures.ts';
import { formatFixture } from './readFixture.ts';

const FORMATS = ['medline', 'pubmed-xml', 'ris', 'bibtex', 'csl-json', 'openalex', 'crossref'] as const;

const head = (relative: string) => readRepoFile(relative).slice(0, DETECT_HEAD_CHARS);
const filesIn = (relative: string, ext?: string) =>
  readdirSync(repoPath(relative))
    .filter((f) => (ext ? f.endsWith(ext) : !f.endsWith('.md')))
    .map((f) => `${relative}/${f}`);

describe('detectFormat', () => {
  for (const format of FORMATS) {
    for (const file of filesIn(`tests/fixtures/formats/${format}`)) {
      it(`detects ${file} as ${format}, and no other reader accepts it`, () => {
        expect(detectFormat(head(file), file)?.format).toBe(format);
        expect(READERS.filter((r) => r.detect(head(file))).map((r) => r.format)).toEqual([format]);
      });
    }
  }

  // The WPRIM page reader comes last in READERS: no other reader may claim a WPRIM page.
  const wprim = [
    SEED_FILE,
    ...filesIn('tests/fixtures/records', '.txt'),
    ...filesIn('tests/fixtures/corpus', '.txt'),
  ].filter((file) => !file.endsWith('/garbage.txt'));
  for (const file of wprim) {
    it(`detects ${file} as WPRIM, and no other reader accepts it`, () => {
      expect(READERS.filter((r) => r.detect(head(file))).map((r) => r.format)).toEqual(['wprim']);
      expect(detectFormat(head(file), file)?.format).toBe('wprim');
    });
  }

  it('recognises no format in text that is no record at all', () => {
    expect(detectFormat(head('tests/fixtures/records/garbage.txt'), 'garbage.txt')).toBeUndefined();
  });

  it('detects from content, not from the extension', () => {
    const ris = head(formatFixture('ris', 'zotero-embase.ris'));
    expect(detectFormat(ris, 'export.txt')?.format).toBe('ris');
    expect(detectFormat(ris, 'export.bib')?.format).toBe('ris');
    expect(detectFormat(head(formatFixture('medline', 'written-records.nbib')), 'pubmed.txt')?.format).toBe('medline');
    expect(detectFormat(head(formatFixture('crossref', 'work.json')), 'work.txt')?.format).toBe('crossref');
  });

  it('uses the extension only to choose between readers that both accept the content', () => {
    const yes = (format: RecordReader['format'], extensions: string[]): RecordReader => ({
      format,
      extensions,
      detect: () => true,
      read: async function* () {},
    });
    const readers = [yes('medline', ['nbib']), yes('wprim', ['txt'])];
    expect(detectFormat('anything', 'a.txt', readers)?.format).toBe('wprim');
    expect(detectFormat('anything', 'a.nbib', readers)?.format).toBe('medline');
    expect(detectFormat('anything', undefined, readers)?.format).toBe('medline');
  });

  it('accepts nothing for text, HTML, other JSON and an empty file', () => {
    const others = [
      '',
      'Shopping list: eggs, milk, flour.\nTitle - not a tag line\n',
      '<!DOCTYPE html><html><head><title>PubMed</title></head><body>PubmedArticleSet</body></html>',
      '{"name": "scholarly-graph", "version": "1.0.0", "dependencies": {}}',
      '[{"title": "no other signal"}]',
      'user@example.org wrote: @article is how BibTeX starts an entry',
      'AB  - an abstract line alone',
    ];
    for (const text of others) expect(detectFormat(text, 'x.txt')).toBeUndefined();
  });

  it('handles a byte-order mark and leading blank lines', () => {
    expect(detectFormat('\uFEFF\n\nTY  - JOUR\nTI  - T\nER  - \n')?.format).toBe('ris');
    expect(
      detectFormat('\uFEFF  [\n {"id": "https://openalex.org/W1", "display_name": "T", "publication_year": 2020}]')
        ?.format,
    ).toBe('openalex');
  });

  it('finds each reader by its format name', () => {
    for (const format of FORMATS) expect(readerFor(format)?.format).toBe(format);
    expect(readerFor('wprim')?.format).toBe('wprim');
  });
});
