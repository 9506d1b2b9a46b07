import { describe, expect, it } from 'vitest';
import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { jitExecutor } from '../../../src/graphql/jitExecutor.ts';

/** A small schema with what the API's own uses: arguments, a list, an interface, a resolver error with a code. */
const schema = makeExecutableSchema({
  typeDefs: /* GraphQL */ `
    interface Node { id: ID! }
    type Book implements Node { id: ID! title: String! year: Int }
    type Query {
      book(id: ID!): Node
      books(first: Int = 2): [Book!]!
      refused: String
      failing: String
    }
  `,
  resolvers: {
    Node: { __resolveType: () => 'Book' },
    Query: {
      book: (_: unknown, { id }: { id: string }, context: { calls: string[] }) => {
        context.calls.push(id);
        return { id, title: `Book ${id}`, year: null };
      },
      books: (_: unknown, { first }: { first: number }) =>
        Array.from({ length: first }, (_, i) => ({ id: String(i), title: `Book ${i}`, year: 2000 + i })),
      refused: () => {
        throw new GraphQLError('not allowed', { extensions: { code: 'FORBIDDEN' } });
      },
      // As the driver throws when the database is down: an Error with a code, no GraphQL extensions.
      failing: async () => {
        throw Object.assign(new Error('connection refused'), { code: 'ServiceUnavailable' });
      },
    },
  },
});

async function run(
  server: ApolloServer<{ calls: string[] }>,
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
) {
  const calls: string[] = [];
  const response = await server.executeOperation(
    { query, ...(variables ? { variables } : {}), ...(operationName ? { operationName } : {}) },
    { contextValue: { calls } },
  );
  if (response.body.kind !== 'single') throw new Error('not a single result');
  return { result: response.body.singleResult, status: response.http.status, calls };
}

describe('jitExecutor behind Apollo Server', () => {
  // As the service's formatError: what was thrown, found behind the GraphQL error.
  const formatError = (formatted: GraphQLFormattedError, error: unknown) => ({
    ...formatted,
    extensions: {
      ...formatted.extensions,
      thrownCode: (unwrapResolverError(error) as { code?: unknown }).code ?? null,
    },
  });
  const jit = new ApolloServer<{ calls: string[] }>({ gateway: jitExecutor(schema), formatError });
  const plain = new ApolloServer<{ calls: string[] }>({ schema, formatError });

  it('answers as graphql-js does: data, errors with their codes and paths, variables, fragments, operation names', async () => {
    await Promise.all([jit.start(), plain.start()]);
    const cases: Array<[string, Record<string, unknown>?, string?]> = [
      ['query ($id: ID!) { book(id: $id) { id ... on Book { title year } __typename } }', { id: 'b1' }],
      ['{ books(first: 3) { id title year } }'],
      ['{ books { ...F } } fragment F on Book { title }'],
      ['{ refused books(first: 1) { id } }'],
      ['query A { books(first: 1) { id } } query B { book(id: "x") { id } }', undefined, 'B'],
      ['query ($id: ID!) { book(id: $id) { id } }', { id: 12 }],
      ['query ($id: ID!) { book(id: $id) { id } }', { id: null }],
      ['query ($id: ID!) { book(id: $id) { id } }', {}],
      ['query ($n: Int) { books(first: $n) { id } }', { n: 'two' }],
      ['{ failing books(first: 1) { id } }'],
      ['query A { books(first: 1) { id } }', undefined, 'B'],
      ['query A { books(first: 1) { id } } query B { book(id: "x") { id } }'],
    ];
    for (const [query, variables, operationName] of cases) {
      const [a, b] = [
        await run(jit, query, variables, operationName),
        await run(plain, query, variables, operationName),
      ];
      expect(a.result, query).toEqual(b.result);
      expect(a.status, query).toEqual(b.status);
      expect(a.calls, query).toEqual(b.calls);
    }
    await Promise.all([jit.stop(), plain.stop()]);
  });
});
