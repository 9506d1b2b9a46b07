import type { GraphQLResolveInfo } from 'graphql';
import type { ArticleFilter, FacetField, QueryArticlesArgs } from '../graphql/generated/resolvers-types.ts';
import type { Database } from './driver/Database.ts';
import { NestedFieldLoader } from './NestedFieldLoader.ts';
import {
  type ArticleRecord,
  type AuthorRecord,
  type JournalRecord,
  type EntityLabel,
  type EntityRecord,
  type FacetBucketRecord,
  type GraphRecord,
  type InstitutionRecord,
  type PageRecord,
  type SearchHitRecord,
  type StatsRecord,
  type TopicRecord,
} from './records/records.ts';
import {
  ARTICLE_BY_DOI,
  ARTICLE_BY_ID_OR_ALIAS,
  ARTICLE_BY_IDENTIFIER,
  entityListName,
  entityListStatement,
  fetchNodeIdsByName,
  fetchStats,
  NODE_BY_ID,
  TOPIC_BY_NAME,
  type ListedLabel,
} from './cypher/lookupStatements.ts';
import {
  PathSearchBudgetExceeded,
  fetchNeighborhood,
  fetchShortestPathIds,
  fetchSubgraph,
  fetchTopicGraphIds,
} from './cypher/graphStatements.ts';
import { fetchAutocomplete, fetchSearch } from './cypher/searchStatements.ts';
import { MODEL_RELATIONSHIP_TYPES, entityProjection } from './cypher/entityMap.ts';
import { articleProjection, institutionProjection, scalarProjection, type Projection } from './cypher/selectionMaps.ts';
import { articlesSlot, nodeStatement } from './cypher/nodeStatement.ts';
import { facetStatement, filterParameters } from './cypher/articlePageStatement.ts';
import { INDEX_SCAN_FACTOR, planArticleFilter } from './cypher/articleFilterPlan.ts';
import { toPage, type KeyedRow, type PageRequest, type SortKey } from './cypher/paging.ts';
import { fetchCitationPathIds } from './cypher/citationStatements.ts';
import type { NodeType } from './cypher/nodeFields.ts';
import { Selection } from './cypher/selection.ts';
import { ErrorCode, luceneLimitError } from '../errors.ts';
import { identifierQuery, searchByIdentifier } from './cypher/identifierSearch.ts';
import { GraphQLError } from 'graphql';
import { PATH_SEARCH_NODE_BUDGET } from '../inputLimits.ts';
import { aliasValue, splitGlobalId } from '../identity/index.ts';

/** Options of a repository. */
export interface RepositoryOptions {
  /** Overrides INDEX_SCAN_FACTOR (tests force either way of reading a page with 0 and Infinity). */
  indexScanFactor?: number;
  /** Nodes one shortest-path search may reach before it gives up (PATH_SEARCH_NODE_BUDGET; tests lower it). */
  pathSearchBudget?: number;
}

/** The labels a name given where a node id is expected is looked up in (those with aliases). */
const NAMED_LABELS = ['Topic', 'Author', 'Institution', 'Journal'] as const;

/**
 * The one door between resolvers and the graph, for root fields (their arguments already checked by
 * src/graphql/args). A root field hands over its resolve info; the repository reads the selection
 * and answers the whole shape in ONE statement where it can (the node, its article pages and
 * relation lists, each article's journal, authorships, authors, institutions and topics:
 * cypher/nodeStatement.ts), handing nested parts to their resolvers through the records
 * (PREFETCHED). A nested field asks `nested` (NestedFieldLoader): it answers from what its parent's
 * statement read, or else through a batched loader (one statement for all parents of a list).
 *
 * One repository serves one request; its reads share one read transaction (Database.forRequest),
 * ended by `release` when the response is sent.
 */
export class Repository {
  /** The nested fields' batched loaders, sharing this repository's request. */
  readonly nested: NestedFieldLoader;
  private readonly indexScanFactor: number;
  private readonly pathSearchBudget: number;

  constructor(
    readonly db: Database,
    options: RepositoryOptions = {},
  ) {
    this.indexScanFactor = options.indexScanFactor ?? INDEX_SCAN_FACTOR;
    this.pathSearchBudget = options.pathSearchBudget ?? PATH_SEARCH_NODE_BUDGET;
    this.nested = new NestedFieldLoader(db, this.indexScanFactor);
  }

  /** Ends the request's read transaction. */
  release(): Promise<void> {
    return this.db.release();
  }

  // ------------------------------------------------------------------------------------------
  // Root fields

