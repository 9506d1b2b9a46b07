import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
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

function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * Authenticates a request from its `Authorization: Bearer <token>` header, before its body is read:
 *
 * - a valid token: its name is recorded for the request (see accessOf). Always, whatever other
 *   requests from the same address did: a valid token is never refused (see AuthFailureLimiter);
 * - a header that is not a bearer token, or a token no entry knows: a failed authentication,
 *   logged (address, method, path; the log line's time; never the token) and counted for the
 *   address once per distinct wrong token; 401 UNAUTHENTICATED with WWW-Authenticate, or 429
 *   TOO_MANY_REQUESTS with Retry-After once the address has guessed wrong too often: nothing runs;
 * - no header: passes, unless `readTokensRequired` (then 401); mutations check for a token later
 *   (writeAccessPlugin), reads are open;
 * - no token configured at all: everything passes (mutations then answer FORBIDDEN).
 *
 * The token is never logged nor echoed.
 */
export function authenticate(options: {
  tokens: AccessTokens;
  limiter: AuthFailureLimiter;
  readTokensRequired: boolean;
  logger?: Logger;
}): RequestHandler {
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
    const header = req.headers.authorization;
    if (header === undefined) {
      if (options.readTokensRequired) {
        sendError(res, 401, 'UNAUTHENTICATED', 'This service requires a token: send Authorization: Bearer <token>.', {
          'WWW-Authenticate': WWW_AUTHENTICATE,
        });
        return;
      }
      next();
      return;
    }
    const match = /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(header);
    const name = match ? options.tokens.nameOf(match[1]!) : undefined;
    if (name) {
      (req as unknown as { [ACCESS]?: RequestAccess })[ACCESS] = { tokenName: name };
      next();
      return;
    }
    const address = req.socket.remoteAddress ?? 'unknown';
    // The guess is told apart by a digest (kept in memory for the window only, never logged).
    const guess = createHash('sha256').update(header, 'utf8').digest('base64');
    const outcome = options.limiter.fail(address, guess);
    const reason = match ? 'invalid token' : 'malformed Authorization header';
    if (outcome.counted) {
      options.logger?.warn(
        { authFailure: { address, method: req.method, path: req.path, reason, failures: outcome.failures } },
        `failed authentication from ${address}: ${reason}`,
      );
    }
    if (outcome.lockedNow) {
      options.logger?.warn(
        { authFailure: { address, lockedForSeconds: outcome.retryAfterSeconds, failures: outcome.failures } },
        `failed authentication from ${address}: too many different wrong tokens; further wrong tokens from it are refused for ${outcome.retryAfterSeconds} s (valid tokens still pass)`,
      );
    }
    if (outcome.retryAfterSeconds > 0) {
      sendError(
        res,
        429,
        'TOO_MANY_REQUESTS',
        `Too many failed authentications from this address; try again in ${outcome.retryAfterSeconds} s.`,
        {
          'Retry-After': String(outcome.retryAfterSeconds),
        },
      );
      return;
    }
    sendError(
      res,
      401,
      'UNAUTHENTICATED',
      match ? 'The bearer token is not valid.' : 'The Authorization header must be "Bearer <token>".',
      { 'WWW-Authenticate': `${WWW_AUTHENTICATE}, error="invalid_token"` },
    );
  };
}

/** FORBIDDEN (403) when no token is configured; UNAUTHENTICATED (401) when none was presented. */
export function writeAccessError(options: {
  tokensEnabled: boolean;
  tokenName: string | undefined;
}): GraphQLError | undefined {
  if (!options.tokensEnabled) {
    return new GraphQLError(WRITES_DISABLED_MESSAGE, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
  }
  if (!options.tokenName) {
    return new GraphQLError('Writing needs a token: send Authorization: Bearer <token>.', {
      extensions: {
        code: 'UNAUTHENTICATED',
        http: { status: 401, headers: new Map([['www-authenticate', WWW_AUTHENTICATE]]) },
      },
    });
  }
  return undefined;
}
