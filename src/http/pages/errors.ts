// One place maps every failure to a status and a page (STYLE.md 4). Pages say what went wrong and what to do;
// they never show a stack, a server's internals or a secret.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { MailError, type MailErrorKind } from '../../mail/errors/mail-errors.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { msg } from '../i18n/translator.ts';
import { say, sayMailError, type Keyed, type Words } from '../i18n/user-text.ts';

/**
 * An error whose message is written for the user, with the status that goes with it. The message is a catalog key
 * with its values (msg() with values, or a MailError's UserText), never text: the page is in the reader's language.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly userMessage: Keyed;
  constructor(status: number, message: Keyed) {
    super(message.key);
    this.name = 'HttpError';
    this.status = status;
    this.userMessage = message;
  }
}

const MAIL_STATUS: Record<MailErrorKind, number> = {
  auth: 401, 'not-found': 404, exists: 409, unavailable: 503, rejected: 422, 'too-large': 413, timeout: 504, busy: 429,
};

const TITLES: Record<number, string> = {
  400: msg('error:titles.400'), 401: msg('error:titles.401'), 403: msg('error:titles.403'), 404: msg('error:titles.404'),
  409: msg('error:titles.409'), 413: msg('error:titles.413'), 415: msg('error:titles.415'), 422: msg('error:titles.422'),
  429: msg('error:titles.429'), 500: msg('error:titles.500'), 503: msg('error:titles.503'),
  502: msg('error:titles.502'), 504: msg('error:titles.504'),
};

interface Classified {
  status: number;
  message: Keyed | MailError;
  /** what the log says besides the message (a library's own English) */
  detail?: string | undefined;
}

function classify(err: unknown): Classified {
  if (err instanceof HttpError) return { status: err.status, message: err.userMessage };
  if (err instanceof MailError) return { status: MAIL_STATUS[err.kind], message: err };
  const e = err as { code?: string; type?: string; status?: number; expose?: boolean; message?: string };
  if (e?.code === 'EBADCSRFTOKEN') return { status: 403, message: { key: msg('error:messages.csrf') } };
  if (e?.type === 'entity.too.large') return { status: 413, message: { key: msg('error:messages.requestTooLarge') } };
  if (e?.type === 'entity.parse.failed' || e?.type === 'encoding.unsupported') return { status: 400, message: { key: msg('error:messages.bodyUnreadable') } };
  // body-parser, express and URI decoding errors carry a safe 4xx status; their English message goes to the log.
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return { status: e.status, message: { key: msg('error:messages.notUnderstood') }, detail: e.expose ? e.message : undefined };
  }
  return { status: 500, message: { key: msg('error:messages.unexpected') } };
}

/** `locale` sets the request's language for a failure that came before the request-locale middleware ran. */
export function errorHandler(logger: Logger, locale: RequestHandler): ErrorRequestHandler {
  return (err, req, res, next) => {
    const { status, message, detail } = classify(err);
    if (!res.locals.locale) void locale(req, res, () => undefined);
    const words: Words = localeOf(res);
    const { t } = words;
    const text = message instanceof MailError ? sayMailError(message, words) : say(message, words);
    const logged = message instanceof MailError ? message.userMessage : detail ? `${message.key}: ${detail}` : message.key;
    // An HttpError of 5xx names a server that is not ours failing (a remote image's host): worth a warning, not a stack.
    if (status >= 500 && !(err instanceof HttpError)) logger.error({ err, path: req.path }, 'request failed');
    else if (status >= 500) logger.warn({ status, path: req.path }, logged);
    // The server's own reply and codes go to the log only: the page has plain words (mail/errors/server-words.ts).
    else logger.info({ status, path: req.path, ...(err instanceof MailError ? err.logFields : {}) }, logged);
    if (res.headersSent) {
      // A stream broke halfway (server dropped the connection mid-download): all we can do is cut it off. A
      // response already complete stays intact (the session store failing to save after it, say).
      if (!res.writableEnded) res.destroy();
      return;
    }
    // res.locals.user is set only for a request that passed the key-cookie check: a request holding someone
    // else's session id must neither see their name nor end their session.
    const user = res.locals.user as string | undefined;
    if (status === 401 && user) {
      // The IMAP server no longer takes the stored password (changed elsewhere): sign in again.
      req.session.destroy(() => res.redirect(303, '/login'));
      return;
    }
    res.status(status).render('error', { status, title: t(TITLES[status] ?? msg('error:titles.other')), message: text, user });
    void next;
  };
}

export const notFound: RequestHandler = (_req, _res, next) => {
  next(new HttpError(404, { key: msg('error:messages.noPage') }));
};