  /** An article through the DOI index (`doi`: lower-cased, normalized by the identity rules). */
  articleByDoi(doi: string, info: GraphQLResolveInfo): Promise<ArticleRecord | null> {
    return this.node<ArticleRecord>('Article', ARTICLE_BY_DOI, { doi }, Selection.of(info));
  }

  /** An article through an identifier alias (`pmid:…`, `pmcid:…`, `openalex:…`), so a PMID finds an article keyed by its DOI. */
  articleByAlias(alias: string, info: GraphQLResolveInfo): Promise<ArticleRecord | null> {
    return this.node<ArticleRecord>('Article', ARTICLE_BY_IDENTIFIER, { alias }, Selection.of(info));
  }

  /** The ids of the nodes a name, synonym, MeSH UI or ISSN names (its alias value), as the article filters look names up. */
  nodeIdsNamed(alias: string): Promise<string[]> {
    return fetchNodeIdsByName(this.db, NAMED_LABELS, alias);
  }

  /** A topic by preferred name, synonym, MeSH UI or global id, with what the request asks of it. */
  async topicByName(name: string, info: GraphQLResolveInfo): Promise<TopicRecord | null> {
    return this.node<TopicRecord>(
      'Topic',
      TOPIC_BY_NAME,
      { text: name.trim(), alias: aliasValue(name) },
      Selection.of(info),
    );
  }

  /** Any entity by global id (its label already read from the id), with what the request asks of it. */
  async nodeById(label: EntityLabel, id: string, info: GraphQLResolveInfo): Promise<EntityRecord | null> {
    // An article id made from another of its identifiers (`Article:pmid:…` of an article keyed by
    // its DOI) finds it through its aliases; the answer carries the article's own id.
    const key = splitGlobalId(id)?.key ?? '';
    const record =
      label === 'Article' && !key.startsWith('rec:')
        ? await this.node<EntityRecord['record']>(
            label,
            ARTICLE_BY_ID_OR_ALIAS,
            { id, alias: aliasValue(key) },
            Selection.of(info, label),
          )
        : await this.node<EntityRecord['record']>(label, NODE_BY_ID(label), { id }, Selection.of(info, label));
    return record ? ({ label, record } as EntityRecord) : null;
  }

