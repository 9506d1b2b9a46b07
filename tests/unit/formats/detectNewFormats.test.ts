import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECT_HEAD_CHARS } from '../../../src/ingest/parse/common/limits.ts';
import { detectFormat, READERS } from '../../../src/ingest/parse/formats.ts';
import { readRepoFile, repoPath } from '../fixtures.ts';

/** The real exports of the bibliometric databases and of CNKI/Wanfang: each is accepted by its own reader and by no other. */
const FORMATS = [
  'wos',
  'scopus-csv',
  'lens-csv',
  'endnote',
  'refworks',
  'noteexpress',
  'dimensions-csv',
  'cnki-estudy',
] as const;

describe('detectFormat on real exports', () => {
  for (const format of FORMATS) {
    const dir = `tests/fixtures/formats/${format}`;
    for (const name of readdirSync(repoPath(dir))) {
      const file = `${dir}/${name}`;
      it(`detects ${file} as ${format}, and no other reader accepts it`, () => {
        const head = readRepoFile(file).slice(0, DETECT_HEAD_CHARS);
        expect(READERS.filter((r) => r.detect(head.replace(/^\uFEFF/, ''))).map((r) => r.format)).toEqual([format]);
        expect(detectFormat(head, file)?.format).toBe(format);
      });
    }
  }
});
