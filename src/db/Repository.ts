import type { Database } from './Database.ts';
import type { ArticleRecord, EntityLabel, FacetBucketRecord, GraphRecord, PageRecord, SearchHitRecord, StatsRecord, TopicRecord } from './records.ts';
import { type ArticleAnchor, type ArticleOrder, type FacetField, type ResolvedArticleFilter, fetchArticleByDoi, fetchArticlePage, fetchFacets } from './articleQueries.ts';
import { type EntityReference, type ListedLabel, type ListedRecord, fetchEntityPage, fetchStats, fetchTopicByName, resolveReferences } from './entityQueries.ts';
import { PathSearchBudgetExceeded, fetchNeighborhood, fetchShortestPathIds, fetchSubgraph, fetchTopicGraphIds } from './graphQueries.ts';
import { fetchAutocomplete, fetchSearch } from './searchQueries.ts';
import { prefixQuery, searchQuery, searchWords } from './luceneQuery.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { KeysetPageRows } from './keysetPage.ts';
import { MODEL_RELATIONSHIP_TYPES } from './projections.ts';
import { ErrorCode, badUserInput, checkLength, checkListSize, checkRange, luceneLimitError } from '../errors.ts';
import { GraphQLError } from 'graphql';
import { INPUT_LIMITS, MAX_PATH_MAX_LENGTH, PATH_SEARCH_NODE_BUDGET } from '../inputLimits.ts';
import { aliasValue, canonicalGlobalId, entityId, normalizeDoi, splitGlobalId } from '../identity/index.ts';

/** The article filter as the API takes it (ArticleFilter input). */
export interface ArticleFilterInput {
  topic?: string | null;
  topics?: readonly string[] | null;
  topicsMatch?: 'ALL' | 'ANY' | null;
  author?: string | null;
  institution?: string | null;
  journal?: string | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  language?: string | null;
}

/** Relay paging arguments. */
export interface PagingArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A parent entity a nested `articles` field is scoped to. */
export interface ArticleScope {
  label: 'Author' | 'Institution' | 'Journal' | 'Topic';
  id: string;
}

/** Largest page any list returns. */
export const MAX_PAGE_SIZE = 100;

/** How many candidate ids an ambiguous name lists in its error. */
const MAX_CANDIDATES = 5;

/** The labels a name given where a node id is expected is looked up in (those with aliases). */
const NAMED_LABELS = ['Topic', 'Author', 'Institution', 'Journal'] as const;

/**
 * The data-access API the resolvers use: argument checks that need the data model, filter
 * resolution, keyset paging and graph building. Every query it runs lives in the *Queries files.
 */
export class Repository {
  constructor(
    readonly db: Database,
    /** Nodes one shortest-path search may reach before it gives up (tests lower it). */
    readonly pathSearchBudget: number = PATH_SEARCH_NODE_BUDGET,
  ) {}

