import { GraphQLError } from 'graphql';

/** The `extensions.code` values this API uses besides Apollo's own (GRAPHQL_VALIDATION_FAILED, ...). */
export const ErrorCode = {
  /** An argument is out of range or malformed; `extensions.argument` names it. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** Neo4j cannot be reached; retry later. */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /**
   * An import ended by an error other than the database going away (which is DATABASE_UNAVAILABLE)
   * after it may have written: `extensions.importId` and `extensions.committed` say what is in the graph.
   */
  IMPORT_INTERRUPTED: 'IMPORT_INTERRUPTED',
  /** A query ran longer than the per-query transaction timeout. */
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  /** The operation is deeper, costlier or larger than the limits allow; `extensions.limit` names the limit. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /**
   * An imported file took more time or memory to read than one file may (IMPORT_FILE_TIME_MS,
   * IMPORT_WORKER_MEMORY_MB); `extensions.file` and `extensions.limit` name them. HTTP 422.
   */
  IMPORT_BUDGET_EXCEEDED: 'IMPORT_BUDGET_EXCEEDED',
  /** The imports waiting or running hold IMPORT_QUEUE_MAX_BYTES of content already; retry later. HTTP 503 with Retry-After. */
  IMPORT_QUEUE_FULL: 'IMPORT_QUEUE_FULL',
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

/** Checks a string argument's length (in characters) and returns it. */
export function checkLength(argument: string, value: string, max: number): string {
  if (value.length > max) throw badUserInput(argument, `must be at most ${max} characters, got ${value.length}`);
  return value;
}

/** Checks a list argument's number of entries and returns it. */
export function checkListSize<T>(argument: string, list: readonly T[], max: number): readonly T[] {
  if (list.length > max) throw badUserInput(argument, `must have at most ${max} entries, got ${list.length}`);
  return list;
}

/**
 * Lucene's own limits, reached through a full-text query: too many clauses (its maxClauseCount),
 * a prefix or term too long to build an automaton or index term for. A BAD_USER_INPUT naming the
 * argument the text came from; undefined for any other error.
 */
export function luceneLimitError(error: unknown, argument: string): GraphQLError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (/TooManyClauses|too many clauses|maxClauseCount/i.test(message)) {
    return badUserInput(argument, 'has too many words for the full-text index; use fewer words');
  }
  if (
    /TooComplexToDeterminize|immense term|maxDeterminizedStates|too long|exceeds max length|max length/i.test(message)
  ) {
    return badUserInput(argument, 'has a word too long for the full-text index; use shorter words');
  }
  return undefined;
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
 * Why Neo4j cannot be used, in words that name no host, port or path (driver messages do:
 * "connect ECONNREFUSED 127.0.0.1:7687"): for /health and the service log's summary lines.
 */
export function describeDatabaseError(error: unknown): string {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (/Unauthorized|AuthenticationRateLimit/.test(code))
    return 'authentication failed (check NEO4J_USER / NEO4J_PASSWORD)';
  if (/DatabaseNotFound/.test(code)) return 'the configured database does not exist (check NEO4J_DATABASE)';
  if (/DatabaseUnavailable/.test(code)) return 'the database is not available (starting or stopping)';
  if (/ECONNREFUSED/.test(message)) return 'connection refused';
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return 'host name not found';
  if (/EHOSTUNREACH|ENETUNREACH/.test(message)) return 'host unreachable';
  if (/ETIMEDOUT|timed out|timeout/i.test(`${code} ${message}`)) return 'connection timed out';
  if (/ECONNRESET|closed|SessionExpired/i.test(`${code} ${message}`)) return 'connection lost';
  return 'unreachable';
}

/**
 * Neo4j's refusals of a transaction that needs more memory than it may have: its own limit
 * (`db.memory.transaction.max`) or the shared pool (`dbms.memory.transaction.total.max`). The
 * transaction is rolled back whole, so the same writes in smaller transactions are safe to try.
 */
const TRANSACTION_MEMORY_CODES = new Set([
  'Neo.ClientError.General.TransactionOutOfMemoryError',
  'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
]);

/** Whether a database error says the transaction ran out of the memory it may use (see TRANSACTION_MEMORY_CODES). */
export function isTransactionMemoryError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSACTION_MEMORY_CODES.has(code);
}

/**
 * Turns a driver error into the error users should see: DATABASE_UNAVAILABLE when Neo4j cannot be
 * reached (or refuses our credentials), QUERY_TIMEOUT when the transaction timeout fired. Returns
 * undefined for anything else, which stays an internal error. Messages name no host or port.
 */
export function databaseErrorFor(error: unknown): GraphQLError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (
    typeof code === 'string' &&
    (UNAVAILABLE_CODES.has(code) || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT/.test(message))
  ) {
    return new GraphQLError(`The graph database is unavailable (${describeDatabaseError(error)}); try again shortly.`, {
      extensions: { code: ErrorCode.DATABASE_UNAVAILABLE },
    });
  }
  if (typeof code === 'string' && /TransactionTimedOut|Transaction\.TransactionTimedOut/.test(code)) {
    return new GraphQLError(
      'The query took longer than the per-query time limit; narrow it (smaller page, depth or limit).',
      {
        extensions: { code: ErrorCode.QUERY_TIMEOUT, limit: 'queryTimeoutMs' },
      },
    );
  }
  return undefined;
}
