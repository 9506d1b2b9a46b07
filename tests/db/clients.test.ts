import { createHash } from 'node:crypto';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { Client, cacheExchange, fetchExchange } from '@urql/core';
import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/startTestServer.ts';

/**
 * Third-party GraphQL clients with their default settings against the real server (real HTTP,
 * real Neo4j): urql (GET for queries by default), Apollo Client (POST, and GET with
 * useGETForQueries), Apollo's automatic persisted queries over GET, graphql-request (POST, and
 * GET when asked), plain GET URLs as curl sends them. Each client gets a fetch that records the
 * requests it makes, so the test sees the method each default really uses.
 */

const SEED_DOI = '10.3760/cma.j.cn101070-20200616-01000';
const SEED_TITLE =
  'Study progress of exosomes derived from mesenchymal stem cells in the treatment of complications related to preterm infants';
const QUERY = /* GraphQL */ `
  query SeedArticle($doi: String!) {
    article(doi: $doi) { id title authorships { author { name } } }
  }
`;

type Answer = { article: { id: string; title: string; authorships: { author: { name: string } }[] } | null };

let server: TestServer;
const sent: { method: string; url: string; status: number }[] = [];

/** fetch that records method, URL and status of every request, then behaves like fetch. */
const recordingFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const response = await fetch(request);
  sent.push({ method: request.method, url: request.url, status: response.status });
  return response;
};

function expectSeedArticle(answer: Answer | null | undefined): void {
  expect(answer?.article?.title).toBe(SEED_TITLE);
  expect(answer?.article?.authorships.map((a) => a.author.name)).toContain('Haoming CHEN');
}

beforeAll(async () => {
  server = await startTestServer();
}, 180_000);
afterAll(async () => server?.stop());
beforeEach(() => {
  sent.length = 0;
});

describe('GraphQL clients with their default settings', () => {
  it('urql (queries as GET by default)', async () => {
    const client = new Client({
      url: `${server.url}/graphql`,
      exchanges: [cacheExchange, fetchExchange],
      fetch: recordingFetch,
    });
    const result = await client.query<Answer>(QUERY, { doi: SEED_DOI }).toPromise();
    expect(result.error).toBeUndefined();
    expectSeedArticle(result.data);
    expect(sent).toEqual([expect.objectContaining({ method: 'GET', status: 200 })]);
    expect(new URL(sent[0]!.url).searchParams.get('query')).toContain('SeedArticle');
  });

  it('Apollo Client (POST by default)', async () => {
    const client = new ApolloClient({
      link: new HttpLink({ uri: `${server.url}/graphql`, fetch: recordingFetch }),
      cache: new InMemoryCache(),
    });
    const result = await client.query<Answer>({ query: gql(QUERY), variables: { doi: SEED_DOI } });
    expectSeedArticle(result.data);
    expect(sent.map((r) => r.method)).toEqual(['POST']);
    client.stop();
  });

  it('Apollo Client with useGETForQueries', async () => {
    const client = new ApolloClient({
      link: new HttpLink({ uri: `${server.url}/graphql`, fetch: recordingFetch, useGETForQueries: true }),
      cache: new InMemoryCache(),
    });
    const result = await client.query<Answer>({ query: gql(QUERY), variables: { doi: SEED_DOI } });
    expectSeedArticle(result.data);
    expect(sent).toEqual([expect.objectContaining({ method: 'GET', status: 200 })]);
    client.stop();
  });

  it("Apollo Client's automatic persisted queries over GET: hash, PersistedQueryNotFound, registration, then hash only", async () => {
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    const makeClient = () =>
      new ApolloClient({
        link: ApolloLink.from([
          new PersistedQueryLink({ sha256, useGETForHashedQueries: true }),
          new HttpLink({ uri: `${server.url}/graphql`, fetch: recordingFetch }),
        ]),
        cache: new InMemoryCache(),
      });
    // A query no other test sent, so the server has not seen its hash yet.
    const query = gql`query PersistedSeedArticle($doi: String!) { article(doi: $doi) { id title authorships { author { name } } } }`;
    const first = makeClient();
    expectSeedArticle((await first.query<Answer>({ query, variables: { doi: SEED_DOI } })).data);
    first.stop();
    // 1: GET with the hash only -> PersistedQueryNotFound; 2: the text registers it.
    expect(sent).toHaveLength(2);
    expect(sent[0]!.method).toBe('GET');
    expect(new URL(sent[0]!.url).searchParams.has('query')).toBe(false);
    expect(new URL(sent[0]!.url).searchParams.get('extensions')).toContain('sha256Hash');

    sent.length = 0;
    const second = makeClient();
    expectSeedArticle((await second.query<Answer>({ query, variables: { doi: SEED_DOI } })).data);
    second.stop();
    // Registered: one GET carrying only the hash answers.
    expect(sent).toEqual([expect.objectContaining({ method: 'GET', status: 200 })]);
    expect(new URL(sent[0]!.url).searchParams.has('query')).toBe(false);
  });

  it('graphql-request (POST by default, GET when asked)', async () => {
    expectSeedArticle(
      await new GraphQLClient(`${server.url}/graphql`, { fetch: recordingFetch }).request<Answer>(QUERY, {
        doi: SEED_DOI,
      }),
    );
    expectSeedArticle(
      await new GraphQLClient(`${server.url}/graphql`, { fetch: recordingFetch, method: 'GET' }).request<Answer>(
        QUERY,
        { doi: SEED_DOI },
      ),
    );
    expect(sent.map((r) => [r.method, r.status])).toEqual([
      ['POST', 200],
      ['GET', 200],
    ]);
  });
});

