import { normalizeDoi } from './normalizeDoi.ts';
import { normalizeIssn, normalizeMeshUi } from './identifiers.ts';
import { normalizeKeyText } from './normalizeKeyText.ts';

/** The entity labels stored in Neo4j; each is also the prefix of its entities' global ids. */
export type EntityLabel = 'Article' | 'Author' | 'Institution' | 'Journal' | 'Topic';

/** Every entity label, in the API's EntityType order. */
export const ENTITY_LABELS: readonly EntityLabel[] = ['Article', 'Author', 'Institution', 'Journal', 'Topic'];

/** Global id of an entity: `<Label>:<key>`, the value of its node's `id` property. */
export function entityId(label: EntityLabel, key: string): string {
  return `${label}:${key}`;
}

/** Splits a global id into label and key; undefined when it is not of the form this API hands out. */
export function splitGlobalId(id: string): { label: EntityLabel; key: string } | undefined {
  const separator = id.indexOf(':');
  if (separator <= 0 || separator === id.length - 1) return undefined;
  const label = id.slice(0, separator) as EntityLabel;
  if (!ENTITY_LABELS.includes(label)) return undefined;
  return { label, key: id.slice(separator + 1) };
}

/**
 * The stored form of a global id a user typed: keys that the identity rules normalize are
 * normalized the same way (`Author:Haoming CHEN` -> `Author:haoming chen`, `Article:doi:10.1/ABC`
 * -> `Article:doi:10.1/abc`, `Topic:mesh:d001997` -> `Topic:mesh:D001997`), so an id differing only in
 * case or spacing still finds its node. Other ids come back unchanged.
 */
export function canonicalGlobalId(id: string): string {
  const parts = splitGlobalId(id.trim());
  if (!parts) return id;
  const { label, key } = parts;
  const colon = key.indexOf(':');
  const scheme = colon > 0 ? key.slice(0, colon).toLowerCase() : '';
  const value = colon > 0 ? key.slice(colon + 1) : key;
  switch (label) {
    case 'Article':
      if (scheme === 'doi') return entityId(label, normalizeDoi(value)?.key ?? key);
      if (scheme === 'pmid' || scheme === 'rec') return entityId(label, `${scheme}:${value.trim().toLowerCase()}`);
      if (scheme === 'pmcid') return entityId(label, `pmcid:${value.trim().toUpperCase()}`);
      return entityId(label, key);
    case 'Author':
      if (scheme === 'orcid') return entityId(label, `orcid:${value.trim().toUpperCase()}`);
      return entityId(label, normalizeKeyText(key));
    case 'Journal':
      if (scheme === 'issn') return entityId(label, `issn:${normalizeIssn(value) ?? value.trim().toUpperCase()}`);
      if (scheme === 'title') return entityId(label, `title:${normalizeKeyText(value)}`);
      return entityId(label, key);
    case 'Topic':
      if (scheme === 'mesh') return entityId(label, `mesh:${normalizeMeshUi(value) ?? value.trim()}`);
      if (scheme === 'kw') return entityId(label, `kw:${normalizeKeyText(value)}`);
      return entityId(label, key);
    case 'Institution':
      if (scheme === 'ror') return entityId(label, `ror:${value.trim().toLowerCase()}`);
      return entityId(label, key);
  }
}
