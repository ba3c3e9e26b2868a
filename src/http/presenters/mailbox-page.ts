// View model of GET /mailbox/:mailbox: the folder tree, the search form, the sortable list and its pages. Every
// link on the page (pages, column headers, messages) and every form carries the list as it is (list-state.ts), and
// leaves out what is the default.
import { withUsualNames } from '../../mail/folders/folder-rules.ts';
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import type { MessagePage, SortKey } from '../../mail/reading/messages.ts';
import { sortOrder } from '../../mail/finding/sort.ts';
import { listParams, listToken, PLAIN_LIST, SEARCH_FIELDS, sortParams, type ListState } from '../list-state.ts';
import { mailboxUrl } from '../urls.ts';
import type { Formats } from './formats.ts';
import { folderLinks, folderTitle } from './folders.ts';
import { messageRows } from './message-rows.ts';
import { searchSummary } from './search-summary.ts';
import { msg, type Translate } from '../i18n/translator.ts';

type SearchField = (typeof SEARCH_FIELDS)[number];

export interface SearchInput {
  /** the search and sort fields as typed: parsed, or raw when they did not parse */
  fields: Partial<Record<SearchField | 'sort' | 'order', string | undefined>>;
  /** field name -> what is wrong with it, in the reader's language */
  errors: Record<string, string>;
}

type Params = Record<string, string | number | undefined>;

export interface ListOptions {
  /** the list as parsed (absent when its fields did not parse) */
  list?: ListState | undefined;
  /** ?select=page: every box ticked (select all on the page, without JavaScript) */
  selectPage?: boolean;
}

/** `folders` with the reader's names for the usual folders (i18n/user-text.ts localFolders). */
export function mailboxPage(folders: MailboxSummary[], page: MessagePage, fmt: Formats, input: SearchInput = { fields: {}, errors: {} }, opts: ListOptions = {}) {
  const { t } = fmt;
  const here = withUsualNames(folders).find((f) => f.path === page.mailbox);
  // In Sent and Drafts the interesting party is the recipient.
  const showRecipient = here?.specialUse === 'sent' || here?.specialUse === 'drafts';
  const search = searchForm(page.mailbox, input, t);
  const list: ListState = { ...(opts.list ?? PLAIN_LIST), page: page.page };
  const link = (p: number) => (p >= 1 && p <= page.pageCount && p !== page.page ? mailboxUrl(page.mailbox, listParams(list, p)) : undefined);
  const title = folderTitle(folders, page.mailbox);
  const base = mailboxUrl(page.mailbox);
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
    search: { ...search, summary: search.active && !search.invalid ? searchSummary(page.total, input.fields, fmt) : undefined },
    columns: listColumns(page.mailbox, search, showRecipient, t),
    rows: messageRows(page.messages, { mailbox: page.mailbox, list, fmt, showRecipient, checked: !!opts.selectPage }),
    selection: {
      /** without JavaScript: this page again with every box ticked */
      selectPageHref: opts.selectPage ? undefined : `${mailboxUrl(page.mailbox, { ...listParams(list), select: 'page' })}#main`,
      pageSelected: !!opts.selectPage,
      // "All N": only when the list is longer than this page. The server picks them from the same search.
      allMatching: page.total > page.messages.length
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

/** The page for a search whose fields did not parse: the form again with the input and the errors, no list. */
export function invalidSearchPage(folders: MailboxSummary[], mailbox: string, fmt: Formats, input: SearchInput) {
  return mailboxPage(folders, { mailbox, total: 0, page: 1, pageCount: 1, messages: [] }, fmt, input);
}

const KEYS: SortKey[] = ['date', 'from', 'subject', 'size'];
const isKey = (v: string | undefined): v is SortKey => KEYS.includes(v as SortKey);

const FIELD_LABELS = {
  q: msg('mailbox:search.label'), from: msg('mailbox:search.from'), to: msg('mailbox:search.to'),
  subject: msg('mailbox:search.subject'), since: msg('mailbox:search.since'), before: msg('mailbox:search.before'),
};
const SORT_LABELS: Record<SortKey, string> = {
  date: msg('mailbox:columns.date'), from: msg('mailbox:columns.from'), subject: msg('mailbox:columns.subject'), size: msg('mailbox:columns.size'),
};

function searchForm(mailbox: string, input: SearchInput, t: Translate) {
  const f = input.fields;
  const sort = sortOrder(isKey(f.sort) ? f.sort : undefined, f.order === 'asc' || f.order === 'desc' ? f.order : undefined);
  const params: Params = Object.fromEntries(SEARCH_FIELDS.filter((k) => f[k]).map((k) => [k, f[k]]));
  const active = Object.keys(params).length > 0;
  const invalid = Object.keys(input.errors).length > 0;
  const field = (name: keyof typeof FIELD_LABELS, type: 'text' | 'date') => ({ name, label: t(FIELD_LABELS[name]), type, value: f[name] ?? '', error: input.errors[name] });
  const advanced = [field('from', 'text'), field('to', 'text'), field('subject', 'text'), field('since', 'date'), field('before', 'date')];
  const option = (current: string, value: string, label: string) => ({ value, label, selected: current === value });
  const shown = new Set<string>([...SEARCH_FIELDS, 'sort', 'order']);
  return {
    action: mailboxUrl(mailbox),
    sort,
    params,
    active,
    invalid,
    q: field('q', 'text'),
    advanced,
    attachment: { checked: f.attachment === '1', error: input.errors.attachment },
    advancedOpen: advanced.some((a) => a.value || a.error) || f.attachment === '1' || !!input.errors.attachment,
    filters: [
      option(f.filter ?? '', '', t('mailbox:search.all')), option(f.filter ?? '', 'unseen', t('mailbox:search.unread')),
      option(f.filter ?? '', 'flagged', t('mailbox:search.flagged')),
    ],
    sorts: KEYS.map((k) => option(sort.key, k, t(SORT_LABELS[k]))),
    orders: [
      option(sort.reverse ? 'desc' : 'asc', 'desc', t('mailbox:search.descending')), option(sort.reverse ? 'desc' : 'asc', 'asc', t('mailbox:search.ascending')),
    ],
    selectErrors: ['filter', 'sort', 'order'].map((k) => input.errors[k]).filter(Boolean),
    // What the form has no place for (a bad page number in a hand-made link).
    otherErrors: Object.entries(input.errors).filter(([k]) => !shown.has(k)).map(([, v]) => v),
    clearHref: active || invalid ? mailboxUrl(mailbox, sortParams(sort)) : undefined,
  };
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
