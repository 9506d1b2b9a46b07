/** What the data layer hands to resolvers: the record types (generated resolver types map to them) and their shaping. */

export { PREFETCHED, type Prefetchable, type ArticleRecord, type AuthorRecord, type InstitutionRecord, type JournalRecord, type TopicRecord, type IssnTypeName, type IssnRecord, type AuthorshipRecord, type QualifierRecord, type ArticleTopicRecord, type RecordFormatName, type TopicKindName, type ArticleSourceRecord, type TopicLinkRecord, type TopicCountRecord, type CoauthorRecord, type CollaborationRecord, type RelatedArticleRecord, type EntityRecord, type GraphNodeRecord, type GraphEdgeRecord, type GraphRecord, type SearchHitRecord, type PageItem, type PageRecord, type FacetBucketRecord, type StatsRecord, type CitationRecord, type CitationPage, type CitationItem, type CitationCountRecord } from './records.ts';
export type { EntityLabel } from './records.ts';
export { topicKindName, toArticleSourceRecord, type SourceRow } from './sourceRecords.ts';
