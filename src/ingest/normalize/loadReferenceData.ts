import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { TopicEntity, TopicRelation } from '../model.ts';
import type {
  CuratedInstitution,
  CuratedJournal,
  HyphenationRepair,
  MeshDescriptors,
  ReferenceData,
} from './ReferenceData.ts';
import { topicKey as identityTopicKey } from '../../identity/index.ts';

/** The reference files, in the order they are read. */
export const REFERENCE_FILES = [
  'vocabulary.json',
  'journals.json',
  'institutions.json',
  'hyphenation-repairs.json',
] as const;
export type ReferenceFileName = (typeof REFERENCE_FILES)[number];

/** The MeSH descriptor list (`UI<TAB>preferred name`, one descriptor a line, in UI order), derived by `npm run reference:mesh`. */
export const MESH_DESCRIPTOR_FILE = 'mesh-descriptors.tsv';
/** Its sidecar: where the list comes from (package, version, checksums, producer, terms), when it was derived, how many lines. */
export const MESH_SOURCE_FILE = 'mesh-descriptors.source.json';
/** The first line of the descriptor table. */
export const MESH_TABLE_HEADER = 'ui\tname';

const nonEmpty = z.string().trim().min(1);
const header = { version: nonEmpty, description: nonEmpty };

const topicSchema = z.strictObject({
  name: nonEmpty,
  meshId: z
    .string()
    .regex(/^D\d{6,9}$/, 'a MeSH descriptor UI like D055354')
    .optional(),
  synonyms: z.array(nonEmpty).default([]),
  broader: z.array(nonEmpty).default([]),
  links: z
    .array(z.strictObject({ type: z.string().regex(/^[A-Z][A-Z_]*$/, 'an UPPER_SNAKE relation type'), to: nonEmpty }))
    .default([]),
  source: nonEmpty,
});
const journalSchema = z.strictObject({
  title: nonEmpty,
  localTitle: nonEmpty.optional(),
  issn: z
    .string()
    .regex(/^\d{4}-\d{3}[\dX]$/, 'an ISSN like 2095-428X')
    .optional(),
  cn: nonEmpty.optional(),
  synonyms: z.array(nonEmpty).default([]),
  source: nonEmpty,
});
const institutionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lower-case slug id'),
  name: nonEmpty,
  localName: nonEmpty.optional(),
  city: nonEmpty.optional(),
  postalCode: nonEmpty.optional(),
  country: nonEmpty.optional(),
  parent: nonEmpty.optional(),
  matchNames: z.array(nonEmpty).min(1),
  source: nonEmpty,
});
const repairSchema = z.strictObject({
  word: z.string().regex(/^\p{L}+$/u, 'a single word without hyphen'),
  observed: z.array(nonEmpty).default([]),
  source: nonEmpty,
});

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');
const meshSourceSchema = z.strictObject({
  ...header,
  producer: nonEmpty,
  scope: nonEmpty,
  source: z.strictObject({
    registry: nonEmpty,
    package: nonEmpty,
    file: nonEmpty,
    wheelSha256: sha256Hex,
    fileSha256: sha256Hex,
    repository: nonEmpty,
    licence: nonEmpty,
  }),
  terms: nonEmpty,
  derived: z.iso.date(),
  count: z.number().int().positive(),
  sha256: sha256Hex,
});
/** The sidecar of the MeSH descriptor table, as validated. */
export type MeshSource = z.infer<typeof meshSourceSchema>;

