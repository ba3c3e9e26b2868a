// Any unsafe request may change folders or unread counts (flags, moves, deletes, sending, folder changes): the
// page it redirects to must list them afresh, not from the connection's short-lived folder cache. Forgotten when
// the request starts and again when it ends, since the handler itself may list folders before it writes.
import type { RequestHandler } from 'express';
import { forgetMailboxes } from '../mail/folders/mailboxes.ts';
import type { MailSession } from '../mail/connection/mail-session.ts';

export const freshCountsAfterWrites: RequestHandler = (req, res, next) => {
  const mail = res.locals.mail as MailSession | undefined;
  if (mail && req.method !== 'GET' && req.method !== 'HEAD') {
    forgetMailboxes(mail);
    res.once('finish', () => forgetMailboxes(mail));
  }
  next();
};
