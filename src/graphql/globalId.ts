import { badUserInput, checkLength } from '../errors.ts';
import { INPUT_LIMITS } from '../inputLimits.ts';
import { canonicalGlobalId, ENTITY_LABELS, splitGlobalId, type EntityLabel } from '../identity/index.ts';

/** GraphQL EntityType value for each label. */
export const ENTITY_TYPE_OF: Readonly<Record<EntityLabel, 'ARTICLE' | 'AUTHOR' | 'INSTITUTION' | 'JOURNAL' | 'TOPIC'>> =
  {
    Article: 'ARTICLE',
    Author: 'AUTHOR',
    Institution: 'INSTITUTION',
    Journal: 'JOURNAL',
    Topic: 'TOPIC',
  };

/** Label for each GraphQL EntityType value. */
export const LABEL_OF_TYPE: Readonly<Record<'ARTICLE' | 'AUTHOR' | 'INSTITUTION' | 'JOURNAL' | 'TOPIC', EntityLabel>> =
  {
    ARTICLE: 'Article',
    AUTHOR: 'Author',
    INSTITUTION: 'Institution',
    JOURNAL: 'Journal',
    TOPIC: 'Topic',
  };

/**
 * Checks that a global id has the form "<Type>:<key>" that this API hands out (e.g.
 * "Topic:mesh:D020345") and returns its type and its stored form (the identity rules' canonical
 * id: `Author:Xiuyong CHENG` -> `Author:xiuyong cheng`). The id is the node's own `id` property, so
 * it is readable, stable across reloads and never a Neo4j internal id.
 */
export function parseGlobalId(id: string, argument: string): { label: EntityLabel; id: string } {
  checkLength(argument, id, INPUT_LIMITS.idLength);
  const parts = splitGlobalId(id);
  if (!parts) {
    throw badUserInput(
      argument,
      `"${id.slice(0, 80)}" is not an id of this API (expected "<Type>:<key>" with Type one of ${ENTITY_LABELS.join(', ')})`,
    );
  }
  return { label: parts.label, id: canonicalGlobalId(id) };
}
