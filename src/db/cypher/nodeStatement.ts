import type { ArticleSort, QueryArticlesArgs } from '../../graphql/generated/resolvers-types.ts';
import { GraphQLError } from 'graphql';
import { checkRange } from '../../errors.ts';
import type { NodeType } from './nodeFields.ts';
import { articleProjection, institutionProjection, scalarProjection, type Projection } from './selectionMaps.ts';
import { articlePageFragment, pageParameters, type PageShape } from './articlePageStatement.ts';
import { type GroupKind, ORDER_SPECS, planArticleFilter, reversed } from './articleFilterPlan.ts';
import { MAX_PAGE_SIZE, readPaging, toPage, type KeyedRow, type SortKey } from './paging.ts';
import {
  COAUTHORS,
  AUTHOR_INSTITUTIONS,
  AUTHOR_TOPICS,
  INSTITUTION_AUTHORS,
  INSTITUTION_CHILDREN,
  INSTITUTION_COLLABORATORS,
  RELATED_ARTICLES,
  TOPIC_CO_OCCURRENCE,
  TOPIC_CO_OCCURRENCE_ROLLED_UP,
  TOPIC_LINKS,
  type NodeMap,
  type RelationFragment,
} from './relationStatements.ts';
import { PREFETCHED, type PageRecord, type TopicLinkRecord } from '../records/records.ts';
import { Selection } from './selection.ts';

/**
 * Statements for one node and what a request asks of it, in ONE round trip: the node's selected
 * fields and, as CALL subqueries included only when selected, its article pages and relation
 * lists (each alias with its own arguments, as parameters). Used by the root fields (article, topic,
 * node) and by nested `articles` fields resolved on their own.
 */

/** A statement with its parameters and the function shaping its single row into a record. */
export interface NodeStatement<R> {
  cypher: string;
  params: Record<string, unknown>;
  shape(row: Record<string, unknown>): R;
}

/** The list name an article list's cursors carry (a cursor of another order is refused). */
export function articleListName(sort: ArticleSort): string {
  return `articles:${sort}`;
}

/** The arguments of an `articles` field (nested ones lack last/before). */
type ArticlesArgs = QueryArticlesArgs;

/** What `articles` asks beyond its edges: used to leave out what is not selected. */
function connectionNeeds(
  selection: Selection,
  backward: boolean,
): { rows: boolean; beyond: boolean; total: boolean; node: Selection | null } {
  const pageInfo = selection.named('pageInfo').map((field) => field.selection());
  const pageInfoNames = new Set(pageInfo.flatMap((s) => [...s.names()]));
  const edges = selection.named('edges').map((field) => field.selection());
  const nodes = edges.flatMap((edge) => edge.named('node').map((field) => field.selection()));
  return {
    rows: edges.length > 0 || pageInfoNames.size > 0,
    beyond: pageInfoNames.has(backward ? 'hasNextPage' : 'hasPreviousPage'),
    total: selection.has('totalCount'),
    node: nodes.length > 0 ? Selection.union(nodes) : null,
  };
}

/**
 * One `articles` field as a page fragment: the plan (pure), the fragment text, its parameters
 * and the shaping of its result into a page. `slot` names the result variable and parameter.
 */
export function articlesSlot(
  args: ArticlesArgs,
  selection: Selection,
  slot: string,
  scope: GroupKind | undefined,
  indexScanFactor: number,
): {
  cypher: string;
  params: Record<string, unknown>;
  shape(value: unknown): PageRecord<unknown>;
} {
  const sort = args.sort ?? 'YEAR_DESC';
  const list = articleListName(sort);
  const request = readPaging(args, list);
  const plan = planArticleFilter(args.filter, scope ? { kind: scope } : undefined);
  const needs = connectionNeeds(selection, request.backward);
  const node: Projection<unknown> = needs.node
    ? articleProjection('a', needs.node)
    : { cypher: '{id: a.id}', shape: (value) => value };
  const spec = request.backward ? reversed(ORDER_SPECS[sort]) : ORDER_SPECS[sort];
  const shape: PageShape = {
    plan,
    spec,
    request,
    rows: needs.rows,
    beyond: needs.beyond,
    total: needs.total,
    projection: node.cypher,
  };
  const cypher = articlePageFragment(shape, { filter: `$${slot}.filter`, page: `$${slot}.page` }, slot);
  return {
    cypher,
    params: { [slot]: pageParameters(shape, indexScanFactor) },
    shape: (value) => {
      const result = value as { rows: Array<{ key: SortKey; node: unknown }>; beyond: boolean; total: number | null };
      const rows: Array<KeyedRow<unknown>> = result.rows.map((row) => ({ key: row.key, node: node.shape(row.node) }));
      return toPage(rows, request, list, { beyondCursor: result.beyond, totalCount: result.total ?? undefined });
    },
  };
}

