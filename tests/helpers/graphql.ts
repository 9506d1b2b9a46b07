import type { GraphQLFormattedError } from 'graphql';
import type { ServerHandle } from '../../src/server.ts';
import type { GraphQLContext } from '../../src/context.ts';

/** The answer of one operation. */
export interface OperationResult<T> {
  data: T | null | undefined;
  errors: readonly GraphQLFormattedError[] | undefined;
  /** Cypher round trips the operation cost. */
  roundTrips: number;
}

/** Runs an operation through the real Apollo pipeline (limits, error formatting) with a fresh request context. */
export async function execute<T = Record<string, unknown>>(
  handle: ServerHandle,
  query: string,
  variables?: Record<string, unknown>,
): Promise<OperationResult<T>> {
  const contextValue: GraphQLContext = handle.createContext();
  const response = await handle.apollo.executeOperation<T>({ query, variables }, { contextValue });
  if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
  return {
    data: response.body.singleResult.data,
    errors: response.body.singleResult.errors,
    roundTrips: contextValue.repo.db.roundTrips,
  };
}

/** Runs an operation and fails the test with the error messages when it has errors. */
export async function query<T = Record<string, unknown>>(
  handle: ServerHandle,
  text: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const result = await execute<T>(handle, text, variables);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${result.errors.map((e) => e.message).join('; ')}`);
  if (!result.data) throw new Error('no data');
  return result.data;
}
