import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import {
  decodeCursor,
  decodeSortKey,
  encodeCursor,
  encodeSortKey,
  readPaging,
  toPage,
  type KeyedRow,
  type PageRequest,
  type PagingArgs,
  type SortKey,
} from '../../../../src/db/cypher/paging.ts';

/**
 * Paging maths without a database, in the manner of graphql-relay-js's arrayConnection tests: a
 * list of five letters stands in for the database, which (like the page statements) returns up to
 * `take` rows after the cursor in reading direction and says whether anything sits at or before it.
 */

const LIST = 'letters:ASC';
const LETTERS = ['A', 'B', 'C', 'D', 'E'];
const keyOf = (letter: string): SortKey => [letter.toLowerCase(), `Letter:${letter}`];

function database(request: PageRequest): { rows: Array<KeyedRow<string>>; beyond: boolean } {
  const ordered = request.backward ? [...LETTERS].reverse() : LETTERS;
  const position = request.cursor ? ordered.findIndex((letter) => keyOf(letter)[1] === request.cursor![1]) : -1;
  const after = ordered.slice(position + 1);
  return {
    rows: after.slice(0, request.take).map((letter) => ({ key: keyOf(letter), node: letter })),
    beyond: position >= 0,
  };
}

function page(args: PagingArgs) {
  const request = readPaging(args, LIST);
  const { rows, beyond } = database(request);
  const result = toPage(rows, request, LIST, { beyondCursor: beyond, totalCount: LETTERS.length });
  return {
    letters: result.items.map((item) => item.node),
    hasNextPage: result.hasNextPage,
    hasPreviousPage: result.hasPreviousPage,
    startCursor: result.items[0]?.cursor ?? null,
    endCursor: result.items.at(-1)?.cursor ?? null,
  };
}

const cursorOf = (letter: string) => encodeSortKey(LIST, keyOf(letter));

describe('pages of a list, forwards', () => {
  it('returns the first page with the default size and says more follow only when they do', () => {
    expect(page({})).toMatchObject({ letters: LETTERS, hasNextPage: false, hasPreviousPage: false });
    expect(page({ first: 2 })).toMatchObject({ letters: ['A', 'B'], hasNextPage: true, hasPreviousPage: false });
    expect(page({ first: 5 })).toMatchObject({ letters: LETTERS, hasNextPage: false });
  });

  it('continues after a cursor, with items before it', () => {
    expect(page({ first: 2, after: cursorOf('B') })).toMatchObject({
      letters: ['C', 'D'],
      hasNextPage: true,
      hasPreviousPage: true,
    });
    expect(page({ first: 10, after: cursorOf('C') })).toMatchObject({
      letters: ['D', 'E'],
      hasNextPage: false,
      hasPreviousPage: true,
    });
    expect(page({ first: 2, after: cursorOf('E') })).toMatchObject({
      letters: [],
      hasNextPage: false,
      hasPreviousPage: true,
    });
  });

  it('gives no edges for first: 0, yet tells whether items follow', () => {
    expect(page({ first: 0 })).toMatchObject({ letters: [], hasNextPage: true, startCursor: null, endCursor: null });
  });

  it('hands out cursors that lead to the next page', () => {
    const one = page({ first: 2 });
    expect(one.startCursor).toBe(cursorOf('A'));
    expect(one.endCursor).toBe(cursorOf('B'));
    expect(page({ first: 2, after: one.endCursor })).toMatchObject({ letters: ['C', 'D'] });
  });
});

describe('pages of a list, backwards', () => {
  it('returns the last page in list order', () => {
    expect(page({ last: 2 })).toMatchObject({ letters: ['D', 'E'], hasNextPage: false, hasPreviousPage: true });
    expect(page({ last: 10 })).toMatchObject({ letters: LETTERS, hasNextPage: false, hasPreviousPage: false });
  });

  it('continues before a cursor, with items after it', () => {
    expect(page({ last: 2, before: cursorOf('D') })).toMatchObject({
      letters: ['B', 'C'],
      hasNextPage: true,
      hasPreviousPage: true,
    });
    expect(page({ last: 3, before: cursorOf('C') })).toMatchObject({
      letters: ['A', 'B'],
      hasNextPage: true,
      hasPreviousPage: false,
    });
  });

  it('pages backwards when last or before is given, ignoring the default first', () => {
    expect(page({ first: 20, last: 1 })).toMatchObject({ letters: ['E'] });
    expect(page({ before: cursorOf('B') })).toMatchObject({ letters: ['A'] });
  });
});

describe('paging arguments', () => {
  it.each([
    [{ first: 101 }, 'first'],
    [{ first: -1 }, 'first'],
    [{ first: 1.5 }, 'first'],
    [{ last: 101 }, 'last'],
    [{ last: 2, after: 'x' }, 'after'],
    [{ after: 'not a cursor!' }, 'after'],
    [{ before: encodeSortKey('other:ASC', ['a', 'x']) }, 'before'],
  ])('%j is BAD_USER_INPUT naming %s', (args, argument) => {
    try {
      readPaging(args as PagingArgs, LIST);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });

  it('round-trips sort keys with numbers, strings and missing values', () => {
    for (const key of [
      [2021, 'Article:doi:10.1/x'],
      ['title', 'Article:rec:1'],
      [null, 'Article:rec:2'],
    ] as SortKey[]) {
      expect(decodeSortKey(encodeSortKey(LIST, key), LIST, 'after')).toEqual(key);
    }
  });

  it('refuses a cursor whose key is not a sort key', () => {
    const bad = Buffer.from(JSON.stringify({ o: LIST, k: JSON.stringify({ page: 2 }) })).toString('base64url');
    expect(() => decodeSortKey(bad, LIST, 'after')).toThrow(/not a cursor returned by this API/);
  });
});

describe('cursor codec', () => {
  it('round-trips a sort key for the same order, as an opaque url-safe string', () => {
    const cursor = encodeCursor('articles:YEAR_DESC', '97978\u0001Article:doi:10.1/x');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('Article');
    expect(decodeCursor(cursor, 'articles:YEAR_DESC', 'after')).toBe('97978\u0001Article:doi:10.1/x');
  });

  it.each([
    ['not base64url', 'abc$%'],
    ['not JSON', Buffer.from('{oops').toString('base64url')],
    ['JSON of another shape', Buffer.from(JSON.stringify({ page: 3 })).toString('base64url')],
    ['empty', ''],
  ])('rejects a cursor that is %s as BAD_USER_INPUT naming the argument', (_name, cursor) => {
    try {
      decodeCursor(cursor, 'articles:YEAR_DESC', 'before');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'before' });
    }
  });

  it('rejects a cursor of another list order', () => {
    const cursor = encodeCursor('topics:NAME', 'x');
    expect(() => decodeCursor(cursor, 'authors:NAME', 'after')).toThrow(/"topics:NAME" order/);
  });
});
