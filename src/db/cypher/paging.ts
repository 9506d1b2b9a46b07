import { badUserInput, checkLength, checkRange } from '../../errors.ts';
import { INPUT_LIMITS } from '../../inputLimits.ts';
import type { PageItem, PageRecord } from '../records/records.ts';

/**
 * Keyset paging, as pure functions: reading the Relay arguments, the cursors and the sort keys
 * they carry, and making a page (edges with cursors, page info) from the rows a page query
 * returned. The database side fetches, in reading direction, up to `size + 1` rows after the
 * cursor: the extra row tells that more follow. Keys (not offsets) keep a cursor pointing at the
 * same place while records are added or removed.
 */

/** Largest page any list returns. */
export const MAX_PAGE_SIZE = 100;

/** Page size when neither `first` nor `last` is given. */
export const DEFAULT_PAGE_SIZE = 20;

/**
 * The sort key of an item: its value of the sort property (a year, a lower-case title or name;
 * null when the item has none) and its stable id, which breaks ties so keys are unique.
 */
export type SortKey = readonly [value: string | number | null, id: string];

/** Relay paging arguments (a field may lack the backward pair). */
export interface PagingArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** What one page query needs: direction, size and the key to continue from. */
export interface PageRequest {
  /** Paging backwards (last/before): rows are read in reverse list order. */
  backward: boolean;
  /** Items on the page. */
  size: number;
  /** The key of the cursor given (after or before), exclusive; null for the start (or end). */
  cursor: SortKey | null;
  /** Rows to fetch: one more than the page holds, to tell whether more follow. */
  take: number;
}

/**
 * Reads and checks Relay paging arguments for the list `list` (its name and order, e.g.
 * `articles:YEAR_DESC`; a cursor of another list is refused). Forward with first/after (default),
 * backward as soon as last or before is given (then `first`, which has a schema default, is
 * ignored); `after` together with last/before is refused.
 */
export function readPaging(args: PagingArgs, list: string): PageRequest {
  if (args.after != null) checkLength('after', args.after, INPUT_LIMITS.idLength);
  if (args.before != null) checkLength('before', args.before, INPUT_LIMITS.idLength);
  if (args.last != null || args.before != null) {
    if (args.after != null)
      throw badUserInput(
        'after',
        'cannot be combined with before/last; page forwards with first/after or backwards with last/before',
      );
    const size = checkRange('last', args.last ?? DEFAULT_PAGE_SIZE, 0, MAX_PAGE_SIZE);
    const cursor = args.before != null ? decodeSortKey(args.before, list, 'before') : null;
    return { backward: true, size, cursor, take: size + 1 };
  }
  const size = checkRange('first', args.first ?? DEFAULT_PAGE_SIZE, 0, MAX_PAGE_SIZE);
  const cursor = args.after != null ? decodeSortKey(args.after, list, 'after') : null;
  return { backward: false, size, cursor, take: size + 1 };
}

/** The opaque cursor of an item with `key` in list `list`. */
export function encodeSortKey(list: string, key: SortKey): string {
  return encodeCursor(list, JSON.stringify(key));
}

/** The key inside a cursor of list `list`; anything else is BAD_USER_INPUT naming `argument`. */
export function decodeSortKey(cursor: string, list: string, argument: string): SortKey {
  const text = decodeCursor(cursor, list, argument);
  let key: unknown;
  try {
    key = JSON.parse(text);
  } catch {
    throw badUserInput(argument, 'is not a cursor returned by this API');
  }
  if (
    !Array.isArray(key) ||
    key.length !== 2 ||
    typeof key[1] !== 'string' ||
    !(key[0] === null || typeof key[0] === 'string' || Number.isInteger(key[0]))
  ) {
    throw badUserInput(argument, 'is not a cursor returned by this API');
  }
  return [key[0] as string | number | null, key[1]];
}

/** A row of a page query: an item and its sort key. */
export interface KeyedRow<T> {
  key: SortKey;
  node: T;
}

/** What the page query found besides its rows. */
export interface PageFacts {
  /**
   * Whether items exist on the other side of the cursor (at it or before it in reading direction).
   * Only asked when a cursor was given; without one there is nothing on the other side.
   */
  beyondCursor?: boolean;
  /** All matching items, when the request selected totalCount. */
  totalCount?: number;
}

/**
 * Makes the page from up to `take` rows read in reading direction: drops the extra row, puts the
 * items in list order and derives page info. `hasNextPage`/`hasPreviousPage` are exact in the
 * direction of reading (the extra row) and tell about the other side of the cursor from `beyondCursor`.
 */
export function toPage<T>(
  rows: ReadonlyArray<KeyedRow<T>>,
  request: PageRequest,
  list: string,
  facts: PageFacts = {},
): PageRecord<T> {
  const more = rows.length > request.size;
  const onPage = rows.slice(0, request.size);
  if (request.backward) onPage.reverse();
  const beyond = request.cursor !== null && (facts.beyondCursor ?? false);
  return {
    items: onPage.map((row) => new KeyedItem(list, row.key, row.node)),
    hasNextPage: request.backward ? beyond : more,
    hasPreviousPage: request.backward ? more : beyond,
    totalCount: facts.totalCount,
  };
}

/**
 * A page item whose cursor is made when it is read: most requests select the edges' nodes and not
 * their cursors, and encoding one (JSON and base64url) for every edge was a few per cent of a
 * 20-article topic page's server CPU.
 */
class KeyedItem<T> implements PageItem<T> {
  readonly #list: string;
  readonly #key: SortKey;
  readonly node: T;
  constructor(list: string, key: SortKey, node: T) {
    this.#list = list;
    this.#key = key;
    this.node = node;
  }
  get cursor(): string {
    return encodeSortKey(this.#list, this.#key);
  }
}

/** The page of a list that cannot match anything (a filter naming nothing). */
export function emptyPage<T>(facts: PageFacts = {}): PageRecord<T> {
  return { items: [], hasNextPage: false, hasPreviousPage: false, totalCount: facts.totalCount ?? 0 };
}

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
