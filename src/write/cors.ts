import type { RequestHandler } from 'express';

/**
 * CORS for explicitly listed origins only (CORS_ORIGINS). Without a list nothing is sent, so
 * browsers keep other sites from reading answers or sending JSON/authorized requests (the CSRF
 * guard relies on that preflight). Never `*`: a listed origin is echoed, with Vary: Origin.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (allowed.size === 0 || !origin || !allowed.has(origin)) {
      next();
      return;
    }
    res.vary('Origin');
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      res.setHeader(
        'Access-Control-Allow-Headers',
        'Content-Type, Authorization, Apollo-Require-Preflight, X-Apollo-Operation-Name',
      );
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