  /** Several entities by global id, in one batched statement; null for each that does not exist. */
  async nodesById(ids: readonly string[], info: GraphQLResolveInfo): Promise<Array<EntityRecord | null>> {
    const labels: EntityLabel[] = ['Article', 'Author', 'Institution', 'Journal', 'Topic'];
    const projections = Object.fromEntries(
      labels.map((label) => [label, this.projectionOf(label, 'n', Selection.of(info, label))]),
    ) as Record<EntityLabel, Projection<unknown>>;
    const loader = this.nested.batch<EntityRecord | null>(
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
    const plan = planArticleFilter(filter);
    if (first === 0) return [];
    return this.db.read<FacetBucketRecord>(facetStatement(plan, by), {
      filter: filterParameters(plan, this.indexScanFactor),
      first,
    });
  }

  /** An alphabetical page of authors, institutions, journals or topics. */
  async entityPage<L extends ListedLabel>(
    label: L,
    request: PageRequest,
    contains: string | null,
    info: GraphQLResolveInfo,
  ): Promise<PageRecord<ListedRecord[L]>> {
    const list = entityListName(label);
    const selection = Selection.of(info);
    const nodes = selection.named('edges').flatMap((edge) =>
      edge
        .selection()
        .named('node')
        .map((node) => node.selection()),
    );
    const projection = this.projectionOf(
      label,
      'n',
      nodes.length > 0 ? Selection.union(nodes) : selection.empty(label),
    );
    const pageInfo = new Set(selection.named('pageInfo').flatMap((field) => [...field.selection().names()]));
    const cypher = entityListStatement(
      label,
      request,
      { total: selection.has('totalCount'), beyond: pageInfo.has('hasPreviousPage') },
      projection.cypher,
    );
    const [row] = await this.db.read<{
      rows: Array<{ key: SortKey; node: unknown }>;
      beyond: boolean;
      total: number | null;
    }>(cypher, {
      take: request.take,
      cursor: request.cursor,
      contains: contains ? aliasValue(contains) : null,
    });
    const rows: Array<KeyedRow<unknown>> = (row?.rows ?? []).map((item) => ({
      key: item.key,
      node: projection.shape(item.node),
    }));
    return toPage(rows, request, list, {
      beyondCursor: row?.beyond ?? false,
      totalCount: row?.total ?? undefined,
    }) as PageRecord<ListedRecord[L]>;
  }

  /** Graph-wide counts. */
  async stats(): Promise<StatsRecord> {
    return fetchStats(this.db);
  }

  /**
   * Full-text search, best first (`query`: the Lucene query built from the checked `text`). An
   * identifier (DOI, PMID, PMCID, OpenAlex id) in the text names its article first (identifierSearch.ts).
   */
  async search(
    text: string,
    query: string,
    labels: readonly EntityLabel[] | null,
    first: number,
  ): Promise<SearchHitRecord[]> {
    const identifier = identifierQuery(text);
    const named = identifier ? await searchByIdentifier(this.db, identifier, labels) : [];
    if (identifier?.exclusive) return named;
    const hits = await withLuceneLimits('query', fetchSearch(this.db, query, labels, first));
    if (named.length === 0) return hits;
    const top = Math.max(1, ...hits.map((hit) => hit.score));
    return [
      { ...named[0]!, score: top + 1 },
      ...hits.filter((hit) => hit.entity.record.id !== named[0]!.entity.record.id),
    ].slice(0, first);
  }

  /** Prefix search for search boxes, from the names index. */
  async autocomplete(query: string, labels: readonly EntityLabel[] | null, first: number): Promise<SearchHitRecord[]> {
    return withLuceneLimits('prefix', fetchAutocomplete(this.db, query, labels, first));
  }

  /** The neighbourhood of a node; null when the node does not exist. */
  async neighborhood(
    id: string,
    depth: number,
    limit: number,
    relationshipTypes: readonly string[] | null,
    labels: readonly EntityLabel[] | null,
  ): Promise<GraphRecord | null> {
    return fetchNeighborhood(this.db, id, {
      depth,
      limit,
      relationshipTypes: relationshipTypes ?? MODEL_RELATIONSHIP_TYPES,
      labels,
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
    const types = relationshipTypes ?? MODEL_RELATIONSHIP_TYPES;
    const throughLabels = through;
    if (from === to) {
      const graph = await fetchSubgraph(this.db, [from], types);
      return graph.nodes.length === 0 ? null : { nodes: graph.nodes, edges: [], truncated: false };
    }
    let ids: string[] | null;
    try {
      ids = await fetchShortestPathIds(this.db, from, to, {
        maxLength,
        relationshipTypes: types,
        through: throughLabels,
        budget: this.pathSearchBudget,
      });
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
    const [topic] = await this.db.read<{ id: string }>(`${TOPIC_BY_NAME}\nRETURN scope.id AS id`, {
      text: name.trim(),
      alias: aliasValue(name),
    });
    if (!topic) return null;
    const ids = await fetchTopicGraphIds(this.db, [topic.id], first);
    const graph = await fetchSubgraph(this.db, ids, ['HAS_TOPIC', 'BROADER', 'DERIVED_FROM', 'COMPLICATION_OF']);
    return { ...graph, truncated: false };
  }

  /** A shortest citation path as a graph (CITES edges only); null when none within maxLength or an end is not an article. */
  async citationPath(from: string, to: string, maxLength: number, directed: boolean): Promise<GraphRecord | null> {
    let ids: string[] | null;
    try {
      ids = directed
        ? await fetchCitationPathIds(this.db, from, to, { maxLength, budget: this.pathSearchBudget })
        : await fetchShortestPathIds(this.db, from, to, {
            maxLength,
            relationshipTypes: ['CITES'],
            through: ['Article'],
            budget: this.pathSearchBudget,
          });
    } catch (error) {
      if (!(error instanceof PathSearchBudgetExceeded)) throw error;
      throw new GraphQLError(
        `The citation path search reached ${error.budget} nodes without finding or ruling out a path within ${maxLength} hops; lower maxLength.`,
        {
          extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'pathSearchBudget', maximum: error.budget },
        },
      );
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
  private async node<R>(
    type: NodeType,
    match: string,
    params: Record<string, unknown>,
    selection: Selection,
  ): Promise<R | null> {
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
}

/** The record type of each alphabetical list. */
export interface ListedRecord {
  Author: AuthorRecord;
  Institution: InstitutionRecord;
  Journal: JournalRecord;
  Topic: TopicRecord;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** Runs a full-text query; Lucene's own limits become BAD_USER_INPUT naming the argument. */
async function withLuceneLimits<T>(argument: string, query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    throw luceneLimitError(error, argument) ?? error;
  }
}