/** A relation answered by a fragment, and which field of its items holds the related node (null: the items are the nodes). */
interface RelationUse {
  fragment: (args: Record<string, unknown>) => RelationFragment;
  nodeType: NodeType;
  itemNode: string | null;
}

/** The relation lists each node type reads by fragment (inline here, batched by loaders otherwise). */
export const RELATIONS: Readonly<Partial<Record<NodeType, Readonly<Record<string, RelationUse>>>>> = {
  Article: {
    relatedArticles: { fragment: () => RELATED_ARTICLES, nodeType: 'Article', itemNode: 'article' },
  },
  Author: {
    coauthors: { fragment: () => COAUTHORS, nodeType: 'Author', itemNode: 'author' },
    topics: { fragment: () => AUTHOR_TOPICS, nodeType: 'Topic', itemNode: 'topic' },
    institutions: { fragment: () => AUTHOR_INSTITUTIONS, nodeType: 'Institution', itemNode: null },
  },
  Institution: {
    authors: { fragment: () => INSTITUTION_AUTHORS, nodeType: 'Author', itemNode: null },
    children: { fragment: () => INSTITUTION_CHILDREN, nodeType: 'Institution', itemNode: null },
    collaborators: { fragment: () => INSTITUTION_COLLABORATORS, nodeType: 'Institution', itemNode: 'institution' },
  },
  Topic: {
    coOccurring: {
      fragment: (args) => (args['rollUp'] ? TOPIC_CO_OCCURRENCE_ROLLED_UP : TOPIC_CO_OCCURRENCE),
      nodeType: 'Topic',
      itemNode: 'topic',
    },
  },
};

/** The selection of the related node inside a relation's items (given what is asked of the items). */
export function relatedNodeSelection(items: Selection, use: RelationUse): Selection {
  if (use.itemNode === null) return items;
  const inner = items.named(use.itemNode).map((f) => f.selection());
  return inner.length > 0 ? Selection.union(inner) : items.empty(use.nodeType);
}

/** The map of a related node for a selection (scalars; institution parents as far as selected). */
export function relatedNodeMap(
  type: NodeType,
  selection: Selection,
): { map: NodeMap; shape: (value: unknown) => unknown } {
  // The shaping does not depend on the variable name the fragment binds the node to.
  if (type === 'Institution')
    return {
      map: (v) => institutionProjection(v, selection).cypher,
      shape: institutionProjection('x', selection).shape,
    };
  if (type === 'Article')
    return { map: (v) => articleProjection(v, selection).cypher, shape: articleProjection('x', selection).shape };
  return { map: (v) => scalarProjection(type, v, selection).cypher, shape: (value) => value };
}

/** Shapes a relation's items: the related nodes (or the node inside each item) become records. */
export function shapeItems(use: RelationUse, shape: (value: unknown) => unknown): (value: unknown) => unknown {
  return (value) =>
    (value as Array<Record<string, unknown>>).map((item) =>
      use.itemNode === null ? shape(item) : { ...item, [use.itemNode]: shape(item[use.itemNode]) },
    );
}

/** The page size a relation's `first` argument asks for, checked. */
export function relationFirst(args: Readonly<Record<string, unknown>>): number {
  return checkRange('first', Number(args['first'] ?? 20), 0, MAX_PAGE_SIZE);
}

/** Topic.broader, narrower and related all come from the topic's links. */
const LINK_FIELDS: Readonly<Record<string, (links: TopicLinkRecord[]) => unknown>> = {
  broader: (links) => links.filter((link) => link.relation === 'BROADER' && link.outgoing).map((link) => link.topic),
  narrower: (links) => links.filter((link) => link.relation === 'BROADER' && !link.outgoing).map((link) => link.topic),
  related: (links) => links.filter((link) => link.relation !== 'BROADER'),
};

/** The names of the Topic fields answered from its links. */
export const TOPIC_LINK_FIELDS: readonly string[] = Object.keys(LINK_FIELDS);

/** Picks one link field (broader, narrower or related) out of a topic's links. */
export function pickLinks(field: string, links: TopicLinkRecord[]): unknown {
  const pick = LINK_FIELDS[field];
  if (!pick) throw new TypeError(`${field} is not a Topic link field`);
  return pick(links);
}

