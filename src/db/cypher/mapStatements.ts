import type { MapKind } from '../../graphql/generated/resolvers-types.ts';
import type { FilterPlan } from './articleFilterPlan.ts';
import { filteredArticlesFragment, filterParameters } from './articlePageStatement.ts';

/**
 * The science map statement: ONE statement per map gathers the filtered articles (the `articles`
 * filter machinery, filteredArticlesFragment), turns them into the map's nodes with their counts,
 * ranks and cuts the nodes to `limit`, and counts the links among the kept nodes, all in Neo4j; the
 * client gets the kept nodes and their pairs as index triples [i, j, count], never a round trip
 * per node.
 *
 * Every kind is brought to one shape: a ranked node list whose entries carry `groups`, the things
 * that link nodes (for co-occurrence kinds the articles behind the node; for bibliographic coupling
 * an article's references). Two nodes are linked as often as they share a group, which the pair
 * fragment counts by grouping the kept nodes by group. CITATION links are the CITES edges among
 * the kept articles instead (CITATION_PAIRS).
 *
 * A thesaurus is applied before anything is counted (so two variants in one article count once):
 * `$thesaurus` maps a folded label (lower case, trimmed) to its replacement ('' = ignore the item),
 * `$targets` holds the folded replacements, so an item whose own label is a replacement joins the
 * items replaced by it. Merged items share the key `=<folded replacement>`.
 */

/** Links kept at most, strongest first: the links a client can draw and a layout can afford. */
export const MAX_MAP_LINKS = 20_000;

/** The entity type a node of each kind has (MapNode.type). */
export const NODE_TYPE_OF_KIND: Readonly<Record<MapKind, string>> = {
  TOPIC_COOCCURRENCE: 'Topic',
  KEYWORD_COOCCURRENCE: 'Keyword',
  COAUTHORSHIP: 'Author',
  INSTITUTION_COLLABORATION: 'Institution',
  COUNTRY_COLLABORATION: 'Country',
  COCITATION: 'Article',
  BIBLIOGRAPHIC_COUPLING: 'Article',
  CITATION: 'Article',
};

/**
 * The items of one article `a` for each co-occurrence kind: rows of `rawId` (a global id), `rawLabel`
 * and `behind` (the article whose citations and year the item stands for: the article itself, or
 * for a cited work the work).
 */
const ITEMS: Readonly<Record<Exclude<MapKind, 'BIBLIOGRAPHIC_COUPLING' | 'CITATION'>, string>> = {
  TOPIC_COOCCURRENCE:
    'MATCH (a)-[:HAS_TOPIC]->(t:Topic) RETURN DISTINCT t.id AS rawId, t.name AS rawLabel, a AS behind',
  // Author keywords as printed; case folded into one item (the records print them in any case).
  KEYWORD_COOCCURRENCE: `UNWIND coalesce(a.keywords, []) AS printed
    WITH a, trim(printed) AS keyword WHERE keyword <> ''
    RETURN DISTINCT 'Keyword:' + toLower(keyword) AS rawId, keyword AS rawLabel, a AS behind`,
  COAUTHORSHIP: 'MATCH (au:Author)-[:AUTHORED]->(a) RETURN DISTINCT au.id AS rawId, au.name AS rawLabel, a AS behind',
  // The institutions the byline links to this article's authors (AUTHORED.institutionIds).
  INSTITUTION_COLLABORATION: `MATCH (a)<-[w:AUTHORED]-() UNWIND coalesce(w.institutionIds, []) AS institutionId
    MATCH (i:Institution {id: institutionId})
    RETURN DISTINCT i.id AS rawId, i.name AS rawLabel, a AS behind`,
  COUNTRY_COLLABORATION: `MATCH (a)<-[w:AUTHORED]-() UNWIND coalesce(w.institutionIds, []) AS institutionId
    MATCH (i:Institution {id: institutionId}) WHERE i.country IS NOT NULL AND trim(i.country) <> ''
    RETURN DISTINCT 'Country:' + trim(i.country) AS rawId, trim(i.country) AS rawLabel, a AS behind`,
  COCITATION: 'MATCH (a)-[:CITES]->(c:Article) RETURN DISTINCT c.id AS rawId, c.title AS rawLabel, c AS behind',
};

