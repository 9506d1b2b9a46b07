import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type {
  ArticleFilter,
  AuthorArticlesArgs,
  FacetField,
  InstitutionArticlesArgs,
  JournalArticlesArgs,
  QueryArticleArgs,
  QueryArticlesArgs,
  TopicArticlesArgs,
} from '../graphql/generated/resolvers-types.ts';
import type { Database } from './Database.ts';
import {
  PREFETCHED,
  type ArticleRecord,
  type ArticleSourceRecord,
  type ArticleTopicRecord,
  type CitationCountRecord,
  type CitationRecord,
  type AuthorRecord,
  type AuthorshipRecord,
  type JournalRecord,
  type EntityLabel,
  type EntityRecord,
  type FacetBucketRecord,
  type GraphRecord,
  type InstitutionRecord,
  type PageRecord,
  type Prefetchable,
  type SearchHitRecord,
  type StatsRecord,
  type TopicLinkRecord,
  type TopicRecord,
} from './records.ts';
import { ARTICLE_BY_DOI, ARTICLE_BY_ID_OR_ALIAS, ARTICLE_BY_IDENTIFIER, entityListStatement, fetchNodeIdsByName, fetchStats, NODE_BY_ID, TOPIC_BY_NAME, type ListedLabel } from './entityQueries.ts';
import { PathSearchBudgetExceeded, fetchNeighborhood, fetchShortestPathIds, fetchSubgraph, fetchTopicGraphIds } from './graphQueries.ts';
import { fetchAutocomplete, fetchSearch } from './searchQueries.ts';
import { identifierQuery, searchByIdentifier } from './identifierSearch.ts';
import { prefixQuery, searchQuery, searchWords } from './luceneQuery.ts';
import { MODEL_RELATIONSHIP_TYPES, entityProjection } from './projections.ts';
import { articleProjection, articleRelationProjection, institutionProjection, scalarProjection, type Projection } from './nodeProjections.ts';
import { articlesSlot, nodeStatement, pickLinks, RELATIONS, relatedNodeMap, relatedNodeSelection, relationFirst, shapeItems } from './nodeStatements.ts';
import { facetStatement, filterParameters } from './articlePages.ts';
import { type GroupKind, INDEX_SCAN_FACTOR, planArticleFilter } from './articlePlanning.ts';
import { emptyPage, MAX_PAGE_SIZE, readPaging, toPage, type KeyedRow, type PagingArgs, type SortKey } from './paging.ts';
import { batchedRelation, TOPIC_LINKS } from './relationQueries.ts';
import { CITING_YEARS, CO_CITED, COUPLED, citationPageParams, citationPageStatement, fetchCitationPathIds, type CitationDirection } from './citationQueries.ts';
import { SOURCES_BY_ARTICLE, TOPIC_LINKS_BY_ARTICLE, toArticleSources, toTopicLinks } from './provenanceQueries.ts';
import type { NodeType } from './nodeFields.ts';
import { Selection } from './selection.ts';
import { ErrorCode, badUserInput, checkLength, checkListSize, checkRange, luceneLimitError } from '../errors.ts';
import { GraphQLError } from 'graphql';
import { INPUT_LIMITS, MAX_PATH_MAX_LENGTH, PATH_SEARCH_NODE_BUDGET } from '../inputLimits.ts';
import { aliasValue, articleIdentifierKeys, canonicalGlobalId, entityId, normalizeDoi, splitGlobalId } from '../identity/index.ts';

/** Options of a repository. */
export interface RepositoryOptions {
  /** Overrides INDEX_SCAN_FACTOR (tests force either way of reading a page with 0 and Infinity). */
  indexScanFactor?: number;
  /** Nodes one shortest-path search may reach before it gives up (PATH_SEARCH_NODE_BUDGET; tests lower it). */
  pathSearchBudget?: number;
}

/** The kind of node whose `articles` a nested field lists. */
const KIND_OF_LABEL: Readonly<Record<'Author' | 'Institution' | 'Journal' | 'Topic', GroupKind>> = {
  Author: 'author',
  Institution: 'institution',
  Journal: 'journal',
  Topic: 'topic',
};