describe('plain HTTP, as curl sends it', () => {
  it("answers GET /graphql?query=... without any header (curl's defaults)", async () => {
    const url = `${server.url}/graphql?query=${encodeURIComponent(QUERY)}&variables=${encodeURIComponent(JSON.stringify({ doi: SEED_DOI }))}`;
    const response = await fetch(url, { headers: { accept: '*/*' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expectSeedArticle(((await response.json()) as { data: Answer }).data);
  });

  it('registers and answers persisted queries with GET alone', async () => {
    const query = '{ stats { articles } }';
    const extensions = (withQuery: boolean) =>
      `${withQuery ? `query=${encodeURIComponent(query)}&` : ''}extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } }))}`;
    const unknown = (await (await fetch(`${server.url}/graphql?${extensions(false)}`)).json()) as {
      errors: { extensions: { code: string } }[];
    };
    expect(unknown.errors[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await fetch(`${server.url}/graphql?${extensions(true)}`);
    expect(registered.status).toBe(200);
    const byHash = await fetch(`${server.url}/graphql?${extensions(false)}`);
    expect(byHash.status).toBe(200);
    expect(((await byHash.json()) as { data: { stats: { articles: number } } }).data.stats.articles).toBe(1);
  });

  it('keeps CSRF protection on everything but GET: a form-like POST is refused before it runs', async () => {
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      undefined,
    ]) {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: contentType ? { 'content-type': contentType } : {},
        body: JSON.stringify({ query: '{ stats { articles } }' }),
      });
      expect(response.status, String(contentType)).toBe(400);
      const body = (await response.json()) as { errors: { message: string }[] };
      expect(body.errors[0]?.message).toMatch(/Cross-Site Request Forgery/);
    }
    const preflighted = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'apollo-require-preflight': 'true' },
      body: JSON.stringify({ query: '{ stats { articles } }' }),
    });
    // Past the guard; Apollo then wants a JSON body.
    expect(await preflighted.text()).not.toMatch(/Cross-Site Request Forgery/);
  });

  it('never runs a mutation sent as GET', async () => {
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent('mutation { __typename }')}`);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const body = (await response.json()) as { data?: unknown; errors: unknown[] };
    expect(body.data).toBeUndefined();
    expect(body.errors.length).toBeGreaterThan(0);
  });
});
