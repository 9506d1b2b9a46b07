import type { RequestHandler } from 'express';

/** Content types a browser sends cross-site without a CORS preflight (the "simple" ones). */
const SIMPLE_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** Headers that a browser sends cross-site only after a preflight, so their presence proves there was one. */
export const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'] as const;

/** Methods that can only read: GET (and HEAD, which Express answers like GET). */
const READ_ONLY_METHODS = new Set(['GET', 'HEAD']);

/**
 * CSRF protection for the GraphQL endpoint that lets reads through with every client's defaults.
 *
 * Apollo Server's built-in CSRF prevention refuses every request without a non-simple
 * Content-Type or a custom header, GET included. That breaks what GraphQL clients do by default
 * for queries: urql sends them as GET, so does Apollo Client with `useGETForQueries` and Apollo's
 * automatic persisted queries (a GET with only the query's hash), and so does a plain
 * `curl 'http://localhost:4000/graphql?query=...'`. It is switched off (`csrfPrevention: false`)
 * and this guard applies the same rule where it matters:
 *
 * - GET/HEAD pass. A GET can only run a query: Apollo answers 405 (Allow: POST) to a mutation or
 *   subscription sent by GET, whether its text is in the URL or it is a persisted query found by
 *   hash, before anything runs. A forged cross-site GET can therefore cause no side effect, and
 *   it cannot read the answer either (no CORS headers are sent, and this API takes no cookies or
 *   other ambient credentials, so there is nothing private to leak).
 * - Every other method (POST: all mutations) must carry a Content-Type a browser cannot send
 *   cross-site without a preflight (e.g. application/json, or a malformed one), or a non-empty
 *   `apollo-require-preflight` / `x-apollo-operation-name` header; otherwise 400, before the body
 *   is read. This is Apollo's own rule, unchanged.
 */
export function csrfGuard(): RequestHandler {
  return (req, res, next) => {
    if (READ_ONLY_METHODS.has(req.method)) {
      next();
      return;
    }
    const contentType = req.headers['content-type'];
    const essence = contentType?.split(';')[0]?.trim().toLowerCase();
    const preflighted =
      (contentType !== undefined && !SIMPLE_CONTENT_TYPES.has(essence ?? '')) ||
      PREFLIGHT_HEADERS.some((header) => (req.headers[header]?.length ?? 0) > 0);
    if (preflighted) {
      next();
      return;
    }
    res.status(400).json({
      errors: [
        {
          message:
            'This request has been blocked as a potential Cross-Site Request Forgery (CSRF). Send POST requests with ' +
            `Content-Type: application/json (not ${[...SIMPLE_CONTENT_TYPES].join(', ')}), or add a non-empty ` +
            `${PREFLIGHT_HEADERS.join(' or ')} header. Queries can also be sent as GET.`,
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
  };
}
