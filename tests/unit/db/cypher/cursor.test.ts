import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor } from '../../../../src/db/cypher/cursor.ts';

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
