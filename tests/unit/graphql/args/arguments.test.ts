import { describe, expect, it } from 'vitest';
import type { GraphQLError } from 'graphql';
import {
  articleIdentifier,
  autocompleteArguments,
  citationPathMaxLength,
  entityPageArguments,
  enumList,
  listFirst,
  neighborhoodArguments,
  nodeArgument,
  searchArguments,
  shortestPathArguments,
  topicGraphArguments,
  topicName,
} from '../../../../src/graphql/args/index.ts';
import type { Repository } from '../../../../src/db/index.ts';

/** The error a check throws: its message and extensions, as the client sees them. */
function rejection(check: () => unknown): { message: string; extensions: Record<string, unknown> } {
  try {
    check();
  } catch (error) {
    const e = error as GraphQLError;
    return { message: e.message, extensions: { ...e.extensions } };
  }
  throw new Error('the check passed');
}

/** Ids and DOIs are read without the graph: a repository that is asked anything fails the test. */
const NO_LOOKUP = new Proxy(
  {},
  { get: () => () => Promise.reject(new Error('looked up the graph')) },
) as unknown as Repository;

describe('article identifiers', () => {
  it('takes a DOI in any printed form, lower-cased for the index', () => {
    expect(articleIdentifier({ doi: 'https://doi.org/10.1000/ABC.1' })).toEqual({ doi: '10.1000/abc.1' });
  });

  it('takes another identifier as its alias', () => {
    expect(articleIdentifier({ pmid: '12345' })).toEqual({ alias: 'pmid:12345' });
  });

  it('wants exactly one identifier, a DOI that is one, and each other identifier in its own form', () => {
    expect(rejection(() => articleIdentifier({}))).toEqual({
      message: 'Argument "doi": give exactly one of doi, pmid, pmcid, openalexId',
      extensions: { code: 'BAD_USER_INPUT', argument: 'doi' },
    });
    expect(rejection(() => articleIdentifier({ doi: '10.1/x', pmid: '1' })).message).toBe(
      'Argument "pmid": give exactly one of doi, pmid, pmcid, openalexId (got doi, pmid)',
    );
    expect(rejection(() => articleIdentifier({ doi: 'not a doi' })).message).toBe(
      'Argument "doi": "not a doi" is not a DOI (expected 10.<registrant>/<suffix>)',
    );
    expect(rejection(() => articleIdentifier({ pmcid: '123' })).message).toBe(
      'Argument "pmcid": "123" is not a PubMed Central id (PMC followed by digits)',
    );
  });
});

describe('node arguments', () => {
  it('takes a global id (canonical form) or a DOI without looking anything up', async () => {
    await expect(nodeArgument(NO_LOOKUP, ' Topic:mesh:D020345 ', 'id')).resolves.toBe('Topic:mesh:D020345');
    await expect(nodeArgument(NO_LOOKUP, 'doi:10.1000/ABC', 'from')).resolves.toBe('Article:doi:10.1000/abc');
  });

  it('refuses an empty or overlong argument, naming it', async () => {
    await expect(nodeArgument(NO_LOOKUP, '  ', 'to')).rejects.toMatchObject({
      message: 'Argument "to": must not be empty',
      extensions: { argument: 'to' },
    });
    await expect(nodeArgument(NO_LOOKUP, 'x'.repeat(600), 'id')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', argument: 'id' },
    });
  });
});

describe('full-text arguments', () => {
  it('builds the Lucene query and dedupes the types', () => {
    expect(searchArguments('heart failure', ['Article', 'Article'], 5)).toEqual({
      text: 'heart failure',
      query: '"heart failure"^3 heart failure',
      labels: ['Article'],
      first: 5,
    });
  });

  it('answers an empty list without asking when first is 0, after checking the text', () => {
    expect(searchArguments('heart', null, 0)).toBeNull();
    expect(rejection(() => searchArguments('  ()  ', null, 0)).message).toBe(
      'Argument "query": must contain at least one letter or digit',
    );
    expect(autocompleteArguments('hea', null, 0)).toBeNull();
  });

  it('caps words, word length and first', () => {
    expect(rejection(() => searchArguments('a'.repeat(101), null, 5)).message).toBe(
      'Argument "query": has a word of 101 characters; words may have at most 100',
    );
    expect(rejection(() => autocompleteArguments('a b c d e f g h i', null, 5)).extensions.argument).toBe('prefix');
    expect(rejection(() => autocompleteArguments('hea', null, 51)).message).toBe(
      'Argument "first": must be an integer from 0 to 50, got 51',
    );
  });
});

describe('graph and list arguments', () => {
  it('checks ranges in the order the API always has', () => {
    expect(rejection(() => neighborhoodArguments(4, 5000, null, null)).extensions.argument).toBe('depth');
    expect(rejection(() => neighborhoodArguments(1, 5000, null, null)).extensions.argument).toBe('limit');
    expect(rejection(() => shortestPathArguments(11, null, null)).message).toBe(
      'Argument "maxLength": must be an integer from 1 to 10, got 11',
    );
    expect(rejection(() => citationPathMaxLength(0)).extensions.argument).toBe('maxLength');
    expect(rejection(() => topicGraphArguments(' ', 0)).extensions.argument).toBe('first');
    expect(rejection(() => topicGraphArguments(' ', 5)).message).toBe('Argument "name": must not be empty');
    expect(rejection(() => listFirst(101)).extensions.argument).toBe('first');
    expect(rejection(() => topicName('')).message).toBe('Argument "name": must not be empty');
  });

  it('dedupes enum lists and caps them at 20 entries', () => {
    expect(enumList('types', ['Topic', 'Topic', 'Article'])).toEqual(['Topic', 'Article']);
    expect(enumList('types', null)).toBeNull();
    expect(rejection(() => enumList('through', Array(21).fill('Topic'))).message).toBe(
      'Argument "through": must have at most 20 entries, got 21',
    );
  });

  it('reads an alphabetical page before its name filter', () => {
    expect(entityPageArguments('Author', { first: 5, after: null }, 'chen')).toEqual({
      request: expect.objectContaining({ size: 5, take: 6 }),
      contains: 'chen',
    });
    expect(
      rejection(() => entityPageArguments('Author', { first: 500, after: null }, 'x'.repeat(301))).extensions.argument,
    ).toBe('first');
    expect(
      rejection(() => entityPageArguments('Author', { first: 5, after: null }, 'x'.repeat(301))).extensions.argument,
    ).toBe('name');
  });
});
