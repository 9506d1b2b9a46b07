import type { StatementRunner } from './StatementRunner.ts';

/**
 * The graph's whole schema: every constraint and index, the loader's and the API's read indexes
 * alike, created idempotently (IF NOT EXISTS) by `ensureSchema` wherever a graph is opened for
 * writing or reading (the service at start, an import, a bulk load, the tests, the benchmarks).
 * Every entity node carries the `Entity` label and a globally unique `id` ("<Type>:<key>"), so any
 * id the API hands out is found through one unique index whatever its type.
 */

/**
 * The composite sort indexes article pages read in order (src/db article pages: one page of a large
 * anchor stops after one page of matches instead of sorting every match).
 */
export const ARTICLE_SORT_INDEXES = {
  year: 'CREATE INDEX article_year_id IF NOT EXISTS FOR (n:Article) ON (n.year, n.id)',
  titleLower: 'CREATE INDEX article_title_id IF NOT EXISTS FOR (n:Article) ON (n.titleLower, n.id)',
} as const;

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
  ...Object.values(ARTICLE_SORT_INDEXES),
  `CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
     FOR (n:Article|Author|Institution|Journal|Topic)
     ON EACH [n.title, n.vernacularTitle, n.abstract, n.keywordsText, n.name, n.localName, n.localTitle, n.synonymsText]`,
  `CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
     FOR (n:Article|Author|Institution|Journal|Topic)
     ON EACH [n.title, n.vernacularTitle, n.name, n.localName, n.localTitle, n.synonymsText, n.meshId, n.issn]`,
];

/**
 * The full-text indexes above, by name (Lucene: the costliest to keep up to date at every commit,
 * which is why a large load into an empty graph drops them and has ensureSchema build them at the end).
 */
export const FULLTEXT_INDEXES: readonly string[] = ['entity_search', 'entity_names'];

/**
 * Labels of nodes that are not graph data but the write path's bookkeeping (src/write): an import's
 * status and progress (ImportJob), kept in the graph so any API process answers for it after a
 * restart, and the lease that serializes writers across processes (WriteLock). They link to
 * nothing; comparisons of two graphs and counts of what an import changed leave them out.
 */
export const BOOKKEEPING_LABELS: readonly string[] = ['ImportJob', 'WriteLock'];

const INDEXES_NOT_ONLINE = "SHOW INDEXES YIELD name, state WHERE state <> 'ONLINE' RETURN name, state";

/**
 * Creates every constraint and index that is missing, all before waiting so they populate together,
 * then waits until every index is online, so a query right after finds what was loaded. Safe to run
 * at every start. Polled, each check its own short statement: populating indexes over a large graph
 * (after a bulk import, or a load without the full-text indexes) takes longer than one statement may
 * run (db.awaitIndexes inside one transaction hit the query timeout after 100k articles).
 */
export async function ensureSchema(db: StatementRunner, maxWaitMs = 1_800_000): Promise<void> {
  for (const statement of SCHEMA_STATEMENTS) await db.write(statement);
  const deadline = Date.now() + maxWaitMs;
  // Short first waits: on a small graph the indexes are online within milliseconds.
  for (let pause = 10; ; pause = Math.min(pause * 2, 250)) {
    const pending = await db.read<{ name: string; state: string }>(INDEXES_NOT_ONLINE);
    if (pending.length === 0) return;
    const failed = pending.find((index) => index.state === 'FAILED');
    if (failed) throw new Error(`Index ${failed.name} failed to build; see Neo4j's log`);
    if (Date.now() > deadline)
      throw new Error(
        `Indexes still building after ${Math.round(maxWaitMs / 1000)} s: ${pending.map((i) => i.name).join(', ')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