/** The topic selection the links need (what broader, narrower and related.topic ask, together), or null when none is selected. */
export function linkSelection(selection: Selection): Selection | null {
  const fields = TOPIC_LINK_FIELDS.flatMap((name) => selection.named(name));
  if (fields.length === 0) return null;
  const parts = fields.flatMap((field) =>
    field.name === 'related'
      ? field
          .selection()
          .named('topic')
          .map((f) => f.selection())
      : [field.selection()],
  );
  return parts.length > 0 ? Selection.union(parts) : selection.empty('Topic');
}

const KIND_OF: Readonly<Partial<Record<NodeType, GroupKind>>> = {
  Topic: 'topic',
  Author: 'author',
  Journal: 'journal',
  Institution: 'institution',
};

/** One CALL subquery of a node statement and how its result reaches the prefetched map. */
interface Slot {
  name: string;
  assign(prefetched: Record<string, unknown>, value: unknown): void;
}

/**
 * The statement for one node bound by `match` (which must bind `scope`, or yield no row when the
 * node does not exist) and everything `selection` asks of it that can be read in the same statement.
 * A nested field whose arguments are invalid is left out here: its own resolver then reports the
 * error at its own path.
 */
export function nodeStatement<R>(
  type: NodeType,
  match: string,
  params: Record<string, unknown>,
  selection: Selection,
  options: { indexScanFactor: number },
): NodeStatement<R> {
  const calls: string[] = [];
  const allParams: Record<string, unknown> = { ...params };
  const slots: Slot[] = [];
  const projection: Projection<unknown> =
    type === 'Article'
      ? articleProjection('scope', selection)
      : type === 'Institution'
        ? institutionProjection('scope', selection)
        : scalarProjection(type, 'scope', selection);
  const entries = [projection.cypher.slice(1, -1)];
  const add = (name: string, cypher: string, assign: Slot['assign']) => {
    calls.push(cypher);
    entries.push(`${name}: ${name}`);
    slots.push({ name, assign });
  };
  const inline = (build: () => void) => {
    try {
      build();
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
    }
  };
  let count = 0;
  const slot = () => `s${count++}`;

  const kind = KIND_OF[type];
  for (const field of kind ? selection.named('articles') : []) {
    inline(() => {
      const name = slot();
      const page = articlesSlot(field.args as ArticlesArgs, field.selection(), name, kind, options.indexScanFactor);
      Object.assign(allParams, page.params);
      add(name, page.cypher, (prefetched, value) => (prefetched[field.responseKey] = page.shape(value)));
    });
  }
  for (const [fieldName, use] of Object.entries(RELATIONS[type] ?? {})) {
    for (const field of selection.named(fieldName)) {
      inline(() => {
        const fragment = use.fragment(field.args);
        const first = fragment.sized ? relationFirst(field.args) : null;
        const name = slot();
        const node = relatedNodeMap(use.nodeType, relatedNodeSelection(field.selection(), use));
        allParams[name] = first;
        const items = shapeItems(use, node.shape);
        add(
          name,
          renameItems(fragment.cypher('scope', `$${name}`, node.map), name),
          (prefetched, value) => (prefetched[field.responseKey] = items(value)),
        );
      });
    }
  }
  const links = type === 'Topic' ? linkSelection(selection) : null;
  if (links) {
    const name = slot();
    const node = relatedNodeMap('Topic', links);
    add(name, renameItems(TOPIC_LINKS.cypher('scope', '', node.map), name), (prefetched, value) => {
      for (const field of TOPIC_LINK_FIELDS.flatMap((f) => selection.named(f)))
        prefetched[field.responseKey] = pickLinks(field.name, value as TopicLinkRecord[]);
    });
  }

  return {
    cypher: `${match}\n${calls.join('\n')}\nRETURN {${entries.join(', ')}} AS node`,
    params: allParams,
    shape: (row) => {
      const value = row['node'] as Record<string, unknown>;
      const shaped = projection.shape(value) as Record<string, unknown> & { [PREFETCHED]?: Record<string, unknown> };
      if (slots.length === 0) return shaped as R;
      const prefetched: Record<string, unknown> = { ...shaped[PREFETCHED] };
      for (const { name, assign } of slots) {
        assign(prefetched, value[name]);
        delete shaped[name];
      }
      shaped[PREFETCHED] = prefetched;
      return shaped as R;
    },
  };
}

/** A fragment returns `items`; inside a node statement each fragment's result needs its own name. */
function renameItems(cypher: string, name: string): string {
  if (!cypher.endsWith(' AS items\n}')) throw new TypeError('a relation fragment must end by returning `items`');
  return `${cypher.slice(0, -' AS items\n}'.length)} AS ${name}\n}`;
}
