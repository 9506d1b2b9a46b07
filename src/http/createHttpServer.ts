import http, { type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestListener } from 'node:http';

/** Timeouts of the HTTP server, in milliseconds. */
export interface HttpTimeouts {
  /** Time to receive the request headers (slowloris). */
  headersTimeoutMs: number;
  /** Time to receive the whole request, body included (slow bodies). */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
}

/**
 * Defaults: generous for real clients on slow links, short enough that a client trickling
 * headers or a body cannot hold a connection (and its buffers) for minutes. Node checks them every
 * second here (its default check interval is 30 s, which would double the effective limits).
 */
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};

const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;

/**
 * True when the request's connection was answered already (408 from the timeout check, or closed):
 * nothing may run for it, since its client was told it failed. When the event loop was held up,
 * the timeout check can run before the buffered request is parsed; the request then arrives on a
 * connection whose 408 was sent, and used to be executed anyway.
 */
export function answeredAlready(req: http.IncomingMessage): boolean {
  const socket = req.socket;
  return socket.destroyed || socket.writableEnded || !socket.writable;
}

/**
 * The service's HTTP server: the Express app with header, body and keep-alive timeouts, and
 * malformed HTTP answered with a JSON 400 (Node's default is an empty body). A request whose
 * connection was answered already (see answeredAlready) is dropped before the app sees it.
 */
export function createHttpServer(app: RequestListener, timeouts: HttpTimeouts = DEFAULT_HTTP_TIMEOUTS): Server {
  const server = http.createServer(
    {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      keepAliveTimeout: timeouts.keepAliveTimeoutMs,
      connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
    },
    (req, res) => {
      if (answeredAlready(req)) {
        req.socket.destroy();
        return;
      }
      app(req, res);
    },
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const status = timedOut
      ? '408 Request Timeout'
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : '400 Bad Request';
    const body = JSON.stringify({
      error: timedOut
        ? {
            code: 'REQUEST_TIMEOUT',
            message: `The request did not arrive completely within ${timeouts.requestTimeoutMs / 1000} s.`,
          }
        : { code: 'BAD_REQUEST', message: 'Malformed HTTP request.' },
    });
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

/** Listens on host:port and resolves with the bound port, or rejects with a clear message. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) =>
      reject(new Error(`cannot listen on ${host}:${port}: ${error.message} (set PORT to another port)`));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