/** Mean of the years of `list` (nodes), null when none has one. */
const MEAN_YEAR = (list: string) =>
  `CASE WHEN size([b IN ${list} WHERE b.year IS NOT NULL]) = 0 THEN null
    ELSE toFloat(reduce(s = 0, b IN [b IN ${list} WHERE b.year IS NOT NULL] | s + b.year)) / size([b IN ${list} WHERE b.year IS NOT NULL]) END`;

/** Earliest year of `list` (nodes), null when none has one. */
const FIRST_YEAR = (list: string) =>
  `reduce(m = null, b IN ${list} | CASE WHEN b.year IS NOT NULL AND (m IS NULL OR b.year < m) THEN b.year ELSE m END)`;

/** Citations received within the graph by the nodes of `list`, summed. */
const CITATIONS_OF = (list: string) => `reduce(s = 0, c IN [b IN ${list} | COUNT { (b)<-[:CITES]-() }] | s + c)`;

/**
 * The ranked nodes of a co-occurrence kind: `ranked`, a list of
 * {key, label, ids, weight, citations, meanYear, firstYear, groups}, heaviest first (weight, then citations, then key).
 */
function cooccurrenceNodes(kind: keyof typeof ITEMS): string {
  return `
CALL (docs) {
  UNWIND docs AS a
  CALL (a) {
    ${ITEMS[kind]}
  }
  WITH a, rawId, rawLabel, behind, toLower(trim(rawLabel)) AS folded
  WITH a, rawId, rawLabel, behind, folded, $thesaurus[folded] AS replacement
  WHERE replacement IS NULL OR replacement <> ''
  WITH a, rawId, behind, coalesce(replacement, rawLabel) AS label,
    CASE
      WHEN replacement IS NOT NULL THEN '=' + toLower(trim(replacement))
      WHEN $targets[folded] IS NOT NULL THEN '=' + folded
      ELSE rawId
    END AS key
  WITH key, collect(DISTINCT a) AS groups, collect(DISTINCT behind) AS behind, collect(DISTINCT rawId) AS ids,
    collect(DISTINCT label) AS labels
  WITH key, groups, behind, ids, reduce(m = head(labels), l IN labels | CASE WHEN l < m THEN l ELSE m END) AS label
  WITH key, label, ids, groups, size(groups) AS weight, ${CITATIONS_OF('behind')} AS citations, ${MEAN_YEAR('behind')} AS meanYear,
    ${FIRST_YEAR('behind')} AS firstYear
  ORDER BY weight DESC, citations DESC, key ASC
  RETURN collect({key: key, label: label, ids: ids, weight: weight, citations: citations, meanYear: meanYear, firstYear: firstYear, groups: groups}) AS ranked
}`;
}

/** Bibliographic coupling: the filtered articles with references; their groups are the works they cite. */
const COUPLING_NODES = `
CALL (docs) {
  UNWIND docs AS a
  WITH a, COLLECT { MATCH (a)-[:CITES]->(r:Article) RETURN DISTINCT r } AS groups
  WHERE size(groups) > 0
  WITH a, groups, COUNT { (a)<-[:CITES]-() } AS citations
  ORDER BY citations DESC, a.id ASC
  RETURN collect({key: a.id, label: a.title, ids: [a.id], weight: 1, citations: citations,
    meanYear: CASE WHEN a.year IS NULL THEN null ELSE toFloat(a.year) END, firstYear: a.year, groups: groups, node: a}) AS ranked
}`;

/** Citation maps: the filtered articles that cite or are cited by any article. */
const CITATION_NODES = `
CALL (docs) {
  UNWIND docs AS a
  WITH a WHERE EXISTS { (a)-[:CITES]-(:Article) }
  WITH a, COUNT { (a)<-[:CITES]-() } AS citations
  ORDER BY citations DESC, a.id ASC
  RETURN collect({key: a.id, label: a.title, ids: [a.id], weight: 1, citations: citations,
    meanYear: CASE WHEN a.year IS NULL THEN null ELSE toFloat(a.year) END, firstYear: a.year, groups: [], node: a}) AS ranked
}`;

/**
 * Pairs of kept nodes sharing groups, as [i, j, count] with i < j, count >= $minStrength, strongest
 * first; `allPairs` counts them before minStrength (so the answer can tell whether it cut any).
 */
