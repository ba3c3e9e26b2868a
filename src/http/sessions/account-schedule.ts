// Keeps the background fetching of other accounts (src/accounts/fetch-schedule.ts) in step with the signed-in
// session: every signed-in request touches its schedule, which starts it (with a first run) when this process has
// none, as after a sign-in or when another instance served the session until now. The IMAP password is opened from
// the session only then; the session's fate (signed out elsewhere, expired) is asked of the session store later.
import type { RequestHandler } from 'express';
import type { Store } from 'express-session';
import type { Accounts } from '../../accounts/accounts.ts';
import type { SessionState } from '../../accounts/fetch-schedule.ts';
import type { MailSession } from '../../mail/connection/mail-session.ts';
import type { KeyCheck } from './key-check.ts';
import { openPassword } from './sealed-password.ts';

function sessionState(store: Store, sid: string, user: string): Promise<SessionState> {
  return new Promise((resolve) => {
    store.get(sid, (err, session) => resolve(err ? 'unknown' : session?.user === user ? 'alive' : 'gone'));
  });
}

export function accountSchedule(accounts: Accounts, keys: KeyCheck): RequestHandler {
  return (req, res, next) => {
    const mail = res.locals.mail as MailSession | undefined;
    const user = res.locals.user as string | undefined;
    // Signing out ends the schedule (routes/login.ts): starting one on the way out would only fetch once more.
    if (!mail || !user || req.path === '/logout') return next();
    const sealed = req.session.sealedPassword ?? '';
    const key = keys.keyOf(req) ?? '';
    const { sessionStore: store, sessionID: sid } = req;
    const ended = accounts.touch(sid, user, mail, { password: () => openPassword(sealed, key), state: () => sessionState(store, sid, user) });
    // A slow request (sealing a password, say) keeps the schedule it may add an account to.
    res.once('close', ended);
    next();
  };
}