  /** Article by DOI, case-insensitive, with or without a doi.org / "doi:" prefix (the seed's own DOI rules). */
  async articleByDoi(doi: string): Promise<ArticleRecord | null> {
    checkLength('doi', doi, INPUT_LIMITS.textLength);
    const normalized = normalizeDoi(doi);
    if (!normalized) throw badUserInput('doi', `"${doi.slice(0, 80)}" is not a DOI (expected 10.<registrant>/<suffix>)`);
    return fetchArticleByDoi(this.db, normalized.doi.toLowerCase());
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
    const trimmed = text.trim();
    if (trimmed === '') throw badUserInput(argument, 'must not be empty');
    if (splitGlobalId(trimmed)) return canonicalGlobalId(trimmed);
    const doi = normalizeDoi(trimmed);
    if (doi) return entityId('Article', doi.key);
    const alias = aliasValue(trimmed);
    const resolved = await resolveReferences(
      this.db,
      NAMED_LABELS.map((label) => ({ label, text: trimmed, alias, withDescendants: false })),
    );
    const candidates = [...new Set(resolved.flat())].sort();
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

  /** A topic by preferred name, synonym, MeSH UI or global id. */
  async topicByName(name: string): Promise<TopicRecord | null> {
    checkLength('name', name, INPUT_LIMITS.textLength);
    if (name.trim() === '') throw badUserInput('name', 'must not be empty');
    return fetchTopicByName(this.db, name.trim(), aliasValue(name));
  }

  /** A page of articles matching a filter (and a parent scope), keyset-paged in either direction. */
  async articles(input: ArticleFilterInput | null | undefined, order: ArticleOrder, paging: PagingArgs, scope?: ArticleScope): Promise<PageRecord<ArticleRecord>> {
    const { backward, size, cursor } = readPaging(paging, `articles:${order}`);
    const filter = await this.resolveArticleFilter(input, scope);
    if (!filter) return emptyPage();
    const descending = (order === 'TITLE_DESC') !== backward;
    const rows = await fetchArticlePage(this.db, filter, order, { descending, cursor, take: size + 1 });
    return toPage(rows, size, backward, `articles:${order}`);
  }

  /** Counts of matching articles grouped by one field. */
  async facets(input: ArticleFilterInput | null | undefined, by: FacetField, first: number): Promise<FacetBucketRecord[]> {
    checkRange('first', first, 0, MAX_PAGE_SIZE);
    const filter = await this.resolveArticleFilter(input);
    if (!filter || first === 0) return [];
    return fetchFacets(this.db, filter, by, first);
  }

  /** An alphabetical page of authors, institutions, journals or topics. */
  async entityPage<L extends ListedLabel>(label: L, paging: PagingArgs, contains: string | null = null): Promise<PageRecord<ListedRecord[L]>> {
    const order = `${label.toLowerCase()}s:NAME`;
    const { size, cursor } = readPaging({ first: paging.first, after: paging.after }, order);
    if (contains != null) checkLength('name', contains, INPUT_LIMITS.textLength);
    const rows = await fetchEntityPage(this.db, label, cursor, size + 1, contains ? aliasValue(contains) : null);
    return toPage(rows, size, false, order);
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
    return withLuceneLimits('query', fetchSearch(this.db, query, enumList('types', labels), first));
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
    const topic = await this.topicByName(name);
    if (!topic) return null;
    const ids = await fetchTopicGraphIds(this.db, [topic.id], first);
    const graph = await fetchSubgraph(this.db, ids, ['HAS_TOPIC', 'BROADER', 'DERIVED_FROM', 'COMPLICATION_OF']);
    return { ...graph, truncated: false };
  }

  /**
   * Resolves names in a filter to ids, in one round trip. Returns null when some condition names
   * nothing (no article can match), so callers answer an empty page without asking Neo4j again.
   */
  async resolveArticleFilter(input: ArticleFilterInput | null | undefined, scope?: ArticleScope): Promise<ResolvedArticleFilter | null> {
    const f = input ?? {};
    checkListSize('filter.topics', f.topics ?? [], INPUT_LIMITS.filterTopics);
    for (const key of ['topic', 'author', 'institution', 'journal', 'language'] as const) {
      const value = f[key];
      if (value != null) checkLength(`filter.${key}`, value, INPUT_LIMITS.textLength);
    }
    (f.topics ?? []).forEach((topic, i) => checkLength(`filter.topics[${i}]`, topic, INPUT_LIMITS.textLength));
    if (f.yearFrom != null && f.yearTo != null && f.yearFrom > f.yearTo) {
      throw badUserInput('filter.yearFrom', `(${f.yearFrom}) is after filter.yearTo (${f.yearTo})`);
    }
    const refs: Array<EntityReference & { group: 'topic' | 'author' | 'institution' | 'journal'; anyGroup?: boolean }> = [];
    const add = (group: 'topic' | 'author' | 'institution' | 'journal', label: EntityReference['label'], text: string, argument: string, anyGroup = false) => {
      if (text.trim() === '') throw badUserInput(argument, 'must not be empty');
      refs.push({ group, label, text: canonicalGlobalId(text.trim()), alias: aliasValue(text), withDescendants: label === 'Topic' || label === 'Institution', anyGroup });
    };
    if (f.topic != null) add('topic', 'Topic', f.topic, 'filter.topic');
    const anyTopics = f.topicsMatch === 'ANY';
    (f.topics ?? []).forEach((topic, i) => add('topic', 'Topic', topic, `filter.topics[${i}]`, anyTopics));
    if (f.author != null) add('author', 'Author', f.author, 'filter.author');
    if (f.institution != null) add('institution', 'Institution', f.institution, 'filter.institution');
    if (f.journal != null) add('journal', 'Journal', f.journal, 'filter.journal');
    if (scope) {
      const group = scope.label.toLowerCase() as 'topic' | 'author' | 'institution' | 'journal';
      refs.push({ group, label: scope.label, text: scope.id, alias: '', withDescendants: scope.label === 'Topic' || scope.label === 'Institution' });
    }
    const resolved = await resolveReferences(this.db, refs);
    const groups = { topic: [] as string[][], author: [] as string[][], institution: [] as string[][], journal: [] as string[][] };
    const anyTopicGroup: string[] = [];
    refs.forEach((ref, i) => {
      const ids = resolved[i] ?? [];
      if (ref.anyGroup) anyTopicGroup.push(...ids);
      else groups[ref.group].push(ids);
    });
    if (anyTopics && (f.topics ?? []).length > 0) groups.topic.push([...new Set(anyTopicGroup)]);
    const all = [...groups.author, ...groups.journal, ...groups.institution, ...groups.topic];
    if (all.some((ids) => ids.length === 0)) return null;
    const anchorOrder: Array<[ArticleAnchor, string[][]]> = [
      ['author', groups.author],
      ['journal', groups.journal],
      ['institution', groups.institution],
      ['topic', groups.topic],
    ];
    const anchored = anchorOrder.find(([, list]) => list.length > 0);
    // The anchor's group already holds for every row the anchor yields: checking it again per
    // article would only cost database hits.
    const rest = (list: string[][]) => (anchored && list === anchored[1] ? list.slice(1) : list);
    return {
      anchor: anchored?.[0] ?? 'all',
      anchorIds: anchored?.[1][0] ?? [],
      topicGroups: rest(groups.topic),
      authorGroups: rest(groups.author),
      institutionGroups: rest(groups.institution),
      journalGroups: rest(groups.journal),
      yearFrom: f.yearFrom ?? null,
      yearTo: f.yearTo ?? null,
      language: f.language != null ? f.language.trim().toLowerCase() : null,
    };
  }
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

/** Reads and checks Relay paging arguments. */
function readPaging(paging: PagingArgs, order: string): { backward: boolean; size: number; cursor: string | null } {
  if (paging.after != null) checkLength('after', paging.after, INPUT_LIMITS.idLength);
  if (paging.before != null) checkLength('before', paging.before, INPUT_LIMITS.idLength);
  if (paging.last != null || paging.before != null) {
    if (paging.after != null) throw badUserInput('after', 'cannot be combined with before/last; page forwards with first/after or backwards with last/before');
    const size = checkRange('last', paging.last ?? 20, 0, MAX_PAGE_SIZE);
    const cursor = paging.before != null ? decodeCursor(paging.before, order, 'before') : null;
    return { backward: true, size, cursor };
  }
  const size = checkRange('first', paging.first ?? 20, 0, MAX_PAGE_SIZE);
  const cursor = paging.after != null ? decodeCursor(paging.after, order, 'after') : null;
  return { backward: false, size, cursor };
}

function toPage<T>(rows: KeysetPageRows<T>, size: number, backward: boolean, order: string): PageRecord<T> {
  const page = rows.items.slice(0, size);
  const more = rows.remaining > size;
  const ordered = backward ? page.reverse() : page;
  return {
    items: ordered.map((item) => ({ cursor: encodeCursor(order, item.sortKey), node: item.node })),
    hasNextPage: backward ? rows.skipped > 0 : more,
    hasPreviousPage: backward ? more : rows.skipped > 0,
    totalCount: rows.total,
  };
}

function emptyPage<T>(): PageRecord<T> {
  return { items: [], hasNextPage: false, hasPreviousPage: false, totalCount: 0 };
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}
