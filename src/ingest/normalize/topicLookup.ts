import type { TopicEntity } from '../model.ts';
import { normalizeMeshUi, topicKey } from '../../identity/index.ts';
import type { ReferenceData } from './ReferenceData.ts';
import { matchTopic, topicForMeshUi as indexedTopicForMeshUi, topicIndexFor } from './topicIndex.ts';

/**
 * The two questions normalization asks the reference data about subjects, each behind one small
 * function so the topic index they use can change without touching normalization: which topic a
 * printed keyword or heading names, and which topic a MeSH descriptor UI stated by a source is.
 */

/** The reference topic a printed keyword or heading names (curated vocabulary first, then the MeSH descriptor list), if any. */
export function topicForTerm(term: string, reference: ReferenceData): TopicEntity | undefined {
  return matchTopic(term, topicIndexFor(reference));
}

/**
 * The topic of a MeSH descriptor UI a source states (PubMed XML `DescriptorName UI`, OpenAlex
 * `descriptor_ui`): the reference topic with that UI (curated, or from the descriptor list), else
 * a MeSH topic of its own named with the heading as the source prints it. The bundled list holds
 * topical descriptors only, so check tags (Male, Female) and geographic headings (China)
 * come this way: the UI is the NLM record's own statement, verified in form. Undefined for a value
 * that is not a descriptor UI.
 */
export function topicForMeshUi(ui: string, heading: string, reference: ReferenceData): TopicEntity | undefined {
  const normalized = normalizeMeshUi(ui);
  if (!normalized) return undefined;
  const known = indexedTopicForMeshUi(normalized, topicIndexFor(reference));
  if (known) return known;
  return { key: topicKey({ meshId: normalized, name: heading }), name: heading, meshId: normalized, synonyms: [] };
}
