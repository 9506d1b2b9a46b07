import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../../../src/ingest/normalize/loadReferenceData.ts';
import { normalizeSource } from '../../../../src/ingest/normalize/normalizeSource.ts';
import { removeControlCharacters } from '../../../../src/ingest/normalize/controlCharacters.ts';
import { medlineReader } from '../../../../src/ingest/parse/formats/medline/reader.ts';
import { readAll } from '../../formats/readFixture.ts';
import { readRepoFile } from '../../fixtures.ts';

describe('control characters are removed from stored text', () => {
  it('keeps tab and line feed, turns CR and CRLF into LF, removes C0 controls, DEL and C1 controls', () => {
    expect(removeControlCharacters('a\u0000b\u0007c\td\ne\r\nf\rg\u007fh\u0085i\u009fj')).toBe(
      'abc\td\ne\nf\ngh' + 'ij',
    );
    const plain = 'nothing to do é 中文';
    expect(removeControlCharacters(plain)).toBe(plain);
  });

  it('a record read with NUL and escape characters in its title and names stores none of them', async () => {
    // A real PubMed export, with control characters put into its text (what a broken tool leaves).
    const text = readRepoFile('tests/fixtures/formats/medline/written-records.nbib')
      .replace(/^(TI {2}- )(\S+)/m, '$1$2\u0000\u001b[31m')
      .replace(/^(FAU - )(\S+)/m, '$1$2\u0007');
    const { records } = await readAll(medlineReader, text, 'controls.nbib');
    const dirty = records.find((r) => r.title.includes('\u0000'));
    expect(dirty).toBeDefined();
    const article = normalizeSource(dirty!, await loadReferenceData());
    const stored = JSON.stringify(article);
    expect(stored).not.toMatch(/\\u000[0-8bcef]|\\u001[0-9a-f]|\\u007f/);
    expect(article.title).toContain('[31m');
    expect(article.title).toBe(dirty!.title.replace(/[\u0000\u001b]/g, ''));
  });
});
