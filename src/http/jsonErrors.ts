import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

/**
 * Every HTTP error as JSON with a code, whatever NODE_ENV is: Express's own error page is HTML
 * with a stack trace and absolute paths outside production, and body-parser's messages quote the
 * request body. On the GraphQL path the body is a GraphQL response (`{ errors: [...] }`) so GraphQL
 * clients read it as they read any other error; elsewhere it is `{ error: { code, message } }`.
 */

/** The codes of HTTP-level errors (the request never reached GraphQL). */
export const HttpErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Fixed messages: never the error's own text, which may quote the body or name a file. */
function describe(error: unknown): { status: number; code: string; message: string } {
  const e = (error ?? {}) as { status?: unknown; statusCode?: unknown; type?: unknown; expose?: unknown };
  const status = Number(e.status ?? e.statusCode);
  switch (e.type) {
    case 'entity.parse.failed':
      return {
        status: 400,
        code: HttpErrorCode.BAD_REQUEST,
        message:
          'The request body is not valid JSON, or is JSON but not an object (send {"query": "...", "variables": {...}}).',
      };
    case 'entity.too.large':
      return {
        status: 413,
        code: HttpErrorCode.PAYLOAD_TOO_LARGE,
        message: 'The request body is larger than the limit of 1 MB.',
      };
    case 'charset.unsupported':
      return {
        status: 415,
        code: HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
        message: 'Unsupported charset: send the request body as UTF-8.',
      };
    case 'encoding.unsupported':
      return {
        status: 415,
        code: HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
        message: 'Unsupported Content-Encoding: send the body uncompressed or gzip/deflate/br.',
      };
    case 'request.aborted':
      return {
        status: 400,
        code: HttpErrorCode.BAD_REQUEST,
        message: 'The request was aborted before its body arrived.',
      };
    case 'request.size.invalid':
      return {
        status: 400,
        code: HttpErrorCode.BAD_REQUEST,
        message: 'The request body does not match its Content-Length.',
      };
    default:
      break;
  }
  if (error instanceof URIError || (status === 400 && /URI/i.test(String((error as Error | undefined)?.message)))) {
    return { status: 400, code: HttpErrorCode.BAD_REQUEST, message: 'The request path is not valid percent-encoding.' };
  }
  if (Number.isInteger(status) && status >= 400 && status < 500) {
    return {
      status,
      code: status === 404 ? HttpErrorCode.NOT_FOUND : HttpErrorCode.BAD_REQUEST,
      message: 'The request could not be handled.',
    };
  }
  return { status: 500, code: HttpErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error.' };
}

function isGraphqlPath(request: Request, graphqlPath: string): boolean {
  return request.path.replace(/\/+$/, '') === graphqlPath.replace(/\/+$/, '');
}

function send(
  response: Response,
  request: Request,
  graphqlPath: string,
  status: number,
  code: string,
  message: string,
): void {
  response.status(status);
  response.setHeader('Cache-Control', 'no-store');
  if (isGraphqlPath(request, graphqlPath)) response.json({ errors: [{ message, extensions: { code } }] });
  else response.json({ error: { code, message } });
}

/** The last route: anything not matched is a JSON 404. */
export function jsonNotFound(options: { graphqlPath: string }): RequestHandler {
  return (request, response) => {
    send(
      response,
      request,
      options.graphqlPath,
      404,
      HttpErrorCode.NOT_FOUND,
      `No resource at ${request.method} ${request.path.slice(0, 200)}.`,
    );
  };
}

/**
 * The error handler: a JSON body with a code and a fixed message. Client errors are logged at
 * debug level with their kind only; server errors at error level with the error (stack included,
 * in the log only) but never the request body.
 */
export function jsonErrorHandler(options: { graphqlPath: string; logger?: Logger }): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const { status, code, message } = describe(error);
    const where = { method: request.method, path: request.path.slice(0, 200), status, code };
    if (status >= 500) options.logger?.error({ ...where, err: withoutBody(error) }, 'request failed');
    else options.logger?.debug({ ...where, type: (error as { type?: unknown } | null)?.type }, 'bad request');
    send(response, request, options.graphqlPath, status, code, message);
  };
}

/** The error without the properties body-parser attaches that hold the request body. */
function withoutBody(error: unknown): unknown {
  if (!(error instanceof Error)) return { message: 'non-error thrown', type: typeof error };
  const copy: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) copy.code = code;
  return copy;
}
