import type { FacetField } from '../../graphql/generated/resolvers-types.ts';
import {
  type AnchorKind,
  type FilterPlan,
  type GroupKind,
  type OrderSpec,
  INDEX_SCAN_FACTOR,
  MATCHED_LIST_MAX,
  onlyAnchor,
} from './articleFilterPlan.ts';
import type { PageRequest } from './paging.ts';

/**
 * The article list statement, assembled from the named fragments below, all hand-written and
 * parameterised. One CALL subquery answers one `articles` field in one round trip: it resolves
 * the filter's names, picks the anchor, reads one page (O(page) through the sort indexes for large
 * anchors, O(anchor) for small ones), and counts the total only when it is selected.
 *
 * Which fragments are assembled depends only on the plan's shape (anchor kind, sort order and
 * direction, whether a cursor is given, what the request selects), never on values: values are
 * parameters, so Neo4j caches one plan per shape.
 */

/** What one page fragment must produce. */
export interface PageShape {
  plan: FilterPlan;
  spec: OrderSpec;
  request: PageRequest;
  /** The items themselves (edges, or page info that depends on them). */
  rows: boolean;
  /** Whether items exist on the other side of the cursor (the backward-looking half of page info). */
  beyond: boolean;
  /** The total number of matching articles. */
  total: boolean;
  /** The Cypher map of one article `a` (articleProjection). */
  projection: string;
}

/** The names a page fragment reads its parameters from (chosen by the code, never input). */
export interface PageParams {
  /** The filter plan parameter, e.g. `$filter`. */
  filter: string;
  /** The paging parameter, e.g. `$page`. */
  page: string;
}

/** The filter's parameters (bind them under PageParams.filter). */
export function filterParameters(plan: FilterPlan, indexScanFactor = INDEX_SCAN_FACTOR): Record<string, unknown> {
  return {
    refs: plan.refs,
    groups: plan.groups,
    yearFrom: plan.yearFrom,
    yearTo: plan.yearTo,
    language: plan.language,
    referenceOnly: plan.referenceOnly,
    documentType: plan.documentType,
    indexScanFactor,
  };
}

/** The parameters of one page fragment (bind them under the names given in PageParams). */
export function pageParameters(
  shape: Pick<PageShape, 'plan' | 'request'>,
  indexScanFactor = INDEX_SCAN_FACTOR,
): { filter: Record<string, unknown>; page: Record<string, unknown> } {
  return {
    filter: filterParameters(shape.plan, indexScanFactor),
    page: { take: shape.request.take, cursor: shape.request.cursor },
  };
}

// ---------------------------------------------------------------------------------------------
// Fragments

/**
 * What of the filter machinery a plan needs, so a statement carries only the fragments its filter
 * uses (planning a statement costs Neo4j more than running a small one; every part left out is
 * planning saved). Shapes, not values: the values stay parameters.
 */
interface FilterShape {
  kind: AnchorKind;
  /** References to resolve by name or id (the scope is already a node). */
  resolves: boolean;
  /** The kinds that have groups. */
  kinds: GroupKind[];
  /** The anchor kind has several groups: the statement picks the smallest. */
  chooses: boolean;
  /** Kinds with groups left as conditions once the anchor is taken. */
  conditions: GroupKind[];
  /** How many groups of each kind are conditions (the anchor's group is not). */
  conditionGroups: Record<GroupKind, number>;
  year: boolean;
  language: boolean;
  referenceOnly: boolean;
  documentType: boolean;
}

function filterShape(plan: FilterPlan): FilterShape {
  const kinds = (Object.keys(plan.groups) as GroupKind[]).filter((kind) => plan.groups[kind].length > 0);
  const kind = plan.anchor;
  return {
    kind,
    resolves: plan.refs.some((ref) => !ref.scope),
    kinds,
    chooses: kind !== 'all' && plan.groups[kind].length > 1,
    conditions: kinds.filter((k) => k !== kind || plan.groups[k].length > 1),
    conditionGroups: Object.fromEntries(
      (Object.keys(plan.groups) as GroupKind[]).map((k) => [k, plan.groups[k].length - (k === kind ? 1 : 0)]),
    ) as Record<GroupKind, number>,
    year: plan.yearFrom !== null || plan.yearTo !== null,
    language: plan.language !== null,
    referenceOnly: plan.referenceOnly !== null,
    documentType: plan.documentType !== null,
  };
}

