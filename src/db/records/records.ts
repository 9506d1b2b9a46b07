/**
 * The real shapes of the objects the data-access layer returns: the parents GraphQL resolvers
 * receive (codegen maps schema types to these). `id` is the node's `id` property: "<Type>:<our stable key>",
 * which is also the global id the API hands out.
 */

import type { EntityLabel } from '../../identity/index.ts';
import type { RecordOf } from '../cypher/nodeFields.ts';

/**
 * Relations a statement read together with their parent, by response key (alias), handed to the
 * nested resolvers (see cypher/selectionMaps.ts). Absent when the relations are left to loaders.
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

/** The types of ISSN, as the API names them. */
export type IssnTypeName = 'PRINT' | 'ELECTRONIC' | 'LINKING';

/** An ISSN with its type (null when unknown). */
export interface IssnRecord {
  value: string;
  type: IssnTypeName | null;
}

/** One ISSN of a journal with the article sources that state it (Journal.issnSources). */
export interface JournalIssnRecord extends IssnRecord {
  sourceCount: number;
  formats: RecordFormatName[];
  sources: Array<{ id: string; format: RecordFormatName; file: string }>;
}

/** One AUTHORED relationship with its author. */
export interface AuthorshipRecord extends Prefetchable {
  position: number;
  rawAffiliation: string | null;
  markers: string[];
  author: AuthorRecord;
  /** Ids of the sources stating this authorship. */
  sources: string[];
}

/** A MeSH qualifier of a topic link. */
export interface QualifierRecord {
  name: string;
  ui: string | null;
  major: boolean | null;
}

/** One HAS_TOPIC link of an article with its topic. */
export interface ArticleTopicRecord {
  topic: TopicRecord;
  position: number;
  major: boolean | null;
  qualifiers: QualifierRecord[];
  sources: string[];
}

/** The record formats, as the API names them. */
export type RecordFormatName =
  | 'WPRIM'
  | 'MEDLINE'
  | 'PUBMED_XML'
  | 'RIS'
  | 'BIBTEX'
  | 'CSL_JSON'
  | 'OPENALEX'
  | 'CROSSREF'
  | 'WOS'
  | 'SCOPUS_CSV'
  | 'LENS_CSV'
  | 'ENDNOTE'
  | 'REFWORKS'
  | 'NOTEEXPRESS'
  | 'DIMENSIONS_CSV'
  | 'CNKI_ESTUDY';

/** The topic kinds, as the API names them. */
export type TopicKindName = 'MESH' | 'CURATED' | 'KEYWORD';

/** One source of an article: a Source node with the statement it stores, shaped for the API. */
export interface ArticleSourceRecord {
  id: string;
  format: RecordFormatName;
  file: string;
  line: number | null;
  index: number;
  importedAt: string;
  importedBy: string | null;
  importId: string | null;
  precedence: number;
  decides: string[];
  doi: string | null;
  pmid: string | null;
  pmcid: string | null;
  openalexId: string | null;
  title: string;
  vernacularTitle: string | null;
  abstract: string | null;
  language: string | null;
  country: string | null;
  year: number | null;
  volume: string | null;
  issue: string | null;
  firstPage: string | null;
  lastPage: string | null;
  keywords: string[];
  publicationTypes: string[];
  journal: {
    title: string;
    localTitle: string | null;
    abbreviation: string | null;
    issns: IssnRecord[];
    publisher: string | null;
  } | null;
  authors: Array<{
    position: number;
    name: string;
    translatedName: string | null;
    familyName: string | null;
    givenName: string | null;
    orcid: string | null;
    affiliations: string[];
    markers: string[];
  }>;
  topics: Array<{
    term: string;
    name: string;
    meshId: string | null;
    kind: TopicKindName;
    major: boolean | null;
    qualifiers: QualifierRecord[];
  }>;
  affiliations: string[];
  accessions: Array<{ database: string; id: string }>;
  citedAccessions: Array<{ database: string; id: string }>;
  funding: string[];
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

/** One item of a page with its cursor. */
export interface PageItem<T> {
  cursor: string;
  node: T;
}

/** One page of a keyset-paged list. */
export interface PageRecord<T> {
  items: Array<PageItem<T>>;
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
  sources: number;
  imports: number;
  referenceOnlyArticles: number;
  citations: number;
}

/** One citation of an article's references or citedBy list: the other article and what the sources state. */
export interface CitationRecord {
  article: ArticleRecord;
  sources: string[];
  text: string | null;
  position: number | null;
}

/** A page of citations (Article.references, Article.citedBy). */
export type CitationPage = PageRecord<CitationRecord>;
/** One citation of such a page with its cursor. */
export type CitationItem = PageItem<CitationRecord>;

/** An article with a co-citation or coupling count. */
export interface CitationCountRecord {
  article: ArticleRecord;
  count: number;
}