/** How many candidate ids an ambiguous name lists in its error. */
const MAX_CANDIDATES = 5;

/** The arguments of `article`, one of which names it. */
const ARTICLE_IDENTIFIER_ARGUMENTS = ['doi', 'pmid', 'pmcid', 'openalexId'] as const;

/** What each identifier argument other than the DOI must look like, for the error message. */
const ARTICLE_IDENTIFIER_FORMS: Readonly<Record<Exclude<(typeof ARTICLE_IDENTIFIER_ARGUMENTS)[number], 'doi'>, string>> = {
  pmid: 'a PubMed id (digits)',
  pmcid: 'a PubMed Central id (PMC followed by digits)',
  openalexId: 'an OpenAlex work id (W followed by digits)',
};

/** The labels a name given where a node id is expected is looked up in (those with aliases). */
const NAMED_LABELS = ['Topic', 'Author', 'Institution', 'Journal'] as const;

/**
 * The one door between resolvers and the graph. A root field hands over its resolve info; the
 * repository reads the selection and answers the whole shape in ONE statement where it can (the
 * node, its article pages and relation lists, each article's journal, authorships, authors,
 * institutions and topics: nodeStatements.ts), handing nested parts to their resolvers through the
 * records (PREFETCHED). A nested field asks the repository too: it answers from what its parent's
 * statement read, or else through a batched loader (one statement for all parents of a list).
 *
 * One repository serves one request; its reads share one read transaction (Database.forRequest),
 * ended by `release` when the response is sent.
 */
export class Repository {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();
  private readonly indexScanFactor: number;

  private readonly pathSearchBudget: number;

  constructor(
    readonly db: Database,
    options: RepositoryOptions = {},
  ) {
    this.indexScanFactor = options.indexScanFactor ?? INDEX_SCAN_FACTOR;
    this.pathSearchBudget = options.pathSearchBudget ?? PATH_SEARCH_NODE_BUDGET;
  }

  /** Ends the request's read transaction. */
  release(): Promise<void> {
    return this.db.release();
  }

  // ------------------------------------------------------------------------------------------
  // Root fields

  /**
   * An article by exactly one of its identifiers: a DOI (case-insensitive, with or without a
   * doi.org / "doi:" prefix, the seed's own DOI rules) through the DOI index, any other through
   * the identifier aliases the loader keeps (so a PMID finds an article keyed by its DOI).
   */
  async articleByIdentifier(args: QueryArticleArgs, info: GraphQLResolveInfo): Promise<ArticleRecord | null> {
    const given = ARTICLE_IDENTIFIER_ARGUMENTS.filter((name) => args[name] !== undefined && args[name] !== null);
    if (given.length !== 1) {
      throw badUserInput(given[1] ?? 'doi', `give exactly one of ${ARTICLE_IDENTIFIER_ARGUMENTS.join(', ')}${given.length > 1 ? ` (got ${given.join(', ')})` : ''}`);
    }
    const argument = given[0]!;
    const value = args[argument]!;
    checkLength(argument, value, INPUT_LIMITS.textLength);
    if (argument === 'doi') {
      const normalized = normalizeDoi(value);
      if (!normalized) throw badUserInput('doi', `"${value.slice(0, 80)}" is not a DOI (expected 10.<registrant>/<suffix>)`);
      return this.node<ArticleRecord>('Article', ARTICLE_BY_DOI, { doi: normalized.doi.toLowerCase() }, Selection.of(info));
    }
    const [key] = articleIdentifierKeys({ [argument]: value });
    if (!key) throw badUserInput(argument, `"${value.slice(0, 80)}" is not ${ARTICLE_IDENTIFIER_FORMS[argument]}`);
    return this.node<ArticleRecord>('Article', ARTICLE_BY_IDENTIFIER, { alias: aliasValue(key) }, Selection.of(info));
  }

