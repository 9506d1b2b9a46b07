import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { TopicEntity, TopicRelation } from "../model.ts";
import type { CuratedInstitution, CuratedJournal, HyphenationRepair, ReferenceData } from "./ReferenceData.ts";
import { topicKey as identityTopicKey } from "../../src/identity/index.ts";

/** The reference files, in the order they are read. */
export const REFERENCE_FILES = ["vocabulary.json", "journals.json", "institutions.json", "hyphenation-repairs.json"] as const;
export type ReferenceFileName = (typeof REFERENCE_FILES)[number];

const nonEmpty = z.string().trim().min(1);
const header = { version: nonEmpty, description: nonEmpty };

const topicSchema = z.strictObject({
  name: nonEmpty,
  meshId: z.string().regex(/^D\d{6,9}$/, "a MeSH descriptor UI like D055354").optional(),
  synonyms: z.array(nonEmpty).default([]),
  broader: z.array(nonEmpty).default([]),
  links: z.array(z.strictObject({ type: z.string().regex(/^[A-Z][A-Z_]*$/, "an UPPER_SNAKE relation type"), to: nonEmpty })).default([]),
  source: nonEmpty,
});
const journalSchema = z.strictObject({
  title: nonEmpty,
  localTitle: nonEmpty.optional(),
  issn: z.string().regex(/^\d{4}-\d{3}[\dX]$/, "an ISSN like 2095-428X").optional(),
  cn: nonEmpty.optional(),
  synonyms: z.array(nonEmpty).default([]),
  source: nonEmpty,
});
const institutionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a lower-case slug id"),
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
  word: z.string().regex(/^\p{L}+$/u, "a single word without hyphen"),
  observed: z.array(nonEmpty).default([]),
  source: nonEmpty,
});


/** A reference file entry that fails validation; the message names file, entry and field. */
export class ReferenceDataError extends Error {
  constructor(
    readonly file: string,
    readonly entry: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${file}: ${entry}: field "${field}": ${detail}`);
    this.name = "ReferenceDataError";
  }
}

function describeEntry(list: string, index: number, value: unknown): string {
  const v = value as Record<string, unknown> | null;
  const label = v && typeof v === "object" ? (v["id"] ?? v["name"] ?? v["title"] ?? v["word"]) : undefined;
  return typeof label === "string" ? `${list}[${index}] ("${label}")` : `${list}[${index}]`;
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
    throw new ReferenceDataError(file, "(file)", String(issue?.path[0] ?? list), issue?.message ?? "invalid");
  }
  const items = (top.data as Record<string, unknown>)[list] as unknown[];
  const entries = items.map((item, index) => {
    const parsed = entry.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ReferenceDataError(
        file,
        describeEntry(list, index, item),
        issue?.path.length ? issue.path.join(".") : "(entry)",
        issue?.message ?? "invalid",
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

/**
 * Validates the parsed JSON of every reference file (by file name) and builds ReferenceData, checking
 * cross-references (broader/link targets, institution parents) as well. Pure, for tests; loadReferenceData
 * does the reading.
 */
export function parseReferenceData(jsonByFile: Record<ReferenceFileName, unknown>): ReferenceData {
  const versions: Record<string, string> = {};
  const vocab = validateFile("vocabulary.json", jsonByFile["vocabulary.json"], "topics", topicSchema);
  const journals = validateFile("journals.json", jsonByFile["journals.json"], "journals", journalSchema);
  const institutions = validateFile("institutions.json", jsonByFile["institutions.json"], "institutions", institutionSchema);
  const repairs = validateFile("hyphenation-repairs.json", jsonByFile["hyphenation-repairs.json"], "repairs", repairSchema);
  versions["vocabulary.json"] = vocab.version;
  versions["journals.json"] = journals.version;
  versions["institutions.json"] = institutions.version;
  versions["hyphenation-repairs.json"] = repairs.version;

  const topics: TopicEntity[] = [];
  const keys = new Set<string>();
  vocab.entries.forEach((t, i) => {
    const key = topicKey(t);
    if (keys.has(key)) {
      throw new ReferenceDataError("vocabulary.json", describeEntry("topics", i, t), "name", `duplicate topic key ${key}`);
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
        throw new ReferenceDataError("vocabulary.json", describeEntry("topics", i, t), `broader.${j}`, `unknown topic key "${to}"`);
      }
      relations.push({ fromKey, type: "BROADER", toKey: to });
    });
    t.links.forEach((link, j) => {
      if (!keys.has(link.to)) {
        throw new ReferenceDataError("vocabulary.json", describeEntry("topics", i, t), `links.${j}.to`, `unknown topic key "${link.to}"`);
      }
      relations.push({ fromKey, type: link.type, toKey: link.to });
    });
  });

  const ids = new Set(institutions.entries.map((x) => x.id));
  institutions.entries.forEach((inst, i) => {
    if (inst.parent !== undefined && !ids.has(inst.parent)) {
      throw new ReferenceDataError("institutions.json", describeEntry("institutions", i, inst), "parent", `unknown institution id "${inst.parent}"`);
    }
  });

  return {
    vocabulary: { topics, relations },
    journals: journals.entries satisfies CuratedJournal[],
    institutions: institutions.entries satisfies CuratedInstitution[],
    hyphenationRepairs: repairs.entries satisfies HyphenationRepair[],
    versions,
  };
}

const DEFAULT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "reference");

/** Reads and validates the curated reference files (default: seed/reference/). Fails naming file, entry and field. */
export async function loadReferenceData(dir: string = DEFAULT_DIR): Promise<ReferenceData> {
  const jsonByFile = {} as Record<ReferenceFileName, unknown>;
  for (const file of REFERENCE_FILES) {
    const full = path.join(dir, file);
    let text: string;
    try {
      text = await readFile(full, "utf8");
    } catch (cause) {
      throw new Error(`reference file ${full} cannot be read`, { cause });
    }
    try {
      jsonByFile[file] = JSON.parse(text);
    } catch (cause) {
      throw new ReferenceDataError(file, "(file)", "(json)", `not valid JSON: ${(cause as Error).message}`);
    }
  }
  return parseReferenceData(jsonByFile);
}
