// Which requests need a signed-in user, and the door from a request to that user's MailSession.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { MailSession } from '../../mail/connection/mail-session.ts';
import type { SessionRegistry } from '../../mail/connection/session-registry.ts';
import { clientAddress } from './client-address.ts';
import { HttpError } from '../pages/errors.ts';
import { msg } from '../i18n/translator.ts';
import type { KeyCheck } from './key-check.ts';
import { openPassword } from './sealed-password.ts';

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

/**
 * What a request that is not signed in gets: pages send it to the login form, anything else is a 401. An event
 * stream (EventSource asks with Accept: text/event-stream) is no page: the 401 makes the browser stop asking.
 */
function signedOut(req: Request, res: Response, next: NextFunction): void {
  if ((req.method === 'GET' || req.method === 'HEAD') && !req.get('accept')?.includes('text/event-stream')) {
    const target = req.originalUrl === '/' ? '' : `?next=${encodeURIComponent(req.originalUrl)}`;
    return res.redirect(302, `/login${target}`);
  }
  next(new HttpError(401, { key: msg('error:messages.signedOut') }));
}

export function requireLogin(registry: SessionRegistry, keys: KeyCheck): RequestHandler {
  return (req, res, next) => {
    if (isPublic(req)) return next();
    // The key cookie is checked before anything touches the live connection (key-check.ts). A request that fails
    // it is answered as signed out and leaves the session alone: it may be a thief holding someone's session id.
    const user = keys.userOf(req);
    if (!user) return signedOut(req, res, next);
    let mail = registry.get(req.sessionID);
    if (!mail || mail.user !== user) {
      const password = openPassword(req.session.sealedPassword ?? '', keys.keyOf(req) ?? '');
      if (password === undefined) return signedOut(req, res, next);
      mail = registry.attach(req.sessionID, user, password, clientAddress(req));
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
