import type { Database } from '../driver/Database.ts';
import type { EntityLabel, GraphEdgeRecord, GraphNodeRecord, GraphRecord } from '../records/records.ts';
import { NEIGHBOURHOOD_SCAN_BUDGET } from '../../inputLimits.ts';

/**
 * Subgraphs for visualization: neighbourhoods (breadth-first, level by level, so the node limit
 * keeps the nearest nodes and is honoured exactly), shortest paths and a topic's article graph.
 * Every traversal is restricted to the model's relationship types, so internal Alias nodes never show.
 */

/**
 * One breadth-first level: the unseen neighbours of the frontier, in a stable order. At most
 * $scan distinct neighbours are read before sorting (the scan budget: a frontier holding a hub
 * would otherwise read and sort all of the hub's relationships); `found` tells whether the level
 * was cut by the budget or by the node limit.
 */
export const NEIGHBOURS_OF = `
UNWIND $frontier AS id
MATCH (n:Entity {id: id})-[r]-(m:Entity)
WHERE type(r) IN $relationshipTypes
  AND ($labels IS NULL OR any(l IN labels(m) WHERE l IN $labels))
  AND NOT m.id IN $seen
WITH DISTINCT m.id AS id
LIMIT $scan
WITH id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS found, ids[0..$take] AS ids`;

/** The nodes with the given ids and every model edge between two of them. */
export const SUBGRAPH_OF = `
MATCH (n:Entity) WHERE n.id IN $ids
WITH collect(n) AS nodes
CALL (nodes) {
  UNWIND nodes AS n
  MATCH (n)-[r]->(m:Entity)
  WHERE type(r) IN $relationshipTypes AND m IN nodes
  RETURN collect({type: type(r), source: n.id, target: m.id,
    properties: {position: r.position, articles: r.articles}}) AS edges
}
RETURN [n IN nodes | {
  id: n.id,
  label: head([l IN labels(n) WHERE NOT l IN ['Entity', 'ReferenceOnly']]),
  caption: coalesce(n.title, n.name, n.id),
  properties: {year: n.year, doi: n.doi, meshId: n.meshId, issn: n.issn, city: n.city, country: n.country, localName: n.localName,
    referenceOnly: CASE WHEN n:ReferenceOnly THEN true END, citations: CASE WHEN n:Article AND EXISTS { (n)<-[:CITES]-() } THEN COUNT { (n)<-[:CITES]-() } END}
}] AS nodes, edges`;

/** Fetches the induced subgraph of a set of node ids. */
export async function fetchSubgraph(
  db: Database,
  ids: readonly string[],
  relationshipTypes: readonly string[],
): Promise<Omit<GraphRecord, 'truncated'>> {
  const rows = await db.read<{ nodes: GraphNodeRecord[]; edges: GraphEdgeRecord[] }>(SUBGRAPH_OF, {
    ids,
    relationshipTypes,
  });
  const row = rows[0] ?? { nodes: [], edges: [] };
  const order = new Map(ids.map((id, index) => [id, index]));
  const nodes = row.nodes
    .map((node) => ({ ...node, properties: withoutNulls(node.properties) }))
    .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const edges = row.edges
    .map((edge) => ({ ...edge, properties: withoutNulls(edge.properties) }))
    .sort((a, b) => compare(a.source, b.source) || compare(a.type, b.type) || compare(a.target, b.target));
  return { nodes, edges };
}

/** Options of a neighbourhood. */
export interface NeighborhoodOptions {
  depth: number;
  limit: number;
  relationshipTypes: readonly string[];
  /** Node labels to include (the centre always is); null for all. */
  labels: readonly EntityLabel[] | null;
  /** Most distinct neighbours one level may read (NEIGHBOURHOOD_SCAN_BUDGET by default). */
  scanBudget?: number;
}

/**
 * The subgraph within `depth` hops of a node: one round trip per level plus one for the subgraph.
 * Returns null when the centre does not exist.
 */