/**
 * Resolves the filter's references to nodes (by global id, by alias: names, synonyms, MeSH UIs,
 * ISSNs; authors also by printed name), with their descendants (narrower topics, institution units)
 * where asked; a reference to the `scope` (the parent of a nested `articles`) is that node.
 * Yields `refNodes`: one node list per reference, in reference order.
 */
const RESOLVE = (p: PageParams) => `
CALL (scope) {
  UNWIND range(0, size(${p.filter}.refs) - 1) AS i
  CALL (i, scope) {
    WITH ${p.filter}.refs[i] AS ref, scope
    CALL (ref, scope) {
      WITH ref, scope WHERE ref.scope RETURN scope AS n
      UNION
      WITH ref WHERE NOT ref.scope MATCH (n:Entity {id: ref.text}) WHERE ref.label IN labels(n) RETURN n
      UNION
      WITH ref WHERE NOT ref.scope MATCH (al:Alias {value: ref.alias})-[:ALIAS_OF]->(n) USING INDEX SEEK al:Alias(value) WHERE ref.label IN labels(n) RETURN n
      UNION
      WITH ref WHERE NOT ref.scope AND ref.label = 'Author' MATCH (n:Author {nameLower: ref.alias}) RETURN n
    }
    MATCH (d)-[:BROADER|PART_OF]->{0,10}(n) WHERE ref.withDescendants OR d = n
    RETURN collect(DISTINCT d) AS nodes
  }
  WITH i, nodes ORDER BY i
  RETURN collect(nodes) AS refNodes
}`;

/** Only the scope to resolve: the parent node and, for topics and institutions, what is below it. */
const SCOPE_ONLY = (kind: AnchorKind) =>
  kind === 'topic' || kind === 'institution'
    ? `\nWITH scope, [COLLECT { MATCH (d)-[:BROADER|PART_OF]->{0,10}(scope) RETURN DISTINCT d }] AS refNodes`
    : '\nWITH scope, [[scope]] AS refNodes';

/** Groups the resolved nodes into conditions, for the kinds the filter has. */
const GROUPS = (p: PageParams, shape: FilterShape) => {
  const lists = shape.kinds.map(
    (k) => `[g IN ${p.filter}.groups.${k} | reduce(acc = [], r IN g | acc + refNodes[r])] AS ${k}Groups`,
  );
  const all = shape.kinds.map((k) => `${k}Groups`).join(' + ');
  return `
WITH scope, ${lists.join(', ')}
WITH *, all(g IN ${all} WHERE size(g) > 0) AS matchable`;
};

/** How many articles a node of each kind has, from the degree store (institutions: a proxy, their authors). */
const ARTICLES_OF: Readonly<Record<GroupKind, (n: string) => string>> = {
  topic: (n) => `COUNT { (${n})<-[:HAS_TOPIC]-() }`,
  author: (n) => `COUNT { (${n})-[:AUTHORED]->() }`,
  journal: (n) => `COUNT { (${n})<-[:PUBLISHED_IN]-() }`,
  institution: (n) => `COUNT { (${n})<-[:AFFILIATED_WITH]-() }`,
  cites: (n) => `COUNT { (${n})<-[:CITES]-() }`,
  citedBy: (n) => `COUNT { (${n})-[:CITES]->() }`,
};

/**
 * Picks the anchor: of the anchor kind's groups, the one whose nodes have the fewest articles (when
 * there are several); the other groups stay conditions. Yields `anchorNodes`, `anchorArticles` and
 * a condition list `<kind>F` per kind with conditions.
 */
