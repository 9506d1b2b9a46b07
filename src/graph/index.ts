/**
 * The graph itself, shared by the loader (src/ingest) and the API (src/db): its whole schema with
 * one `ensureSchema`, the node and relationship shapes both sides use, and the canonical dump that
 * compares two graphs. Depends on nothing else in src/.
 */
export {
  ARTICLE_SORT_INDEXES,
  BOOKKEEPING_LABELS,
  FULLTEXT_INDEXES,
  SCHEMA_STATEMENTS,
  ensureSchema,
} from './schema.ts';
export type { EntityLabel, ImportNode, NodeLabel, RecordFormat, RelationshipType, SourceNode } from './nodes.ts';
export type { StatementRunner } from './StatementRunner.ts';
export { canonicalGraph, canonicalGraphDigest, RUN_PROPERTIES, type CanonicalGraphOptions } from './canonicalGraph.ts';
