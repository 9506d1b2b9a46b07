import { GraphQLError } from 'graphql';

/** The `extensions.code` values this API uses besides Apollo's own (GRAPHQL_VALIDATION_FAILED, ...). */
export const ErrorCode = {
  /** An argument is out of range or malformed; `extensions.argument` names it. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** Neo4j cannot be reached; retry later. */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /** A query ran longer than the per-query transaction timeout. */
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  /** The operation is deeper, costlier or larger than the limits allow; `extensions.limit` names the limit. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
} as const;

/** A BAD_USER_INPUT error that names the offending argument. */
export function badUserInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(`Argument "${argument}": ${message}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argument },
  });
}

/** Checks a page-size argument (`first`, `last`, `limit`) and returns it. */
export function checkRange(argument: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badUserInput(argument, `must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.ClientError.Database.DatabaseNotFound',
  'Neo.ClientError.Security.Unauthorized',
  'Neo.ClientError.Security.AuthenticationRateLimit',
]);

/**
 * Turns a driver error into the error users should see: DATABASE_UNAVAILABLE when Neo4j cannot be
 * reached (or refuses our credentials), QUERY_TIMEOUT when the transaction timeout fired. Returns
 * undefined for anything else, which stays an internal error.
 */
export function databaseErrorFor(error: unknown): GraphQLError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT/.test(message))) {
    return new GraphQLError(`The graph database is unavailable: ${firstLine(message)}`, {
      extensions: { code: ErrorCode.DATABASE_UNAVAILABLE },
    });
  }
  if (typeof code === 'string' && /TransactionTimedOut|Transaction\.TransactionTimedOut/.test(code)) {
    return new GraphQLError('The query took longer than the per-query time limit; narrow it (smaller page, depth or limit).', {
      extensions: { code: ErrorCode.QUERY_TIMEOUT, limit: 'queryTimeoutMs' },
    });
  }
  return undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.slice(0, 300) ?? '';
}
