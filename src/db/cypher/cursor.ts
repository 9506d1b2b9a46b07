import { badUserInput } from '../../errors.ts';

/**
 * Opaque keyset cursors: the sort order's name and the item's sort key, base64url-encoded JSON.
 * A keyset (not an offset) keeps a cursor pointing at the same place when new items are added.
 */
export function encodeCursor(order: string, sortKey: string): string {
  return Buffer.from(JSON.stringify({ o: order, k: sortKey }), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor for the same order; anything else is a BAD_USER_INPUT naming `argument`. */
export function decodeCursor(cursor: string, order: string, argument: string): string {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput(argument, 'is not a cursor returned by this API');
  }
  const value = parsed as { o?: unknown; k?: unknown };
  if (typeof value !== 'object' || value === null || typeof value.o !== 'string' || typeof value.k !== 'string') {
    throw badUserInput(argument, 'is not a cursor returned by this API');
  }
  if (value.o !== order) {
    throw badUserInput(argument, `is a cursor of a list in "${value.o}" order, not "${order}"`);
  }
  return value.k;
}
