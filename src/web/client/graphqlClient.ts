import { authorizationHeader, writeSessionToken } from './sessionToken.ts';

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

/** Options of {@link createGraphQLClient}. */
export type GraphQLClientOptions = {
  /**
   * Send the token saved in this tab (on the import page) with every request: only when the
   * service requires a token for reads. Otherwise none is sent, so a stale or mistyped token saved
   * there cannot break reads that need no token (nor count as failed authentications).
   */
  sendToken: boolean;
  /** Where a token is pasted and checked, named in the messages. */
  importPath: string;
};

/**
 * Creates a function that POSTs an operation to the same-origin GraphQL
 * endpoint and returns `data`, throwing {@link GraphQLRequestError} on errors.
 * The explorer talks to the service through this and nothing else.
 */
export function createGraphQLClient(
  endpoint: string,
  options: GraphQLClientOptions = { sendToken: false, importPath: '/import' },
) {
  // Whether this page's token was refused: the reads after it go without one, and must still say why
  // (the page's first read, which the user did not start, is often the one that meets the refusal).
  let refused = false;
  return async function request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const headers = options.sendToken ? authorizationHeader() : {};
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
      credentials: 'same-origin',
    });
    if (response.status === 401) {
      // A rejected token is forgotten, so the next read does not send it again; the message says what to do.
      const sent = 'authorization' in headers;
      if (sent) {
        writeSessionToken(null);
        refused = true;
      }
      const message = refused
        ? `The token saved in this tab was refused (it is forgotten now); paste a valid one on the import page (${options.importPath}).`
        : `Reading this graph needs a token: paste yours on the import page (${options.importPath}), then search again.`;
      throw new GraphQLRequestError(message, [{ message, extensions: { code: 'UNAUTHENTICATED' } }]);
    }
    if (response.status === 429) {
      const message = `Too many failed authentications from this address; try again in ${response.headers.get('retry-after') ?? 'a few'} s.`;
      throw new GraphQLRequestError(message, [{ message, extensions: { code: 'TOO_MANY_REQUESTS' } }]);
    }
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
