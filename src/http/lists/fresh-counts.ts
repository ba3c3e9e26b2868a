// Any unsafe request may change folders or unread counts (flags, moves, deletes, sending, folder changes): the
// page it redirects to must list them afresh, not from the connection's folder cache. Forgotten when the request
// starts and again when it ends, since the handler itself may list folders before it writes.
//
// The session's mail cache answers pages while IDLE reports nothing new, and IDLE hears of a change made through
// another connection only about half a second later. When the browser's last write went through another Postern
// instance (sessions in Redis), the page after its redirect could come from this instance's cache before that:
// each unsafe request stamps the HTTP session, and a MailSession that has not seen the stamp asks the server first.
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { forgetMailboxes } from '../../mail/folders/mailboxes.ts';
import type { MailSession } from '../../mail/connection/mail-session.ts';

export const freshCountsAfterWrites: RequestHandler = (req, res, next) => {
  const mail = res.locals.mail as MailSession | undefined;
  if (!mail) return next();
  const stamp = req.session.mailWrite;
  if (stamp && stamp !== mail.lastWrite) {
    mail.distrust();
    mail.lastWrite = stamp;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    mail.lastWrite = req.session.mailWrite = randomBytes(6).toString('base64url');
    forgetMailboxes(mail);
    res.once('finish', () => forgetMailboxes(mail));
  }
  next();
};