const ANCHOR = (shape: FilterShape) => {
  const kind = shape.kind;
  if (kind === 'all') return '\nWITH *, true AS matchable, [] AS anchorNodes, 0 AS anchorArticles';
  const pick = shape.chooses
    ? `
CALL (${kind}Groups) {
  UNWIND range(0, size(${kind}Groups) - 1) AS gi
  UNWIND ${kind}Groups[gi] AS n
  WITH gi, sum(${ARTICLES_OF[kind]('n')}) AS articles ORDER BY articles, gi
  RETURN head(collect({index: gi, articles: articles})) AS smallest
}
WITH *, coalesce(smallest.index, 0) AS anchorIndex, coalesce(smallest.articles, 0) AS anchorArticles`
    : `
CALL (${kind}Groups) {
  UNWIND ${kind}Groups[0] AS n
  RETURN sum(${ARTICLES_OF[kind]('n')}) AS anchorArticles
}
WITH *, 0 AS anchorIndex`;
  const lists = shape.conditions.map((k) =>
    k === kind
      ? `[i IN range(0, size(${k}Groups) - 1) WHERE i <> anchorIndex | ${k}Groups[i]] AS ${k}F`
      : `${k}Groups AS ${k}F`,
  );
  return `${pick}
WITH *, coalesce(${kind}Groups[anchorIndex], []) AS anchorNodes${lists.map((list) => `, ${list}`).join('')}`;
};

/**
 * The articles of the anchor nodes, each once (several anchor nodes may share an article), as a
 * CALL so the row keeps every variable it carries; continue with `WITH * WHERE ...`. `when` guards
 * it: the anchor list is unwound only when it holds (a WHERE on imported variables alone may be
 * planned after the reads it was meant to spare).
 */
function ANCHOR_ARTICLES(kind: GroupKind, when: string): string {
  const source = when === 'true' ? 'anchorNodes' : `CASE WHEN ${when} THEN anchorNodes ELSE [] END`;
  switch (kind) {
    case 'topic':
      return `CALL (*) { UNWIND ${source} AS x MATCH (x)<-[:HAS_TOPIC]-(a) RETURN DISTINCT a }`;
    case 'author':
      return `CALL (*) { UNWIND ${source} AS x MATCH (x)-[:AUTHORED]->(a) RETURN DISTINCT a }`;
    case 'journal':
      return `CALL (*) { UNWIND ${source} AS x MATCH (x)<-[:PUBLISHED_IN]-(a) RETURN DISTINCT a }`;
    case 'cites':
      return `CALL (*) { UNWIND ${source} AS x MATCH (x)<-[:CITES]-(a) RETURN DISTINCT a }`;
    case 'citedBy':
      return `CALL (*) { UNWIND ${source} AS x MATCH (x)-[:CITES]->(a) RETURN DISTINCT a }`;
    case 'institution':
      return `CALL (*) {
    WITH *, [n IN anchorNodes | n.id] AS anchorIds
    UNWIND ${source} AS x MATCH (x)<-[:AFFILIATED_WITH]-()-[w:AUTHORED]->(a)
    WHERE any(id IN w.institutionIds WHERE id IN anchorIds) RETURN DISTINCT a }`;
  }
}

/** The anchor condition as a check on one article (when reading the sort index instead of the anchor). */
const ANCHOR_HOLDS: Readonly<Record<GroupKind, string>> = {
  topic: 'EXISTS { MATCH (a)-[:HAS_TOPIC]->(x) WHERE x IN anchorNodes }',
  author: 'EXISTS { MATCH (a)<-[:AUTHORED]-(x) WHERE x IN anchorNodes }',
  journal: 'EXISTS { MATCH (a)-[:PUBLISHED_IN]->(x) WHERE x IN anchorNodes }',
  institution:
    'EXISTS { MATCH (a)<-[w:AUTHORED]-() WHERE any(id IN w.institutionIds WHERE id IN [n IN anchorNodes | n.id]) }',
  cites: 'EXISTS { MATCH (a)-[:CITES]->(x) WHERE x IN anchorNodes }',
  citedBy: 'EXISTS { MATCH (a)<-[:CITES]-(x) WHERE x IN anchorNodes }',
};

/** The filter's prelude: resolve, group, pick the anchor (for a filter naming nothing: all articles). */
function FILTER(p: PageParams, f: FilterShape): string {
  if (f.kind === 'all') return ANCHOR(f);
  return `${f.resolves ? RESOLVE(p) : SCOPE_ONLY(f.kind)}${GROUPS(p, f)}${ANCHOR(f)}`;
}