/** A reference file entry that fails validation; the message names file, entry and field. */
export class ReferenceDataError extends Error {
  constructor(
    readonly file: string,
    readonly entry: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${file}: ${entry}: field "${field}": ${detail}`);
    this.name = 'ReferenceDataError';
  }
}

function describeEntry(list: string, index: number, value: unknown): string {
  const v = value as Record<string, unknown> | null;
  const label = v && typeof v === 'object' ? (v['id'] ?? v['name'] ?? v['title'] ?? v['word']) : undefined;
  return typeof label === 'string' ? `${list}[${index}] ("${label}")` : `${list}[${index}]`;
}

function validateFile<T extends z.ZodType>(
  file: ReferenceFileName,
  json: unknown,
  list: string,
  entry: T,
): { version: string; entries: z.infer<T>[] } {
  const top = z.looseObject({ ...header, [list]: z.array(z.unknown()) }).safeParse(json);
  if (!top.success) {
    const issue = top.error.issues[0];
    throw new ReferenceDataError(file, '(file)', String(issue?.path[0] ?? list), issue?.message ?? 'invalid');
  }
  const items = (top.data as Record<string, unknown>)[list] as unknown[];
  const entries = items.map((item, index) => {
    const parsed = entry.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ReferenceDataError(
        file,
        describeEntry(list, index, item),
        issue?.path.length ? issue.path.join('.') : '(entry)',
        issue?.message ?? 'invalid',
      );
    }
    return parsed.data as z.infer<T>;
  });
  return { version: top.data.version, entries };
}

/** The vocabulary topic key: `mesh:<UI>` when the UI is known, else `topic:<slug of the name>`. */
export function topicKey(topic: { name: string; meshId?: string | undefined }): string {
  return identityTopicKey({ meshId: topic.meshId, name: topic.name, curated: true });
}

const MESH_UI = /^D(?:\d{6}|\d{9})$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** SHA-256 of the table as committed, line endings normalized (a checkout with CRLF still verifies). */
export function meshTableSha256(table: string): string {
  return createHash('sha256').update(table.replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * Validates the MeSH descriptor table against its sidecar and indexes it by UI. Every line must be
 * `UI<TAB>name` with a well-formed descriptor UI, in strictly ascending UI order (so no UI twice), a
 * name without surrounding blanks or control characters; then the line count and the checksum must be
 * the ones the sidecar records, so the table is provably what the regeneration script derived from the
 * named package. Errors name the file, the line and the field. A plain loop over split lines: ~30,000
 * lines are read at every seed run and every service start.
 */
export function parseMeshDescriptors(table: string, sourceJson: unknown): MeshDescriptors {
  const file = MESH_DESCRIPTOR_FILE;
  const about = meshSourceSchema.safeParse(sourceJson);
  if (!about.success) {
    const issue = about.error.issues[0];
    throw new ReferenceDataError(
      MESH_SOURCE_FILE,
      '(file)',
      issue?.path.length ? issue.path.join('.') : '(file)',
      issue?.message ?? 'invalid',
    );
  }
  const lines = table.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const first = lines[0]?.replace(/\r$/, '');
  if (first !== MESH_TABLE_HEADER) {
    throw new ReferenceDataError(
      file,
      'line 1',
      '(header)',
      `expected the header "ui<TAB>name", found ${JSON.stringify(first ?? '')}`,
    );
  }
  const names = new Map<string, string>();
  let previous = '';
  for (let i = 1; i < lines.length; i++) {
    const at = `line ${i + 1}`;
    const line = (lines[i] as string).endsWith('\r') ? (lines[i] as string).slice(0, -1) : (lines[i] as string);
    const tab = line.indexOf('\t');
    if (tab < 0) throw new ReferenceDataError(file, at, 'name', 'missing (a line is UI<TAB>name)');
    const ui = line.slice(0, tab);
    const name = line.slice(tab + 1);
    if (!MESH_UI.test(ui))
      throw new ReferenceDataError(file, at, 'ui', `${JSON.stringify(ui)} is not a MeSH descriptor UI like D018805`);
    if (ui === previous) throw new ReferenceDataError(file, at, 'ui', `duplicate UI ${ui} (also on line ${i})`);
    if (ui < previous) throw new ReferenceDataError(file, at, 'ui', `${ui} is out of UI order (after ${previous})`);
    if (name === '') throw new ReferenceDataError(file, at, 'name', 'empty');
    if (name.includes('\t'))
      throw new ReferenceDataError(file, at, 'name', 'contains a tab (a line has exactly two fields)');
    if (CONTROL.test(name)) throw new ReferenceDataError(file, at, 'name', 'contains a control character');
    if (name !== name.trim()) throw new ReferenceDataError(file, at, 'name', 'has leading or trailing blanks');
    names.set(ui, name);
    previous = ui;
  }
  const { count, sha256, version, producer, source } = about.data;
  if (names.size !== count) {
    throw new ReferenceDataError(
      file,
      '(file)',
      '(lines)',
      `${names.size} descriptors, but ${MESH_SOURCE_FILE} records ${count}`,
    );
  }
  const actual = meshTableSha256(table);
  if (actual !== sha256) {
    throw new ReferenceDataError(
      file,
      '(file)',
      '(checksum)',
      `SHA-256 ${actual} differs from the ${sha256} recorded in ${MESH_SOURCE_FILE}: regenerate it with npm run reference:mesh instead of editing it`,
    );
  }
  return { names, version, source: `${producer}; descriptor list of ${source.package} ${version}` };
}

/**
 * Validates the parsed JSON of every curated reference file (by file name) and builds ReferenceData with
 * the MeSH descriptor list (parseMeshDescriptors), checking cross-references (broader/link targets,
 * institution parents) as well. Pure, for tests; loadReferenceData does the reading.
 */
export function parseReferenceData(
  jsonByFile: Record<ReferenceFileName, unknown>,
  mesh: MeshDescriptors,
): ReferenceData {
  const versions: Record<string, string> = {};
  const vocab = validateFile('vocabulary.json', jsonByFile['vocabulary.json'], 'topics', topicSchema);
  const journals = validateFile('journals.json', jsonByFile['journals.json'], 'journals', journalSchema);
  const institutions = validateFile(
    'institutions.json',
    jsonByFile['institutions.json'],
    'institutions',
    institutionSchema,
  );
  const repairs = validateFile(
    'hyphenation-repairs.json',
    jsonByFile['hyphenation-repairs.json'],
    'repairs',
    repairSchema,
  );
  versions['vocabulary.json'] = vocab.version;
  versions['journals.json'] = journals.version;
  versions['institutions.json'] = institutions.version;
  versions['hyphenation-repairs.json'] = repairs.version;
  versions[MESH_DESCRIPTOR_FILE] = mesh.version;

  const topics: TopicEntity[] = [];
  const keys = new Set<string>();
  vocab.entries.forEach((t, i) => {
    const key = topicKey(t);
    if (keys.has(key)) {
      throw new ReferenceDataError(
        'vocabulary.json',
        describeEntry('topics', i, t),
        'name',
        `duplicate topic key ${key}`,
      );
    }
    keys.add(key);
    const topic: TopicEntity = { key, name: t.name, synonyms: t.synonyms, source: t.source };
    if (t.meshId) topic.meshId = t.meshId;
    topics.push(topic);
  });
  const relations: TopicRelation[] = [];
  vocab.entries.forEach((t, i) => {
    const fromKey = topicKey(t);
    t.broader.forEach((to, j) => {
      if (!keys.has(to)) {
        throw new ReferenceDataError(
          'vocabulary.json',
          describeEntry('topics', i, t),
          `broader.${j}`,
          `unknown topic key "${to}"`,
        );
      }
      relations.push({ fromKey, type: 'BROADER', toKey: to });
    });
    t.links.forEach((link, j) => {
      if (!keys.has(link.to)) {
        throw new ReferenceDataError(
          'vocabulary.json',
          describeEntry('topics', i, t),
          `links.${j}.to`,
          `unknown topic key "${link.to}"`,
        );
      }
      relations.push({ fromKey, type: link.type, toKey: link.to });
    });
  });

  const ids = new Set(institutions.entries.map((x) => x.id));
  institutions.entries.forEach((inst, i) => {
    if (inst.parent !== undefined && !ids.has(inst.parent)) {
      throw new ReferenceDataError(
        'institutions.json',
        describeEntry('institutions', i, inst),
        'parent',
        `unknown institution id "${inst.parent}"`,
      );
    }
  });

  return {
    vocabulary: { topics, relations },
    mesh,
    journals: journals.entries satisfies CuratedJournal[],
    institutions: institutions.entries satisfies CuratedInstitution[],
    hyphenationRepairs: repairs.entries satisfies HyphenationRepair[],
    versions,
  };
}

const DEFAULT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'seed', 'reference');

async function readText(dir: string, file: string): Promise<string> {
  const full = path.join(dir, file);
  try {
    return await readFile(full, 'utf8');
  } catch (cause) {
    throw new Error(`reference file ${full} cannot be read`, { cause });
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ReferenceDataError(file, '(file)', '(json)', `not valid JSON: ${(cause as Error).message}`);
  }
}

/**
 * Reads and validates the reference files (default: seed/reference/): the curated JSON files and the MeSH
 * descriptor list with its sidecar. Fails naming file, entry (or line) and field.
 */
export async function loadReferenceData(dir: string = DEFAULT_DIR): Promise<ReferenceData> {
  const jsonByFile = {} as Record<ReferenceFileName, unknown>;
  for (const file of REFERENCE_FILES) jsonByFile[file] = parseJson(file, await readText(dir, file));
  const table = await readText(dir, MESH_DESCRIPTOR_FILE);
  const meshSource = parseJson(MESH_SOURCE_FILE, await readText(dir, MESH_SOURCE_FILE));
  return parseReferenceData(jsonByFile, parseMeshDescriptors(table, meshSource));
}
