import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/db/driver/Database.ts';
import { fetchStats } from '../../src/db/cypher/lookupStatements.ts';
import { openTestDatabase, resetGraph } from '../helpers/testDatabase.ts';
import { runSeedCli, PROJECT_ROOT, testNeo4jEnv } from '../helpers/runSeedCli.ts';
import { wprimText } from '../helpers/wprimText.ts';
import { graphCounts, NO_ORPHANS, orphans } from '../helpers/graphCounts.ts';
import { describeLimit, MAX_RECORD_CHARS } from '../../src/ingest/parse/common/limits.ts';

let db: Database;
let work: string;
/** The CLI's environment: the test Neo4j through NEO4J_URI. */
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  db = openTestDatabase();
  await resetGraph(db);
  work = mkdtempSync(path.join(tmpdir(), 'seed-cli-'));
  env = testNeo4jEnv();
});

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await db?.driver.close();
});

const multiBad = path.join(PROJECT_ROOT, 'tests/fixtures/records/multi-record-one-bad.txt');

describe('npm run seed', () => {
  it('writes nothing when a record is rejected, naming file, line, field and reason', async () => {
    const run = await runSeedCli([multiBad], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'tests/fixtures/records/multi-record-one-bad.txt:132: From: expected "<year>;<volume>(<issue>):<pages>" but found "2021/13 p. 88"',
    );
    expect(run.stderr).toContain('1 record(s) rejected: nothing written');
    expect((await fetchStats(db)).articles).toBe(0);
  });

  it('--keep-going loads the good records, writes each rejected one to the report and exits non-zero', async () => {
    const report = path.join(work, 'rejected.txt');
    const run = await runSeedCli([multiBad, '--keep-going', '--report', report], { env });
    expect(run.code).toBe(1);
    expect(readFileSync(report, 'utf8')).toBe(
      'tests/fixtures/records/multi-record-one-bad.txt:132: From: expected "<year>;<volume>(<issue>):<pages>" but found "2021/13 p. 88"\n',
    );
    expect(run.stderr).toContain(`1 record(s) rejected and not loaded; each is listed in ${report}`);
    expect(run.stdout).toMatch(
      /Loaded 2 record\(s\) from 1 file\(s\) \(2 wprim\).*2 new articles, 0 existing articles with a new source, 0 updated, 0 unchanged/,
    );
    expect((await fetchStats(db)).articles).toBe(2);
  });

  it('--retract takes an import back out by the id a run prints, restoring every count', async () => {
    await resetGraph(db);
    expect((await runSeedCli([path.join(PROJECT_ROOT, 'tests/fixtures/corpus/test_101.txt')], { env })).code).toBe(0);
    const before = await graphCounts(db);
    const run = await runSeedCli([path.join(PROJECT_ROOT, 'tests/fixtures/records/multi-record.txt')], { env });
    expect(run.code, run.stderr).toBe(0);
    const importId = /; import (import:\S+)\.$/m.exec(run.stdout)?.[1];
    expect(importId).toBeDefined();
    expect((await graphCounts(db)).Article).toBe(before.Article! + 3);
    const retract = await runSeedCli(['--retract', importId!], { env });
    expect(retract.code, retract.stderr).toBe(0);
    expect(retract.stdout).toContain(`Retracted the import ${importId}: 3 source(s) removed`);
    expect(await graphCounts(db)).toEqual(before);
    expect(await orphans(db)).toEqual(NO_ORPHANS);
    const unknown = await runSeedCli(['--retract', 'import:unknown'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No source belongs to the import "import:unknown"');
    // Four CLI runs (each loads the reference data): generous on a loaded machine.
  }, 300_000);

  it('--dry-run checks everything and writes nothing', async () => {
    await resetGraph(db);
    const run = await runSeedCli([path.join(PROJECT_ROOT, 'tests/fixtures/records/multi-record.txt'), '--dry-run'], {
      env,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('3 of 3 record(s) in 1 file(s) read and check cleanly (3 wprim)');
    expect((await fetchStats(db)).articles).toBe(0);
  });

  it('rejects a 50 MB abstract by name without loading it, and loads nothing else', async () => {
    const file = path.join(work, 'huge-abstract.txt');
    const huge = wprimText({
      title: '[TEST] Huge abstract',
      doi: '10.9999/test.930',
      authors: [{ name: 'Huge AUTHOR' }],
      journal: 'Journal of Test Neonatology',
      citation: '2024;1:1',
      abstract: 'a'.repeat(50 * 1024 * 1024),
    });
    writeFileSync(
      file,
      `${huge}${wprimText({ title: '[TEST] Small', doi: '10.9999/test.931', authors: [{ name: 'Small AUTHOR' }], journal: 'Journal of Test Neonatology', citation: '2024;1:2' })}`,
    );
    const run = await runSeedCli([file], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `huge-abstract\\.txt:\\d+: Abstract: the record is larger than ${describeLimit(MAX_RECORD_CHARS)}; it was not read`,
      ),
    );
    expect((await fetchStats(db)).articles).toBe(0);
  });

  it('loads a folder of 3,100 files with at most 256 open files, and lists what it skipped', async () => {
    await resetGraph(db);
    const folder = path.join(work, 'many');
    mkdirSync(folder);
    for (let i = 0; i < 3100; i += 1) {
      const n = String(i).padStart(4, '0');
      writeFileSync(
        path.join(folder, `r${n}.txt`),
        wprimText({
          title: `[TEST] Many files ${n}`,
          doi: `10.9999/many.${n}`,
          authors: [
            { name: `Many AUTHOR${String.fromCharCode(65 + ((i % 50) % 26), 65 + Math.floor((i % 50) / 26))}` },
          ],
          keywords: [`Many keyword ${String.fromCharCode(97 + (i % 20))}`],
          journal: 'Journal of Test Neonatology',
          citation: `2024;${1 + (i % 12)}:${i + 1}`,
        }),
      );
    }
    writeFileSync(path.join(folder, 'notes.md'), 'not a record');
    writeFileSync(path.join(folder, 'figure.png'), 'not a record either');
    const run = await runSeedCli([folder], { env, maxOpenFiles: 256, timeoutMs: 240_000 });
    expect(run.stderr).not.toContain('EMFILE');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/skipped .*figure\.png: extension \.png is not a record format here/);
    expect(run.stderr).toMatch(/skipped .*notes\.md: extension \.md is not a record format here/);
    expect(run.stdout).toContain('Loaded 3100 record(s) from 3100 file(s)');
    expect(await fetchStats(db)).toMatchObject({ articles: 3100, authors: 50, journals: 1, sources: 3100, imports: 1 });
    expect(await orphans(db)).toEqual(NO_ORPHANS);
  }, 300_000);

  it('names a file given explicitly that no reader accepts', async () => {
    const run = await runSeedCli([path.join(PROJECT_ROOT, 'tests/fixtures/records/garbage.txt')], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /tests\/fixtures\/records\/garbage\.txt:1: \(file\): no reader recognises this content \(tried [a-z, -]*\bwprim\)/,
    );
    expect(run.stderr).toContain('nothing written');
  });
});