/** Conjunction of conditions, leaving out those that are `true`. */
function and(...conditions: string[]): string {
  const real = conditions.filter((condition) => condition !== 'true');
  return real.length > 0 ? real.join('\n    AND ') : 'true';
}

/** Every condition besides the anchor, on article `a` (`true` when there is none). */
function CONDITIONS(p: PageParams, shape: FilterShape): string {
  const parts: string[] = [];
  if (shape.year)
    parts.push(
      `(${p.filter}.yearFrom IS NULL OR a.year >= ${p.filter}.yearFrom)`,
      `(${p.filter}.yearTo IS NULL OR a.year <= ${p.filter}.yearTo)`,
    );
  if (shape.language) parts.push(`toLower(a.language) = ${p.filter}.language`);
  if (shape.referenceOnly) parts.push(`a:ReferenceOnly = ${p.filter}.referenceOnly`);
  if (shape.documentType)
    parts.push(`any(t IN coalesce(a.publicationTypes, []) WHERE toLower(t) = ${p.filter}.documentType)`);
  // One EXISTS per group, not `all(g IN topicF WHERE EXISTS {...})`: a subquery inside a list predicate
  // runs as a nested plan for every article, while a plain one is planned as a semi-join (the same db
  // hits, a little less Neo4j CPU: 2.65 against 2.85 ms per two-topic request at 30k articles, one
  // measurement on a busy machine). The number of groups is the plan's shape, never a value.
  for (const kind of shape.conditions)
    for (let i = 0; i < shape.conditionGroups[kind]; i += 1) parts.push(LINKED_TO[kind](`${kind}F[${i}]`));
  return parts.length > 0 ? parts.join('\n    AND ') : 'true';
}

/** The condition of one group `g` (a list of nodes) of each kind: the article is linked to one of its nodes. */
const LINKED_TO: Readonly<Record<GroupKind, (g: string) => string>> = {
  topic: (g) => `EXISTS { MATCH (a)-[:HAS_TOPIC]->(t) WHERE t IN ${g} }`,
  author: (g) => `EXISTS { MATCH (a)<-[:AUTHORED]-(au) WHERE au IN ${g} }`,
  journal: (g) => `EXISTS { MATCH (a)-[:PUBLISHED_IN]->(j) WHERE j IN ${g} }`,
  institution: (g) =>
    `EXISTS { MATCH (a)<-[w:AUTHORED]-() WHERE any(id IN w.institutionIds WHERE id IN [n IN ${g} | n.id]) }`,
  cites: (g) => `EXISTS { MATCH (a)-[:CITES]->(c) WHERE c IN ${g} }`,
  citedBy: (g) => `EXISTS { MATCH (a)<-[:CITES]-(c) WHERE c IN ${g} }`,
};

const dir = (descending: boolean) => (descending ? 'DESC' : 'ASC');
/** "Comes after" for a property read in this direction. */
const after = (descending: boolean) => (descending ? '<' : '>');

/** A value below every key of the property: a range from it covers all keyed articles (and is seekable). */
const KEY_FLOOR: Readonly<Record<OrderSpec['key'], string>> = { year: '-2147483648', titleLower: "''" };

/** The full order of `spec` on article `a`: articles without a key first or last, then key, then id. */
const ORDER_BY = (spec: OrderSpec) =>
  `a.${spec.key} IS NULL ${spec.nullsFirst ? 'DESC' : 'ASC'}, a.${spec.key} ${dir(spec.keyDescending)}, a.id ${dir(spec.idDescending)}`;

/** Where the cursor sits: none (the start), among articles with a key, or among those without. */
type CursorAt = 'none' | 'keyed' | 'unkeyed';

function cursorAt(request: PageRequest): CursorAt {
  if (!request.cursor) return 'none';
  return request.cursor[0] === null ? 'unkeyed' : 'keyed';
}

