// View model of GET /mailbox/:mailbox: the folder tree, the search form, the sortable list and its pages. Every
// link on the page (pages, column headers, messages) and every form carries the list as it is (list-state.ts), and
// leaves out what is the default. In conversation mode (settings listMode) the rows are conversations.
import { withUsualNames } from '../../mail/folders/folder-rules.ts';
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import type { MessagePage, SortKey } from '../../mail/reading/messages.ts';
import type { ConversationPage } from '../../mail/threads/conversation-page.ts';
import { sortOrder } from '../../mail/finding/sort.ts';
import { labelFor, type ShownLabel } from '../lists/labels.ts';
import { listParams, listToken, PLAIN_LIST, sortParams, type ListState } from '../lists/list-state.ts';
import { mailboxUrl } from '../pages/urls.ts';
import type { Formats } from './formats.ts';
import { folderLinks, folderTitle } from './folders.ts';
import { conversationRows } from './conversation-rows.ts';
import { messageRows } from './message-rows.ts';
import type { RenderRows } from '../lists/list-rows-html.ts';
import { searchForm, SORT_LABELS, type SearchInput } from './search-form.ts';
import { searchSummary } from './search-summary.ts';
import type { Translate } from '../i18n/translator.ts';

export type { SearchInput } from './search-form.ts';

export interface ListOptions {
  /** the list as parsed (absent when its fields did not parse) */
  list?: ListState | undefined;
  /** ?select=page: every box ticked (select all on the page, without JavaScript) */
  selectPage?: boolean;
  /** the user's labels: chips in the rows, the label filter, the action bar's label choice */
  labels?: readonly ShownLabel[];
  /** one row per conversation: the page of conversations (`page` then only gives the paging) */
  conversations?: ConversationPage | undefined;
  /** turns the rows into HTML (list-rows-html.ts), reusing what an unchanged list rendered before */
  renderRows?: RenderRows;
}

/** `folders` with the reader's names for the usual folders (i18n/user-text.ts localFolders). */
export function mailboxPage(folders: MailboxSummary[], page: MessagePage, fmt: Formats, input: SearchInput = { fields: {}, errors: {} }, opts: ListOptions = {}) {
  const { t } = fmt;
  const here = withUsualNames(folders).find((f) => f.path === page.mailbox);
  // In Sent and Drafts the interesting party is the recipient.
  const showRecipient = here?.specialUse === 'sent' || here?.specialUse === 'drafts';
  const labels = opts.labels ?? [];
  const search = searchForm(page.mailbox, input, t, labels);
  const list: ListState = { ...(opts.list ?? PLAIN_LIST), page: page.page };
  const link = (p: number) => (p >= 1 && p <= page.pageCount && p !== page.page ? mailboxUrl(page.mailbox, listParams(list, p)) : undefined);
  const title = folderTitle(folders, page.mailbox);
  const base = mailboxUrl(page.mailbox);
  const rowOptions = { mailbox: page.mailbox, list, fmt, showRecipient, checked: !!opts.selectPage, labels };
  const shown: readonly unknown[] = opts.conversations ? opts.conversations.conversations : page.messages;
  const buildRows = () => (opts.conversations ? conversationRows(opts.conversations.conversations, rowOptions) : messageRows(page.messages, rowOptions));
  const onPage = opts.conversations ? opts.conversations.conversations.reduce((n, c) => n + c.uids.length, 0) : page.messages.length;
  return {
    title,
    mailbox: page.mailbox,
    bulkAction: `${base}/messages`,
    /** the list as shown (search, sort, page), for the hidden `list` field of every form on the page */
    listToken: listToken(list),
    folders: folderLinks(folders, page.mailbox),
    /** Move/Copy targets: every folder that holds mail, subscribed or not, as on the message page */
    targets: folders.filter((f) => f.selectable && f.path !== page.mailbox).map((f) => ({ path: f.path, name: f.name, depth: f.depth })),
    use: here?.specialUse,
    // A search counts its results in a line of its own; the heading goes on counting the folder.
    total: search.active || search.invalid ? (here?.messages ?? page.total) : page.total,
    search: { ...search, summary: search.active && !search.invalid ? searchSummary(page.total, { ...input.fields, label: labelFor(labels, input.fields.label)?.name ?? input.fields.label }, fmt) : undefined },
    columns: listColumns(page.mailbox, search, showRecipient, t),
    rowCount: shown.length,
    // Everything the rows are made from besides fmt (whose language, zone and day the renderer adds): the summaries
    // as they are now and the row options, so that a change to any of them is a different list.
    rowsHtml: shown.length === 0 ? '' : renderRowsWith(opts.renderRows)({
      ...(opts.conversations ? { conversations: true, shown: opts.conversations.conversations } : { conversations: false, shown: page.messages }),
      options: { mailbox: page.mailbox, list, showRecipient, checked: rowOptions.checked, labels },
    }, buildRows),
    conversationMode: !!opts.conversations,
    labels,
    selection: {
      /** without JavaScript: this page again with every box ticked */
      selectPageHref: opts.selectPage ? undefined : `${mailboxUrl(page.mailbox, { ...listParams(list), select: 'page' })}#main`,
      pageSelected: !!opts.selectPage,
      // "All N": only when the list is longer than this page. The server picks them from the same search.
      allMatching: page.total > onPage
        ? (search.active ? t('mailbox:select.allResults', { count: page.total }) : t('mailbox:select.allMessages', { count: page.total, folder: title }))
        : undefined,
    },
    folderActions: {
      readAll: here && here.unseen > 0 ? `${base}/read-all` : undefined,
      empty: (here?.specialUse === 'trash' || here?.specialUse === 'junk') && page.total > 0 && !search.active
        ? { action: `${base}/empty`, label: t('mailbox:folderActions.empty', { folder: title }) }
        : undefined,
    },
    pagination: {
      page: page.page,
      pageCount: page.pageCount,
      first: link(1),
      prev: link(page.page - 1),
      next: link(page.page + 1),
      last: link(page.pageCount),
    },
  };
}

