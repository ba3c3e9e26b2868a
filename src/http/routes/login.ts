// Sign in and out. A sign-in is proven by logging in to IMAP with the given credentials; the connection made for
// that check is kept as the user's session connection.
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { SessionRegistry } from '../../mail/session-registry.ts';
import { MailError } from '../../mail/mail-errors.ts';
import { safeNext } from '../auth.ts';
import { renewCsrfToken } from '../csrf.ts';
import { takeFlash } from '../flash.ts';
import { fieldErrors, loginForm } from '../forms.ts';
import { sealPassword } from '../sealed-password.ts';
import { clearSessionCookies, destroy, regenerate, setKeyCookie } from '../session.ts';

export function loginRoutes(registry: SessionRegistry, opts: { loginAttemptsPerWindow: number }): Router {
  const router = Router();
  // Password guessing costs the IMAP server a login each: cap attempts per client address.
  const limiter = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: opts.loginAttemptsPerWindow,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      res.status(429).render('login', { error: 'Too many sign-in attempts. Wait a few minutes and try again.', username: '', next: safeNext(req.body?.next), fields: {} });
    },
  });

  router.get('/login', takeFlash, (req, res) => {
    if (req.session?.user) return res.redirect(302, '/');
    res.render('login', { error: undefined, username: '', next: safeNext(req.query.next), fields: {} });
  });

  router.post('/login', limiter, async (req, res) => {
    const next = safeNext(req.body?.next);
    const form = loginForm.safeParse(req.body ?? {});
    if (!form.success) {
      const fields = fieldErrors(form.error);
      const username = typeof req.body?.username === 'string' ? req.body.username : '';
      return res.status(400).render('login', { error: Object.values(fields)[0], username, next, fields });
    }
    const { username, password } = form.data;
    let mail;
    try {
      mail = await registry.connect(username, password);
    } catch (err) {
      if (!(err instanceof MailError)) throw err;
      const status = err.kind === 'auth' ? 401 : err.kind === 'timeout' ? 504 : 503;
      const error = err.kind === 'auth'
        ? 'Wrong user name or password.'
        : err.kind === 'timeout'
          ? 'The mail server did not answer in time. Please try again in a moment.'
          : 'The mail server cannot be reached right now. Please try again in a moment.';
      return res.status(status).render('login', { error, username, next, fields: {} });
    }
    // A new session id at the privilege change defeats session fixation.
    await regenerate(req);
    const { sealed, key } = sealPassword(password);
    req.session.user = username;
    req.session.sealedPassword = sealed;
    renewCsrfToken(req);
    registry.adopt(req.sessionID, mail);
    setKeyCookie(req, res, key);
    res.redirect(303, next ?? '/mailbox/INBOX');
  });

  router.post('/logout', async (req, res) => {
    await registry.close(req.sessionID);
    await destroy(req);
    clearSessionCookies(req, res);
    res.redirect(303, '/login');
  });

  return router;
}
