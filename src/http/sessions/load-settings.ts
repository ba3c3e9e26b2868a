// A signed-in user's settings (src/settings, stored on their IMAP server and cached per MailSession), read once
// per request into res.locals for the language, time zone, theme and page size of every page. A mail server that
// cannot give them right now must not take the mail with it: the page is shown with the defaults, logged.
// They live in res.locals.userSettings, never res.locals.settings: Express hands res.locals to the view engine as
// the template's data, and EJS reads `settings` there as Express's app settings (`settings['view cache']`). Named
// `settings`, they switched the template cache off for every signed-in page: each one compiled its templates
// again, about a millisecond of CPU per page (issue 9's profile).
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { asMailError } from '../../mail/errors/mail-errors.ts';
import type { MailSession } from '../../mail/connection/mail-session.ts';
import type { SettingsStore } from '../../settings/settings-store.ts';
import { USER_SETTINGS, type UserSettings } from '../../settings/user-settings.ts';

export function loadSettings(store: SettingsStore, logger: Logger): RequestHandler {
  return async (_req, res, next) => {
    const mail = res.locals.mail as MailSession | undefined;
    if (!mail) return next();
    try {
      res.locals.userSettings = await store.read(mail, USER_SETTINGS);
    } catch (err) {
      const error = asMailError(err);
      if (!error) return next(err);
      // A refused password is the session's end, not a settings problem: the error handler signs out.
      if (error.kind === 'auth') return next(error);
      logger.warn({ user: mail.user, kind: error.kind }, 'settings unavailable, using the defaults');
      res.locals.userSettings = USER_SETTINGS.empty();
      res.locals.settingsUnavailable = true;
    }
    next();
  };
}

/** The signed-in user's settings; undefined on public pages. */
export function settingsOf(res: Response): UserSettings | undefined {
  return res.locals.userSettings as UserSettings | undefined;
}
