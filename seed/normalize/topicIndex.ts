import type { TopicEntity, Vocabulary } from "../model.ts";
import { normalizeKeyText } from "../../src/identity/index.ts";

/** Lookup from every normalized printed form of a vocabulary topic to the topic. */
export type TopicIndex = ReadonlyMap<string, TopicEntity>;

/** `Enterocolitis, Necrotizing` -> `necrotizing enterocolitis`: MeSH inverted headings in natural order. */
function uninverted(form: string): string | undefined {
  const m = /^([^,]+),\s*([^,]+)$/.exec(form);
  return m?.[1] && m[2] ? `${m[2]} ${m[1]}` : undefined;
}

/** Singular/plural variants of the last word: `cell`<->`cells`, `injury`<->`injuries`, `process`->`processes`. */
export function numberVariants(form: string): string[] {
  const m = /^(.*?)(\p{L}+)$/u.exec(form);
  if (!m) return [];
  const head = m[1] ?? "";
  const last = m[2] ?? "";
  const variants: string[] = [];
  if (/[^aeiou]y$/.test(last)) variants.push(`${last.slice(0, -1)}ies`);
  else if (/ies$/.test(last)) variants.push(`${last.slice(0, -3)}y`);
  else if (/(?:s|x|z|ch|sh)es$/.test(last)) variants.push(last.slice(0, -2));
  else if (/[^s]s$/.test(last)) variants.push(last.slice(0, -1));
  if (/(?:s|x|z|ch|sh)$/.test(last)) variants.push(`${last}es`);
  else if (!/s$/.test(last) && !/[^aeiou]y$/.test(last)) variants.push(`${last}s`);
  return variants.map((v) => head + v);
}

/**
 * Indexes the vocabulary for keyword matching: preferred name, every synonym, and the natural-order form of
 * inverted MeSH headings, all normalized (case-insensitive). First topic wins on a clash, so the file's
 * order decides and matching stays deterministic.
 */
export function buildTopicIndex(vocabulary: Vocabulary): TopicIndex {
  const index = new Map<string, TopicEntity>();
  const add = (form: string, topic: TopicEntity) => {
    const key = normalizeKeyText(form);
    if (key !== "" && !index.has(key)) index.set(key, topic);
  };
  for (const topic of vocabulary.topics) {
    for (const form of [topic.name, ...topic.synonyms]) {
      add(form, topic);
      const natural = uninverted(form);
      if (natural) add(natural, topic);
    }
  }
  return index;
}

/**
 * Finds the vocabulary topic a printed keyword names: exact normalized match first, then singular/plural of
 * the last word (`Mesenchymal stem cell` -> `Mesenchymal Stem Cells`). Undefined when the vocabulary does not
 * know the keyword.
 */
export function matchTopic(keyword: string, index: TopicIndex): TopicEntity | undefined {
  const key = normalizeKeyText(keyword);
  const exact = index.get(key);
  if (exact) return exact;
  for (const variant of numberVariants(key)) {
    const hit = index.get(variant);
    if (hit) return hit;
  }
  return undefined;
}
