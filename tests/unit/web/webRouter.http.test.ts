import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebRouter } from '../../../src/web/createWebRouter.ts';
import type { GraphQLExecutor } from '../../../src/web/exampleOperations.ts';

/**
 * The router over plain HTTP with a scripted executor (no database, no
 * browser): content negotiation at /graphql and the download endpoints'
 * parameters, errors, content types and file names.
 */
describe('web router over HTTP', () => {
  const calls: { query: string; variables?: Record<string, unknown> }[] = [];
  let answer: Awaited<ReturnType<GraphQLExecutor>> = { data: null };
  let baseUrl = '';
  let close: () => Promise<void>;

  beforeAll(async () => {
    const app = express();
    app.use(
      createWebRouter({
        graphqlPath: '/graphql',
        execute: async (query, variables) => {
          calls.push({ query, variables });
          return answer;
        },
      }),
    );
    app.all('/graphql', (_req, res) => void res.json({ handledBy: 'apollo' }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  }, 120_000);

  afterAll(async () => close?.());

  it('gives browsers GraphiQL at /graphql and API clients the GraphQL handler', async () => {
    const html = await fetch(`${baseUrl}/graphql`, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain('/assets/playground.js');
    for (const accept of ['application/json', '*/*', 'application/graphql-response+json']) {
      const api = await fetch(`${baseUrl}/graphql`, { headers: { accept } });
      expect(await api.json()).toEqual({ handledBy: 'apollo' });
    }
    const getQuery = await fetch(`${baseUrl}/graphql?query=%7B__typename%7D`, { headers: { accept: 'text/html' } });
    expect(await getQuery.json()).toEqual({ handledBy: 'apollo' });
    const post = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { accept: 'text/html', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await post.json()).toEqual({ handledBy: 'apollo' });
  });

  it('sends an export with its content type and attachment file name, defaulting to GraphML', async () => {
    answer = { data: { graph: { export: '<graphml/>' } } };
    calls.length = 0;
    const response = await fetch(`${baseUrl}/export/neighborhood?id=Article:1&depth=2&limit=50`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/graphml+xml; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="neighborhood-Article-1-depth2.graphml"',
    );
    expect(await response.text()).toBe('<graphml/>');
    expect(calls[0]?.variables).toEqual({ id: 'Article:1', depth: 2, limit: 50, format: 'GRAPHML' });
    expect(calls[0]?.query).toContain(
      'neighborhood(id: $id, depth: $depth, limit: $limit, yearFrom: $yearFrom, yearTo: $yearTo)',
    );
  });

  it.each([
    [
      'path?from=a&to=b&format=gexf',
      'application/gexf+xml; charset=utf-8',
      'attachment; filename="path-a-to-b.gexf"',
      { from: 'a', to: 'b', format: 'GEXF' },
    ],
    [
      'topic?name=Bronchopulmonary%20dysplasia&first=10&format=cytoscape',
      'application/json; charset=utf-8',
      'attachment; filename="topic-Bronchopulmonary-dysplasia.cyjs"',
      { name: 'Bronchopulmonary dysplasia', first: 10, format: 'CYTOSCAPE' },
    ],
    [
      'topic?name=%E8%82%BA%20%E7%97%85&format=d3',
      'application/json; charset=utf-8',
      `attachment; filename="topic.d3.json"; filename*=UTF-8''${encodeURIComponent('topic-肺 病.d3.json')}`,
      { name: '肺 病', format: 'D3' },
    ],
    [
      'neighborhood?id=x&format=Graphology',
      'application/json; charset=utf-8',
      'attachment; filename="neighborhood-x.graphology.json"',
      { id: 'x', format: 'GRAPHOLOGY' },
    ],
    [
      'neighborhood?id=x&yearFrom=2019&yearTo=2021',
      'application/graphml+xml; charset=utf-8',
      'attachment; filename="neighborhood-x.graphml"',
      { id: 'x', yearFrom: 2019, yearTo: 2021, format: 'GRAPHML' },
    ],
    [
      'map?kind=COCITATION&topic=Exosomes&topics=a&topics=b%2C%20c&yearFrom=2020&referenceOnly=false&resolution=1.5&format=vosviewer',
      'text/tab-separated-values; charset=utf-8',
      'attachment; filename="map-cocitation-Exosomes.vosviewer-map.txt"',
      {
        kind: 'COCITATION',
        topic: 'Exosomes',
        topics: ['a', 'b, c'],
        yearFrom: 2020,
        referenceOnly: false,
        resolution: 1.5,
        format: 'VOSVIEWER_MAP',
      },
    ],
  ])('GET /export/%s', async (path, contentType, disposition, variables) => {
    answer = { data: { graph: { export: '{}' } } };
    calls.length = 0;
    const response = await fetch(`${baseUrl}/export/${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(response.headers.get('content-disposition')).toBe(disposition);
    expect(calls[0]?.variables).toEqual(variables);
  });

  it.each([
    ['neighborhood?depth=1', 'id'],
    ['neighborhood?id=x&depth=two', 'depth'],
    ['neighborhood?id=x&limit=1.5', 'limit'],
    ['neighborhood?id=x&id=y', 'id'],
    ['neighborhood?id=x&format=pdf', 'format'],
    ['path?from=a', 'to'],
    ['path?from=a&to=b&maxLength=-', 'maxLength'],
    ['topic?first=3', 'name'],
  ])('rejects /export/%s with 400 naming %s, without calling the API', async (path, parameter) => {
    calls.length = 0;
    const response = await fetch(`${baseUrl}/export/${path}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await response.json()) as { error: { parameter: string } }).error.parameter).toBe(parameter);
    expect(calls).toHaveLength(0);
  });

  it('turns GraphQL errors into 400 naming the parameter, and a null graph into 404', async () => {
    answer = {
      errors: [
        {
          message: 'Variable "$depth" got invalid value 9; depth must be at most 3',
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    };
    const bad = await fetch(`${baseUrl}/export/neighborhood?id=x&depth=9`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: {
        message: 'Variable "$depth" got invalid value 9; depth must be at most 3',
        parameter: 'depth',
        code: 'BAD_USER_INPUT',
      },
    });

    answer = { errors: [{ message: 'No such node', extensions: { code: 'NOT_FOUND' } }] };
    const unknown = await fetch(`${baseUrl}/export/neighborhood?id=nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { parameter: 'id', code: 'NOT_FOUND' } });

    answer = { data: { graph: null } };
    const noPath = await fetch(`${baseUrl}/export/path?from=a&to=b&maxLength=2`);
    expect(noPath.status).toBe(404);
    expect(await noPath.json()).toMatchObject({ error: { parameter: 'maxLength', code: 'NOT_FOUND' } });
    const noTopic = await fetch(`${baseUrl}/export/topic?name=nothing`);
    expect(noTopic.status).toBe(404);
    expect(await noTopic.json()).toMatchObject({ error: { parameter: 'name' } });
  });

  it('answers 404 when there is nothing to export, naming the missing end when it can tell', async () => {
    answer = { data: { graph: { export: '', nodeCount: 0 } } };
    const empty = await fetch(`${baseUrl}/export/neighborhood?id=Author:nobody`);
    expect(empty.status).toBe(404);
    expect(await empty.json()).toMatchObject({ error: { parameter: 'id', code: 'NOT_FOUND' } });

    answer = { data: { graph: null, from: { id: 'a' }, to: null } };
    const noEnd = await fetch(`${baseUrl}/export/path?from=a&to=b`);
    expect(noEnd.status).toBe(404);
    expect(await noEnd.json()).toMatchObject({ error: { parameter: 'to', code: 'NOT_FOUND' } });

    answer = {
      errors: [
        {
          message: 'Argument "id": "x y" is neither an id nor the name of a node',
          extensions: { code: 'BAD_USER_INPUT', argument: 'id', reason: 'NOT_FOUND' },
        },
      ],
    };
    const noName = await fetch(`${baseUrl}/export/neighborhood?id=x%20y`);
    expect(noName.status).toBe(404);
    expect(await noName.json()).toMatchObject({ error: { parameter: 'id' } });
  });

  it.each([
    ['DATABASE_UNAVAILABLE', 503],
    ['QUERY_TIMEOUT', 504],
  ])('answers %s with %i JSON', async (code, status) => {
    answer = { errors: [{ message: 'The graph database is unavailable', extensions: { code } }] };
    const response = await fetch(`${baseUrl}/export/topic?name=x`);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    if (status === 503) expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('serves the home page, explorer and bundles with a same-origin CSP', async () => {
    answer = { data: null };
    for (const path of ['/', '/explore', '/playground']) {
      const response = await fetch(`${baseUrl}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
    const js = await fetch(`${baseUrl}/assets/explorer.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const css = await fetch(`${baseUrl}/assets/playground.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).not.toMatch(/url\(\s*["']?https?:/);
    expect((await fetch(`${baseUrl}/assets/missing.js`)).status).toBe(404);
  });
});
