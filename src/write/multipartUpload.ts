import busboy from 'busboy';
import type { Request, RequestHandler, Response } from 'express';
import { GraphQLError, GraphQLScalarType, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { decodeUtf8Bytes } from '../ingest/pipeline/decodeText.ts';

/** An uploaded file as resolvers see it (the Upload scalar's value): its name and its bytes. */
export class UploadedFile {
  constructor(
    readonly filename: string,
    readonly bytes: Buffer,
    readonly size: number,
  ) {}

  /**
   * The file's text. Record files are UTF-8: anything else throws SourceEncodingError naming the
   * encoding (UTF-16, or the first byte that is not UTF-8) instead of becoming U+FFFD characters.
   */
  get content(): string {
    return decodeUtf8Bytes(this.bytes, this.filename);
  }
}

/** The Upload scalar: only a file of a multipart request; never a literal or a JSON value. */
export const Upload = new GraphQLScalarType({
  name: 'Upload',
  parseValue(value) {
    if (value instanceof UploadedFile) return value;
    throw new GraphQLError(
      'Upload values are files sent as a GraphQL multipart request (multipart/form-data with operations, map and the file).',
    );
  },
  parseLiteral() {
    throw new GraphQLError(
      'Upload values cannot be written in the query: send the file as a GraphQL multipart request.',
    );
  },
  serialize() {
    throw new GraphQLError('Upload is an input type only.');
  },
});

/** Text fields of the multipart request (operations, map) may be as large as a JSON body. */
const MAX_FIELD_BYTES = 1024 * 1024;
/** Files per request: an import takes one; a few more leave room for batching by clients. */
const MAX_FILES = 10;
/**
 * What is still read (and discarded, never kept) of a refused request's body before the refusal is
 * sent. Closing the connection while the client still sends resets it, and clients (fetch, browsers)
 * then report a failed connection instead of the answer; reading the rest costs no memory and is
 * bounded in time by the request timeout. A body with more than this left gets the answer at once
 * and the connection closed.
 */
export const REFUSED_BODY_DRAIN_BYTES = 64 * 1024 * 1024;

function fail(res: Response, status: number, code: string, message: string): void {
  if (res.headersSent) return;
  // The client may still be sending: answer, then close the connection rather than read the rest.
  res.setHeader('Connection', 'close');
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * The variables the request's operation declares, or undefined when its document does not parse
 * (Apollo then refuses it, and nothing runs).
 */
function declaredVariables(operations: Record<string, unknown>): Set<string> | undefined {
  if (typeof operations.query !== 'string') return undefined;
  try {
    const document = parse(operations.query, { maxTokens: 10_000 });
    const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const op =
      typeof operations.operationName === 'string'
        ? ops.find((o) => o.name?.value === operations.operationName)
        : ops.length === 1
          ? ops[0]
          : undefined;
    return op ? new Set((op.variableDefinitions ?? []).map((v) => v.variable.name.value)) : undefined;
  } catch {
    return undefined;
  }
}

/** True when a dotted path of `target` names a null value (where a file may go). */
function nullAt(target: Record<string, unknown>, path: string): boolean {
  let node: unknown = target;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return node === null;
}

/** Sets `value` at a dotted path (`variables.input.file`, `variables.files.0`) of `target`. */
function setAt(target: Record<string, unknown>, path: string, value: unknown): boolean {
  const keys = path.split('.');
  let node: unknown = target;
  for (const key of keys.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[key];
  }
  const last = keys[keys.length - 1]!;
  if (
    node === null ||
    typeof node !== 'object' ||
    (node as Record<string, unknown>)[last] !== null ||
    ['__proto__', 'constructor', 'prototype'].includes(last)
  )
    return false;
  (node as Record<string, unknown>)[last] = value;
  return true;
}

/**
 * The GraphQL multipart request specification (multipart/form-data with `operations`, then `map`,
 * then the files), for files larger than a JSON body should carry. The files of one request
 * together are read into memory up to `maxFileBytes` (UPLOAD_MAX_BYTES is a limit per request, not
 * per file: nine files cannot hold nine times the memory; over it, 413 PAYLOAD_TOO_LARGE before the
 * rest is read). `map` must put every file into a variable the operation declares, at a null
 * value: a file the operation does not use is refused (400 UNUSED_UPLOAD) before any file is read.
 * Each file is put where `map` says into the operation's variables, as an UploadedFile; the request
 * then continues to Apollo like a JSON POST. Uploads are writes: `allowed(req)` is asked before the
 * body is read, so a client without a valid token uploads nothing (401).
 */
export function multipartUpload(options: {
  maxFileBytes: number;
  allowed: (req: Request, res: Response) => boolean;
}): RequestHandler {
  return (req, res, next) => {
    const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (req.method !== 'POST' || type !== 'multipart/form-data') {
      next();
      return;
    }
    if (!options.allowed(req, res)) return;
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          fileSize: options.maxFileBytes,
          files: MAX_FILES,
          fields: 2,
          fieldSize: MAX_FIELD_BYTES,
          parts: MAX_FILES + 2,
        },
      });
    } catch {
      fail(res, 400, 'BAD_REQUEST', 'Malformed multipart request (no boundary).');
      return;
    }
    let operations: Record<string, unknown> | undefined;
    let map: Map<string, string[]> | undefined;
    const pending = new Map<string, string[]>();
    const reading: Array<Promise<void>> = [];
    let failed = false;
    /** Bytes of every file of the request so far. */
    let total = 0;
    /** Bytes of the body received so far. */
    let received = 0;
    let ended = false;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    req.once('end', () => {
      ended = true;
    });
    const stop = (status: number, code: string, message: string) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      const declared = Number(req.headers['content-length']);
      const left = Number.isFinite(declared) ? declared - received : undefined;
      if (ended || (left !== undefined && left > REFUSED_BODY_DRAIN_BYTES)) {
        fail(res, status, code, message);
        return;
      }
      // The rest of the body is read and dropped first (see REFUSED_BODY_DRAIN_BYTES), then answered.
      const answer = () => {
        req.off('data', tooMuch);
        fail(res, status, code, message);
      };
      const drainedFrom = received;
      const tooMuch = () => {
        if (received - drainedFrom > REFUSED_BODY_DRAIN_BYTES) {
          req.off('end', answer);
          answer();
        }
      };
      req.on('data', tooMuch);
      req.once('end', answer);
    };
    parser.on('field', (name, value, info) => {
      if (failed) return;
      if (info.valueTruncated)
        return stop(413, 'PAYLOAD_TOO_LARGE', `The "${name}" field is larger than ${MAX_FIELD_BYTES} bytes.`);
      try {
        if (name === 'operations' && !operations) {
          const parsed: unknown = JSON.parse(value);
          if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
            return stop(
              400,
              'BAD_REQUEST',
              'The "operations" field must be one GraphQL request object (batches are not supported).',
            );
          operations = parsed as Record<string, unknown>;
        } else if (name === 'map' && operations && !map) {
          const parsed: unknown = JSON.parse(value);
          if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
            return stop(400, 'BAD_REQUEST', 'The "map" field must be an object of file field names to lists of paths.');
          map = new Map();
          const declared = declaredVariables(operations);
          const claimed = new Set<string>();
          for (const [key, paths] of Object.entries(parsed)) {
            if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string'))
              return stop(400, 'BAD_REQUEST', `The "map" entry "${key}" must be a non-empty list of paths.`);
            // Refused before its bytes arrive: a file no variable of the operation takes would only take memory.
            const unused = paths.find((p) => {
              const [root, name] = p.split('.');
              return root !== 'variables' || name === undefined || (declared !== undefined && !declared.has(name));
            });
            if (unused !== undefined)
              return stop(
                400,
                'UNUSED_UPLOAD',
                `The file "${key}" is mapped to "${unused}", which is not a variable the operation declares; files the operation does not use are refused.`,
              );
            const taken = paths.find((p) => claimed.has(p) || !nullAt(operations!, p));
            if (taken !== undefined)
              return stop(
                400,
                'UNUSED_UPLOAD',
                `The file "${key}" is mapped to "${taken}", which is not a null value of the operation's variables or has a file already; files the operation does not use are refused.`,
              );
            for (const p of paths) claimed.add(p);
            map.set(key, paths);
            pending.set(key, paths);
          }
        } else {
          stop(
            400,
            'BAD_REQUEST',
            'A GraphQL multipart request has the fields "operations", then "map", then the files.',
          );
        }
      } catch {
        stop(400, 'BAD_REQUEST', `The "${name}" field is not valid JSON.`);
      }
    });
    parser.on('file', (name, stream, info) => {
      const paths = pending.get(name);
      if (failed || !operations || !map || !paths) {
        stream.resume();
        if (!failed)
          stop(
            400,
            'BAD_REQUEST',
            `File field "${name}" is not named in "map" (or came before "operations" and "map").`,
          );
        return;
      }
      pending.delete(name);
      const chunks: Buffer[] = [];
      let size = 0;
      reading.push(
        new Promise<void>((resolve) => {
          stream.on('data', (chunk: Buffer) => {
            if (failed) return;
            size += chunk.length;
            total += chunk.length;
            if (total > options.maxFileBytes) {
              chunks.length = 0;
              stream.resume();
              return stop(
                413,
                'PAYLOAD_TOO_LARGE',
                `The files of this request together are larger than the upload limit of ${options.maxFileBytes} bytes (UPLOAD_MAX_BYTES, per request).`,
              );
            }
            chunks.push(chunk);
          });
          stream.on('limit', () =>
            stop(
              413,
              'PAYLOAD_TOO_LARGE',
              `The file "${info.filename ?? name}" is larger than the upload limit of ${options.maxFileBytes} bytes (UPLOAD_MAX_BYTES).`,
            ),
          );
          stream.on('close', () => {
            if (!failed) {
              const file = new UploadedFile(info.filename ?? name, Buffer.concat(chunks), size);
              for (const path of paths)
                if (!setAt(operations!, path, file))
                  stop(400, 'BAD_REQUEST', `The "map" path "${path}" does not name a null variable of the operation.`);
            }
            resolve();
          });
        }),
      );
    });
    parser.on('filesLimit', () => stop(413, 'PAYLOAD_TOO_LARGE', `At most ${MAX_FILES} files per request.`));
    parser.on('partsLimit', () => stop(413, 'PAYLOAD_TOO_LARGE', 'Too many parts in the multipart request.'));
    parser.on('fieldsLimit', () =>
      stop(
        400,
        'BAD_REQUEST',
        'A GraphQL multipart request has only the fields "operations" and "map" besides its files.',
      ),
    );
    parser.on('error', () => stop(400, 'BAD_REQUEST', 'Malformed multipart request.'));
    parser.on('close', () => {
      void Promise.all(reading).then(() => {
        if (failed) return;
        if (!operations || !map)
          return stop(400, 'BAD_REQUEST', 'A GraphQL multipart request needs the fields "operations" and "map".');
        if (pending.size > 0)
          return stop(
            400,
            'BAD_REQUEST',
            `The file(s) ${[...pending.keys()].map((k) => `"${k}"`).join(', ')} named in "map" were not sent.`,
          );
        req.body = operations;
        next();
      });
    });
    req.pipe(parser);
  };
}