/** The cursor condition on `a`: strictly after the cursor in reading order (`true` without a cursor). */
function afterCursor(spec: OrderSpec, at: CursorAt, p: PageParams): string {
  const key = `${p.page}.cursor[0]`;
  const id = `${p.page}.cursor[1]`;
  if (at === 'none') return 'true';
  if (at === 'keyed') {
    const keyed = `(a.${spec.key} ${after(spec.keyDescending)} ${key} OR (a.${spec.key} = ${key} AND a.id ${after(spec.idDescending)} ${id}))`;
    return spec.nullsFirst ? keyed : `(${keyed} OR a.${spec.key} IS NULL)`;
  }
  const unkeyed = `(a.${spec.key} IS NULL AND a.id ${after(spec.idDescending)} ${id})`;
  return spec.nullsFirst ? `(${unkeyed} OR a.${spec.key} IS NOT NULL)` : unkeyed;
}

/**
 * One page from the anchor's articles: read them all (the anchor is small), keep those matching
 * and after the cursor, top `take` in order.
 */
const EXPAND_PAGE = (kind: GroupKind, shape: PageShape, f: FilterShape, p: PageParams) => `
CALL (*) {
  ${ANCHOR_ARTICLES(kind, kind === 'institution' ? 'matchable' : 'matchable AND NOT useIndex')}
  WITH * WHERE ${and(CONDITIONS(p, f), afterCursor(shape.spec, cursorAt(shape.request), p))}
  WITH a ORDER BY ${ORDER_BY(shape.spec)} LIMIT ${p.page}.take
  RETURN collect(a) AS expanded
}`;

/**
 * One page read along the sort index (article_year_id / article_title_id, src/graph ARTICLE_SORT_INDEXES), stopping as soon as it is
 * full: the cost is the index entries read until `take` articles match, not the anchor's size.
 *
 * The index orders (key, id) both ascending or both descending, while an order may break key ties
 * the other way (YEAR_DESC: newest first, ties by id ascending). So the keyed part is read in two
 * steps: scan in key order until `take` match (every key before the last key seen is then
 * complete), then read the last key's articles alone in id order (an index seek on key = value).
 * A cursor among keyed articles first continues its own key the same way. Articles without a key
 * are not in the index: they are read by id (the id index in order), or from the anchor.
 *
 * Each step is a subquery returning one aggregate row (a step with nothing to do keeps the row)
 * and reads at most `take` rows (LIMIT takes no variables); the page is cut to `take` after each.
 * Whether a step runs at all is folded into its index bound (`CASE WHEN <runs> THEN bound END`: a
 * null bound reads nothing), so the planner cannot read the index before deciding.
 */
