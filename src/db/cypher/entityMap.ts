import type { EntityLabel } from '../../identity/index.ts';
import { projectFields } from './nodeFields.ts';

/**
 * Any entity as `{label, record}`: its type label and its record. Each label's record map is given
 * by `maps` (the fields a request selects of that type); labels without one get every field of
 * their table (nodeFields.ts).
 */
export function entityProjection(v: string, maps: Partial<Record<EntityLabel, string>> = {}): string {
  const labels: EntityLabel[] = ['Article', 'Author', 'Institution', 'Journal', 'Topic'];
  return `CASE\n${labels.map((label) => `  WHEN ${v}:${label} THEN {label: '${label}', record: ${maps[label] ?? projectFields(label, v)}}`).join('\n')}\nEND`;
}

/** The relationship types of the graph model (Alias links are internal and never shown). */
export const MODEL_RELATIONSHIP_TYPES = [
  'AUTHORED',
  'AFFILIATED_WITH',
  'PUBLISHED_IN',
  'HAS_TOPIC',
  'PART_OF',
  'BROADER',
  'DERIVED_FROM',
  'COMPLICATION_OF',
  'CITES',
] as const;
