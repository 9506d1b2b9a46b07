/**
 * The statement compiler: the Cypher the API sends, one file per concern, every statement
 * hand-written and parameterised (values are parameters, never spliced into the text). Pinned by
 * the snapshot tests of tests/cypher.
 *   selection, nodeFields      what a request selects; the table of each node type's fields
 *   selectionMaps, entityMap   the Cypher map that reads a node for a selection (any entity: entityMap)
 *   nodeStatement              one statement for a root node and everything its selection asks
 *   lookupStatements           finding a node (DOI, identifier, id, name), alphabetical lists, stats
 *   articleFilterPlan, articlePageStatement, paging, cursor   article pages: filter plan, statement, keyset paging
 *   relationStatements         co-authors, co-occurrence, collaborators and other relation lists
 *   citationStatements         references, citations, co-citation, coupling, citation paths
 *   provenanceStatements       an article's sources and topic links
 *   graphStatements            neighbourhood, shortest path, subgraph, topic graph
 *   searchStatements, luceneQuery   full-text search and autocomplete
 */

export {
  ANCHOR_PREFERENCE,
  INDEX_SCAN_FACTOR,
  planArticleFilter,
  onlyAnchor,
  ORDER_SPECS,
  reversed,
  compareKeys,
  type GroupKind,
  type AnchorKind,
  type Reference,
  type ArticleScope,
  type FilterPlan,
  type OrderSpec,
} from './articleFilterPlan.ts';
export {
  filterParameters,
  pageParameters,
  articlePageFragment,
  facetStatement,
  type PageShape,
  type PageParams,
} from './articlePageStatement.ts';
export {
  citationListName,
  citationPageStatement,
  citationPageParams,
  CO_CITED,
  COUPLED,
  CITING_YEARS,
  fetchCitationPathIds,
  type CitationDirection,
} from './citationStatements.ts';
export { encodeCursor, decodeCursor } from './paging.ts';
export { entityProjection, MODEL_RELATIONSHIP_TYPES } from './entityMap.ts';
export {
  NEIGHBOURS_OF,
  SUBGRAPH_OF,
  fetchSubgraph,
  fetchNeighborhood,
  PATH_SEARCH_STEP,
  PATH_ENDS,
  PathSearchBudgetExceeded,
  fetchShortestPathIds,
  bidirectionalSearch,
  TOPIC_GRAPH_IDS,
  fetchTopicGraphIds,
  type NeighborhoodOptions,
  type ShortestPathOptions,
  type SearchStep,
} from './graphStatements.ts';
export {
  STATS,
  fetchStats,
  LIST_KEY,
  entityListName,
  entityListStatement,
  TOPIC_BY_NAME,
  ARTICLE_BY_DOI,
  ARTICLE_BY_IDENTIFIER,
  ARTICLE_BY_ID_OR_ALIAS,
  NODE_BY_ID,
  NODE_IDS_BY_NAME,
  fetchNodeIdsByName,
  type ListedLabel,
} from './lookupStatements.ts';
export { escapeLucene, searchWords, searchQuery, prefixQuery } from './luceneQuery.ts';
export {
  text,
  requiredText,
  textAt,
  integer,
  texts,
  computed,
  NODE_FIELDS,
  DERIVED_FIELDS,
  allFields,
  isTableField,
  fieldEntries,
  projectFields,
  type FieldReader,
  type NodeType,
  type RecordOf,
  type FieldOf,
} from './nodeFields.ts';
export {
  articleListName,
  articlesSlot,
  RELATIONS,
  relatedNodeSelection,
  relatedNodeMap,
  shapeItems,
  relationFirst,
  TOPIC_LINK_FIELDS,
  pickLinks,
  linkSelection,
  nodeStatement,
  type NodeStatement,
} from './nodeStatement.ts';
export {
  MAX_PAGE_SIZE,
  DEFAULT_PAGE_SIZE,
  readPaging,
  encodeSortKey,
  decodeSortKey,
  toPage,
  emptyPage,
  type SortKey,
  type PagingArgs,
  type PageRequest,
  type KeyedRow,
  type PageFacts,
} from './paging.ts';
export {
  TOPIC_LINKS_BY_ARTICLE,
  toTopicLinks,
  SOURCES_BY_ARTICLE,
  toArticleSources,
  ISSN_SOURCES_BY_JOURNAL,
  toJournalIssns,
} from './provenanceStatements.ts';
export {
  COAUTHORS,
  AUTHOR_TOPICS,
  AUTHOR_INSTITUTIONS,
  INSTITUTION_AUTHORS,
  INSTITUTION_CHILDREN,
  INSTITUTION_COLLABORATORS,
  TOPIC_LINKS,
  TOPIC_CO_OCCURRENCE,
  TOPIC_CO_OCCURRENCE_ROLLED_UP,
  RELATED_ARTICLES,
  batchedRelation,
  type NodeMap,
  type RelationFragment,
} from './relationStatements.ts';
export { SEARCH, fetchSearch, AUTOCOMPLETE, fetchAutocomplete } from './searchStatements.ts';
export { Selection, SelectedField } from './selection.ts';
export {
  selectedFields,
  scalarProjection,
  institutionProjection,
  articleRelationProjection,
  articleProjection,
  type Projection,
} from './selectionMaps.ts';
