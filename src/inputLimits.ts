/**
 * Bounds on every input the API takes, in one place: the repository checks them (a value over a
 * bound is BAD_USER_INPUT naming the argument), the complexity limit prices list entries and path
 * searches with them, and docs/usage.md quotes them. Variables are not limited by the token limit,
 * so without these a single request could carry 80,000 filter topics or a 100,000-word search.
 */
export const INPUT_LIMITS = {
  /** Characters in a search text. */
  searchLength: 500,
  /** Words in a search text (each becomes a Lucene clause, twice: phrase and word). */
  searchTerms: 32,
  /** Characters in an autocomplete prefix. */
  prefixLength: 200,
  /** Words in an autocomplete prefix (each a required clause). */
  prefixTerms: 8,
  /** Characters in one word of a search or prefix (Lucene rejects very long terms, prefix automata grow with them). */
  termLength: 100,
  /** Entries in filter.topics. */
  filterTopics: 20,
  /** Characters in a name, DOI, topic, author, institution, journal or language argument. */
  textLength: 300,
  /** Characters in a global id (ids this API hands out are far shorter). */
  idLength: 500,
  /** Entries in an enum list argument (relationshipTypes, types, through); duplicates are dropped. */
  enumList: 20,
} as const;

/** What each entry of a list argument adds to an operation's estimated cost. */
export const LIST_ENTRY_COST = 10;

/** The default and the largest maxLength of shortestPath. */
export const DEFAULT_PATH_MAX_LENGTH = 4;
export const MAX_PATH_MAX_LENGTH = 10;

/**
 * Estimated cost of each hop a shortest-path search may explore: a search expands up to
 * PATH_SEARCH_NODE_BUDGET nodes, the work of a few full pages, so ten searches in one operation
 * at the default length exceed the cost limit.
 */
export const PATH_SEARCH_COST_PER_HOP = 500;

/**
 * Nodes a shortest-path search may discover (both directions together) before it gives up with
 * QUERY_TOO_COMPLEX: bounds the database work of a search between unconnected or far-apart nodes.
 */
export const PATH_SEARCH_NODE_BUDGET = 20_000;

/**
 * Relationships one breadth-first level of a neighbourhood may scan before the level stops and
 * the result is marked truncated: without it, a frontier holding a hub (a topic of 50,000
 * articles) read every relationship of the hub to sort them.
 */
export const NEIGHBOURHOOD_SCAN_BUDGET = 20_000;
