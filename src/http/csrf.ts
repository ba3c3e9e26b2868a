// Synchronizer-token CSRF protection (csrf-sync) on every unsafe method. The token lives in the session and is
// sent back as the hidden `_csrf` field (or the x-csrf-token header for progressive JS).
import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';

const csrf = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    return typeof fromBody === 'string' ? fromBody : req.get('x-csrf-token');
  },
});

export const csrfProtection: RequestHandler = csrf.csrfSynchronisedProtection;

/** Exposes csrfToken() to views; calling it stores a token, which is what makes a new visitor's session. */
export const csrfTokenForViews: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = () => csrf.generateToken(req);
  next();
};

/** A new token after sign-in, so a token seen before login is worthless after it. */
export function renewCsrfToken(req: Request): string {
  return csrf.generateToken(req, true);
}
