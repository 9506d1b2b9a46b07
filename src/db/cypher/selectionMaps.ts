import { DERIVED_FIELDS, type FieldOf, type NodeType, allFields, fieldEntries, isTableField } from './nodeFields.ts';
import { PREFETCHED, type ArticleRecord, type AuthorshipRecord, type InstitutionRecord } from '../records/records.ts';
import { Selection } from './selection.ts';

/**
 * Projections chosen by the selection: the Cypher map that reads exactly what a request asks of a
 * node (its selected scalar fields, and the relations read in the same statement), plus the
 * function that turns the returned map into the record resolvers get. Relations read in the same
 * statement are handed to their resolvers through the record's PREFETCHED map, under each
 * response key (alias) that asked for them.
 *
 * The relationship types imply the labels at their ends (the graph model links nothing else), so
 * the fragments do not check labels they would always find.
 *
 * Which relations are read in the same statement (the rest goes through batched loaders):
 *   Article: journal, authorships (author, institutions), topics
 *   Institution (within those): parent, to any depth asked
 * Each relation's Cypher is a fixed fragment below; variables are suffixed per nesting level.
 */

/** A selection-specific projection of node variable `v` and how to shape what it returns. */
export interface Projection<R> {
  cypher: string;
  shape(value: unknown): R;
}

type Row = Record<string, unknown>;

/** The scalar fields of `type` a selection asks for, plus the fields relations resolved later need. */
export function selectedFields<T extends NodeType>(
  type: T,
  selection: Selection,
  inline: ReadonlySet<string> = new Set(),
): Array<FieldOf<T>> {
  const fields = new Set<FieldOf<T>>();
  for (const name of selection.names()) {
    if (isTableField(type, name)) fields.add(name);
    const derived = DERIVED_FIELDS[type] as Readonly<Record<string, ReadonlyArray<FieldOf<T>>>> | undefined;
    for (const source of derived?.[name] ?? []) fields.add(source);
    // Institution.parent, resolved by a loader, needs the parent's id.
    if (type === 'Institution' && name === 'parent' && !inline.has('parent')) fields.add('parentId' as FieldOf<T>);
  }
  return [...fields];
}

/** Copies the scalar fields of a returned map into a record, with the prefetched relations. */
function record<R>(
  row: Row,
  relations: ReadonlyArray<[cypherKey: string, responseKeys: string[], shape: (value: unknown) => unknown]>,
): R {
  const out: Row = {};
  for (const key in row) out[key] = row[key];
  if (relations.length > 0) {
    const prefetched: Row = {};
    for (const [cypherKey, responseKeys, shape] of relations) {
      const value = shape(row[cypherKey]);
      delete out[cypherKey];
      for (const responseKey of responseKeys) prefetched[responseKey] = value;
    }
    (out as { [PREFETCHED]?: Row })[PREFETCHED] = prefetched;
  }
  return out as R;
}

/** The union of what every alias of relation `name` asks (they share one read: they have no arguments). */
function relation(selection: Selection, name: string): { selection: Selection; responseKeys: string[] } | null {
  const fields = selection.named(name);
  if (fields.length === 0) return null;
  return {
    selection: Selection.union(fields.map((field) => field.selection())),
    responseKeys: fields.map((field) => field.responseKey),
  };
}

/** Scalar-only projection of any node type (everything when no selection is given). */
export function scalarProjection<T extends NodeType>(type: T, v: string, selection?: Selection): Projection<Row> {
  const fields = selection ? selectedFields(type, selection) : allFields(type);
  return { cypher: `{${fieldEntries(type, v, fields).join(', ')}}`, shape: (value) => value as Row };
}

/** An institution with its parent chain as far as selected. */
export function institutionProjection(v: string, selection: Selection): Projection<InstitutionRecord> {
  const parent = relation(selection, 'parent');
  const entries = fieldEntries(
    'Institution',
    v,
    selectedFields('Institution', selection, new Set(parent ? ['parent'] : [])),
  );
  const relations: Array<[string, string[], (value: unknown) => unknown]> = [];
  if (parent) {
    const inner = institutionProjection(`${v}p`, parent.selection);
    entries.push(`parent: head(COLLECT { MATCH (${v})-[:PART_OF]->(${v}p) RETURN ${inner.cypher} })`);
    relations.push(['parent', parent.responseKeys, (value) => (value == null ? null : inner.shape(value))]);
  }
  return { cypher: `{${entries.join(', ')}}`, shape: (value) => record<InstitutionRecord>(value as Row, relations) };
}