function INDEX_PAGE(kind: AnchorKind, shape: PageShape, f: FilterShape, p: PageParams): string {
  const { spec } = shape;
  const at = cursorAt(shape.request);
  const k = spec.key;
  const take = `${p.page}.take`;
  const holds = kind === 'all' ? 'true' : ANCHOR_HOLDS[kind];
  // Each step grows the page from acc<n> to acc<n+1>: names cannot be rebound in Cypher.
  let n = 0;
  const acc = () => `acc${n}`;
  const runs = () => `matchable${kind === 'all' ? '' : ' AND useIndex'} AND size(${acc()}) < ${take}`;
  const when = (bound: string) => `CASE WHEN ${runs()} THEN ${bound} END`;
  // Every step reads the sort index by a seek, never a scan: its bound is null when the step is not to
  // run, and a seek on null reads nothing, while a scan filtered by it reads every article. Without the
  // hint the planner chooses between them by the graph's statistics: on some graphs it planned the
  // last key's step (a.key = lastKey) as a scan of the whole index, the same statement then cost work in
  // proportion to all articles while its anchor was small (tests/db/topicPageGrowth.test.ts).
  const seek = `USING INDEX SEEK a:Article(${k}, id)`;
  const keyOrder = `a.${k} ${dir(spec.keyDescending)}, a.id ${dir(spec.keyDescending)}`;
  const groupOrder = `a.${k} ${dir(spec.idDescending)}, a.id ${dir(spec.idDescending)}`;
  const grow = (list: string) => {
    const from = acc();
    n += 1;
    return `\nWITH *, (${from} + ${list})[0..${take}] AS ${acc()}`;
  };

  const sameKey = () => `
CALL (*) {
  MATCH (a:Article) ${seek} WHERE a.${k} = ${when(`${p.page}.cursor[0]`)} AND a.id ${after(spec.idDescending)} ${p.page}.cursor[1]
    AND ${and(holds, CONDITIONS(p, f))}
  WITH a ORDER BY ${groupOrder} LIMIT ${take}
  RETURN collect(a) AS sameKey
}${grow('sameKey')}`;

  const keyed = (afterKey: boolean) => `
CALL (*) {
  MATCH (a:Article) ${seek} WHERE ${afterKey ? `a.${k} ${after(spec.keyDescending)} ${when(`${p.page}.cursor[0]`)}` : `a.${k} >= ${when(KEY_FLOOR[k])}`} AND a.id IS NOT NULL
    AND ${and(holds, CONDITIONS(p, f))}
  WITH a ORDER BY ${keyOrder} LIMIT ${take}
  RETURN collect(a) AS scanned
}
WITH *, ${take} - size(${acc()}) AS room
WITH *, CASE WHEN room > 0 AND size(scanned) >= room THEN scanned[room - 1].${k} END AS lastKey
CALL (*) {
  MATCH (a:Article) ${seek} WHERE a.${k} = lastKey AND a.id IS NOT NULL AND ${and(holds, CONDITIONS(p, f))}
  WITH a ORDER BY ${groupOrder} LIMIT ${take}
  RETURN collect(a) AS lastKeyGroup
}${grow(`CASE WHEN lastKey IS NULL THEN scanned ELSE [a IN scanned[0..room] WHERE a.${k} <> lastKey] + lastKeyGroup END`)}`;

  const unkeyedSource = () =>
    kind === 'all'
      ? `MATCH (a:Article) USING INDEX SEEK a:Article(id) WHERE a.id >= ${when("''")} AND a.${k} IS NULL`
      : `${ANCHOR_ARTICLES(kind, runs())}\n  WITH * WHERE a.${k} IS NULL`;
  const unkeyed = (afterId: boolean) => `
CALL (*) {
  ${unkeyedSource()}${afterId ? ` AND a.id ${after(spec.idDescending)} ${p.page}.cursor[1]` : ''}
    AND ${CONDITIONS(p, f)}
  WITH a ORDER BY a.id ${dir(spec.idDescending)} LIMIT ${take}
  RETURN collect(a) AS unkeyed
}${grow('unkeyed')}`;

  // The steps in list order for where the cursor sits (each is built in turn: they number the page).
  const steps: Array<() => string> = [];
  if (at === 'none')
    steps.push(
      ...(spec.nullsFirst ? [() => unkeyed(false), () => keyed(false)] : [() => keyed(false), () => unkeyed(false)]),
    );
  else if (at === 'keyed') steps.push(sameKey, () => keyed(true), ...(spec.nullsFirst ? [] : [() => unkeyed(false)]));
  else steps.push(() => unkeyed(true), ...(spec.nullsFirst ? [() => keyed(false)] : []));
  const text = steps.map((step) => step()).join('');
  return `
CALL (*) {
  WITH *, [] AS acc0${indent(text)}
  RETURN ${acc()} AS indexed
}`;
}

/**
 * Whether a matching article sits at the cursor or before it in reading order: the other half of
 * page info. An existence check: it stops at the first hit.
 */
function BEYOND(kind: AnchorKind, shape: PageShape, f: FilterShape, p: PageParams): string {
  const at = cursorAt(shape.request);
  if (at === 'none') return '\nWITH *, false AS beyond';
  const source = kind === 'all' ? 'MATCH (a:Article) WHERE' : `${ANCHOR_ARTICLES(kind, 'matchable')}\n  WITH * WHERE`;
  return `
CALL (*) {
  ${source} ${CONDITIONS(p, f)} AND NOT ${afterCursor(shape.spec, at, p)}
  WITH a LIMIT 1
  RETURN count(a) > 0 AS beyond
}`;
}

/**
 * Whether the total is a count over the anchor's articles (a filter with conditions besides its
 * anchor, or an institution, whose articles have no degree to read): the page is then cut from what
 * that count matched (MATCHED), not read a second time.
 */
