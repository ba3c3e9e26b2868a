// Sign in and out. A sign-in is proven by logging in to IMAP with the given credentials; the connection made for
// that check is kept as the user's session connection. Nothing is stored for a visitor until that proof: the form's
// CSRF token lives in a signed cookie (login-csrf.ts), and a refused password leaves no session behind.
import { Router, type Request, type Response } from 'express';
import type { SessionRegistry } from '../../mail/connection/session-registry.ts';
import { MailError } from '../../mail/errors/mail-errors.ts';
import { safeNext } from '../sessions/auth.ts';
import { clientAddress } from '../sessions/client-address.ts';
import { renewCsrfToken } from '../sessions/csrf.ts';
import { fieldErrors, loginForm } from '../forms/forms.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { msg } from '../i18n/translator.ts';
import { say, type UserMessage } from '../i18n/user-text.ts';
import type { KeyCheck } from '../sessions/key-check.ts';
import type { LoginCsrf } from '../sessions/login-csrf.ts';
import { sealPassword } from '../sessions/sealed-password.ts';
import { signInLimits } from '../sessions/sign-in-limits.ts';
import { clearSessionCookies, destroy, regenerate, setKeyCookie, startAfresh } from '../sessions/session.ts';

export interface LoginOptions {
  keys: KeyCheck;
  csrf: LoginCsrf;
  /** failed sign-ins per client address, and per user name, in 15 minutes */
  failuresPerWindow: number;
  /** a session ends here (sign-out, or a new sign-in in the same browser): what runs for it in the background stops */
  onSignOut?: (sessionId: string) => void;
}

interface FormState {
  /** the message above the form */
  error?: UserMessage | undefined;
  username?: string;
  next?: string | undefined;
  /** the problem per field */
  fields?: Record<string, UserMessage>;
}

export function loginRoutes(registry: SessionRegistry, opts: LoginOptions): Router {
  const router = Router();
  const show = (req: Request, res: Response, status: number, state: FormState) => {
    const words = localeOf(res);
    res.status(status).render('login', {
      error: state.error ? say(state.error, words) : undefined, username: state.username ?? '', next: state.next,
      fields: Object.fromEntries(Object.entries(state.fields ?? {}).map(([k, v]) => [k, say(v, words)])), loginToken: opts.csrf.token(req, res),
    });
  };
  const username = (req: Request) => (typeof req.body?.username === 'string' ? req.body.username : '');
  const limits = signInLimits({
    failuresPerWindow: opts.failuresPerWindow,
    refuse: (req, res) => show(req, res, 429, {
      error: { key: msg('login:errors.tooMany') }, username: username(req), next: safeNext(req.body?.next),
    }),
  });

  router.get('/login', (req, res) => {
    if (opts.keys.userOf(req)) return res.redirect(302, '/');
    show(req, res, 200, { next: safeNext(req.query.next) });
  });

  router.post('/login', ...limits, async (req, res) => {
    const next = safeNext(req.body?.next);
    const form = loginForm.safeParse(req.body ?? {});
    if (!form.success) {
      const fields = fieldErrors(form.error);
      return show(req, res, 400, { error: Object.values(fields)[0], username: username(req), next, fields });
    }
    const { username: user, password } = form.data;
    let mail;
    try {
      // The browser's address goes to the IMAP server (ID x-originating-ip), so its per-address penalties hit the
      // guesser rather than every Postern user (README, "Running behind Postern").
      mail = await registry.connect(user, password, clientAddress(req));
    } catch (err) {
      if (!(err instanceof MailError)) throw err;
      const status = err.kind === 'auth' ? 401 : err.kind === 'timeout' ? 504 : 503;
      const error = err.kind === 'auth'
        ? msg('login:errors.wrongPassword')
        : err.kind === 'timeout' ? msg('login:errors.timeout') : msg('login:errors.unavailable');
      return show(req, res, status, { error: { key: error }, username: user, next });
    }
    // A new session id at the privilege change defeats session fixation. When this browser was signed in already,
    // its old session and IMAP connection end here; a session it cannot prove is its own (no matching key cookie)
    // is left alone, since it may be somebody else's.
    const previous = opts.keys.userOf(req) ? req.sessionID : undefined;
    if (previous) {
      await regenerate(req);
      opts.onSignOut?.(previous);
      void registry.close(previous);
    } else {
      startAfresh(req);
    }
    const { sealed, key } = sealPassword(password);
    req.session.user = user;
    req.session.sealedPassword = sealed;
    req.session.keyCheck = opts.keys.fingerprint(key);
    renewCsrfToken(req);
    registry.adopt(req.sessionID, mail);
    setKeyCookie(req, res, key);
    res.redirect(303, next ?? '/mailbox/INBOX');
  });

  router.post('/logout', async (req, res) => {
    opts.onSignOut?.(req.sessionID);
    await registry.close(req.sessionID);
    await destroy(req);
    clearSessionCookies(req, res);
    res.redirect(303, '/login');
  });

  return router;
}
