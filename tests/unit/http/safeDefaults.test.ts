import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { createHttpServer, DEFAULT_HTTP_TIMEOUTS, listen } from '../../../src/http/createHttpServer.ts';

/** Deployment defaults that must stay safe: loopback unless told otherwise, no fixed passwords, timeouts set. */
describe('safe defaults', () => {
  it('binds the API to 127.0.0.1 unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  const compose = readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8');

  it('docker-compose refuses to start without a password you set, and has no fallback password', () => {
    const uses = compose.match(/\$\{NEO4J_PASSWORD[^}]*\}/g) ?? [];
    expect(uses.length).toBeGreaterThanOrEqual(2);
    for (const use of uses) expect(use).toMatch(/^\$\{NEO4J_PASSWORD:\?.+\}$/);
  });

  it('docker-compose publishes every port on 127.0.0.1 unless told otherwise', () => {
    const mappings = [...compose.matchAll(/^\s*-\s*"([^"]+:\d+)"\s*$/gm)].map((m) => m[1]!);
    expect(mappings.length).toBeGreaterThanOrEqual(3);
    for (const mapping of mappings) expect(mapping).toMatch(/^(127\.0\.0\.1|\$\{BIND_ADDRESS:-127\.0\.0\.1\}):/);
  });

  it('sets header, body and keep-alive timeouts on the HTTP server', () => {
    const server = createHttpServer(() => undefined);
    expect(server.headersTimeout).toBe(DEFAULT_HTTP_TIMEOUTS.headersTimeoutMs);
    expect(server.requestTimeout).toBe(DEFAULT_HTTP_TIMEOUTS.requestTimeoutMs);
    expect(server.keepAliveTimeout).toBe(DEFAULT_HTTP_TIMEOUTS.keepAliveTimeoutMs);
    expect(DEFAULT_HTTP_TIMEOUTS.requestTimeoutMs).toBeLessThanOrEqual(60_000);
  });

  it('closes a connection whose body trickles in slower than the request timeout, with a JSON 408', async () => {
    // Like express.json: the answer waits for the whole body.
    const server = createHttpServer((request, response) => request.resume().on('end', () => response.end('{}')), {
      headersTimeoutMs: 1_000,
      requestTimeoutMs: 1_500,
      keepAliveTimeoutMs: 1_000,
    });
    const port = await listen(server, 0, '127.0.0.1');
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(
            'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":',
          );
        });
        // One more byte now and then, never the whole body.
        const drip = setInterval(() => socket.writable && socket.write(' '), 300);
        let data = '';
        socket.on('data', (chunk) => (data += chunk.toString('utf8')));
        socket.on('close', () => (clearInterval(drip), resolve(data)));
        socket.on('error', (error) => (clearInterval(drip), reject(error)));
        setTimeout(() => socket.destroy(), 15_000);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(answer).toContain('"code":"REQUEST_TIMEOUT"');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 20_000);
});
