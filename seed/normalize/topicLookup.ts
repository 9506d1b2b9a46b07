import type { TopicEntity } from "../model.ts";
import { normalizeMeshUi, topicKey } from "../../src/identity/index.ts";
import type { ReferenceData } from "./ReferenceData.ts";
import { buildTopicIndex, matchTopic, type TopicIndex } from "./topicIndex.ts";

/**
 * The two questions normalization asks the reference data about subjects, each behind one small
 * function so the topic index they use can change without touching normalization: which topic a
 * printed keyword or heading names, and which topic a MeSH descriptor UI stated by a source is.
 */

/** Topic index per reference data object, built once (reference data is immutable during a run). */
const indexCache = new WeakMap<ReferenceData, TopicIndex>();
function indexOf(reference: ReferenceData): TopicIndex {
  let index = indexCache.get(reference);
  if (!index) {
    index = buildTopicIndex(reference.vocabulary);
    indexCache.set(reference, index);
  }
  return index;
}

/** Vocabulary topics by MeSH UI, built once per reference data object. */
const byUiCache = new WeakMap<ReferenceData, ReadonlyMap<string, TopicEntity>>();
function byUiOf(reference: ReferenceData): ReadonlyMap<string, TopicEntity> {
  let byUi = byUiCache.get(reference);
  if (!byUi) {
    byUi = new Map(reference.vocabulary.topics.flatMap((t) => (t.meshId ? [[t.meshId, t] as const] : [])));
    byUiCache.set(reference, byUi);
  }
  return byUi;
}

/** The reference topic a printed keyword or heading names (case- and number-insensitive, synonyms included), if any. */
export function topicForTerm(term: string, reference: ReferenceData): TopicEntity | undefined {
  return matchTopic(term, indexOf(reference));
}

/**
 * The topic of a MeSH descriptor UI a source states (PubMed XML `DescriptorName UI`): the reference
 * topic with that UI, else a MeSH topic of its own named with the heading as the source prints it
 * (the UI is verified in form; the name is the source's). Undefined for a value that is not a
 * descriptor UI.
 */
export function topicForMeshUi(ui: string, heading: string, reference: ReferenceData): TopicEntity | undefined {
  const normalized = normalizeMeshUi(ui);
  if (!normalized) return undefined;
  const known = byUiOf(reference).get(normalized);
  if (known) return known;
  return { key: topicKey({ meshId: normalized, name: heading }), name: heading, meshId: normalized, synonyms: [] };
}
