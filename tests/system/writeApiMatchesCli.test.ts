import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/startTestServer.ts';
import { resetGraph } from '../helpers/testDatabase.ts';
import { PROJECT_ROOT, runSeedCli, testNeo4jEnv } from '../helpers/runSeedCli.ts';
import type { Database } from '../../src/db/driver/Database.ts';
import { canonicalGraph, RUN_PROPERTIES } from '../../src/graph/index.ts';
import { AccessTokens } from '../../src/write/accessTokens.ts';
import { DEFAULT_WRITE_CONFIG } from '../../src/write/writeConfig.ts';
import { CURATOR_TOKEN, IMPORT_RECORDS, postGraphql } from '../helpers/writeClient.ts';

/** The whole graph as sorted text, without Import nodes (one per run) and the properties that name the run. */
const graphDump = (db: Database): Promise<string[]> =>
  canonicalGraph(db, { ignore: [...RUN_PROPERTIES], withoutLabels: ['Import', 'TestDatabaseMarker'] });

const FORMATS_DIR = path.join(PROJECT_ROOT, 'tests/fixtures/formats');
/**
 * Each file costs a CLI process (about 2.5 s), and what this compares is the two paths into the graph,
 * not the readers (their own tests read every fixture): by default the first files of each format, the
 * citation fixtures whole (their records cite one another across files); API_CLI_EVERY_FILE=1 compares
 * every fixture file.
 */
const EVERY_FILE = process.env['API_CLI_EVERY_FILE'] === '1';
const FILES_PER_FORMAT = 2;
/** The fixtures of every format folder (the citation fixtures included) except the deliberately broken ones. */
const FORMAT_FILES = readdirSync(FORMATS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => ({
    format: d.name,
    files: readdirSync(path.join(FORMATS_DIR, d.name), { withFileTypes: true })
      .filter((f) => f.isFile() && f.name !== 'README.md' && !/^(malformed|no-title)\./.test(f.name))
      .map((f) => f.name)
      .sort()
      .slice(0, d.name === 'citations' || EVERY_FILE ? undefined : FILES_PER_FORMAT)
      .map((f) => `tests/fixtures/formats/${d.name}/${f}`),
  }));

let server: TestServer;
let env: NodeJS.ProcessEnv;
let work: string;
const auth = { authorization: `Bearer ${CURATOR_TOKEN}` };

beforeAll(async () => {
  server = await startTestServer({
    write: { ...DEFAULT_WRITE_CONFIG, tokens: AccessTokens.parse([`curator:${CURATOR_TOKEN}`], 'test') },
  });
  env = testNeo4jEnv();
  work = mkdtempSync(path.join(tmpdir(), 'api-cli-'));
});

afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('an import through the API builds the same graph as npm run seed', () => {
  it('covers every format', () => {
    expect(FORMAT_FILES.map((f) => f.format).sort()).toEqual([
      'bibtex',
      'citations',
      'cnki-estudy',
      'crossref',
      'csl-json',
      'dimensions-csv',
      'endnote',
      'lens-csv',
      'medline',
      'noteexpress',
      'openalex',
      'pubmed-xml',
      'refworks',
      'ris',
      'scopus-csv',
      'wos',
    ]);
  });

  for (const { format, files } of FORMAT_FILES) {
    it(`${format}: ${files.map((f) => path.basename(f)).join(', ')}`, async () => {
      // Each file is its own CLI run and its own API import, in the same order: identical histories.
      await resetGraph(server.db);
      for (const file of files) {
        const run = await runSeedCli([file, '--keep-going', '--report', path.join(work, 'rejected.txt')], { env });
        expect(run.stdout, run.stderr).toMatch(/Loaded \d+ record/);
      }
      const viaCli = await graphDump(server.db);

      await resetGraph(server.db);
      for (const file of files) {
        const answer = await postGraphql<{ importRecords: { written: boolean; rejected: number } }>(
          server.url,
          IMPORT_RECORDS,
          { input: { content: readFileSync(path.join(PROJECT_ROOT, file), 'utf8'), fileName: file, keepGoing: true } },
          auth,
        );
        expect(answer.body.errors).toBeUndefined();
        expect(answer.body.data!.importRecords.written).toBe(true);
      }
      const viaApi = await graphDump(server.db);
      expect(viaApi.length).toBeGreaterThan(10);
      expect(viaApi).toEqual(viaCli);
    }, 300_000);
  }
});
