// express-session with the store chosen by config: process memory by default (memory-session-store.ts), Redis when
// SESSION_STORE_URL is set so that any instance behind a load balancer serves any user. Only a sign-in makes a
// session: the login form keeps its CSRF token in a signed cookie (login-csrf.ts), so anonymous traffic stores
// nothing.
//
// A session lives SESSION_MAX_AGE_MS after it was last refreshed, and a signed-in request refreshes it at most once
// a minute (keepSessionAlive): express-session's rolling sessions wrote to the store on every request (a Redis
// EXPIRE on the page's path, or memorystore parsing and serializing the session again) and signed a new cookie for
// every response. So a session ends 12 hours after its last request, give or take that minute.
import { createSecretKey } from 'node:crypto';
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
    /** when a signed-in request last extended the session's life (ms since the epoch) */
    refreshedAt: number;
    /** the last unsafe request of this browser (fresh-counts.ts): another Postern instance may have made it */
    mailWrite: string;
  }
}

export const SESSION_COOKIE = 'postern.sid';
export const KEY_COOKIE = 'postern.key';
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;
export const SESSION_REFRESH_MS = 60 * 1000;

export function sessionMiddleware(secret: string, store: Store | undefined): RequestHandler {
  // Without touch() express-session writes a session only when it changed (resave: false), and keepSessionAlive
  // changes it at most once a minute.
  if (store) store.touch = undefined;
  return session({
    name: SESSION_COOKIE,
    // A KeyObject made once (createHmac accepts one, and express-session takes what createHmac takes): with the
    // secret as a string, every request imported the key again to check its cookie's signature (~25 µs a time).
    // The same bytes as the string, so cookies signed before stay valid.
    secret: createSecretKey(Buffer.from(secret, 'utf8')) as unknown as string,
    ...(store ? { store } : {}),
    resave: false,
    // Nothing is stored for a visitor who has not signed in.
    saveUninitialized: false,
    // The cookie is sent again only with a session that changed (a refresh, a flash, a new CSRF token).
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SESSION_MAX_AGE_MS },
  });
}

/**
 * Extends a signed-in session's life, at most once a minute: marking it changed makes express-session save it
 * (the store's expiry starts again) and send its cookie with a new expiry. Mounted after requireLogin, so only a
 * request that proved its key cookie keeps a session alive; one that did not changes nothing (key-check.ts).
 */
export const keepSessionAlive: RequestHandler = (req, res, next) => {
  const now = Date.now();
  if (res.locals.mail && req.session && !(now - (req.session.refreshedAt ?? 0) < SESSION_REFRESH_MS)) req.session.refreshedAt = now;
  next();
};

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
