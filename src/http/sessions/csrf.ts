// CSRF protection on every unsafe method. Signed-in forms use a synchronizer token (csrf-sync): it lives in the
// session and comes back as the hidden `_csrf` field (or the x-csrf-token header for progressive JS). The sign-in
// form has no session yet and uses a signed double-submit cookie (login-csrf.ts).
import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import { timingSafeEqual } from 'node:crypto';
import { isMultipartPost } from '../forms/early-body.ts';
import type { LoginCsrf } from './login-csrf.ts';

const csrf = csrfSync({
  // 256 random bits, printed as 64 hex digits: beyond guessing, as csrf-sync's default of 128 bytes is, at a quarter
  // of the length. The token is in the session (hashed three times a request by express-session) and in every form
  // of every page.
  size: 32,
  getTokenFromRequest: (req: Request) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    return typeof fromBody === 'string' ? fromBody : req.get('x-csrf-token');
  },
});

/** Routes reached before any session exists: their token is the signed cookie's. */
const SESSIONLESS_ROUTES = new Set(['/login']);

export function csrfProtection(loginForm: LoginCsrf): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'POST' && SESSIONLESS_ROUTES.has(req.path)) return next(loginForm.valid(req) ? undefined : csrf.invalidCsrfTokenError);
    // A multipart route reads its own body and calls verifyCsrfToken before it acts on anything (early-body.ts).
    if (isMultipartPost(req)) return next();
    csrf.csrfSynchronisedProtection(req, res, next);
  };
}

/** The check csrfProtection does, for a token a multipart route read from its own parsed fields. */
export function verifyCsrfToken(req: Request, token: unknown): void {
  const expected = csrf.getTokenFromState(req);
  const a = Buffer.from(typeof token === 'string' ? token : '');
  const b = Buffer.from(expected ?? '');
  if (!expected || a.length !== b.length || !timingSafeEqual(a, b)) throw csrf.invalidCsrfTokenError;
}

/** Exposes csrfToken() to signed-in views; calling it stores a token in the session. */
export const csrfTokenForViews: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = () => csrf.generateToken(req);
  next();
};

/** A new token after sign-in, so a token seen before login is worthless after it. */
export function renewCsrfToken(req: Request): string {
  return csrf.generateToken(req, true);
}
