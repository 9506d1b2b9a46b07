import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type {
  AuthorArticlesArgs,
  InstitutionArticlesArgs,
  JournalArticlesArgs,
  TopicArticlesArgs,
} from '../graphql/generated/resolvers-types.ts';
import type { Database } from './driver/Database.ts';
import {
  PREFETCHED,
  type ArticleRecord,
  type ArticleSourceRecord,
  type ArticleTopicRecord,
  type CitationCountRecord,
  type CitationRecord,
  type AuthorshipRecord,
  type InstitutionRecord,
  type JournalIssnRecord,
  type PageRecord,
  type Prefetchable,
  type TopicLinkRecord,
  type TopicRecord,
} from './records/records.ts';
import { NODE_BY_ID } from './cypher/lookupStatements.ts';
import { articleRelationProjection, institutionProjection } from './cypher/selectionMaps.ts';
import {
  articlesSlot,
  pickLinks,
  RELATIONS,
  relatedNodeMap,
  relatedNodeSelection,
  relationFirst,
  shapeItems,
} from './cypher/nodeStatement.ts';
import type { GroupKind } from './cypher/articleFilterPlan.ts';
import { emptyPage, toPage, type KeyedRow, type PageRequest } from './cypher/paging.ts';
import { batchedRelation, TOPIC_LINKS } from './cypher/relationStatements.ts';
import {
  CITING_YEARS,
  CO_CITED,
  COUPLED,
  citationListName,
  citationPageParams,
  citationPageStatement,
  type CitationDirection,
} from './cypher/citationStatements.ts';
import {
  ISSN_SOURCES_BY_JOURNAL,
  SOURCES_BY_ARTICLE,
  TOPIC_LINKS_BY_ARTICLE,
  toArticleSources,
  toJournalIssns,
  toTopicLinks,
} from './cypher/provenanceStatements.ts';
import type { NodeType } from './cypher/nodeFields.ts';
import { Selection } from './cypher/selection.ts';

/** The kind of node whose `articles` a nested field lists. */
const KIND_OF_LABEL: Readonly<Record<'Author' | 'Institution' | 'Journal' | 'Topic', GroupKind>> = {
  Author: 'author',
  Institution: 'institution',
  Journal: 'journal',
  Topic: 'topic',
};

/**
 * The nested fields of the API (Article.journal, Author.coauthors, Topic.articles, the citation lists,
 * ...): each answered from what its parent's statement read (synchronously: no promise per field and
 * item for graphql-js to wait on), else through a DataLoader, so one statement answers the field for
 * every parent of a list. One loader serves one request, like its Repository.
 */
export class NestedFieldLoader {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();

  constructor(
    private readonly db: Database,
    private readonly indexScanFactor: number,
  ) {}

  /** Article.journal, Article.authorships or Article.topics. */
  articleRelation(
    article: ArticleRecord,
    field: 'journal' | 'authorships' | 'topics',
    info: GraphQLResolveInfo,
  ): unknown {
    if (hasPrefetched(article, info)) return prefetched(article, info);
    const projection = articleRelationProjection('a', field, Selection.of(info));
    const missing = field === 'journal' ? null : [];
    return this.batch(
      `UNWIND $ids AS id MATCH (a:Article {id: id}) RETURN id, ${projection.cypher} AS value`,
      {},
      missing,
      projection.shape,
    ).load(article.id);
  }

  /** Article.topicLinks: each HAS_TOPIC link with its MeSH flags and the sources stating it (batched). */
  articleTopicLinks(article: ArticleRecord): Promise<ArticleTopicRecord[]> {
    return this.batch<ArticleTopicRecord[]>(TOPIC_LINKS_BY_ARTICLE, {}, [], toTopicLinks).load(article.id);
  }

  /** Article.sources: every source describing the article, most trusted first (batched). */
  articleSources(article: ArticleRecord): Promise<ArticleSourceRecord[]> {
    return this.batch<ArticleSourceRecord[]>(SOURCES_BY_ARTICLE, {}, [], toArticleSources).load(article.id);
  }

  /** Journal.issnSources: each ISSN of the journal with the sources that state it (batched). */
  journalIssnSources(journal: { id: string }): Promise<JournalIssnRecord[]> {
    return this.batch<JournalIssnRecord[]>(ISSN_SOURCES_BY_JOURNAL, {}, [], toJournalIssns).load(journal.id);
  }

  /** Authorship.institutions: only the institutions the record marks for this author. */
  authorshipInstitutions(authorship: AuthorshipRecord, info: GraphQLResolveInfo): InstitutionRecord[] {
    // Authorships are only ever read with the institutions their selection asks for.
    if (!hasPrefetched(authorship, info)) throw new Error('Authorship.institutions was not read with its authorship');
    return prefetched(authorship, info) as InstitutionRecord[];
  }

  /** Institution.parent. */
  institutionParent(
    institution: InstitutionRecord,
    info: GraphQLResolveInfo,
  ): InstitutionRecord | null | Promise<InstitutionRecord | null> {
    if (hasPrefetched(institution, info)) return prefetched(institution, info) as InstitutionRecord | null;
    if (!institution.parentId) return null;
    return this.institutionLoader(Selection.of(info)).load(institution.parentId);
  }

