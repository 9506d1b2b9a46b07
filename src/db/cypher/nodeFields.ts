import type { IssnRecord } from '../records/records.ts';

/**
 * THE table of what each node type's scalar fields read: one line per field. The record types the
 * resolvers receive (../records/records.ts), every projection (only the fields a request selects, or all of
 * them for loaders) and the GraphQL default resolvers all follow from it.
 *
 * To add a scalar field (say `pmid: String` on Article): declare it in the schema (schema/*.graphql,
 * with a description), then add ONE line here under its type, e.g. `pmid: text,` — that reads the
 * node property of the same name. Use `textAt('stored_name')` when the property is named
 * differently, `texts` for a list that may be missing (read as []), `integer` for numbers, or
 * `computed(...)` for a value that is not a plain property. Nothing else changes: the field is read
 * only when a request selects it, and the GraphQL default resolver returns it.
 */

/** How one field is read: the Cypher expression for node variable `v` (a fixed identifier, never input). */
export interface FieldReader<Value> {
  read(v: string, field: string): string;
  /** Phantom: the value's TypeScript type. */
  readonly value?: Value;
}

const property = <Value>(name?: string): FieldReader<Value> => ({ read: (v, field) => `${v}.${name ?? field}` });

/** A string property of the same name; null when missing. */
export const text: FieldReader<string | null> = property();
/** A string property that every node of the type has. */
export const requiredText: FieldReader<string> = property();
/** A string property stored under another name. */
export const textAt = (name: string): FieldReader<string | null> => property(name);
/** An integer property of the same name; null when missing. */
export const integer: FieldReader<number | null> = property();
/** A list of strings; [] when missing. */
export const texts: FieldReader<string[]> = { read: (v, field) => `coalesce(${v}.${field}, [])` };
/** Any other expression of the node. */
export const computed = <Value>(expression: (v: string) => string): FieldReader<Value> => ({
  read: (v) => expression(v),
});

/** The scalar fields of each node type (the GraphQL field name is the record key). */
export const NODE_FIELDS = {
  Article: {
    id: requiredText,
    doi: text,
    title: requiredText,
    vernacularTitle: text,
    abstract: text,
    language: text,
    country: text,
    year: integer,
    volume: text,
    issue: text,
    firstPage: text,
    lastPage: text,
    keywords: texts,
    sourceFile: text,
    pmid: text,
    pmcid: text,
    openalexId: text,
    publicationTypes: texts,
    // The citation graph (schema/citations.graphql, src/ingest/load/citations.ts).
    referenceOnly: computed<boolean>((v) => `${v}:ReferenceOnly`),
    citedByCount: integer,
    referenceAuthor: text,
    referenceJournal: text,
    referenceTexts: computed<string[]>(
      (v) =>
        `COLLECT { MATCH (s:Source)-[:DESCRIBES]->(${v}) WITH s ORDER BY s.rank, s.id UNWIND coalesce(s.referenceTexts, []) AS t RETURN t }`,
    ),
  },
  Author: {
    id: requiredText,
    name: requiredText,
    familyName: text,
    givenName: text,
    orcid: text,
  },
  Institution: {
    id: requiredText,
    name: requiredText,
    localName: text,
    city: text,
    postalCode: text,
    country: text,
    ror: text,
    // Not a GraphQL field: what Institution.parent needs when it is not read in the same statement.
    parentId: computed<string | null>((v) => `head(COLLECT { MATCH (${v})-[:PART_OF]->(p:Institution) RETURN p.id })`),
  },
  Journal: {
    id: requiredText,
    title: requiredText,
    localTitle: text,
    issn: text,
    abbreviation: text,
    // Every ISSN with its type as the API names it: the deciding description's, typed as it states them,
    // then those only other descriptions state (`statedIssns`), without a type (sources may disagree on
    // it). A journal loaded before types were kept lists its one ISSN.
    issns: computed<IssnRecord[]>(
      (
        v,
      ) => `[i IN range(0, size(coalesce(${v}.issns, CASE WHEN ${v}.issn IS NULL THEN [] ELSE [${v}.issn] END)) - 1) | {
        value: coalesce(${v}.issns, [${v}.issn])[i],
        type: CASE coalesce(${v}.issnTypes, [])[i] WHEN 'print' THEN 'PRINT' WHEN 'electronic' THEN 'ELECTRONIC' WHEN 'linking' THEN 'LINKING' ELSE null END}]
        + [x IN coalesce(${v}.statedIssns, []) WHERE NOT x IN coalesce(${v}.issns, [${v}.issn]) | {value: x, type: null}]`,
    ),
  },
  Topic: {
    id: requiredText,
    name: requiredText,
    meshId: text,
    synonyms: texts,
  },
} as const satisfies Record<string, Record<string, FieldReader<unknown>>>;

/**
 * GraphQL fields that resolvers compute from table fields (links out, URLs): selecting one reads
 * the table fields it is made from, so `{ doiUrl }` alone still finds the DOI.
 */
export const DERIVED_FIELDS: {
  readonly [T in keyof typeof NODE_FIELDS]?: Readonly<Record<string, ReadonlyArray<keyof (typeof NODE_FIELDS)[T]>>>;
} = {
  Article: {
    doiUrl: ['doi'],
    pmidUrl: ['pmid'],
    pmcidUrl: ['pmcid'],
    openalexUrl: ['openalexId'],
    links: ['doi', 'pmid', 'pmcid', 'openalexId'],
  },
  Author: { orcidUrl: ['orcid'], links: ['orcid'] },
  Institution: { rorUrl: ['ror'], links: ['ror'] },
  Journal: { issnUrl: ['issn'], links: ['issn', 'issns'] },
  Topic: { meshUrl: ['meshId'], links: ['meshId'] },
};

/** A node type with a field table. */
export type NodeType = keyof typeof NODE_FIELDS;

/** The record of a node type: every field of its table with its value type. */
export type RecordOf<T extends NodeType> = {
  -readonly [K in keyof (typeof NODE_FIELDS)[T]]: (typeof NODE_FIELDS)[T][K] extends FieldReader<infer Value>
    ? Value
    : never;
};

/** The field names of a node type's table. */
export type FieldOf<T extends NodeType> = keyof (typeof NODE_FIELDS)[T] & string;

/** Every field of a type's table, in table order. */
export function allFields<T extends NodeType>(type: T): Array<FieldOf<T>> {
  return Object.keys(NODE_FIELDS[type]) as Array<FieldOf<T>>;
}

/** True when `field` is in the type's table. */
export function isTableField<T extends NodeType>(type: T, field: string): field is FieldOf<T> {
  return Object.prototype.hasOwnProperty.call(NODE_FIELDS[type], field);
}

/**
 * The Cypher map entries reading `fields` of node variable `v` (`id` always comes first: every
 * record needs it), e.g. `id: a.id, title: a.title`.
 */
export function fieldEntries<T extends NodeType>(type: T, v: string, fields: Iterable<FieldOf<T>>): string[] {
  const table = NODE_FIELDS[type] as Record<string, FieldReader<unknown>>;
  const names = ['id', ...[...fields].filter((field) => field !== 'id')];
  return [...new Set(names)].map((field) => `${field}: ${table[field]!.read(v, field)}`);
}

/** A map projection of `fields` (all of them by default) of node variable `v`. */
export function projectFields<T extends NodeType>(
  type: T,
  v: string,
  fields: Iterable<FieldOf<T>> = allFields(type),
): string {
  return `{${fieldEntries(type, v, fields).join(', ')}}`;
}
