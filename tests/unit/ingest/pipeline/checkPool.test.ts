import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadReferenceData } from '../../../../src/ingest/normalize/loadReferenceData.ts';
import { checkedRecords, type CheckedRecord } from '../../../../src/ingest/pipeline/checkRecords.ts';
import { ImportBudgetError, RecordCheckPool } from '../../../../src/ingest/pipeline/checkPool.ts';
import { bytesSource, contentSource, type ImportSource } from '../../../../src/ingest/pipeline/importSource.ts';
import { readRepoFile } from '../../fixtures.ts';

// Workers compile the ingest modules and load the reference data when they start: seconds on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const MEDLINE = readRepoFile('tests/fixtures/formats/medline/written-records.nbib');
const XML = readRepoFile('tests/fixtures/formats/pubmed-xml/written-articles.xml');

async function collect(records: AsyncIterable<CheckedRecord>): Promise<CheckedRecord[]> {
  const out: CheckedRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

async function inThread(source: ImportSource): Promise<CheckedRecord[]> {
  return collect(checkedRecords(source, { reference: await loadReferenceData() }, () => {}));
}

describe('RecordCheckPool: files read and normalized in worker threads', () => {
  const pool = new RecordCheckPool({ workers: 2, memoryMb: 256, fileTimeMs: 60_000 });
  afterAll(() => pool.close());

  it('yields exactly what checking on this thread yields, and the detected format', async () => {
    for (const [name, text] of [
      ['export.nbib', MEDLINE],
      ['articles.xml', XML],
    ] as const) {
      let format: string | undefined;
      const viaWorker = await collect(pool.check(contentSource(name, text), {}, (f) => (format = f)));
      expect(viaWorker.length).toBeGreaterThan(0);
      expect(viaWorker).toEqual(await inThread(contentSource(name, text)));
      expect(format).toBe(name.endsWith('.xml') ? 'pubmed-xml' : 'medline');
    }
  });

  it('streams a file of many records in batches, in order, with several files at once', async () => {
    // The same records under new PMIDs, 360 of them: more batches than one message holds.
    const many = Array.from({ length: 120 }, (_, i) =>
      MEDLINE.replace(/^PMID- \d+/gm, (m) => `PMID- ${9_000_000 + i * 10 + Number(m.slice(-1))}`),
    ).join('\n');
    const [a, b] = await Promise.all([
      collect(pool.check(contentSource('a.nbib', many), {}, () => {})),
      collect(pool.check(contentSource('b.nbib', many), {}, () => {})),
    ]);
    const expected = await inThread(contentSource('a.nbib', many));
    expect(a).toEqual(expected);
    expect(b.length).toBe(expected.length);
  });

  it('names the encoding of a file that is not UTF-8, as checking on this thread does', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MEDLINE, 'utf16le')]);
    const latin1 = Buffer.from(MEDLINE.replace('Journal', 'Journ\u00e9l'), 'latin1');
    for (const [name, bytes, reason] of [
      ['unicode.nbib', utf16, /UTF-16 \(little-endian\).*save it as UTF-8/],
      ['latin1.nbib', latin1, /not valid UTF-8 \(byte 0xE9/],
    ] as const) {
      const viaWorker = await collect(pool.check(bytesSource(name, bytes), {}, () => {}));
      expect(viaWorker.map((r) => r.problem)).toEqual([
        expect.objectContaining({ file: name, field: '(encoding)', reason: expect.stringMatching(reason) }),
      ]);
      expect(viaWorker).toEqual(await inThread(bytesSource(name, bytes)));
    }
  });
});

describe('RecordCheckPool budgets', () => {
  it('refuses a file over the time budget by name, replaces the worker and reads the next file', async () => {
    const pool = new RecordCheckPool({ workers: 1, memoryMb: 256, fileTimeMs: 3000 });
    try {
      const large = Array.from({ length: 12_000 }, (_, i) =>
        MEDLINE.replace(/^PMID- \d+/gm, `PMID- ${8_000_000 + i}`),
      ).join('\n');
      const error = await collect(pool.check(contentSource('large.nbib', large), {}, () => {})).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ImportBudgetError);
      expect(error).toMatchObject({ file: 'large.nbib', limit: 'IMPORT_FILE_TIME_MS', code: 'IMPORT_BUDGET_EXCEEDED' });
      expect((error as Error).message).toMatch(/"large\.nbib".*3 s.*IMPORT_FILE_TIME_MS/);
      const next = await collect(pool.check(contentSource('small.nbib', MEDLINE), {}, () => {}));
      expect(next.filter((r) => r.article).length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('refuses a file over the memory budget by name, replaces the worker and reads the next file', async () => {
    // 32 MB holds the reference data and an ordinary file; three records of 49,000 keyword elements
    // each (every one within the record-size limit) do not fit while they are read.
    const pool = new RecordCheckPool({ workers: 1, memoryMb: 32, fileTimeMs: 60_000 });
    try {
      const keywords = '<Keyword>k</Keyword>'.repeat(49_000);
      const record = (i: number) =>
        `<PubmedArticle><MedlineCitation><PMID>${i}</PMID><Article><ArticleTitle>T ${i}</ArticleTitle></Article><KeywordList>${keywords}</KeywordList></MedlineCitation></PubmedArticle>`;
      const text = `<?xml version="1.0"?>\n<PubmedArticleSet>${[1, 2, 3].map(record).join('\n')}</PubmedArticleSet>`;
      const error = await collect(pool.check(contentSource('keywords.xml', text), {}, () => {})).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ImportBudgetError);
      expect(error).toMatchObject({ file: 'keywords.xml', limit: 'IMPORT_WORKER_MEMORY_MB', value: 32 });
      const next = await collect(pool.check(contentSource('small.nbib', MEDLINE), {}, () => {}));
      expect(next.filter((r) => r.article).length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });
});
