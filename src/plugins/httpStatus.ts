import type { ApolloServerPlugin } from '@apollo/server';
import Negotiator from 'negotiator';
import { ErrorCode } from '../errors.ts';

/** The two GraphQL response media types (GraphQL-over-HTTP). */
export type GraphQLResponseMediaType = 'application/json' | 'application/graphql-response+json';

/**
 * The media type the response will have, chosen from the Accept header as Apollo Server does
 * (application/json first among equals, and when Accept is absent); null when neither is acceptable
 * (Apollo then answers 406 itself).
 */
export function responseMediaType(accept: string | undefined | null): GraphQLResponseMediaType | null {
  if (!accept) return 'application/json';
  const chosen = new Negotiator({ headers: { accept } }).mediaType([
    'application/json',
    'application/graphql-response+json',
  ]);
  return (chosen as GraphQLResponseMediaType | undefined) ?? null;
}

/**
 * GraphQL request errors of a well-formed request: the document does not parse or validate, its
 * variables do not coerce, the operation cannot be determined, or it exceeds an operation limit.
 * Nothing was executed.
 */
const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
  ErrorCode.QUERY_TOO_COMPLEX,
]);

/** How long a client should wait before retrying when the database is unavailable. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Sets the HTTP status of GraphQL responses by the GraphQL-over-HTTP spec:
 *
 * - A request error (nothing executed: parse, validation, variable coercion, operation limits):
 *   400 with `application/graphql-response+json`; 200 with `application/json`, where the spec asks
 *   for 200 to every well-formed request because a 4xx could come from any intermediary.
 * - An executed operation with no data (`data: null`) whose errors all say the database was
 *   unavailable or timed out: 503 (with Retry-After) or 504, so load balancers, retrying clients
 *   and monitors see an outage instead of a success; an import refused because the imports in
 *   flight hold IMPORT_QUEUE_MAX_BYTES already (IMPORT_QUEUE_FULL) is 503 too. An import refused because its file exceeded a
 *   per-file budget (IMPORT_BUDGET_EXCEEDED, no data): 422. A response with data stays 200, as the
 *   spec requires for both media types.
 * - Everything else keeps Apollo's status (200, or 400 for a malformed request).
 *
 * Every GraphQL response is also `Cache-Control: no-store`: answers change with every import, and
 * queries sent as GET must not be kept by browsers or proxies. (Apollo's cache-control plugin used
 * to say so; it is disabled in createServer because nothing here gives cache hints, and its hook on
 * every resolved field cost the 100-article page a fifth of the API's CPU.)
 */
export function httpStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          response.http.headers.set('cache-control', 'no-store');
          if (response.body.kind !== 'single') return;
          const decided = statusForResult(response.body.singleResult, request.http?.headers.get('accept'));
          if (!decided) return;
          response.http.status = decided.status;
          if (decided.retryAfterSeconds) response.http.headers.set('retry-after', String(decided.retryAfterSeconds));
        },
      };
    },
  };
}

/** The status a GraphQL result gets (see httpStatusPlugin), or undefined to keep Apollo's. Pure. */
export function statusForResult(
  result: { data?: unknown; errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> },
  accept: string | undefined | null,
): { status: number; retryAfterSeconds?: number } | undefined {
  const codes = (result.errors ?? []).map((error) => String(error.extensions?.code ?? ''));
  if (codes.length === 0) return undefined;
  const executed = 'data' in result && result.data !== undefined;
  if (!executed) {
    if (!codes.every((code) => REQUEST_ERROR_CODES.has(code))) return undefined;
    return { status: responseMediaType(accept) === 'application/json' ? 200 : 400 };
  }
  if (result.data !== null) return undefined;
  if (codes.every((code) => code === ErrorCode.DATABASE_UNAVAILABLE || code === ErrorCode.IMPORT_QUEUE_FULL))
    return { status: 503, retryAfterSeconds: RETRY_AFTER_SECONDS };
  if (codes.every((code) => code === ErrorCode.QUERY_TIMEOUT || code === ErrorCode.DATABASE_UNAVAILABLE))
    return { status: 504 };
  // The file cannot be imported as it is (it took more time or memory to read than one file may): resending it will not help.
  if (codes.every((code) => code === ErrorCode.IMPORT_BUDGET_EXCEEDED)) return { status: 422 };
  return undefined;
}
