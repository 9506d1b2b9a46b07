import type { Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { AccessTokens } from './accessTokens.ts';
import type { AuthFailureLimiter } from './authFailureLimiter.ts';

/** What the authentication step found, attached to the request for the GraphQL context. */
export interface RequestAccess {
  /** The name of the valid token presented, if any. */
  tokenName?: string;
}

/** The challenge sent with every 401 (RFC 6750). */
export const WWW_AUTHENTICATE = 'Bearer realm="scholarly-graph"';

const ACCESS = Symbol('requestAccess');

/** The access the authenticate middleware found for this request (none for requests it did not see). */
export function accessOf(req: Request): RequestAccess {
  return (req as unknown as { [ACCESS]?: RequestAccess })[ACCESS] ?? {};
}

/** What to tell a client when writes are not configured at all. */
export const WRITES_DISABLED_MESSAGE =
  'Writes are disabled on this service: no token is configured. Start it with WRITE_TOKENS=<name>:<token> ' +
  '(comma-separated pairs) or WRITE_TOKENS_FILE=<file of name:token lines>, then send Authorization: Bearer <token>.';

function sendError(res: Response, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * Authenticates a request from its `Authorization: Bearer <token>` header, before its body is read:
 *
 * - an address that failed too often recently: 429 TOO_MANY_REQUESTS with Retry-After;
 * - a header that is not a bearer token, or a token no entry knows: 401 UNAUTHENTICATED with
 *   WWW-Authenticate (counted as a failure), whatever the operation: nothing runs;
 * - a valid token: its name is recorded for the request (see accessOf);
 * - no header: passes, unless `readTokensRequired` (then 401); mutations check for a token later
 *   (writeAccessPlugin), reads are open;
 * - no token configured at all: everything passes (mutations then answer FORBIDDEN).
 *
 * The token is never logged nor echoed.
 */
export function authenticate(options: { tokens: AccessTokens; limiter: AuthFailureLimiter; readTokensRequired: boolean }): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'OPTIONS') {
      next();
      return;
    }
    if (!options.tokens.enabled) {
      // Nothing to authenticate against (writes are off, reads open): a header some proxy or client
      // adds changes nothing; mutations answer FORBIDDEN with how to enable writes.
      next();
      return;
    }
    const address = req.socket.remoteAddress ?? 'unknown';
    const header = req.headers.authorization;
    if (header === undefined) {
      if (options.readTokensRequired) {
        sendError(res, 401, 'UNAUTHENTICATED', 'This service requires a token: send Authorization: Bearer <token>.', { 'WWW-Authenticate': WWW_AUTHENTICATE });
        return;
      }
      next();
      return;
    }
    const retryAfter = options.limiter.retryAfterSeconds(address);
    if (retryAfter > 0) {
      sendError(res, 429, 'TOO_MANY_REQUESTS', `Too many failed authentications from this address; try again in ${retryAfter} s.`, { 'Retry-After': String(retryAfter) });
      return;
    }
    const match = /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(header);
    const name = match ? options.tokens.nameOf(match[1]!) : undefined;
    if (!name) {
      options.limiter.fail(address);
      sendError(
        res,
        401,
        'UNAUTHENTICATED',
        match ? 'The bearer token is not valid.' : 'The Authorization header must be "Bearer <token>".',
        { 'WWW-Authenticate': `${WWW_AUTHENTICATE}, error="invalid_token"` },
      );
      return;
    }
    (req as unknown as { [ACCESS]?: RequestAccess })[ACCESS] = { tokenName: name };
    next();
  };
}

/** FORBIDDEN (403) when no token is configured; UNAUTHENTICATED (401) when none was presented. */
export function writeAccessError(options: { tokensEnabled: boolean; tokenName: string | undefined }): GraphQLError | undefined {
  if (!options.tokensEnabled) {
    return new GraphQLError(WRITES_DISABLED_MESSAGE, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
  }
  if (!options.tokenName) {
    return new GraphQLError('Writing needs a token: send Authorization: Bearer <token>.', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: new Map([['www-authenticate', WWW_AUTHENTICATE]]) } },
    });
  }
  return undefined;
}
