import type { CypherParams, Database } from './Database.ts';

/**
 * The shared tail of every keyset-paged list query. It expects rows of `n` (the item) and
 * `sortKey` (a unique, comparable string), orders them ($descending), and returns in one round
 * trip: the total, how many precede the cursor, how many remain from it, and up to $take items
 * after $cursor. `projection` shapes `n` into the record the API needs (a fixed Cypher fragment).
 */
export function keysetPageTail(projection: string): string {
  return `
ORDER BY CASE WHEN $descending THEN sortKey END DESC, CASE WHEN NOT $descending THEN sortKey END ASC
WITH collect({n: n, sortKey: sortKey}) AS rows
WITH rows, [r IN rows WHERE $cursor IS NULL OR ($descending AND r.sortKey < $cursor) OR (NOT $descending AND r.sortKey > $cursor)] AS rest
UNWIND (CASE WHEN size(rest) = 0 THEN [null] ELSE rest[0..$take] END) AS r
WITH size(rows) AS total, size(rows) - size(rest) AS skipped, size(rest) AS remaining, r.n AS n, r.sortKey AS sortKey
RETURN total, skipped, remaining, CASE WHEN n IS NULL THEN null ELSE {sortKey: sortKey, node: ${projection}} END AS item`;
}

/** One keyset page as the tail returns it: items in list order plus the counts page info is made from. */
export interface KeysetPageRows<T> {
  total: number;
  /** Items that precede the cursor in the query's direction. */
  skipped: number;
  /** Items from the cursor on (the page plus what follows it). */
  remaining: number;
  items: Array<{ sortKey: string; node: T }>;
}

/** The keyset position and direction every page query takes. */
export interface KeysetParams {
  cursor: string | null;
  take: number;
  descending: boolean;
}

/** Runs a query ending in keysetPageTail. */
export async function fetchKeysetPage<T>(db: Database, cypher: string, keyset: KeysetParams, params: CypherParams): Promise<KeysetPageRows<T>> {
  const rows = await db.read<{ total: number; skipped: number; remaining: number; item: { sortKey: string; node: T } | null }>(cypher, {
    ...params,
    ...keyset,
  });
  const first = rows[0];
  return {
    total: first?.total ?? 0,
    skipped: first?.skipped ?? 0,
    remaining: first?.remaining ?? 0,
    items: rows.flatMap((row) => (row.item ? [row.item] : [])),
  };
}
