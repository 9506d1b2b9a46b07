import { describe, expect, it } from 'vitest';
import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { GraphQLError, parse, type GraphQLFormattedError, type OperationDefinitionNode } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { fieldCount, jitExecutor } from '../../../src/graphql/jitExecutor.ts';
import { compileQuery } from 'graphql-jit';

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
    // Three runs of each: the first two through graphql-js, the third compiled (DEFAULT_JIT_POLICY).
    for (const [query, variables, operationName] of cases.flatMap((c) => [c, c, c])) {
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

  it('compiles an operation once, from its third run, and never one past the field cap', async () => {
    let compiles = 0;
    const counting: typeof compileQuery = (...args) => {
      compiles += 1;
      return compileQuery(...args);
    };
    const server = new ApolloServer<{ calls: string[] }>({
      gateway: jitExecutor(schema, { interpretedRuns: 2, maxFields: 5 }, counting),
    });
    await server.start();
    const small = '{ books(first: 2) { id title } }';
    for (let i = 0; i < 5; i += 1)
      expect((await run(server, small)).result.data).toEqual({
        books: [
          { id: '0', title: 'Book 0' },
          { id: '1', title: 'Book 1' },
        ],
      });
    expect(compiles).toBe(1);
    // 6 fields once the fragment is spread in twice: past the cap of 5, so graphql-js answers every run.
    const large = '{ a: books(first: 1) { ...F } b: books(first: 1) { ...F } } fragment F on Book { id title }';
    for (let i = 0; i < 4; i += 1) expect((await run(server, large)).result.errors).toBeUndefined();
    expect(compiles).toBe(1);
    // A document graphql-jit does not compile (here: its compiler answers errors) is answered by graphql-js.
    const refusing = new ApolloServer<{ calls: string[] }>({
      gateway: jitExecutor(schema, { interpretedRuns: 0, maxFields: 5 }, () => ({
        errors: [new GraphQLError('cannot compile')],
      })),
    });
    await refusing.start();
    for (let i = 0; i < 2; i += 1) expect((await run(refusing, small)).result.data?.['books']).toHaveLength(2);
    await refusing.stop();
    await server.stop();
  });

  it('counts the fields of an operation with its fragments spread in, stopping past the cap', () => {
    const document = parse(
      'query Q { a: books { ...F } b: books { ...F ... on Book { year } } } fragment F on Book { id ...G } fragment G on Book { title }',
    );
    const operation = document.definitions[0] as OperationDefinitionNode;
    expect(fieldCount(document, operation, 100)).toBe(7);
    expect(fieldCount(document, operation, 3)).toBe(4);
  });
});