function countsAnchor(kind: AnchorKind, shape: PageShape): boolean {
  return kind !== 'all' && shape.total && (kind === 'institution' || !onlyAnchor(shape.plan));
}

/**
 * One pass over the anchor's articles: `total` counts those that match every condition, and
 * `matched` keeps them (up to MATCHED_LIST_MAX anchor articles; else it stays empty and the page
 * is read along the sort index). Then `useIndex` is decided by INDEX_SCAN_FACTOR's cost model on
 * the matching articles, which is what the index has to find, not on the anchor's: two topics
 * intersect in a few of the smaller one's articles, and an index read would walk far to fill a page.
 */
function MATCHED(kind: GroupKind, f: FilterShape, p: PageParams): string {
  const listed = kind === 'institution' ? 'true' : `anchorArticles <= ${MATCHED_LIST_MAX}`;
  const useIndex =
    kind === 'institution'
      ? ''
      : `
WITH *, NOT listed OR total * total > ${p.filter}.indexScanFactor * ${p.page}.take * COUNT { (:Article) } AS useIndex`;
  return `
WITH *, ${listed} AS listed
CALL (*) {
  ${ANCHOR_ARTICLES(kind, 'matchable')}
  WITH * WHERE ${CONDITIONS(p, f)}
  RETURN count(a) AS total, collect(CASE WHEN listed THEN a END) AS matched
}${useIndex}`;
}

/** One page cut from `matched` (no condition to test again): after the cursor, top `take` in order. */
const MATCHED_PAGE = (kind: GroupKind, shape: PageShape, p: PageParams) => {
  const cursor = afterCursor(shape.spec, cursorAt(shape.request), p);
  return `
CALL (*) {
  UNWIND ${kind === 'institution' ? 'matched' : 'CASE WHEN useIndex THEN [] ELSE matched END'} AS a${cursor === 'true' ? '' : `\n  WITH a WHERE ${cursor}`}
  WITH a ORDER BY ${ORDER_BY(shape.spec)} LIMIT ${p.page}.take
  RETURN collect(a) AS expanded
}`;
};

/** The total: the anchor's degree when it is one node and the only condition, else a count. */
function TOTAL(kind: AnchorKind, shape: PageShape, f: FilterShape, p: PageParams): string {
  const simple = onlyAnchor(shape.plan);
  if (kind === 'all') {
    // No anchor: nothing to resolve, so always matchable.
    return `
CALL (*) {
  ${simple ? 'RETURN COUNT { (:Article) } AS total' : `MATCH (a:Article) WHERE ${CONDITIONS(p, f)} RETURN count(a) AS total`}
}`;
  }
  const byDegree =
    simple && kind !== 'institution'
      ? `
OPTIONAL CALL (anchorNodes) {
  WITH anchorNodes WHERE size(anchorNodes) = 1
  WITH anchorNodes[0] AS x
  RETURN ${ARTICLES_OF[kind]('x')} AS byDegree
}`
      : '\nWITH *, null AS byDegree';
  return `${byDegree}
CALL (*) {
  ${ANCHOR_ARTICLES(kind, 'matchable AND byDegree IS NULL')}
  WITH * WHERE ${CONDITIONS(p, f)}
  RETURN count(a) AS counted
}
WITH *, CASE WHEN NOT matchable THEN 0 ELSE coalesce(byDegree, counted) END AS total`;
}

/**
 * The whole `articles` answer as one CALL subquery importing `scope` (the parent node of a nested
 * `articles`, or null), returning `{rows: [{key, node}], beyond, total}` as `resultName`.
 */
