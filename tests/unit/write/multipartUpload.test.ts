import net from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, listen } from '../../../src/http/createHttpServer.ts';
import { multipartUpload } from '../../../src/write/multipartUpload.ts';

/**
 * A refused upload is answered to a client that keeps sending its body: the rest is read and
 * dropped first, since closing while the client still sends resets the connection and the client
 * (fetch, a browser) sees a network failure instead of the refusal.
 */

const server = createHttpServer(
  express()
    .use(multipartUpload({ maxFileBytes: 2 * 1024 * 1024, allowed: () => true }))
    .use((_req, res) => {
      res.json({ data: {} });
    }),
);
let port = 0;
beforeAll(async () => {
  port = await listen(server, 0, '127.0.0.1');
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends the whole request over a plain socket, waiting for each chunk to be taken; what came back, and any socket error. */
function send(head: string, fields: string, fileBytes: number): Promise<{ answer: string; error?: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let error: string | undefined;
    socket.on('data', (data) => {
      answer += data.toString('utf8');
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error ??= e.code ?? e.message;
    });
    socket.on('close', () => resolve({ answer, ...(error ? { error } : {}) }));
    void (async () => {
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const write = (data: string | Buffer) =>
        new Promise<void>((done) => {
          if (socket.write(data)) done();
          else socket.once('drain', done);
        });
      await write(head + fields);
      for (let sent = 0; sent < fileBytes && !socket.destroyed; sent += chunk.length) await write(chunk);
      if (!socket.destroyed) socket.end();
    })();
  });
}

describe('a refused upload', () => {
  it('nine 3 MB files for variables the operation does not use: the client sends all 27 MB and gets the 400 UNUSED_UPLOAD', {
    timeout: 60_000,
  }, async () => {
    const boundary = 'soakboundary';
    const part = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const fileHead = (i: number) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${i}"; filename="big${i}.ris"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    const fileBytes = 3 * 1024 * 1024;
    const fields =
      part(
        'operations',
        JSON.stringify({
          query: 'mutation($input: ImportInput!) { importRecords(input: $input) { records } }',
          variables: { input: { file: null } },
        }),
      ) +
      part(
        'map',
        JSON.stringify(Object.fromEntries(Array.from({ length: 9 }, (_, i) => [String(i), [`variables.extra${i}`]]))),
      ) +
      fileHead(0);
    // One long "file" part: the refusal comes with the map, before any of it is read.
    const length = Buffer.byteLength(fields) + 9 * fileBytes;
    const head = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${length}\r\n\r\n`;
    const { answer, error } = await send(head, fields, 9 * fileBytes);
    expect(error).toBeUndefined();
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"UNUSED_UPLOAD"');
  });
});
