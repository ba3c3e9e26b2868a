// GET /mailbox/:mailbox — the folder tree and one page of messages.
import { Router } from 'express';
import { listMailboxes } from '../../mail/mailboxes.ts';
import { listMessages } from '../../mail/messages.ts';
import { mailSessionOf } from '../auth.ts';
import { takeFlash } from '../flash.ts';
import { mailboxPage } from '../presenters/mailbox-page.ts';
import { mailboxParams, mailboxQuery, parse } from '../params.ts';

export function mailboxRoutes(opts: { pageSize: number }): Router {
  const router = Router();

  router.get('/', (_req, res) => res.redirect(302, '/mailbox/INBOX'));

  router.get('/mailbox/:mailbox', takeFlash, async (req, res) => {
    const { mailbox } = parse(mailboxParams, req.params);
    const { page } = parse(mailboxQuery, req.query);
    const mail = mailSessionOf(res);
    const messages = await listMessages(mail, mailbox, { page, pageSize: opts.pageSize });
    const folders = await listMailboxes(mail);
    res.render('mailbox', mailboxPage(folders, messages, new Date()));
  });

  return router;
}
