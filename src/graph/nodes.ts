/**
 * The node and relationship shapes the loader writes (src/ingest/load) and the API reads (src/db):
 * declared once here, so a stored property added on one side is seen on the other.
 */

/** The labels an entity node carries besides `Entity` (its id is "<label>:<key>"). */
export type EntityLabel = 'Article' | 'Author' | 'Institution' | 'Journal' | 'Topic';

/** Every node label of the graph. */
export type NodeLabel = EntityLabel | 'Entity' | 'ReferenceOnly' | 'Alias' | 'Source' | 'Import';

/** Every relationship type of the graph. */
export type RelationshipType =
  | 'AUTHORED'
  | 'AFFILIATED_WITH'
  | 'PART_OF'
  | 'PUBLISHED_IN'
  | 'HAS_TOPIC'
  | 'BROADER'
  | 'DERIVED_FROM'
  | 'COMPLICATION_OF'
  | 'CITES'
  | 'ALIAS_OF'
  | 'DESCRIBES';

/** The record formats a Source node names (`format`): one per reader. */
export type RecordFormat =
  | 'wprim'
  | 'medline'
  | 'pubmed-xml'
  | 'ris'
  | 'bibtex'
  | 'csl-json'
  | 'openalex'
  | 'crossref'
  | 'wos'
  | 'scopus-csv'
  | 'lens-csv'
  | 'endnote'
  | 'refworks'
  | 'noteexpress'
  | 'dimensions-csv'
  | 'cnki-estudy';

/**
 * A Source node as stored: one per (format, file, article), `(:Source)-[:DESCRIBES]->(:Article)`.
 * Where the record was read, when and by whom it was imported, how much it is trusted, and what it
 * states.
 */
export interface SourceNode {
  id: string;
  format: RecordFormat;
  /** The file as named at import (relative to the import's root). */
  file: string;
  /** 1-based line where the record starts, when the format has lines. */
  line: number | null;
  /** 0-based position of the record within its file. */
  index: number | null;
  /** Precedence of the format (src/ingest/merge/precedence.ts): lower decides. */
  rank: number;
  importedAt: string;
  importedBy: string | null;
  /** The Import node that asserted it first. */
  importId: string | null;
  /** The last import that saw the record again (unchanged or not). */
  seenIn: string | null;
  /** Hash of `statement` (and the references), to recognise an unchanged re-import. */
  contentHash: string;
  /** What the record states, as the loader normalized it (JSON of a StatedArticle). */
  statement: string;
}

/** An Import node: one per import run, named by the Source nodes it asserted (`importId`). */
export interface ImportNode {
  id: string;
  startedAt: string;
  importedBy: string | null;
  tool: string;
}
