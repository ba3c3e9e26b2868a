// Which requests need a signed-in user, and the door from a request to that user's MailSession.
import type { Request, RequestHandler, Response } from 'express';
import type { MailSession } from '../mail/mail-session.ts';
import type { SessionRegistry } from '../mail/session-registry.ts';
import { HttpError } from './errors.ts';
import { flash } from './flash.ts';
import { openPassword } from './sealed-password.ts';
import { KEY_COOKIE } from './session.ts';

/**
 * Routes anyone may reach; everything else needs a session. An explicit list, so a new route is private by
 * default (STYLE.md 8).
 */
const PUBLIC: { method: string; path: RegExp }[] = [
  { method: 'GET', path: /^\/login$/ },
  { method: 'POST', path: /^\/login$/ },
  { method: 'GET', path: /^\/(healthz|readyz|metrics)$/ },
  { method: 'GET', path: /^\/static\// },
  { method: 'GET', path: /^\/favicon\.ico$/ },
];

export function isPublic(req: Request): boolean {
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  return PUBLIC.some((r) => r.method === method && r.path.test(req.path));
}

/** Same-origin paths only: `next` must never send a freshly signed-in user to another site. */
export function safeNext(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  if (/[\u0000-\u001f\u007f\\]/.test(value) || value.length > 2000) return undefined;
  return value;
}

export function requireLogin(registry: SessionRegistry): RequestHandler {
  return (req, res, next) => {
    if (isPublic(req)) return next();
    const user = req.session?.user;
    if (!user) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        const target = req.originalUrl === '/' ? '' : `?next=${encodeURIComponent(req.originalUrl)}`;
        return res.redirect(302, `/login${target}`);
      }
      return next(new HttpError(401, 'You are not signed in, or your session has expired. Sign in and try again.'));
    }
    let mail = registry.get(req.sessionID);
    if (!mail || mail.user !== user) {
      const key = (req.cookies as Record<string, string> | undefined)?.[KEY_COOKIE];
      const password = key && req.session.sealedPassword ? openPassword(req.session.sealedPassword, key) : undefined;
      if (password === undefined) {
        // The key cookie is gone or does not match (another browser, cookies cleared): the session is useless.
        return req.session.regenerate(() => {
          flash(req, 'error', 'Your session has expired. Please sign in again.');
          res.redirect(303, '/login');
        });
      }
      mail = registry.attach(req.sessionID, user, password);
    }
    res.locals.mail = mail;
    res.locals.user = user;
    next();
  };
}

export function mailSessionOf(res: Response): MailSession {
  const mail = res.locals.mail as MailSession | undefined;
  if (!mail) throw new Error('mailSessionOf() used on a route without requireLogin');
  return mail;
}
