import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Writable } from 'node:stream';
import { connect as connectSocket } from 'node:net';
import { pino } from 'pino';
import { auditServer } from 'graphql-http';
import { startTestServer, type TestServer } from '../helpers/startTestServer.ts';

/**
 * The service over real HTTP, as clients see it: GraphQL-over-HTTP statuses and media types (with
 * graphql-http's own audit), JSON errors with a code for every failure before GraphQL (never
 * Express's HTML page with a stack trace), and logs that never echo a request body.
 */

const logLines: string[] = [];
const logger = pino(
  { level: 'debug', base: undefined },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  }),
);

let server: TestServer;
let previousNodeEnv: string | undefined;
beforeAll(async () => {
  // Express shows stack traces on its error page unless NODE_ENV is production: test the worst case.
  previousNodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'development';
  server = await startTestServer({ logger });
});
afterAll(async () => {
  await server?.stop();
  process.env.NODE_ENV = previousNodeEnv;
});

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

async function post(body: unknown, accept: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text,
    body: JSON.parse(text) as any,
    headers: response.headers,
  };
}

/** Nothing a client should never see: stack frames, file paths, HTML, hosts with ports. */
function expectNoInternals(text: string): void {
  expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\/src\/|\.ts\b|<html|<pre>|<!DOCTYPE/i);
  expect(text).not.toMatch(/127\.0\.0\.1|localhost:\d+|ECONNREFUSED/);
  expect(text).not.toMatch(/\bMATCH\b|\bUNWIND\b|\bRETURN\b/);
}

describe('the graphql-http audit of the GraphQL-over-HTTP spec', () => {
  it('passes with no error and no warning', async () => {
    const results = await auditServer({ url: `${server.url}/graphql` });
    const failing = results.filter((result) => result.status === 'error' || result.status === 'warn');
    expect(
      failing.map((result) => `${result.id} ${result.name}: ${result.status === 'ok' ? '' : result.reason}`),
    ).toEqual([]);
    expect(results.filter((result) => result.status === 'ok').length).toBeGreaterThan(40);
  });
});

describe('request errors: 400 with application/graphql-response+json, 200 with application/json (as the spec says)', () => {
  const cases: Array<[string, unknown, string, string | undefined]> = [
    ['a syntax error', { query: '{ stats { articles ' }, 'GRAPHQL_PARSE_FAILED', undefined],
    ['an unknown field', { query: '{ stats { nope } }' }, 'GRAPHQL_VALIDATION_FAILED', undefined],
    [
      'a missing variable (the cost limit reads variables)',
      { query: 'query ($n: Int!) { articles(first: $n) { totalCount } }' },
      'BAD_USER_INPUT',
      undefined,
    ],
    [
      'a mistyped variable',
      { query: 'query ($n: Int!) { articles(first: $n) { totalCount } }', variables: { n: 'many' } },
      'BAD_USER_INPUT',
      undefined,
    ],
    [
      'too many tokens',
      { query: `{ ${Array.from({ length: 3000 }, () => 'stats { articles }').join(' ')} }` },
      'QUERY_TOO_COMPLEX',
      'maxTokens',
    ],
    [
      'too deep',
      { query: `{ topic(name: "NEC") { ${'broader { '.repeat(14)}name${' }'.repeat(14)} } }` },
      'QUERY_TOO_COMPLEX',
      'maxDepth',
    ],
    [
      'too costly',
      {
        query:
          '{ topics(first: 100) { edges { node { articles(first: 100) { edges { node { authorships { author { coauthors(first: 100) { sharedArticles } } } } } } } } } }',
      },
      'QUERY_TOO_COMPLEX',
      'maximumComplexity',
    ],
    [
      'an unknown operation name',
      { query: 'query A { stats { articles } }', operationName: 'B' },
      'OPERATION_RESOLUTION_FAILURE',
      undefined,
    ],
  ];

  it.each(cases)('%s', async (_name, body, code, limit) => {
    const strict = await post(body, GRAPHQL_RESPONSE);
    expect(strict.status).toBe(400);
    expect(strict.type).toContain(GRAPHQL_RESPONSE);
    expect(strict.body.data).toBeUndefined();
    expect(strict.body.errors[0].extensions.code).toBe(code);
    if (limit) expect(strict.body.errors[0].extensions.limit).toBe(limit);
    expectNoInternals(strict.text);

    const legacy = await post(body, JSON_TYPE);
    expect(legacy.status).toBe(200);
    expect(legacy.type).toContain(JSON_TYPE);
    expect(legacy.body.errors[0].extensions.code).toBe(code);
  });

  it('still answers 200 with data and field errors (a bad argument is a field error)', async () => {
    const response = await post(
      { query: '{ stats { articles } articles(first: 500) { totalCount } }' },
      GRAPHQL_RESPONSE,
    );
    expect(response.status).toBe(200);
    expect(response.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });

  it('marks every answer no-store, so a query sent as GET is not kept by a browser or proxy', async () => {
    const viaGet = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ stats { articles } }')}`);
    expect(viaGet.status).toBe(200);
    expect(viaGet.headers.get('cache-control')).toBe('no-store');
    const failed = await post({ query: '{ nope }' }, GRAPHQL_RESPONSE);
    expect(failed.status).toBe(400);
    expect(failed.headers.get('cache-control')).toBe('no-store');
    // Nor is an ETag computed for them (a hash of every answer, of no use to a client told not to keep it).
    expect(viaGet.headers.get('etag')).toBeNull();
    const ok = await post({ query: '{ stats { articles } }' }, GRAPHQL_RESPONSE);
    expect(ok.headers.get('etag')).toBeNull();
  });
});