function renderRowsWith(render: RenderRows | undefined): RenderRows {
  if (!render) throw new Error('mailboxPage() has rows to show and no renderRows');
  return render;
}

/** The page for a search whose fields did not parse: the form again with the input and the errors, no list. */
export function invalidSearchPage(folders: MailboxSummary[], mailbox: string, fmt: Formats, input: SearchInput, labels: readonly ShownLabel[] = []) {
  return mailboxPage(folders, { mailbox, total: 0, page: 1, pageCount: 1, messages: [] }, fmt, input, { labels });
}

/** The column heads: a link sorts by that column, and a second click on the sorted one turns the order round. */
function listColumns(mailbox: string, search: ReturnType<typeof searchForm>, showRecipient: boolean, t: Translate) {
  // "{key}" and "{order}" choose the words in the catalog (ICU select): "Sort by date, newest first".
  const column = (key: SortKey, className: string) => {
    const sorted = search.sort.key === key;
    const next = sorted ? { key, reverse: !search.sort.reverse } : sortOrder(key);
    const order = (reverse: boolean) => (reverse ? 'desc' : 'asc');
    return {
      label: t(SORT_LABELS[key]),
      className,
      href: mailboxUrl(mailbox, { ...search.params, ...sortParams(next) }),
      title: t('mailbox:columns.sortBy', { key, order: order(next.reverse) }),
      // The list is not a table, so no aria-sort: the sorted column says so in words.
      sorted: sorted ? t('mailbox:columns.sorted', { key, order: order(search.sort.reverse) }) : undefined,
      arrow: sorted ? (search.sort.reverse ? '▼' : '▲') : '',
    };
  };
  // RFC 5256 can sort by TO, but the route offers date|from|subject|size (DESIGN.md): in Sent and Drafts the
  // column shows recipients, and sorting it by the sender (always the user) would do nothing visible.
  const party = showRecipient
    ? { label: t('mailbox:columns.to'), className: 'party', href: undefined, title: '', sorted: undefined, arrow: '' }
    : column('from', 'party');
  return [party, column('subject', 'subject'), column('date', 'date'), column('size', 'size')];
}
