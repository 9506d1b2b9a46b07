import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NormalizedArticle, Vocabulary } from '../../../../../src/ingest/model.ts';
import { loadReferenceData } from '../../../../../src/ingest/normalize/loadReferenceData.ts';
import { collectFiles } from '../../../../../src/ingest/pipeline/collectFiles.ts';
import { readCheckedRecords } from '../../../../../src/ingest/pipeline/importRecords.ts';
import { newImportContext } from '../../../../../src/ingest/load/loadGraph.ts';
import { planBulkGraph } from '../../../../../src/ingest/load/bulk/planBulkGraph.ts';
import { planBulkFiles } from '../../../../../src/ingest/load/bulk/planBulkFiles.ts';
import { writeImportFiles, type ImportFile } from '../../../../../src/ingest/load/bulk/writeImportFiles.ts';
import { generateCorpus } from '../../../../helpers/generateCorpus.ts';

const FORMAT_FIXTURES = fileURLToPath(new URL('../../../../fixtures/formats/', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bulk-plan-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The fields of a CSV text (RFC 4180 quoting, fields may hold line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

/**
 * What the import files say, independent of how rows are split into files: one line per node or
 * relationship, with its labels or type and every non-empty column by name and type, sorted.
 */
function graphOfFiles(files: readonly ImportFile[]): string[] {
  const lines: string[] = [];
  for (const f of files) {
    const [header, ...rows] = parseCsv(readFileSync(f.file, 'utf8'));
    expect(rows.length).toBe(f.rows);
    for (const row of rows) {
      const cells = header!.map((name, k) => [name, row[k]!] as const).filter(([, value]) => value !== '');
      lines.push(JSON.stringify([f.kind, f.tag, ...cells.sort()]));
    }
  }
  return lines.sort();
}

describe('the streaming bulk plan', () => {
  let vocabulary: Vocabulary;
  let articles: NormalizedArticle[];
  const context = newImportContext({ importedBy: 'test', tool: 'test', now: new Date('2026-01-02T03:04:05Z') });

  beforeAll(async () => {
    const reference = await loadReferenceData();
    vocabulary = reference.vocabulary;
    const { files } = await collectFiles([FORMAT_FIXTURES], { root: PROJECT_ROOT });
    const fixtures: NormalizedArticle[] = [];
    for await (const checked of readCheckedRecords(files, { reference }))
      if (checked.article) fixtures.push(checked.article);
    const corpus = generateCorpus({ articles: 300, seed: 11, references: true, realTopics: vocabulary.topics });
    // One journal stated with different ISSNs by records near each other and far apart: its node states
    // every ISSN any record gives, whichever record decides (reduced in memory and across sorted rows).
    const journal = (issns: Array<[string, 'print' | 'electronic']>) => ({
      key: 'issn:0028-0836',
      title: 'Nature',
      issn: '0028-0836',
      issns: issns.map(([value, type]) => ({ value, type })),
    });
    corpus[60] = { ...corpus[60]!, journal: journal([['0028-0836', 'print']]) };
    corpus[61] = {
      ...corpus[61]!,
      journal: journal([
        ['0028-0836', 'print'],
        ['1476-4687', 'electronic'],
      ]),
    };
    corpus[62] = {
      ...corpus[62]!,
      journal: journal([
        ['0028-0836', 'print'],
        ['0036-8075', 'electronic'],
      ]),
    };
    corpus[250] = {
      ...corpus[250]!,
      journal: journal([
        ['0028-0836', 'print'],
        ['1095-9203', 'electronic'],
      ]),
    };
    // Records that are one article: the same DOI from another file (two sources of one article) and
    // from the same file again (a replaced source), far apart in load order.
    const again = corpus.slice(0, 40).map((a) => ({ ...a, origin: { ...a.origin, file: 'again.xml' } }));
    const replaced = corpus.slice(40, 50).map((a) => ({ ...a, title: `${a.title} (corrected)` }));
    articles = [...fixtures, ...corpus, ...again, ...replaced];
  }, 120_000);

  it('writes the graph of the in-memory plan, with every sorter spilling runs under a tiny budget', async () => {
    const memory = await planBulkGraph({ vocabulary, articles, context });
    const expected = graphOfFiles(writeImportFiles(memory.graph, scratch()).files);

    const streamed = await planBulkFiles({
      vocabulary,
      articles,
      context,
      dir: scratch(),
      memoryBytes: 16 * 1024,
      keepOutcomes: true,
    });
    expect(streamed.spill.runs).toBeGreaterThan(20);
    const actual = graphOfFiles(streamed.files);
    // Not a vacuous comparison: the plan reaches every kind of node and relationship.
    for (const part of ['ReferenceOnly', 'CITES', 'AFFILIATED_WITH', 'PART_OF', 'ALIAS_OF', 'DESCRIBES', 'BROADER'])
      expect(expected.join('\n'), part).toContain(part);
    // (each line is JSON: the list separator U+001F shows escaped)
    expect(expected.join('\n')).toContain(
      '["statedIssns:string[]","0028-0836\\u001f0036-8075\\u001f1095-9203\\u001f1476-4687"]',
    );
    const [want, got] = [new Set(expected), new Set(actual)];
    expect(actual.filter((line) => !want.has(line)).slice(0, 3)).toEqual([]);
    expect(expected.filter((line) => !got.has(line)).slice(0, 3)).toEqual([]);
    expect(actual.length).toBe(expected.length);
    expect(actual.join('\n') === expected.join('\n')).toBe(true);
    expect(streamed.counts).toEqual(memory.graph.counts);
    expect(streamed.outcomes).toEqual(memory.outcomes);
    expect(streamed.statuses.added).toBe(articles.length);
  }, 300_000);

  it('spills nothing with a budget the rows fit in, and writes the same files', async () => {
    const small = articles.slice(0, 120);
    const spilled = await planBulkFiles({
      vocabulary,
      articles: small,
      context,
      dir: scratch(),
      memoryBytes: 32 * 1024,
    });
    const held = await planBulkFiles({ vocabulary, articles: small, context, dir: scratch() });
    expect(spilled.spill.runs).toBeGreaterThan(0);
    expect(held.spill.runs).toBe(0);
    expect(graphOfFiles(held.files)).toEqual(graphOfFiles(spilled.files));
  }, 120_000);

  it('writes the same files byte for byte whether spilled runs are sorted on a second thread or not', async () => {
    const some = articles.slice(0, 200);
    const plan = (backgroundSort: boolean) =>
      planBulkFiles({ vocabulary, articles: some, context, dir: scratch(), memoryBytes: 16 * 1024, backgroundSort });
    const [serial, background] = [await plan(false), await plan(true)];
    expect(serial.spill.runs).toBeGreaterThan(20);
    expect(background.spill.runs).toBeGreaterThan(20);
    const bytes = (files: ImportFile[]) => files.map((f) => [path.basename(f.file), readFileSync(f.file, 'latin1')]);
    expect(bytes(background.files)).toEqual(bytes(serial.files));
    expect(background.counts).toEqual(serial.counts);
  }, 120_000);

  it('writes the same files byte for byte whether articles are planned on a second thread or not', async () => {
    // Several batches, so that some are planned on the thread and some here (planArticles.ts).
    const plan = (articleThread: boolean) =>
      planBulkFiles({ vocabulary, articles, context, dir: scratch(), memoryBytes: 64 * 1024, articleThread });
    const [serial, threaded] = [await plan(false), await plan(true)];
    const bytes = (files: ImportFile[]) => files.map((f) => [path.basename(f.file), readFileSync(f.file, 'latin1')]);
    expect(bytes(threaded.files)).toEqual(bytes(serial.files));
    expect(threaded.counts).toEqual(serial.counts);
    expect(threaded.statuses).toEqual(serial.statuses);
  }, 120_000);

  it('reads the records once, from an async iterable', async () => {
    let reads = 0;
    async function* stream() {
      for (const a of articles.slice(0, 50)) {
        reads += 1;
        yield a;
      }
    }
    const plan = await planBulkFiles({ vocabulary, articles: stream(), context, dir: scratch() });
    expect(reads).toBe(50);
    expect(plan.records).toBe(50);
    expect(plan.outcomes).toBeNull();
  });
});
