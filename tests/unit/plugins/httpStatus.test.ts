import { describe, expect, it } from 'vitest';
import { responseMediaType, statusForResult } from '../../../src/plugins/httpStatus.ts';

const error = (code: string) => ({ message: code, extensions: { code } });

describe('HTTP status of a GraphQL result (GraphQL-over-HTTP)', () => {
  it('picks the response media type as Apollo does', () => {
    expect(responseMediaType(undefined)).toBe('application/json');
    expect(responseMediaType('*/*')).toBe('application/json');
    expect(responseMediaType('application/graphql-response+json')).toBe('application/graphql-response+json');
    expect(responseMediaType('application/graphql-response+json, application/json;q=0.9')).toBe(
      'application/graphql-response+json',
    );
    expect(responseMediaType('text/html')).toBeNull();
  });

  it.each([
    'GRAPHQL_PARSE_FAILED',
    'GRAPHQL_VALIDATION_FAILED',
    'BAD_USER_INPUT',
    'OPERATION_RESOLUTION_FAILURE',
    'QUERY_TOO_COMPLEX',
  ])('a request error %s is 400 for application/graphql-response+json and 200 for application/json', (code) => {
    expect(statusForResult({ errors: [error(code)] }, 'application/graphql-response+json')).toEqual({ status: 400 });
    expect(statusForResult({ errors: [error(code)] }, 'application/json')).toEqual({ status: 200 });
  });

  it('keeps Apollo status for a malformed request', () => {
    expect(statusForResult({ errors: [error('BAD_REQUEST')] }, 'application/json')).toBeUndefined();
  });

  it('answers 503 with Retry-After when the database is unavailable and there is no data', () => {
    expect(
      statusForResult(
        { data: null, errors: [error('DATABASE_UNAVAILABLE'), error('DATABASE_UNAVAILABLE')] },
        'application/json',
      ),
    ).toEqual({ status: 503, retryAfterSeconds: 5 });
  });

  it('answers 504 when a query timed out and there is no data', () => {
    expect(
      statusForResult({ data: null, errors: [error('QUERY_TIMEOUT')] }, 'application/graphql-response+json'),
    ).toEqual({ status: 504 });
    expect(
      statusForResult({ data: null, errors: [error('QUERY_TIMEOUT'), error('DATABASE_UNAVAILABLE')] }, undefined),
    ).toEqual({ status: 504 });
  });

  it('answers 422 for an import refused over a per-file budget, 503 with Retry-After when the import queue is full', () => {
    expect(statusForResult({ data: null, errors: [error('IMPORT_BUDGET_EXCEEDED')] }, 'application/json')).toEqual({
      status: 422,
    });
    expect(statusForResult({ data: null, errors: [error('IMPORT_QUEUE_FULL')] }, 'application/json')).toEqual({
      status: 503,
      retryAfterSeconds: 5,
    });
  });

  it('stays 200 when there is data, or when other errors are mixed in', () => {
    expect(
      statusForResult({ data: { article: null }, errors: [error('DATABASE_UNAVAILABLE')] }, 'application/json'),
    ).toBeUndefined();
    expect(
      statusForResult(
        { data: null, errors: [error('DATABASE_UNAVAILABLE'), error('BAD_USER_INPUT')] },
        'application/json',
      ),
    ).toBeUndefined();
    expect(statusForResult({ data: { stats: { articles: 1 } } }, 'application/json')).toBeUndefined();
  });
});