  /**
   * What a user gave where a node id is expected, as the id to use: a global id (normalized by
   * the identity rules, so `Author:Xiuyong CHENG` finds `Author:xiuyong cheng`), a DOI (its
   * article's id), or a name, synonym, MeSH UI or ISSN, looked up like the article filters look
   * names up. A well-formed id is returned without checking that it exists (an unknown id is
   * answered like before: null, or an empty graph). A name that names no node, or several, is
   * BAD_USER_INPUT naming the argument, with the candidate ids in `extensions.candidates`.
   */
  async resolveNodeArgument(text: string, argument: string): Promise<string> {
    checkLength(argument, text, INPUT_LIMITS.idLength);
    const trimmed = text.trim();
    if (trimmed === '') throw badUserInput(argument, 'must not be empty');
    if (splitGlobalId(trimmed)) return canonicalGlobalId(trimmed);
    const doi = normalizeDoi(trimmed);
    if (doi) return entityId('Article', doi.key);
    const candidates = (await fetchNodeIdsByName(this.db, NAMED_LABELS, aliasValue(trimmed))).sort();
    const quoted = `"${trimmed.slice(0, 80)}"`;
    if (candidates.length === 1) return candidates[0]!;
    if (candidates.length === 0) {
      const error = badUserInput(argument, `${quoted} is neither an id nor the name of a node; pass an id such as "Topic:mesh:D020345" (search and autocomplete give ids)`);
      Object.assign(error.extensions, { candidates: [], reason: 'NOT_FOUND' });
      throw error;
    }
    const shown = candidates.slice(0, MAX_CANDIDATES);
    const more = candidates.length > shown.length ? ` and ${candidates.length - shown.length} more` : '';
    const error = badUserInput(argument, `${quoted} names ${candidates.length} nodes; pass one of their ids: ${shown.join(', ')}${more}`);
    Object.assign(error.extensions, { candidates: shown, reason: 'AMBIGUOUS' });
    throw error;
  }

  /** A topic by preferred name, synonym, MeSH UI or global id, with what the request asks of it. */
  async topicByName(name: string, info: GraphQLResolveInfo): Promise<TopicRecord | null> {
    checkLength('name', name, INPUT_LIMITS.textLength);
    if (name.trim() === '') throw badUserInput('name', 'must not be empty');
    return this.node<TopicRecord>('Topic', TOPIC_BY_NAME, { text: name.trim(), alias: aliasValue(name) }, Selection.of(info));
  }

  /** Any entity by global id (its label already read from the id), with what the request asks of it. */
  async nodeById(label: EntityLabel, id: string, info: GraphQLResolveInfo): Promise<EntityRecord | null> {
    // An article id made from another of its identifiers (`Article:pmid:…` of an article keyed by
    // its DOI) finds it through its aliases; the answer carries the article's own id.
    const key = splitGlobalId(id)?.key ?? '';
    const record =
      label === 'Article' && !key.startsWith('rec:')
        ? await this.node<EntityRecord['record']>(label, ARTICLE_BY_ID_OR_ALIAS, { id, alias: aliasValue(key) }, Selection.of(info, label))
        : await this.node<EntityRecord['record']>(label, NODE_BY_ID(label), { id }, Selection.of(info, label));
    return record ? ({ label, record } as EntityRecord) : null;
  }

  /** Several entities by global id, in one batched statement; null for each that does not exist. */
  async nodesById(ids: readonly string[], info: GraphQLResolveInfo): Promise<Array<EntityRecord | null>> {
    const labels: EntityLabel[] = ['Article', 'Author', 'Institution', 'Journal', 'Topic'];
    const projections = Object.fromEntries(labels.map((label) => [label, this.projectionOf(label, 'n', Selection.of(info, label))])) as Record<EntityLabel, Projection<unknown>>;
    const loader = this.loader<EntityRecord | null>(
      `UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN id, ${entityProjection('n', Object.fromEntries(labels.map((l) => [l, projections[l].cypher])))} AS value`,
      {},
      null,
      (value) => {
        const entity = value as { label: EntityLabel; record: unknown };
        return { label: entity.label, record: projections[entity.label].shape(entity.record) } as EntityRecord;
      },
    );
    const found = await loader.loadMany(ids);
    return found.map((entity) => {
      if (entity instanceof Error) throw entity;
      return entity;
    });
  }