const GROUP_PAIRS = `
CALL (kept) {
  UNWIND range(0, size(kept) - 1) AS i
  UNWIND kept[i].groups AS g
  WITH g, collect(i) AS members
  WHERE size(members) > 1
  UNWIND members AS x
  UNWIND members AS y
  WITH x, y WHERE x < y
  WITH x, y, count(*) AS shared
  ORDER BY shared DESC, x ASC, y ASC
  WITH collect([x, y, shared]) AS counted
  RETURN [p IN counted WHERE p[2] >= $minStrength] AS pairs, size(counted) AS allPairs
}`;

/**
 * Citations among kept articles, undirected: each article is grouped with the kept articles citing
 * it (a node found once as itself and once per citer), so no kept-list lookup is needed.
 */
const CITATION_PAIRS = `
CALL (kept) {
  UNWIND range(0, size(kept) - 1) AS i
  CALL (kept, i) {
    WITH kept[i].node AS a RETURN a AS g, i AS self, null AS citer
    UNION ALL
    WITH kept[i].node AS a MATCH (a)-[:CITES]->(b:Article) RETURN b AS g, null AS self, i AS citer
  }
  WITH g, collect(self) AS selves, collect(citer) AS citers
  WHERE size(selves) = 1 AND size(citers) > 0
  UNWIND citers AS citer
  WITH selves[0] AS cited, citer WHERE cited <> citer
  WITH CASE WHEN citer < cited THEN citer ELSE cited END AS x, CASE WHEN citer < cited THEN cited ELSE citer END AS y
  WITH x, y, count(*) AS shared
  ORDER BY shared DESC, x ASC, y ASC
  WITH collect([x, y, shared]) AS counted
  RETURN [p IN counted WHERE p[2] >= $minStrength] AS pairs, size(counted) AS allPairs
}`;

/** One row: the article count, the node count before the limit, the kept nodes and their pairs. */
export interface MapStatementRow {
  articleCount: number;
  totalNodes: number;
  nodes: Array<{
    key: string;
    label: string | null;
    ids: string[];
    weight: number;
    citations: number;
    meanYear: number | null;
    firstYear: number | null;
    occurrences: number;
  }>;
  pairs: Array<[number, number, number]>;
  /** Pairs with at least minStrength, before the link cap. */
  totalLinks: number;
  /** Pairs before minStrength. */
  allPairs: number;
}

/** The science map statement of one kind over a planned filter (parameters: mapParameters). */
export function mapStatement(kind: MapKind, plan: FilterPlan): string {
  const nodes =
    kind === 'BIBLIOGRAPHIC_COUPLING' ? COUPLING_NODES : kind === 'CITATION' ? CITATION_NODES : cooccurrenceNodes(kind);
  const pairs = kind === 'CITATION' ? CITATION_PAIRS : GROUP_PAIRS;
  return `${filteredArticlesFragment(plan)}
WITH DISTINCT a
WITH collect(a) AS docs${nodes}
WITH size(docs) AS articleCount, size(ranked) AS totalNodes, ranked[0..$limit] AS kept${pairs}
RETURN articleCount, totalNodes,
  [n IN kept | {key: n.key, label: n.label, ids: n.ids, weight: n.weight, citations: n.citations, meanYear: n.meanYear, firstYear: n.firstYear, occurrences: size(n.groups)}] AS nodes,
  pairs[0..$maxLinks] AS pairs, size(pairs) AS totalLinks, allPairs`;
}

/** What the statement needs besides the filter. */
export interface MapStatementOptions {
  limit: number;
  minStrength: number;
  /** Folded label -> replacement ('' = ignored). */
  thesaurus: Record<string, string>;
  maxLinks?: number;
}

/** The parameters of mapStatement. */
export function mapParameters(plan: FilterPlan, options: MapStatementOptions): Record<string, unknown> {
  const targets: Record<string, boolean> = {};
  for (const replacement of Object.values(options.thesaurus))
    if (replacement !== '') targets[replacement.trim().toLowerCase()] = true;
  return {
    filter: filterParameters(plan),
    limit: options.limit,
    minStrength: options.minStrength,
    thesaurus: options.thesaurus,
    targets,
    maxLinks: options.maxLinks ?? MAX_MAP_LINKS,
  };
}
