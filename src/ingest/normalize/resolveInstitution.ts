import type { InstitutionEntity, SourceAffiliation } from '../model.ts';
import type { CuratedInstitution } from './ReferenceData.ts';
import { institutionKey, normalizeRor } from '../../identity/index.ts';
import { splitAffiliation } from './splitAffiliation.ts';

/** A curated institution as the entity the graph stores. */
export function curatedInstitutionEntity(c: CuratedInstitution): InstitutionEntity {
  const e: InstitutionEntity = { key: c.id, name: c.name, source: c.source };
  if (c.localName) e.localName = c.localName;
  if (c.city) e.city = c.city;
  if (c.postalCode) e.postalCode = c.postalCode;
  if (c.country) e.country = c.country;
  if (c.parent) e.parentKey = c.parent;
  return e;
}

/**
 * Resolves one printed affiliation to an institution. The name part (city/postal code stripped) is matched
 * exactly against the curated matchNames. An uncurated affiliation becomes an institution of its own, keyed
 * `aff:<hash of the name part>` so the same printed unit in two records is one node; it carries only what was
 * printed (name, city, postal code) — no English name, parent or country is assumed.
 */
export function resolveInstitution(printed: string, institutions: readonly CuratedInstitution[]): InstitutionEntity {
  const { name, city, postalCode } = splitAffiliation(printed);
  const curated = institutions.find((c) => c.matchNames.includes(name));
  if (curated) return curatedInstitutionEntity(curated);
  const e: InstitutionEntity = { key: institutionKey({ name }), name, localName: name };
  if (city) e.city = city;
  if (postalCode) e.postalCode = postalCode;
  return e;
}

/**
 * Resolves one affiliation as a source states it (identity rules): by its ROR id when the source gives
 * a valid one (named as the source names the institution, else by the printed name part), else like
 * resolveInstitution (curated entry, else the printed text).
 */
export function resolveAffiliation(
  affiliation: SourceAffiliation,
  institutions: readonly CuratedInstitution[],
): InstitutionEntity {
  const ror = affiliation.ror ? normalizeRor(affiliation.ror) : undefined;
  if (!ror) return resolveInstitution(affiliation.text, institutions);
  const { name, city, postalCode } = splitAffiliation(affiliation.text);
  const e: InstitutionEntity = {
    key: institutionKey({ ror, name }),
    name: affiliation.institutionName?.trim() || name,
    ror,
  };
  if (city) e.city = city;
  if (postalCode) e.postalCode = postalCode;
  if (affiliation.countryCode) e.country = affiliation.countryCode.toUpperCase();
  return e;
}

/**
 * The given institutions followed by their curated parents, transitively, without duplicates (first
 * occurrence order), so the article carries every institution its links need.
 */
export function withParents(
  linked: readonly InstitutionEntity[],
  institutions: readonly CuratedInstitution[],
): InstitutionEntity[] {
  const byId = new Map(institutions.map((c) => [c.id, c]));
  const out = new Map<string, InstitutionEntity>();
  for (const start of linked) {
    let current: InstitutionEntity | undefined = start;
    while (current && !out.has(current.key)) {
      out.set(current.key, current);
      const parent: CuratedInstitution | undefined = current.parentKey ? byId.get(current.parentKey) : undefined;
      current = parent ? curatedInstitutionEntity(parent) : undefined;
    }
  }
  return [...out.values()];
}