const AUTHORSHIP_FIELDS: Readonly<Record<string, string>> = {
  position: 'position: w.position',
  rawAffiliation: 'rawAffiliation: w.rawAffiliation',
  markers: 'markers: coalesce(w.markers, [])',
  sources: 'sources: coalesce(w.sources, [])',
};

/** The authorships of article `v`, in byline order, each with its author and the institutions it marks. */
function authorshipsProjection(v: string, selection: Selection): Projection<AuthorshipRecord[]> {
  const w = `${v}w`;
  const au = `${v}au`;
  const entries = Object.entries(AUTHORSHIP_FIELDS)
    .filter(([field]) => selection.has(field))
    .map(([, entry]) => entry.replaceAll('w.', `${w}.`));
  const relations: Array<[string, string[], (value: unknown) => unknown]> = [];
  const author = relation(selection, 'author');
  const authorProjection = author ? scalarProjection('Author', au, author.selection) : null;
  if (authorProjection) entries.push(`author: ${authorProjection.cypher}`);
  const institutions = relation(selection, 'institutions');
  if (institutions) {
    const i = `${v}i`;
    const inner = institutionProjection(i, institutions.selection);
    entries.push(`institutions: COLLECT {
      UNWIND range(0, size(coalesce(${w}.institutionIds, [])) - 1) AS ${v}k
      MATCH (${i}:Institution {id: ${w}.institutionIds[${v}k]})
      WITH ${i}, ${v}k ORDER BY ${v}k
      RETURN ${inner.cypher} }`);
    relations.push(['institutions', institutions.responseKeys, (value) => (value as unknown[]).map(inner.shape)]);
  }
  const cypher = `COLLECT { MATCH (${v})<-[${w}:AUTHORED]-(${au}) WITH ${w}, ${au} ORDER BY ${w}.position RETURN {${entries.join(', ')}} }`;
  return {
    cypher,
    shape: (value) => (value as Row[]).map((row) => record<AuthorshipRecord>(row, relations)),
  };
}

/** One relation of article `v` (journal, authorships or topics) alone: what its loader reads when the article's own statement did not. */
export function articleRelationProjection(
  v: string,
  field: 'journal' | 'authorships' | 'topics',
  selection: Selection,
): Projection<unknown> {
  return ARTICLE_RELATIONS[field](v, selection);
}

const ARTICLE_RELATIONS: Readonly<
  Record<'journal' | 'authorships' | 'topics', (v: string, selection: Selection) => Projection<unknown>>
> = {
  journal: (v, selection) => {
    const inner = scalarProjection('Journal', `${v}j`, selection);
    return {
      cypher: `head(COLLECT { MATCH (${v})-[:PUBLISHED_IN]->(${v}j) RETURN ${inner.cypher} })`,
      shape: (value) => value ?? null,
    };
  },
  authorships: (v, selection) => authorshipsProjection(v, selection),
  topics: (v, selection) => {
    const inner = scalarProjection('Topic', `${v}t`, selection);
    return {
      cypher: `COLLECT { MATCH (${v})-[${v}h:HAS_TOPIC]->(${v}t) WITH ${v}h, ${v}t ORDER BY ${v}h.position RETURN ${inner.cypher} }`,
      shape: (value) => value,
    };
  },
};

/**
 * An article with the relations the selection asks for (journal, authorships, topics) in the same
 * map; other relations (relatedArticles) are left to their loaders.
 */
export function articleProjection(v: string, selection: Selection): Projection<ArticleRecord> {
  const entries = fieldEntries('Article', v, selectedFields('Article', selection));
  const relations: Array<[string, string[], (value: unknown) => unknown]> = [];
  for (const field of ['journal', 'authorships', 'topics'] as const) {
    const asked = relation(selection, field);
    if (!asked) continue;
    const inner = ARTICLE_RELATIONS[field](v, asked.selection);
    entries.push(`${field}: ${inner.cypher}`);
    relations.push([field, asked.responseKeys, inner.shape]);
  }
  return { cypher: `{${entries.join(', ')}}`, shape: (value) => record<ArticleRecord>(value as Row, relations) };
}
