// express-session with the store chosen by config: process memory by default, Redis when SESSION_STORE_URL is
// set so that any instance behind a load balancer serves any user.
import type { RequestHandler, Request, Response, CookieOptions } from 'express';
import session, { type Store } from 'express-session';

declare module 'express-session' {
  interface SessionData {
    user: string;
    sealedPassword: string;
    flash: { type: 'info' | 'error'; text: string }[];
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
    // No session for a visitor who never sees a form: the CSRF token on the login form is what creates one.
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

export function destroy(req: Request): Promise<void> {
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}