export async function fetchNeighborhood(
  db: Database,
  centreId: string,
  options: NeighborhoodOptions,
): Promise<GraphRecord | null> {
  const seen = [centreId];
  let frontier = [centreId];
  let truncated = false;
  for (let level = 1; level <= options.depth && frontier.length > 0; level += 1) {
    const room = options.limit - seen.length;
    // Ask for one more than there is room for: that extra row is how we know the limit cut.
    const scan = Math.max(room + 1, options.scanBudget ?? NEIGHBOURHOOD_SCAN_BUDGET);
    const [row] = await db.read<{ found: number; ids: string[] }>(NEIGHBOURS_OF, {
      frontier,
      seen,
      take: room + 1,
      scan,
      relationshipTypes: options.relationshipTypes,
      labels: options.labels,
    });
    const ids = row?.ids ?? [];
    if (ids.length > room || (row?.found ?? 0) >= scan) truncated = true;
    frontier = ids.slice(0, room);
    seen.push(...frontier);
    if (truncated) break;
  }
  const graph = await fetchSubgraph(db, seen, options.relationshipTypes);
  if (!graph.nodes.some((node) => node.id === centreId)) return null;
  return { ...graph, truncated };
}

/**
 * One level of a bidirectional path search: the unseen neighbours of the frontier with the node
 * each was reached from. DISTINCT over pairs streams, so LIMIT stops the expansion (grouping by
 * neighbour to pick one parent would read every relationship of the frontier first).
 */
export const PATH_SEARCH_STEP = `
UNWIND $frontier AS id
MATCH (n:Entity {id: id})-[r]-(m:Entity)
WHERE type(r) IN $relationshipTypes
  AND NOT m.id IN $seen
  AND (m.id = $goal OR $through IS NULL OR any(l IN labels(m) WHERE l IN $through))
RETURN DISTINCT m.id AS id, n.id AS parent
LIMIT $take`;

/** Ends of a path search that exist, so an unknown end answers at once. */
export const PATH_ENDS = `
MATCH (n:Entity) WHERE n.id IN [$from, $to]
RETURN collect(n.id) AS ids`;

/** Raised when a path search used its whole budget without deciding; the resolver turns it into QUERY_TOO_COMPLEX. */
export class PathSearchBudgetExceeded extends Error {
  override name = 'PathSearchBudgetExceeded';
  constructor(readonly budget: number) {
    super(`path search budget of ${budget} nodes used up`);
  }
}

/** Options of a shortest-path search. */
export interface ShortestPathOptions {
  maxLength: number;
  relationshipTypes: readonly string[];
  /** Labels the inner nodes must have; null for any. */
  through: readonly EntityLabel[] | null;
  /** Most nodes the search may discover, both sides together (PATH_SEARCH_NODE_BUDGET by default). */
  budget: number;
}

/**
 * The node ids along a shortest path, or null when there is none within maxLength. A
 * bidirectional breadth-first search, one level per round trip, always growing the smaller side,
 * with every level capped by what is left of the node budget: the database work of one search is
 * bounded whether the ends are connected or not. (Neo4j's shortestPath() explores everything
 * within maxLength of the start before it concludes there is no path: about 10 s between two
 * unconnected nodes of the 100k-article corpus, and ten such searches starved every other query.)
 * Throws PathSearchBudgetExceeded when the budget runs out before the search could decide.
 */
export async function fetchShortestPathIds(
  db: Database,
  from: string,
  to: string,
  options: ShortestPathOptions,
): Promise<string[] | null> {
  const [ends] = await db.read<{ ids: string[] }>(PATH_ENDS, { from, to });
  if (!ends || !ends.ids.includes(from) || !ends.ids.includes(to)) return null;
  return bidirectionalSearch(from, to, options, (side, take) =>
    db.read<{ id: string; parent: string }>(PATH_SEARCH_STEP, {
      frontier: side.frontier,
      seen: side.seen,
      goal: side.fromEnd ? to : from,
      take,
      relationshipTypes: options.relationshipTypes,
      through: options.through,
    }),
  );
}

/** One level of a bidirectional search: the (node, parent) rows one hop out of a side's frontier. */
export type SearchStep = (
  side: { frontier: string[]; seen: string[]; fromEnd: boolean },
  take: number,
) => Promise<Array<{ id: string; parent: string }>>;

/**
 * The bidirectional breadth-first search both path searches share (shortest path, citation path):
 * ids from `from` to `to`, or null when none is within maxLength. One level per `step` round trip,
 * always growing the smaller side (`fromEnd` says which), every level capped by what is left of the
 * node budget; PathSearchBudgetExceeded when it runs out before the search could decide.
 */
