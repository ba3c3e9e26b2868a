// GET /mailbox/:mailbox — the folder tree and one page of messages, searched and sorted as the query asks.
import { Router, type Response } from 'express';
import { listMessages } from '../../mail/reading/messages.ts';
import { listConversations, type ConversationPage } from '../../mail/threads/conversation-page.ts';
import { labelsOf } from '../lists/labels.ts';
import { searchAllUrl } from '../pages/urls.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import { takeFlash } from '../pages/flash.ts';
import { fieldErrors } from '../forms/forms.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { say } from '../i18n/user-text.ts';
import { shownFolders } from '../lists/shown-folders.ts';
import { settingsOf } from '../sessions/load-settings.ts';
import { listHref, messageQueryOf, searchParams, sortOf, type ListState } from '../lists/list-state.ts';
import { invalidSearchPage, mailboxPage, type SearchInput } from '../presenters/mailbox-page.ts';
import { liveList } from '../presenters/live-list.ts';
import { listRowsRenderer } from '../lists/list-rows-html.ts';
import { mailboxParams, mailboxQuery, parse } from '../forms/params.ts';

export function mailboxRoutes(opts: { pageSize: number; folderCountsMs: number; live: boolean }): Router {
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
      return res.status(400).render('mailbox', { ...invalidSearchPage(await shownFolders(res, { maxAgeMs: opts.folderCountsMs }), mailbox, words, { fields: typedFields(req.query), errors }, labelsOf(res)), live: undefined });
    }
    const list = query.data;
    // The search form's "all folders": the same search, in every folder (routes/search-all.ts).
    if (list.scope === 'all') return res.redirect(302, searchAllUrl(searchParams(list)));
    // Read before the list: the live list resumes from here, so a change made while the page is built comes again.
    const since = mail.watch.lastId;
    // PAGE_SIZE is the instance's default; a user's own choice (within the same bounds) wins.
    const pageSize = settingsOf(res)?.pageSize ?? opts.pageSize;
    const conversations = await conversationsFor(res, mailbox, list, pageSize);
    const messages = conversations
      ? { mailbox, total: conversations.total, page: list.page, pageCount: conversations.pageCount, messages: [] }
      : await listMessages(mail, mailbox, { page: list.page, pageSize, query: messageQueryOf(list), sort: sortOf(list) });
    if ((conversations ? conversations.conversations.length : messages.messages.length) === 0 && list.page > messages.pageCount) {
      // Past the end: the page's messages were moved away (the last ones of the folder), or the link is old. The
      // last page of the same list, with the flash that said what happened.
      if (res.locals.flash.length) req.session.flash = res.locals.flash;
      return res.redirect(302, listHref(mailbox, list, { page: messages.pageCount }));
    }
    // The mailbox page is where people look for new mail: the watched folder's counts are current (IDLE), the
    // others at most FOLDER_COUNTS_SECONDS old.
    const folders = await shownFolders(res, { maxAgeMs: opts.folderCountsMs });
    const view = mailboxPage(folders, messages, localeOf(res), { fields: list, errors: {} }, {
      list, selectPage: req.query.select === 'page', labels: labelsOf(res), conversations,
      renderRows: listRowsRenderer(mail.user, localeOf(res), req.app.get('views') as string),
    });
    // A list of conversations has no row for one new message: new mail there is a notice with a link.
    const live = opts.live ? liveList({
      mailbox, list, hasRows: view.rowCount > 0 && !conversations, title: view.title, unseen: folders.find((f) => f.path === mailbox)?.unseen ?? 0,
      since, pageSize, here: req.originalUrl,
    }, localeOf(res)) : undefined;
    res.render('mailbox', { ...view, live });
  });

  return router;
}

/**
 * One row per conversation when the user chose it and the list is in date order (a list sorted by sender, subject
 * or size is a list of messages); undefined for the plain list, whose cost does not change, and on a server that
 * cannot thread.
 */
async function conversationsFor(res: Response, mailbox: string, list: ListState, pageSize: number): Promise<ConversationPage | undefined> {
  const sort = sortOf(list);
  if (settingsOf(res)?.listMode !== 'conversations' || sort.key !== 'date') return undefined;
  return listConversations(mailSessionOf(res), mailbox, { page: list.page, pageSize, query: messageQueryOf(list), newestFirst: sort.reverse });
}

/** The fields as the user typed them, for the form; a repeated field shows its first value. */
export function typedFields(raw: Record<string, unknown>): SearchInput['fields'] {
  const first = (v: unknown): string | undefined => (Array.isArray(v) ? first(v[0]) : typeof v === 'string' ? v : undefined);
  const names = ['q', 'from', 'to', 'subject', 'since', 'before', 'attachment', 'filter', 'label', 'scope', 'sort', 'order'] as const;
  return Object.fromEntries(names.map((n) => [n, first(raw[n])]));
}
