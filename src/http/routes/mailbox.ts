// GET /mailbox/:mailbox — the folder tree and one page of messages, searched and sorted as the query asks.
import { Router } from 'express';
import { listMessages } from '../../mail/reading/messages.ts';
import { mailSessionOf } from '../auth.ts';
import { takeFlash } from '../flash.ts';
import { fieldErrors } from '../forms.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { say } from '../i18n/user-text.ts';
import { shownFolders } from '../shown-folders.ts';
import { settingsOf } from '../load-settings.ts';
import { listHref, messageQueryOf, sortOf } from '../list-state.ts';
import { invalidSearchPage, mailboxPage, type SearchInput } from '../presenters/mailbox-page.ts';
import { mailboxParams, mailboxQuery, parse } from '../params.ts';

export function mailboxRoutes(opts: { pageSize: number; folderCountsMs: number }): Router {
  const router = Router();

  router.get('/', (_req, res) => res.redirect(302, '/mailbox/INBOX'));

  router.get('/mailbox/:mailbox', takeFlash, async (req, res) => {
    const { mailbox } = parse(mailboxParams, req.params);
    const query = mailboxQuery.safeParse(req.query);
    const mail = mailSessionOf(res);
    if (!query.success) {
      // A search form that does not parse is shown again with what was typed and what is wrong with it.
      const words = localeOf(res);
      const errors = Object.fromEntries(Object.entries(fieldErrors(query.error)).map(([k, v]) => [k, say(v, words)]));
      return res.status(400).render('mailbox', invalidSearchPage(await shownFolders(res, { maxAgeMs: opts.folderCountsMs }), mailbox, words, { fields: typedFields(req.query), errors }));
    }
    const list = query.data;
    // PAGE_SIZE is the instance's default; a user's own choice (within the same bounds) wins.
    const pageSize = settingsOf(res)?.pageSize ?? opts.pageSize;
    const messages = await listMessages(mail, mailbox, { page: list.page, pageSize, query: messageQueryOf(list), sort: sortOf(list) });
    if (messages.messages.length === 0 && list.page > messages.pageCount) {
      // Past the end: the page's messages were moved away (the last ones of the folder), or the link is old. The
      // last page of the same list, with the flash that said what happened.
      if (res.locals.flash.length) req.session.flash = res.locals.flash;
      return res.redirect(302, listHref(mailbox, list, { page: messages.pageCount }));
    }
    // The mailbox page is where people look for new mail: the watched folder's counts are current (IDLE), the
    // others at most FOLDER_COUNTS_SECONDS old.
    const folders = await shownFolders(res, { maxAgeMs: opts.folderCountsMs });
    res.render('mailbox', mailboxPage(folders, messages, localeOf(res), { fields: list, errors: {} }, { list, selectPage: req.query.select === 'page' }));
  });

  return router;
}

/** The fields as the user typed them, for the form; a repeated field shows its first value. */
function typedFields(raw: Record<string, unknown>): SearchInput['fields'] {
  const first = (v: unknown): string | undefined => (Array.isArray(v) ? first(v[0]) : typeof v === 'string' ? v : undefined);
  const names = ['q', 'from', 'to', 'subject', 'since', 'before', 'attachment', 'filter', 'sort', 'order'] as const;
  return Object.fromEntries(names.map((n) => [n, first(raw[n])]));
}