export async function bidirectionalSearch(
  from: string,
  to: string,
  options: { maxLength: number; budget: number },
  step: SearchStep,
): Promise<string[] | null> {
  // parents: node -> the node it was reached from, per side; the ends map to null.
  const sides = [
    { parents: new Map<string, string | null>([[from, null]]), frontier: [from], fromEnd: true },
    { parents: new Map<string, string | null>([[to, null]]), frontier: [to], fromEnd: false },
  ];
  let scanned = 0;
  for (let hops = 0; hops < options.maxLength; hops += 1) {
    const [near, far] =
      sides[0]!.frontier.length <= sides[1]!.frontier.length ? [sides[0]!, sides[1]!] : [sides[1]!, sides[0]!];
    if (near.frontier.length === 0) return null;
    // The budget counts the (node, parent) rows the levels return: a bound on their work.
    const room = options.budget - scanned;
    if (room <= 0) throw new PathSearchBudgetExceeded(options.budget);
    const rows = await step(
      { frontier: near.frontier, seen: [...near.parents.keys()], fromEnd: near.fromEnd },
      room + 1,
    );
    scanned += Math.min(rows.length, room);
    const level = new Map<string, string>();
    for (const row of rows.slice(0, room)) {
      const known = level.get(row.id);
      // The smallest parent id: the same path for the same graph whatever order rows come in.
      if (known === undefined || row.parent < known) level.set(row.id, row.parent);
    }
    for (const [id, parent] of level) near.parents.set(id, parent);
    // A node of this level the other side has reached closes a path; levels grow one hop at a time
    // from the smaller side, so the shortest such path is a shortest path overall.
    const meetings = [...level.keys()]
      .filter((id) => far.parents.has(id))
      .map((id) => ({ id, length: chain(far.parents, id).length }))
      .sort((a, b) => a.length - b.length || compare(a.id, b.id));
    if (meetings.length > 0) {
      const meet = meetings[0]!.id;
      return [...chain(sides[0]!.parents, meet).reverse(), ...chain(sides[1]!.parents, meet).slice(1)];
    }
    // A level the budget cut may have missed the meeting: the search cannot say "no path".
    if (rows.length > room) throw new PathSearchBudgetExceeded(options.budget);
    near.frontier = [...level.keys()];
  }
  return null;
}

/** The ids from `node` back to its side's end, following parents. */
function chain(parents: ReadonlyMap<string, string | null>, node: string): string[] {
  const ids = [node];
  for (let parent = parents.get(node); parent != null; parent = parents.get(parent)) ids.push(parent);
  return ids;
}

/** The ids of a topic's article graph: the topic, its narrower topics, its newest articles and their topics. */
export const TOPIC_GRAPH_IDS = `
MATCH (t:Topic) WHERE t.id IN $topicIds
MATCH (sub:Topic)-[:BROADER]->{0,10}(t)
WITH collect(DISTINCT t.id) + collect(DISTINCT sub.id) AS topicIds, collect(DISTINCT sub) AS subs
CALL (subs) {
  UNWIND subs AS sub
  MATCH (sub)<-[:HAS_TOPIC]-(a:Article)
  WITH DISTINCT a ORDER BY coalesce(a.year, 0) DESC, a.id LIMIT $first
  RETURN collect(a) AS articles
}
CALL (articles) {
  UNWIND articles AS a
  MATCH (a)-[:HAS_TOPIC]->(o:Topic)
  RETURN collect(DISTINCT o.id) AS otherTopicIds
}
RETURN topicIds, [a IN articles | a.id] AS articleIds, otherTopicIds`;

/** Node ids for topicGraph, topic first. */
export async function fetchTopicGraphIds(db: Database, topicIds: readonly string[], first: number): Promise<string[]> {
  const rows = await db.read<{ topicIds: string[]; articleIds: string[]; otherTopicIds: string[] }>(TOPIC_GRAPH_IDS, {
    topicIds,
    first,
  });
  const row = rows[0];
  if (!row) return [];
  return [
    ...new Set([
      ...topicIds.filter((id) => row.topicIds.includes(id)),
      ...row.topicIds,
      ...row.articleIds,
      ...row.otherTopicIds,
    ]),
  ];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function withoutNulls(
  properties: Record<string, string | number | boolean | null>,
): Record<string, string | number | boolean | null> {
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== null && value !== undefined));
}