  /** A page of articles matching a filter, keyset-paged in either direction, in one statement. */
  async articles(args: QueryArticlesArgs, info: GraphQLResolveInfo): Promise<PageRecord<ArticleRecord>> {
    const page = articlesSlot(args, Selection.of(info), 's0', undefined, this.indexScanFactor);
    const rows = await this.db.read<{ s0: unknown }>(`WITH null AS scope\n${page.cypher}\nRETURN s0`, page.params);
    return page.shape(rows[0]?.s0) as PageRecord<ArticleRecord>;
  }

  /** Counts of matching articles grouped by one field. */
  async facets(filter: ArticleFilter | null | undefined, by: FacetField, first: number): Promise<FacetBucketRecord[]> {
    checkRange('first', first, 0, MAX_PAGE_SIZE);
    const plan = planArticleFilter(filter);
    if (first === 0) return [];
    return this.db.read<FacetBucketRecord>(facetStatement(plan, by), { filter: filterParameters(plan, this.indexScanFactor), first });
  }

  /** An alphabetical page of authors, institutions, journals or topics. */
  async entityPage<L extends ListedLabel>(label: L, paging: PagingArgs, contains: string | null, info: GraphQLResolveInfo): Promise<PageRecord<ListedRecord[L]>> {
    const list = `${label.toLowerCase()}s:NAME`;
    const request = readPaging({ first: paging.first, after: paging.after }, list);
    if (contains != null) checkLength('name', contains, INPUT_LIMITS.textLength);
    const selection = Selection.of(info);
    const nodes = selection.named('edges').flatMap((edge) => edge.selection().named('node').map((node) => node.selection()));
    const projection = this.projectionOf(label, 'n', nodes.length > 0 ? Selection.union(nodes) : selection.empty(label));
    const pageInfo = new Set(selection.named('pageInfo').flatMap((field) => [...field.selection().names()]));
    const cypher = entityListStatement(label, request, { total: selection.has('totalCount'), beyond: pageInfo.has('hasPreviousPage') }, projection.cypher);
    const [row] = await this.db.read<{ rows: Array<{ key: SortKey; node: unknown }>; beyond: boolean; total: number | null }>(cypher, {
      take: request.take,
      cursor: request.cursor,
      contains: contains ? aliasValue(contains) : null,
    });
    const rows: Array<KeyedRow<unknown>> = (row?.rows ?? []).map((item) => ({ key: item.key, node: projection.shape(item.node) }));
    return toPage(rows, request, list, { beyondCursor: row?.beyond ?? false, totalCount: row?.total ?? undefined }) as PageRecord<ListedRecord[L]>;
  }

  /** Graph-wide counts. */
  async stats(): Promise<StatsRecord> {
    return fetchStats(this.db);
  }

  /** Full-text search, best first. */
  async search(text: string, labels: readonly EntityLabel[] | null, first: number): Promise<SearchHitRecord[]> {
    checkRange('first', first, 0, MAX_PAGE_SIZE);
    checkFullTextInput('query', text, INPUT_LIMITS.searchLength, INPUT_LIMITS.searchTerms);
    const query = searchQuery(text);
    if (query === null) throw badUserInput('query', 'must contain at least one letter or digit');
    if (first === 0) return [];
    // An identifier (DOI, PMID, PMCID, OpenAlex id) names its article first (identifierSearch.ts).
    const identifier = identifierQuery(text);
    const named = identifier ? await searchByIdentifier(this.db, identifier, enumList('types', labels)) : [];
    if (identifier?.exclusive) return named;
    const hits = await withLuceneLimits('query', fetchSearch(this.db, query, enumList('types', labels), first));
    if (named.length === 0) return hits;
    const top = Math.max(1, ...hits.map((hit) => hit.score));
    return [{ ...named[0]!, score: top + 1 }, ...hits.filter((hit) => hit.entity.record.id !== named[0]!.entity.record.id)].slice(0, first);
  }

