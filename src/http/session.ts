// express-session with the store chosen by config: process memory by default (memory-session-store.ts), Redis when
// SESSION_STORE_URL is set so that any instance behind a load balancer serves any user. Only a sign-in makes a
// session: the login form keeps its CSRF token in a signed cookie (login-csrf.ts), so anonymous traffic stores
// nothing.
import type { RequestHandler, Request, Response, CookieOptions } from 'express';
import session, { type Store } from 'express-session';

declare module 'express-session' {
  interface SessionData {
    user: string;
    sealedPassword: string;
    /** keyed hash of the key cookie (key-check.ts): the session id alone opens nothing */
    keyCheck: string;
    /** text not yet in a catalog, or a catalog key translated when shown (in the language of that page) */
    flash: { type: 'info' | 'error'; text?: string; key?: string; values?: Record<string, string | number> }[];
    /** the last unsafe request of this browser (fresh-counts.ts): another Postern instance may have made it */
    mailWrite: string;
  }
}

export const SESSION_COOKIE = 'postern.sid';
export const KEY_COOKIE = 'postern.key';
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;

export function sessionMiddleware(secret: string, store: Store | undefined): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret,
    ...(store ? { store } : {}),
    resave: false,
    // Nothing is stored for a visitor who has not signed in.
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SESSION_MAX_AGE_MS },
  });
}

function keyCookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: SESSION_MAX_AGE_MS };
}

export function setKeyCookie(req: Request, res: Response, key: string): void {
  res.cookie(KEY_COOKIE, key, keyCookieOptions(req));
}

export function clearSessionCookies(req: Request, res: Response): void {
  const { maxAge: _ignored, ...options } = keyCookieOptions(req);
  res.clearCookie(KEY_COOKIE, options);
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

/**
 * A new, empty session for this request that leaves the one its cookie named alone: that one may belong to
 * somebody else (a stolen session id signing in to its own account must not end its victim's session).
 */
export function startAfresh(req: Request): void {
  req.sessionStore.generate(req);
}

export function destroy(req: Request): Promise<void> {
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}
