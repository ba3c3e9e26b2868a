// The session cookie alone must not open a mailbox: at sign-in the session keeps a keyed hash of the key cookie
// (HMAC-SHA256 under a key derived from SESSION_SECRET), and every request must bring the cookie that hashes to
// it. A session id that leaked (a log, a shared machine, a proxy) is then worth nothing without its key cookie.
// A request that fails the check is treated as signed out and changes nothing in the session it named, so a
// thief cannot sign its owner out either.
import type { Request, RequestHandler } from 'express';
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { derivedKey } from './derived-keys.ts';
import { KEY_COOKIE } from './session.ts';

export interface KeyCheck {
  /** the value the session keeps for the key cookie `key` */
  fingerprint(key: string): string;
  /** the signed-in user, when the request carries the key cookie its session was signed in with */
  userOf(req: Request): string | undefined;
  /** the key cookie of a request that passed userOf */
  keyOf(req: Request): string | undefined;
}

export function keyCheck(sessionSecret: string): KeyCheck {
  // A KeyObject made once: createHmac with a raw Buffer key imports the key again on every call (about 25 µs here,
  // against 3 µs), and every signed-in request checks its key cookie.
  const hmacKey = createSecretKey(derivedKey(sessionSecret, 'key-cookie-check'));
  const digest = (key: string) => createHmac('sha256', hmacKey).update(key, 'utf8').digest();
  const keyOf = (req: Request) => {
    const key = (req.cookies as Record<string, unknown> | undefined)?.[KEY_COOKIE];
    return typeof key === 'string' && key ? key : undefined;
  };
  return {
    fingerprint: (key) => digest(key).toString('base64url'),
    keyOf,
    userOf(req) {
      const user = req.session?.user;
      const stored = req.session?.keyCheck;
      const key = keyOf(req);
      if (!user || typeof stored !== 'string' || !key) return undefined;
      const expected = Buffer.from(stored, 'base64url');
      const given = digest(key);
      return expected.length === given.length && timingSafeEqual(expected, given) ? user : undefined;
    },
  };
}

/**
 * Names the signed-in user for views and the error page (res.locals.user), or nobody. requireLogin checks again
 * itself rather than trust the order of middleware.
 */
export function identify(keys: KeyCheck): RequestHandler {
  return (req, res, next) => {
    res.locals.user = keys.userOf(req);
    next();
  };
}
