import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFiles, recordName, RecordPathError } from '../../../../src/ingest/pipeline/collectFiles.ts';
import { contentSource } from '../../../../src/ingest/pipeline/importSource.ts';
import { readSource } from '../../../../src/ingest/pipeline/readSource.ts';
import { readRepoFile, SEED_FILE } from '../../fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'records-'));
  await mkdir(path.join(dir, 'b-sub'));
  await writeFile(path.join(dir, 'c.txt'), 'C');
  await writeFile(path.join(dir, 'a.txt'), 'A');
  await writeFile(path.join(dir, 'notes.md'), 'not a record');
  await writeFile(path.join(dir, 'library.ris'), 'TY  - JOUR');
  await writeFile(path.join(dir, '.DS_Store'), 'x');
  await writeFile(path.join(dir, 'b-sub', 'b.txt'), 'B');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function texts(files: Awaited<ReturnType<typeof collectFiles>>['files']): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) {
    let text = '';
    for await (const chunk of f.open()) text += chunk;
    out.push(text);
  }
  return out;
}

describe('collectFiles', () => {
  it('expands folders recursively to sorted files with a record extension, named relative to the root', async () => {
    const { files } = await collectFiles([dir], { root: dir });
    expect(files.map((f) => f.name)).toEqual(['a.txt', 'b-sub/b.txt', 'c.txt', 'library.ris']);
    expect(files.map((f) => f.explicit)).toEqual([false, false, false, false]);
    expect(await texts(files)).toEqual(['A', 'B', 'C', 'TY  - JOUR']);
  });
  it('lists every other file of a folder with the reason it is skipped', async () => {
    const { skipped } = await collectFiles([dir], { root: dir });
    expect(skipped.map((s) => [path.basename(s.path), s.reason.split(' (')[0]])).toEqual([
      ['.DS_Store', 'hidden file'],
      ['notes.md', 'extension .md is not a record format here'],
    ]);
  });
  it('reads a file given directly once, whatever its extension', async () => {
    const file = path.join(dir, 'notes.md');
    const { files, skipped } = await collectFiles([file, file], { root: dir });
    expect(files.map((f) => [f.name, f.explicit])).toEqual([['notes.md', true]]);
    expect(skipped).toEqual([]);
  });
  it('fails clearly for a missing path', async () => {
    await expect(collectFiles([path.join(dir, 'missing')])).rejects.toThrow(RecordPathError);
    await expect(collectFiles([path.join(dir, 'missing')])).rejects.toThrow(/record path not found: .*missing/);
  });
  it('names files outside the root by their absolute path', () => {
    expect(recordName('/elsewhere/x.txt', '/srv/project')).toBe('/elsewhere/x.txt');
    expect(recordName('/srv/project/seed/records/a.txt', '/srv/project')).toBe('seed/records/a.txt');
  });
});

describe('readSource', () => {
  it('detects WPRIM from the content and reads its records', async () => {
    const opened = await readSource(contentSource('anything.dat', readRepoFile(SEED_FILE)));
    expect(opened.format).toBe('wprim');
    const results = [];
    for await (const r of opened.results) results.push(r);
    expect(results.map((r) => r.ok)).toEqual([true]);
  });
  it('names a file no reader accepts instead of skipping it', async () => {
    const opened = await readSource(contentSource('notes.md', 'Shopping list: eggs, milk'));
    expect(opened.format).toBeUndefined();
    const results = [];
    for await (const r of opened.results) results.push(r);
    expect(results).toEqual([
      {
        ok: false,
        problem: {
          file: 'notes.md',
          line: 1,
          field: '(file)',
          reason: expect.stringContaining('no reader recognises this content'),
        },
      },
    ]);
  });
});