  /** Prefix search for search boxes, from the names index. */
  async autocomplete(prefix: string, labels: readonly EntityLabel[] | null, first: number): Promise<SearchHitRecord[]> {
    checkRange('first', first, 0, 50);
    checkFullTextInput('prefix', prefix, INPUT_LIMITS.prefixLength, INPUT_LIMITS.prefixTerms);
    const query = prefixQuery(prefix);
    if (query === null || first === 0) return [];
    return withLuceneLimits('prefix', fetchAutocomplete(this.db, query, enumList('types', labels), first));
  }

  /** The neighbourhood of a node; null when the node does not exist. */
  async neighborhood(
    id: string,
    depth: number,
    limit: number,
    relationshipTypes: readonly string[] | null,
    labels: readonly EntityLabel[] | null,
  ): Promise<GraphRecord | null> {
    checkRange('depth', depth, 1, 3);
    checkRange('limit', limit, 1, 1000);
    return fetchNeighborhood(this.db, id, {
      depth,
      limit,
      relationshipTypes: enumList('relationshipTypes', relationshipTypes) ?? MODEL_RELATIONSHIP_TYPES,
      labels: enumList('types', labels),
    });
  }

  /** A shortest path as a graph; null when none within maxLength (or an end does not exist). */
  async shortestPath(
    from: string,
    to: string,
    maxLength: number,
    relationshipTypes: readonly string[] | null,
    through: readonly EntityLabel[] | null,
  ): Promise<GraphRecord | null> {
    checkRange('maxLength', maxLength, 1, MAX_PATH_MAX_LENGTH);
    const types = enumList('relationshipTypes', relationshipTypes) ?? MODEL_RELATIONSHIP_TYPES;
    const throughLabels = enumList('through', through);
    if (from === to) {
      const graph = await fetchSubgraph(this.db, [from], types);
      return graph.nodes.length === 0 ? null : { nodes: graph.nodes, edges: [], truncated: false };
    }
    let ids: string[] | null;
    try {
      ids = await fetchShortestPathIds(this.db, from, to, { maxLength, relationshipTypes: types, through: throughLabels, budget: this.pathSearchBudget });
    } catch (error) {
      if (!(error instanceof PathSearchBudgetExceeded)) throw error;
      throw new GraphQLError(
        `The path search reached ${error.budget} nodes without finding or ruling out a path within ${maxLength} hops; lower maxLength or restrict relationshipTypes / through.`,
        { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'pathSearchBudget', maximum: error.budget } },
      );
    }
    if (!ids) return null;
    const graph = await fetchSubgraph(this.db, ids, types);
    // Keep only the path's own edges, in path order (the induced subgraph may hold chords between path nodes).
    const step = new Map(ids.slice(1).map((id, i) => [pairKey(ids[i]!, id), i]));
    const edges = graph.edges
      .filter((edge) => step.has(pairKey(edge.source, edge.target)))
      .sort((a, b) => step.get(pairKey(a.source, a.target))! - step.get(pairKey(b.source, b.target))!);
    return { nodes: graph.nodes, edges, truncated: false };
  }

  /** A topic's article graph; null when the topic is unknown. */
  async topicGraph(name: string, first: number): Promise<GraphRecord | null> {
    checkRange('first', first, 1, MAX_PAGE_SIZE);
    if (name.trim() === '') throw badUserInput('name', 'must not be empty');
    const [topic] = await this.db.read<{ id: string }>(`${TOPIC_BY_NAME}\nRETURN scope.id AS id`, { text: name.trim(), alias: aliasValue(name) });
    if (!topic) return null;
    const ids = await fetchTopicGraphIds(this.db, [topic.id], first);
    const graph = await fetchSubgraph(this.db, ids, ['HAS_TOPIC', 'BROADER', 'DERIVED_FROM', 'COMPLICATION_OF']);
    return { ...graph, truncated: false };
  }

  // ------------------------------------------------------------------------------------------
  // Nested fields: from the parent's statement when it read them (synchronously: no promise per
  // field and item for graphql-js to wait on), else batched per field.

  /** Article.journal, Article.authorships or Article.topics. */
  articleRelation(article: ArticleRecord, field: 'journal' | 'authorships' | 'topics', info: GraphQLResolveInfo): unknown {
    if (hasPrefetched(article, info)) return prefetched(article, info);
    const projection = articleRelationProjection('a', field, Selection.of(info));
    const missing = field === 'journal' ? null : [];
    return this.loader(`UNWIND $ids AS id MATCH (a:Article {id: id}) RETURN id, ${projection.cypher} AS value`, {}, missing, projection.shape).load(article.id);
  }

  /** Article.topicLinks: each HAS_TOPIC link with its MeSH flags and the sources stating it (batched). */
  articleTopicLinks(article: ArticleRecord): Promise<ArticleTopicRecord[]> {
    return this.loader<ArticleTopicRecord[]>(TOPIC_LINKS_BY_ARTICLE, {}, [], toTopicLinks).load(article.id);
  }

  /** Article.sources: every source describing the article, most trusted first (batched). */
  articleSources(article: ArticleRecord): Promise<ArticleSourceRecord[]> {
    return this.loader<ArticleSourceRecord[]>(SOURCES_BY_ARTICLE, {}, [], toArticleSources).load(article.id);
  }

  /** Authorship.institutions: only the institutions the record marks for this author. */
  authorshipInstitutions(authorship: AuthorshipRecord, info: GraphQLResolveInfo): InstitutionRecord[] {
    // Authorships are only ever read with the institutions their selection asks for.
    if (!hasPrefetched(authorship, info)) throw new Error('Authorship.institutions was not read with its authorship');
    return prefetched(authorship, info) as InstitutionRecord[];
  }

  /** Institution.parent. */
  institutionParent(institution: InstitutionRecord, info: GraphQLResolveInfo): InstitutionRecord | null | Promise<InstitutionRecord | null> {
    if (hasPrefetched(institution, info)) return prefetched(institution, info) as InstitutionRecord | null;
    if (!institution.parentId) return null;
    return this.institutionLoader(Selection.of(info)).load(institution.parentId);
  }

  /**
   * The `articles` of a topic, author, journal or institution: from the parent's statement when it
   * read them, else batched: one statement pages the articles of every parent of a list.
   */
  articlesOf(label: keyof typeof KIND_OF_LABEL, parent: Prefetchable & { id: string }, args: ArticlesOfArgs, info: GraphQLResolveInfo): PageRecord<ArticleRecord> | Promise<PageRecord<ArticleRecord>> {
    if (hasPrefetched(parent, info)) return prefetched(parent, info) as PageRecord<ArticleRecord>;
    const page = articlesSlot(args, Selection.of(info), 's0', KIND_OF_LABEL[label], this.indexScanFactor);
    const cypher = `UNWIND $ids AS id\n${NODE_BY_ID(label).replace('$id', 'id')}\n${page.cypher}\nRETURN id, s0 AS value`;
    return this.loader<PageRecord<ArticleRecord>>(cypher, page.params, emptyPage(), page.shape).load(parent.id);
  }

  /** A relation list of RELATIONS (coauthors, coOccurring, relatedArticles, ...), batched over the parents of a list. */
  relation<T>(type: NodeType, field: string, parent: Prefetchable & { id: string }, args: Readonly<Record<string, unknown>>, info: GraphQLResolveInfo): T | Promise<T> {
    if (hasPrefetched(parent, info)) return prefetched(parent, info) as T;
    const use = RELATIONS[type]?.[field];
    if (!use) throw new TypeError(`${type}.${field} is not a relation`);
    const fragment = use.fragment(args);
    const first = fragment.sized ? relationFirst(args) : null;
    const node = relatedNodeMap(use.nodeType, relatedNodeSelection(Selection.of(info), use));
    return this.loader(batchedRelation(fragment, node.map), { first }, [], shapeItems(use, node.shape)).load(parent.id) as Promise<T>;
  }

  /** Topic.broader, narrower or related, from the topic's links. */
  topicLinks(topic: TopicRecord, field: 'broader' | 'narrower' | 'related', info: GraphQLResolveInfo): unknown {
    if (hasPrefetched(topic, info)) return prefetched(topic, info);
    return this.loadTopicLinks(topic, field, info);
  }

  private async loadTopicLinks(topic: TopicRecord, field: 'broader' | 'narrower' | 'related', info: GraphQLResolveInfo): Promise<unknown> {
    // broader and narrower select Topic fields; related selects TopicLink fields, with the topic inside.
    const selection = Selection.of(info);
    const topicSelection = field === 'related' ? (topicOfLinks(selection) ?? selection.empty('Topic')) : selection;
    const node = relatedNodeMap('Topic', topicSelection);
    const links = (await this.loader(batchedRelation(TOPIC_LINKS, node.map), { first: null }, [], (value) => value).load(topic.id)) as TopicLinkRecord[];
    return pickLinks(field, links);
  }

  // ------------------------------------------------------------------------------------------
  // The citation graph (citationQueries.ts), batched over the articles of a list.

  /** Article.references or Article.citedBy: one keyset page, newest first, with the graph's count. */
  async citations(article: ArticleRecord, direction: CitationDirection, args: { first?: number | null; after?: string | null }): Promise<PageRecord<CitationRecord>> {
    const list = `citations:${direction}`;
    const request = readPaging({ first: args.first, after: args.after }, list);
    const value = await this.loader<{ rows: Array<KeyedRow<CitationRecord>>; total: number } | null>(citationPageStatement(direction), citationPageParams(request), null, (v) => v).load(article.id);
    if (!value) return emptyPage();
    return toPage(value.rows, request, list, { totalCount: value.total });
  }

  /** Article.coCited or Article.coupled: the articles with the most co-citations or shared references. */
  citationCounts(article: ArticleRecord, kind: 'coCited' | 'coupled', first: number): Promise<CitationCountRecord[]> {
    checkRange('first', first, 0, MAX_PAGE_SIZE);
    return this.loader<CitationCountRecord[]>(kind === 'coCited' ? CO_CITED : COUPLED, { first }, [], (v) => v).load(article.id);
  }

  /** Article.citingYears: citing articles per publication year. */
  citingYears(article: ArticleRecord): Promise<Array<{ year: number; count: number }>> {
    return this.loader<Array<{ year: number; count: number }>>(CITING_YEARS, {}, [], (v) => v).load(article.id);
  }

  /** A shortest citation path as a graph (CITES edges only); null when none within maxLength or an end is not an article. */
  async citationPath(from: string, to: string, maxLength: number, directed: boolean): Promise<GraphRecord | null> {
    checkRange('maxLength', maxLength, 1, MAX_PATH_MAX_LENGTH);
    let ids: string[] | null;
    try {
      ids = directed
        ? await fetchCitationPathIds(this.db, from, to, { maxLength, budget: this.pathSearchBudget })
        : await fetchShortestPathIds(this.db, from, to, { maxLength, relationshipTypes: ['CITES'], through: ['Article'], budget: this.pathSearchBudget });
    } catch (error) {
      if (!(error instanceof PathSearchBudgetExceeded)) throw error;
      throw new GraphQLError(`The citation path search reached ${error.budget} nodes without finding or ruling out a path within ${maxLength} hops; lower maxLength.`, {
        extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'pathSearchBudget', maximum: error.budget },
      });
    }
    if (!ids) return null;
    const graph = await fetchSubgraph(this.db, ids, ['CITES']);
    const step = new Map(ids.slice(1).map((id, i) => [pairKey(ids[i]!, id), i]));
    const edges = graph.edges
      .filter((edge) => step.has(pairKey(edge.source, edge.target)))
      .sort((a, b) => step.get(pairKey(a.source, a.target))! - step.get(pairKey(b.source, b.target))!);
    return { nodes: graph.nodes, edges, truncated: false };
  }

  // ------------------------------------------------------------------------------------------

  /** Runs a node statement; null when the node does not exist. */
  private async node<R>(type: NodeType, match: string, params: Record<string, unknown>, selection: Selection): Promise<R | null> {
    const statement = nodeStatement<R>(type, match, params, selection, { indexScanFactor: this.indexScanFactor });
    const [row] = await this.db.read<Record<string, unknown>>(statement.cypher, statement.params);
    return row ? statement.shape(row) : null;
  }

  /** The projection of a node type for a selection. */
  private projectionOf(label: NodeType, v: string, selection: Selection): Projection<unknown> {
    if (label === 'Article') return articleProjection(v, selection);
    if (label === 'Institution') return institutionProjection(v, selection);
    return scalarProjection(label, v, selection);
  }

  private institutionLoader(selection: Selection): DataLoader<string, InstitutionRecord | null> {
    const projection = institutionProjection('i', selection);
    return this.loader(`UNWIND $ids AS id MATCH (i:Institution {id: id}) RETURN id, ${projection.cypher} AS value`, {}, null, projection.shape);
  }

  /**
   * A DataLoader for a batched statement (`$ids` in, rows `{id, value}` out), one per statement
   * text and parameters: every parent of a list asking the same thing is answered by one statement.
   */
  private loader<V>(cypher: string, params: Record<string, unknown>, missing: V, shape: (value: unknown) => unknown): DataLoader<string, V> {
    const key = `${cypher}\u0000${JSON.stringify(params)}`;
    let loader = this.loaders.get(key) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = new DataLoader<string, V>(
        async (ids) => {
          const rows = await this.db.read<{ id: string; value: unknown }>(cypher, { ...params, ids });
          const found = new Map(rows.map((row) => [row.id, row.value]));
          return ids.map((id) => (found.has(id) ? (shape(found.get(id)) as V) : missing));
        },
        { maxBatchSize: 1000 },
      );
      this.loaders.set(key, loader as DataLoader<string, unknown>);
    }
    return loader;
  }
}

