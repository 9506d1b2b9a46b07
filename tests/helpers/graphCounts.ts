import type { Database } from '../../src/db/index.ts';
import { BOOKKEEPING_LABELS } from '../../src/graph/index.ts';

/**
 * Every node label and relationship type with its count, plus `stats`-style totals: a fingerprint of
 * the whole graph (the write path's bookkeeping, import status and write lease, left out).
 */
export async function graphCounts(db: Database): Promise<Record<string, number>> {
  const labels = await db.read<{ label: string; n: number }>(
    'MATCH (n) WHERE NOT any(l IN labels(n) WHERE l IN $bookkeeping) UNWIND labels(n) AS label RETURN label, count(*) AS n',
    {
      bookkeeping: BOOKKEEPING_LABELS,
    },
  );
  const types = await db.read<{ type: string; n: number }>('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n');
  const out: Record<string, number> = {};
  for (const row of labels) out[row.label] = row.n;
  for (const row of types) out[`:${row.type}`] = row.n;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Things nothing refers to: authors without an article, journals without an article, topics that
 * only records brought and no article has, institutions with no affiliated author in or below them,
 * aliases of nothing, imports without sources, articles without sources (reference-only articles
 * excepted: they have none), reference-only articles nothing cites, sources without an article.
 */
export async function orphans(db: Database): Promise<Record<string, string[]>> {
  const [row] = await db.read<Record<string, string[]>>(`
CALL () { MATCH (n:Author) WHERE NOT EXISTS { (n)-[:AUTHORED]->() } RETURN collect(n.id) AS authors }
CALL () { MATCH (n:Journal) WHERE NOT EXISTS { (n)<-[:PUBLISHED_IN]-() } RETURN collect(n.id) AS journals }
CALL () { MATCH (n:Topic) WHERE NOT EXISTS { (n)<-[:HAS_TOPIC]-() } AND coalesce(n.vocabulary, false) = false RETURN collect(n.id) AS topics }
CALL () { MATCH (n:Institution) WHERE NOT EXISTS { MATCH (n)<-[:PART_OF*0..8]-(m:Institution) WHERE EXISTS { (m)<-[:AFFILIATED_WITH]-() } } RETURN collect(n.id) AS institutions }
CALL () { MATCH (n:Alias) WHERE NOT EXISTS { (n)-[:ALIAS_OF]->() } RETURN collect(n.value) AS aliases }
CALL () { MATCH (n:Import) WHERE NOT EXISTS { MATCH (s:Source {importId: n.id}) } RETURN collect(n.id) AS imports }
CALL () { MATCH (n:Article) WHERE NOT n:ReferenceOnly AND NOT EXISTS { (:Source)-[:DESCRIBES]->(n) } RETURN collect(n.id) AS articles }
CALL () { MATCH (n:ReferenceOnly) WHERE NOT EXISTS { (:Article)-[:CITES]->(n) } RETURN collect(n.id) AS uncited }
CALL () { MATCH (n:Source) WHERE NOT EXISTS { (n)-[:DESCRIBES]->() } RETURN collect(n.id) AS sources }
RETURN authors, journals, topics, institutions, aliases, imports, articles, uncited, sources`);
  return row!;
}

/** The same fingerprint with no orphan: what every test of the loader expects. */
export const NO_ORPHANS = {
  authors: [],
  journals: [],
  topics: [],
  institutions: [],
  aliases: [],
  imports: [],
  articles: [],
  uncited: [],
  sources: [],
};
