// One place maps every failure to a status and a page (STYLE.md 4). Pages say what went wrong and what to do;
// they never show a stack, a server's internals or a secret.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { MailError, type MailErrorKind } from '../mail/mail-errors.ts';

/** An error whose message is written for the user, with the status that goes with it. */
export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
  }
}

const MAIL_STATUS: Record<MailErrorKind, number> = {
  auth: 401, 'not-found': 404, exists: 409, unavailable: 503, rejected: 422, 'too-large': 413, timeout: 504, busy: 429,
};

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Please sign in again', 403: 'Not allowed', 404: 'Not found', 409: 'Already exists',
  413: 'Too large', 415: 'Unsupported content', 422: 'Refused by the mail server', 429: 'Too many requests',
  502: 'Remote server failed', 503: 'Mail server unavailable', 504: 'Server did not answer in time',
  500: 'Something went wrong',
};

interface Classified {
  status: number;
  message: string;
}

function classify(err: unknown): Classified {
  if (err instanceof HttpError) return { status: err.status, message: err.message };
  if (err instanceof MailError) {
    return { status: MAIL_STATUS[err.kind], message: err.userMessage };
  }
  const e = err as { code?: string; type?: string; status?: number; expose?: boolean; message?: string };
  if (e?.code === 'EBADCSRFTOKEN') {
    return { status: 403, message: 'This form has expired or came from another site. Go back, reload the page and try again.' };
  }
  if (e?.type === 'entity.too.large') return { status: 413, message: 'That request is too large.' };
  if (e?.type === 'entity.parse.failed' || e?.type === 'encoding.unsupported') return { status: 400, message: 'The request body could not be read.' };
  // body-parser, express and URI decoding errors carry a safe 4xx status and message.
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return { status: e.status, message: e.expose && e.message ? e.message : 'The request could not be understood.' };
  }
  return { status: 500, message: 'Postern hit an unexpected error. It has been logged; please try again.' };
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    const { status, message } = classify(err);
    // An HttpError of 5xx names a server that is not ours failing (a remote image's host): worth a warning, not a stack.
    if (status >= 500 && !(err instanceof HttpError)) logger.error({ err, path: req.path }, 'request failed');
    else if (status >= 500) logger.warn({ status, path: req.path }, message);
    // The server's own reply and codes go to the log only: the page has plain words (mail/server-words.ts).
    else logger.info({ status, path: req.path, ...(err instanceof MailError ? err.logFields : {}) }, message);
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
    res.status(status).render('error', { status, title: TITLES[status] ?? 'Error', message, user });
    void next;
  };
}

export const notFound: RequestHandler = (_req, _res, next) => {
  next(new HttpError(404, 'There is no page at this address.'));
};
