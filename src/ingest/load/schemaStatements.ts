/**
 * Constraints and indexes the graph needs, created idempotently (IF NOT EXISTS) at every start.
 * Every entity node carries the `Entity` label and a globally unique `id` ("<Type>:<key>"), so any
 * id the API hands out is found through one unique index whatever its type.
 */
export const SCHEMA_STATEMENTS: readonly string[] = [
  'CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT author_id IF NOT EXISTS FOR (n:Author) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT institution_id IF NOT EXISTS FOR (n:Institution) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT journal_id IF NOT EXISTS FOR (n:Journal) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (n:Topic) REQUIRE n.id IS UNIQUE',
  'CREATE INDEX alias_value IF NOT EXISTS FOR (n:Alias) ON (n.value)',
  // Provenance: one Source node per (format, file, article), grouped by the import that asserted it.
  'CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE',
  'CREATE INDEX source_file IF NOT EXISTS FOR (n:Source) ON (n.file)',
  'CREATE INDEX source_import IF NOT EXISTS FOR (n:Source) ON (n.importId)',
  'CREATE CONSTRAINT import_id IF NOT EXISTS FOR (n:Import) REQUIRE n.id IS UNIQUE',
  // Bookkeeping of the write path (see BOOKKEEPING_LABELS): an import's status, and the lease that serializes writers.
  'CREATE CONSTRAINT import_job_id IF NOT EXISTS FOR (n:ImportJob) REQUIRE n.id IS UNIQUE',
  'CREATE INDEX import_job_status IF NOT EXISTS FOR (n:ImportJob) ON (n.status)',
  'CREATE CONSTRAINT write_lock_id IF NOT EXISTS FOR (n:WriteLock) REQUIRE n.id IS UNIQUE',
  'CREATE INDEX article_doi IF NOT EXISTS FOR (n:Article) ON (n.doiLower)',
  'CREATE INDEX article_year IF NOT EXISTS FOR (n:Article) ON (n.year)',
  'CREATE INDEX author_name_lower IF NOT EXISTS FOR (n:Author) ON (n.nameLower)',
  'CREATE INDEX institution_name_lower IF NOT EXISTS FOR (n:Institution) ON (n.nameLower)',
  'CREATE INDEX journal_title_lower IF NOT EXISTS FOR (n:Journal) ON (n.titleLower)',
  'CREATE INDEX topic_name_lower IF NOT EXISTS FOR (n:Topic) ON (n.nameLower)',
  `CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
     FOR (n:Article|Author|Institution|Journal|Topic)
     ON EACH [n.title, n.vernacularTitle, n.abstract, n.keywordsText, n.name, n.localName, n.localTitle, n.synonymsText]`,
  `CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
     FOR (n:Article|Author|Institution|Journal|Topic)
     ON EACH [n.title, n.vernacularTitle, n.name, n.localName, n.localTitle, n.synonymsText, n.meshId, n.issn]`,
];

/** The full-text indexes above, by name (Lucene: the costliest to keep up to date at every commit). */
export const FULLTEXT_INDEXES: readonly string[] = ['entity_search', 'entity_names'];

/** Waits until the indexes above are online, so a query right after start finds what was loaded. */
export const AWAIT_INDEXES = 'CALL db.awaitIndexes(300)';

/**
 * Labels of nodes that are not graph data but the write path's bookkeeping (src/write): an import's
 * status and progress (ImportJob), kept in the graph so any API process answers for it after a
 * restart, and the lease that serializes writers across processes (WriteLock). They link to
 * nothing; comparisons of two graphs and counts of what an import changed leave them out.
 */
export const BOOKKEEPING_LABELS: readonly string[] = ['ImportJob', 'WriteLock'];
