// GET /mailbox/:mailbox — the folder tree and one page of messages, searched and sorted as the query asks.
import { Router } from 'express';
import { listMailboxes } from '../../mail/mailboxes.ts';
import { listMessages, type MessageQuery } from '../../mail/messages.ts';
import { sortOrder } from '../../mail/sort.ts';
import { mailSessionOf } from '../auth.ts';
import { takeFlash } from '../flash.ts';
import { fieldErrors } from '../forms.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { settingsOf } from '../load-settings.ts';
import { invalidSearchPage, mailboxPage, type SearchInput } from '../presenters/mailbox-page.ts';
import { mailboxParams, mailboxQuery, parse, type MailboxQuery } from '../params.ts';

export function mailboxRoutes(opts: { pageSize: number }): Router {
  const router = Router();

  router.get('/', (_req, res) => res.redirect(302, '/mailbox/INBOX'));

  router.get('/mailbox/:mailbox', takeFlash, async (req, res) => {
    const { mailbox } = parse(mailboxParams, req.params);
    const query = mailboxQuery.safeParse(req.query);
    const mail = mailSessionOf(res);
    if (!query.success) {
      // A search form that does not parse is shown again with what was typed and what is wrong with it.
      const input: SearchInput = { fields: typedFields(req.query), errors: fieldErrors(query.error) };
      return res.status(400).render('mailbox', invalidSearchPage(await listMailboxes(mail, { maxAgeMs: 0 }), mailbox, localeOf(res), input));
    }
    const q = query.data;
    // PAGE_SIZE is the instance's default; a user's own choice (within the same bounds) wins.
    const pageSize = settingsOf(res)?.pageSize ?? opts.pageSize;
    const messages = await listMessages(mail, mailbox, { page: q.page, pageSize, query: messageQuery(q), sort: sortOrder(q.sort, q.order) });
    // The mailbox page is where people look for new mail: its counts are always current.
    const folders = await listMailboxes(mail, { maxAgeMs: 0 });
    res.render('mailbox', mailboxPage(folders, messages, localeOf(res), { fields: q, errors: {} }));
  });

  return router;
}

function messageQuery(q: MailboxQuery): MessageQuery {
  const day = (s: string | undefined) => (s ? new Date(`${s}T00:00:00Z`) : undefined);
  return {
    text: q.q, from: q.from, to: q.to, subject: q.subject, since: day(q.since), before: day(q.before),
    unseen: q.filter === 'unseen', flagged: q.filter === 'flagged', attachment: q.attachment === '1',
  };
}

/** The fields as the user typed them, for the form; a repeated field shows its first value. */
function typedFields(raw: Record<string, unknown>): SearchInput['fields'] {
  const first = (v: unknown): string | undefined => (Array.isArray(v) ? first(v[0]) : typeof v === 'string' ? v : undefined);
  const names = ['q', 'from', 'to', 'subject', 'since', 'before', 'attachment', 'filter', 'sort', 'order'] as const;
  return Object.fromEntries(names.map((n) => [n, first(raw[n])]));
}
