import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { createHttpServer, listen } from '../../../src/http/createHttpServer.ts';

describe('a request answered 408 does not run', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('when it arrived while the event loop was held up past the request timeout', { timeout: 30_000 }, async () => {
    let executed = 0;
    server = createHttpServer(
      (req, res) => {
        executed += 1;
        res.end('ran');
      },
      { headersTimeoutMs: 300, requestTimeoutMs: 500, keepAliveTimeoutMs: 5_000 },
    );
    const port = await listen(server, 0, '127.0.0.1');
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (data) => (answer += data));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    await new Promise((resolve) => socket.on('connect', resolve));
    const body = '{"query":"mutation { removeArticle(id: \\"x\\") { sourcesRemoved } }"}';
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    // Hold the event loop (what one synchronous parse used to do): the request waits in the socket.
    const start = Date.now();
    while (Date.now() - start < 2_000) {
      // busy
    }
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    expect(executed).toBe(0);
  });
});
