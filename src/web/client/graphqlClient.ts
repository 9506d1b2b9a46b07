import { authorizationHeader } from './sessionToken.ts';

/** A GraphQL error as the API returns it. */
export type GraphQLErrorShape = { message: string; extensions?: Record<string, unknown> };

/** Thrown when the API answers with errors (or not with GraphQL at all). */
export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly errors: readonly GraphQLErrorShape[],
  ) {
    super(message);
  }
}

/**
 * Creates a function that POSTs an operation to the same-origin GraphQL
 * endpoint and returns `data`, throwing {@link GraphQLRequestError} on errors.
 * The explorer talks to the service through this and nothing else.
 */
export function createGraphQLClient(endpoint: string) {
  return async function request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...authorizationHeader() },
      body: JSON.stringify({ query, variables }),
      credentials: 'same-origin',
    });
    let payload: { data?: T | null; errors?: GraphQLErrorShape[] };
    try {
      payload = (await response.json()) as typeof payload;
    } catch {
      throw new GraphQLRequestError(`The API answered HTTP ${response.status} without JSON`, []);
    }
    if (payload.errors?.length) {
      throw new GraphQLRequestError(payload.errors.map((error) => error.message).join('; '), payload.errors);
    }
    if (payload.data === undefined || payload.data === null) {
      throw new GraphQLRequestError(`The API answered HTTP ${response.status} with no data`, []);
    }
    return payload.data;
  };
}

/** The request function {@link createGraphQLClient} returns. */
export type GraphQLClient = ReturnType<typeof createGraphQLClient>;