describe('errors before GraphQL are JSON with a code, never an HTML page, a stack trace or the body', () => {
  const marker = 'SECRET-BODY-MARKER-7f3a';
  const cases: Array<[string, () => Promise<Response>, number, string]> = [
    [
      'malformed JSON',
      () =>
        fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: `{"query": "${marker}`,
        }),
      400,
      'BAD_REQUEST',
    ],
    [
      'a null body',
      () =>
        fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: 'null',
        }),
      400,
      'BAD_REQUEST',
    ],
    [
      'an unsupported charset',
      () =>
        fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=latin-99' },
          body: `{"query":"${marker}"}`,
        }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a body over 1 MB',
      () =>
        fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: `# ${marker} ${'x'.repeat(1_100_000)}` }),
        }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['an unknown route', () => fetch(`${server.url}/no/such/page`), 404, 'NOT_FOUND'],
    [
      'an unknown route with a POST',
      () => fetch(`${server.url}/admin`, { method: 'POST', body: marker }),
      404,
      'NOT_FOUND',
    ],
    ['a malformed percent-encoding', () => fetch(`${server.url}/%E0%A4%A`), 404, 'NOT_FOUND'],
    ['a missing asset', () => fetch(`${server.url}/assets/nope.js`), 404, 'NOT_FOUND'],
  ];

  it.each(cases)('%s', async (_name, request, status, code) => {
    // Express's default handler printed the error (quoting the body) to stderr: nothing may reach the console.
    const consoleError = vi.spyOn(console, 'error');
    const response = await request();
    const text = await response.text();
    expect(consoleError.mock.calls.flat().join(' ')).not.toContain(marker);
    expect(consoleError).not.toHaveBeenCalled();
    consoleError.mockRestore();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = JSON.parse(text);
    const error = body.errors?.[0] ?? body.error;
    expect(error.extensions?.code ?? error.code).toBe(code);
    expect(text).not.toContain(marker);
    expectNoInternals(text);
  });

  it('answers malformed HTTP with a JSON 400', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const { port } = new URL(server.url);
      const socket = connectSocket(Number(port), '127.0.0.1', () =>
        socket.write('GET / HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n'),
      );
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString('utf8')));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).toContain('"code":"BAD_REQUEST"');
  });

  it('never writes a request body to the log', async () => {
    const logged = logLines.join('');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged).not.toContain(marker);
    // Structured: every line is a JSON object.
    for (const line of logged.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });
});
