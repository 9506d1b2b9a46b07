import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfGuard } from '../../../src/http/csrfGuard.ts';

/**
 * The guard in front of a real Apollo Server configured like ours (csrfPrevention off), over a
 * schema that has a mutation with a visible side effect, as this API will: queries pass as GET,
 * mutations never run by GET, and a POST a browser could forge cross-site is refused.
 */
describe('csrfGuard with Apollo Server', () => {
  let url = '';
  let counter = 0;
  let close: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const apollo = new ApolloServer({
      typeDefs: 'type Query { counter: Int! } type Mutation { increment: Int! }',
      resolvers: { Query: { counter: () => counter }, Mutation: { increment: () => ++counter } },
      csrfPrevention: false,
    });
    await apollo.start();
    const app = express();
    app.use('/graphql', csrfGuard(), express.json(), expressMiddleware(apollo));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    close = async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
    };
  });
  afterAll(() => close());

  it('runs a query sent as GET without any header', async () => {
    const response = await fetch(`${url}?query=${encodeURIComponent('{ counter }')}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { counter: 0 } });
  });

  it('answers 405 to a mutation sent as GET and does not run it', async () => {
    const response = await fetch(`${url}?query=${encodeURIComponent('mutation { increment }')}`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(counter).toBe(0);
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=b',
    'TEXT/PLAIN; charset=utf-8',
  ])('refuses a POST with Content-Type %s and runs nothing', async (contentType) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: '{"query":"mutation { increment }"}',
    });
    expect(response.status).toBe(400);
    expect(counter).toBe(0);
  });

  it('refuses a POST without Content-Type', async () => {
    const response = await fetch(url, { method: 'POST', body: new Blob(['{"query":"mutation { increment }"}']) });
    expect(response.status).toBe(400);
    expect(counter).toBe(0);
  });

  it('runs a mutation POSTed as JSON', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"mutation { increment }"}',
    });
    expect(response.status).toBe(200);
    expect(counter).toBe(1);
  });
});
