/**
 * The real shapes of the objects the data-access layer returns: the parents GraphQL resolvers
 * receive (codegen maps schema types to these). `id` is the node's `id` property: "<Type>:<our stable key>",
 * which is also the global id the API hands out.
 */

import type { EntityLabel } from '../identity/index.ts';
import type { RecordOf } from './nodeFields.ts';

/**
 * Relations a statement read together with their parent, by response key (alias), handed to the
 * nested resolvers (see nodeProjections.ts). Absent when the relations are left to loaders.
 */
export const PREFETCHED = Symbol('prefetched');

/** A record that may carry prefetched relations. */
export interface Prefetchable {
  [PREFETCHED]?: Readonly<Record<string, unknown>>;
}

/**
 * The node records, from the field table (nodeFields.ts). A record read for one request holds the
 * fields that request selected (and `id`): a field not asked for is absent, whatever the type says.
 */
export type ArticleRecord = RecordOf<'Article'> & Prefetchable;
/** An Author node's fields. */
export type AuthorRecord = RecordOf<'Author'> & Prefetchable;
/** An Institution node's fields plus its parent's id. */
export type InstitutionRecord = RecordOf<'Institution'> & Prefetchable;
/** A Journal node's fields. */
export type JournalRecord = RecordOf<'Journal'> & Prefetchable;
/** A Topic node's fields. */
export type TopicRecord = RecordOf<'Topic'> & Prefetchable;

/** One AUTHORED relationship with its author. */
export interface AuthorshipRecord extends Prefetchable {
  position: number;
  rawAffiliation: string | null;
  markers: string[];
  author: AuthorRecord;
}

/** A typed topic-to-topic link seen from one topic. */
export interface TopicLinkRecord {
  relation: string;
  outgoing: boolean;
  topic: TopicRecord;
}

/** A topic with an article count and a strength. */
export interface TopicCountRecord {
  topic: TopicRecord;
  articleCount: number;
  strength: number;
}

/** A co-author with the number of shared articles. */
export interface CoauthorRecord {
  author: AuthorRecord;
  sharedArticles: number;
}

/** A collaborating institution with the number of shared articles. */
export interface CollaborationRecord {
  institution: InstitutionRecord;
  sharedArticles: number;
}

/** A related article with the topics it shares. */
export interface RelatedArticleRecord {
  article: ArticleRecord;
  sharedTopics: number;
  topics: TopicRecord[];
}

/** The entity labels stored in Neo4j, in the EntityType order (defined with the identity rules). */
export type { EntityLabel };

/** Any entity with its label, as node/search/graph queries return it. */
export type EntityRecord =
  | { label: 'Article'; record: ArticleRecord }
  | { label: 'Author'; record: AuthorRecord }
  | { label: 'Institution'; record: InstitutionRecord }
  | { label: 'Journal'; record: JournalRecord }
  | { label: 'Topic'; record: TopicRecord };

/** A node of a subgraph. */
export interface GraphNodeRecord {
  id: string;
  label: EntityLabel;
  caption: string;
  properties: Record<string, string | number | boolean | null>;
}

/** A directed edge of a subgraph between two nodes given by id. */
export interface GraphEdgeRecord {
  type: string;
  source: string;
  target: string;
  properties: Record<string, string | number | boolean | null>;
}

/** A subgraph as the data layer returns it. */
export interface GraphRecord {
  nodes: GraphNodeRecord[];
  edges: GraphEdgeRecord[];
  truncated: boolean;
}

/** A search hit before its node is shaped for GraphQL. */
export interface SearchHitRecord {
  entity: EntityRecord;
  score: number;
}

/** One page of a keyset-paged list. */
export interface PageRecord<T> {
  items: Array<{ cursor: string; node: T }>;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Counted only when the request selects it. */
  totalCount?: number | undefined;
}

/** A facet bucket. */
export interface FacetBucketRecord {
  id: string;
  label: string;
  count: number;
}

/** Graph-wide counts. */
export interface StatsRecord {
  articles: number;
  authors: number;
  institutions: number;
  journals: number;
  topics: number;
  relationships: number;
}