export function articlePageFragment(shape: PageShape, p: PageParams, resultName: string): string {
  const kind = shape.plan.anchor;
  const f = filterShape(shape.plan);
  const parts = [FILTER(p, f)];
  const counts = countsAnchor(kind, shape);
  if (counts) parts.push(MATCHED(kind as GroupKind, f, p));
  else if (kind !== 'all' && kind !== 'institution') {
    parts.push(
      `\nWITH *, anchorArticles * anchorArticles > ${p.filter}.indexScanFactor * ${p.page}.take * COUNT { (:Article) } AS useIndex`,
    );
  }
  if (shape.rows) {
    if (kind === 'all') parts.push(INDEX_PAGE(kind, shape, f, p), '\nWITH *, indexed AS acc');
    else if (kind === 'institution')
      parts.push(counts ? MATCHED_PAGE(kind, shape, p) : EXPAND_PAGE(kind, shape, f, p), '\nWITH *, expanded AS acc');
    else if (counts)
      parts.push(
        INDEX_PAGE(kind, shape, f, p),
        MATCHED_PAGE(kind, shape, p),
        '\nWITH *, CASE WHEN useIndex THEN indexed ELSE expanded END AS acc',
      );
    else
      parts.push(
        INDEX_PAGE(kind, shape, f, p),
        EXPAND_PAGE(kind, shape, f, p),
        '\nWITH *, CASE WHEN useIndex THEN indexed ELSE expanded END AS acc',
      );
    parts.push(`
CALL (acc) {
  UNWIND acc AS a
  WITH a ORDER BY ${ORDER_BY(shape.spec)}
  RETURN collect({key: [a.${shape.spec.key}, a.id], node: ${shape.projection}}) AS rows
}`);
  } else {
    parts.push('\nWITH *, [] AS rows');
  }
  parts.push(shape.beyond ? BEYOND(kind, shape, f, p) : '\nWITH *, false AS beyond');
  // A counted total is already there (MATCHED).
  if (!counts) parts.push(shape.total ? TOTAL(kind, shape, f, p) : '\nWITH *, null AS total');
  parts.push(`\nRETURN {rows: rows, beyond: beyond, total: total} AS ${resultName}`);
  return `CALL (scope) {${indent(parts.join(''))}\n}`;
}

function indent(text: string): string {
  return text.replaceAll('\n', '\n  ');
}

// ---------------------------------------------------------------------------------------------
// Facets: the same filter, grouped instead of paged.

const FACET_GROUP: Readonly<Record<FacetField, string>> = {
  YEAR: 'WITH a WHERE a.year IS NOT NULL WITH toString(a.year) AS key, toString(a.year) AS label, count(*) AS count',
  COUNTRY: 'WITH a WHERE a.country IS NOT NULL WITH a.country AS key, a.country AS label, count(*) AS count',
  LANGUAGE: 'WITH a WHERE a.language IS NOT NULL WITH a.language AS key, a.language AS label, count(*) AS count',
  JOURNAL: 'MATCH (a)-[:PUBLISHED_IN]->(j:Journal) WITH j.id AS key, j.title AS label, count(DISTINCT a) AS count',
  TOPIC: 'MATCH (a)-[:HAS_TOPIC]->(t:Topic) WITH t.id AS key, t.name AS label, count(DISTINCT a) AS count',
  INSTITUTION: `MATCH (a)<-[w:AUTHORED]-(:Author) UNWIND w.institutionIds AS institutionId
    MATCH (i:Institution {id: institutionId}) WITH i.id AS key, i.name AS label, count(DISTINCT a) AS count`,
};

/**
 * The start of a statement over every matching article: rows with `a` bound to each one (once),
 * reading the filter from `$filter` (filterParameters). Facets group them; science maps
 * (mapStatements.ts) count what they link.
 */
export function filteredArticlesFragment(plan: FilterPlan): string {
  const p: PageParams = { filter: '$filter', page: '$page' };
  const kind = plan.anchor;
  const f = filterShape(plan);
  const source = kind === 'all' ? 'MATCH (a:Article) WHERE' : `${ANCHOR_ARTICLES(kind, 'true')}\nWITH * WHERE`;
  return `WITH null AS scope${FILTER(p, f)}
WITH * WHERE matchable
${source} ${CONDITIONS(p, f)}`;
}

/** Counts of the matching articles grouped by one field, largest first, in one statement. */
export function facetStatement(plan: FilterPlan, by: FacetField): string {
  return `${filteredArticlesFragment(plan)}
${FACET_GROUP[by]}
RETURN key, label, count ORDER BY count DESC, label ASC LIMIT $first`;
}