  /**
   * The `articles` of a topic, author, journal or institution: from the parent's statement when it
   * read them, else batched: one statement pages the articles of every parent of a list.
   */
  articlesOf(
    label: keyof typeof KIND_OF_LABEL,
    parent: Prefetchable & { id: string },
    args: ArticlesOfArgs,
    info: GraphQLResolveInfo,
  ): PageRecord<ArticleRecord> | Promise<PageRecord<ArticleRecord>> {
    if (hasPrefetched(parent, info)) return prefetched(parent, info) as PageRecord<ArticleRecord>;
    const page = articlesSlot(args, Selection.of(info), 's0', KIND_OF_LABEL[label], this.indexScanFactor);
    const cypher = `UNWIND $ids AS id\n${NODE_BY_ID(label).replace('$id', 'id')}\n${page.cypher}\nRETURN id, s0 AS value`;
    return this.batch<PageRecord<ArticleRecord>>(cypher, page.params, emptyPage(), page.shape).load(parent.id);
  }

  /** A relation list of RELATIONS (coauthors, coOccurring, relatedArticles, ...), batched over the parents of a list. */
  relation<T>(
    type: NodeType,
    field: string,
    parent: Prefetchable & { id: string },
    args: Readonly<Record<string, unknown>>,
    info: GraphQLResolveInfo,
  ): T | Promise<T> {
    if (hasPrefetched(parent, info)) return prefetched(parent, info) as T;
    const use = RELATIONS[type]?.[field];
    if (!use) throw new TypeError(`${type}.${field} is not a relation`);
    const fragment = use.fragment(args);
    const first = fragment.sized ? relationFirst(args) : null;
    const node = relatedNodeMap(use.nodeType, relatedNodeSelection(Selection.of(info), use));
    return this.batch(batchedRelation(fragment, node.map), { first }, [], shapeItems(use, node.shape)).load(
      parent.id,
    ) as Promise<T>;
  }

  /** Topic.broader, narrower or related, from the topic's links. */
  topicLinks(topic: TopicRecord, field: 'broader' | 'narrower' | 'related', info: GraphQLResolveInfo): unknown {
    if (hasPrefetched(topic, info)) return prefetched(topic, info);
    return this.loadTopicLinks(topic, field, info);
  }

  private async loadTopicLinks(
    topic: TopicRecord,
    field: 'broader' | 'narrower' | 'related',
    info: GraphQLResolveInfo,
  ): Promise<unknown> {
    // broader and narrower select Topic fields; related selects TopicLink fields, with the topic inside.
    const selection = Selection.of(info);
    const topicSelection = field === 'related' ? (topicOfLinks(selection) ?? selection.empty('Topic')) : selection;
    const node = relatedNodeMap('Topic', topicSelection);
    const links = (await this.batch(batchedRelation(TOPIC_LINKS, node.map), { first: null }, [], (value) => value).load(
      topic.id,
    )) as TopicLinkRecord[];
    return pickLinks(field, links);
  }

  // ------------------------------------------------------------------------------------------
  // The citation graph (cypher/citationStatements.ts), batched over the articles of a list.

  /** Article.references or Article.citedBy: one keyset page, newest first, with the graph's count. */
  async citations(
    article: ArticleRecord,
    direction: CitationDirection,
    request: PageRequest,
  ): Promise<PageRecord<CitationRecord>> {
    const list = citationListName(direction);
    const value = await this.batch<{ rows: Array<KeyedRow<CitationRecord>>; total: number } | null>(
      citationPageStatement(direction),
      citationPageParams(request),
      null,
      (v) => v,
    ).load(article.id);
    if (!value) return emptyPage();
    return toPage(value.rows, request, list, { totalCount: value.total });
  }

  /** Article.coCited or Article.coupled: the articles with the most co-citations or shared references. */
  citationCounts(article: ArticleRecord, kind: 'coCited' | 'coupled', first: number): Promise<CitationCountRecord[]> {
    return this.batch<CitationCountRecord[]>(kind === 'coCited' ? CO_CITED : COUPLED, { first }, [], (v) => v).load(
      article.id,
    );
  }

  /** Article.citingYears: citing articles per publication year. */
  citingYears(article: ArticleRecord): Promise<Array<{ year: number; count: number }>> {
    return this.batch<Array<{ year: number; count: number }>>(CITING_YEARS, {}, [], (v) => v).load(article.id);
  }

  private institutionLoader(selection: Selection): DataLoader<string, InstitutionRecord | null> {
    const projection = institutionProjection('i', selection);
    return this.batch(
      `UNWIND $ids AS id MATCH (i:Institution {id: id}) RETURN id, ${projection.cypher} AS value`,
      {},
      null,
      projection.shape,
    );
  }

  /**
   * A DataLoader for a batched statement (`$ids` in, rows `{id, value}` out), one per statement
   * text and parameters: every parent of a list asking the same thing is answered by one statement.
   */
  batch<V>(
    cypher: string,
    params: Record<string, unknown>,
    missing: V,
    shape: (value: unknown) => unknown,
  ): DataLoader<string, V> {
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