/** The record type of each alphabetical list. */
export interface ListedRecord {
  Author: AuthorRecord;
  Institution: InstitutionRecord;
  Journal: JournalRecord;
  Topic: TopicRecord;
}

/** The arguments of a nested `articles` field (the same on every type that has one). */
export type ArticlesOfArgs = TopicArticlesArgs | AuthorArticlesArgs | JournalArticlesArgs | InstitutionArticlesArgs;

function hasPrefetched(record: Prefetchable, info: GraphQLResolveInfo): boolean {
  const map = record[PREFETCHED];
  return map !== undefined && Object.prototype.hasOwnProperty.call(map, info.path.key);
}

function prefetched(record: Prefetchable, info: GraphQLResolveInfo): unknown {
  return record[PREFETCHED]![info.path.key as string];
}

function topicOfLinks(selection: Selection): Selection | null {
  const topics = selection.named('topic').map((field) => field.selection());
  return topics.length > 0 ? Selection.union(topics) : null;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** Checks a search text: length, number of words, length of each word (Lucene's limits stay out of reach). */
function checkFullTextInput(argument: string, text: string, maxLength: number, maxWords: number): void {
  checkLength(argument, text, maxLength);
  const words = searchWords(text);
  if (words.length > maxWords) throw badUserInput(argument, `must have at most ${maxWords} words, got ${words.length}`);
  const long = words.find((word) => word.length > INPUT_LIMITS.termLength);
  if (long) throw badUserInput(argument, `has a word of ${long.length} characters; words may have at most ${INPUT_LIMITS.termLength}`);
}

/** Runs a full-text query; Lucene's own limits become BAD_USER_INPUT naming the argument. */
async function withLuceneLimits<T>(argument: string, query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    throw luceneLimitError(error, argument) ?? error;
  }
}

/** An enum list argument without duplicates, capped; null stays null (= all). */
function enumList<T>(argument: string, list: readonly T[] | null): T[] | null {
  if (list === null) return null;
  const distinct = [...new Set(list)];
  checkListSize(argument, list, INPUT_LIMITS.enumList);
  return distinct;
}
