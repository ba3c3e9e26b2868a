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

type SearchField = (typeof SEARCH_FIELDS)[number];

export interface SearchInput {
  /** the search and sort fields as typed: parsed, or raw when they did not parse */
  fields: Partial<Record<SearchField | 'sort' | 'order', string | undefined>>;
  /** field name -> what is wrong with it */
  errors: Record<string, string>;
}

type Params = Record<string, string | number | undefined>;

export interface ListOptions {
  /** the list as parsed (absent when its fields did not parse) */
  list?: ListState | undefined;
  /** ?select=page: every box ticked (select all on the page, without JavaScript) */
  selectPage?: boolean;
}

export function mailboxPage(folders: MailboxSummary[], page: MessagePage, fmt: Formats, input: SearchInput = { fields: {}, errors: {} }, opts: ListOptions = {}) {
  const here = withUsualNames(folders).find((f) => f.path === page.mailbox);
  // In Sent and Drafts the interesting party is the recipient.
  const showRecipient = here?.specialUse === 'sent' || here?.specialUse === 'drafts';
  const search = searchForm(page.mailbox, input);
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
    search: { ...search, summary: search.active && !search.invalid ? searchSummary(page.total, input.fields) : undefined },
    columns: listColumns(page.mailbox, search, showRecipient),
    rows: messageRows(page.messages, { mailbox: page.mailbox, list, fmt, showRecipient, checked: !!opts.selectPage }),
    selection: {
      /** without JavaScript: this page again with every box ticked */
      selectPageHref: opts.selectPage ? undefined : `${mailboxUrl(page.mailbox, { ...listParams(list), select: 'page' })}#main`,
      pageSelected: !!opts.selectPage,
      // "All N": only when the list is longer than this page. The server picks them from the same search.
      allMatching: page.total > page.messages.length
        ? (search.active ? `Select all ${page.total} results, on every page` : `Select all ${page.total} messages in ${title}, on every page`)
        : undefined,
    },
    folderActions: {
      readAll: here && here.unseen > 0 ? `${base}/read-all` : undefined,
      empty: (here?.specialUse === 'trash' || here?.specialUse === 'junk') && page.total > 0 && !search.active ? { action: `${base}/empty`, label: `Empty ${title}…` } : undefined,
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

function searchForm(mailbox: string, input: SearchInput) {
  const f = input.fields;
  const sort = sortOrder(isKey(f.sort) ? f.sort : undefined, f.order === 'asc' || f.order === 'desc' ? f.order : undefined);
  const params: Params = Object.fromEntries(SEARCH_FIELDS.filter((k) => f[k]).map((k) => [k, f[k]]));
  const active = Object.keys(params).length > 0;
  const invalid = Object.keys(input.errors).length > 0;
  const field = (name: SearchField, label: string, type: 'text' | 'date') => ({ name, label, type, value: f[name] ?? '', error: input.errors[name] });
  const advanced = [field('from', 'From', 'text'), field('to', 'To', 'text'), field('subject', 'Subject', 'text'), field('since', 'Since', 'date'), field('before', 'Before', 'date')];
  const option = (current: string, value: string, label: string) => ({ value, label, selected: current === value });
  const shown = new Set<string>([...SEARCH_FIELDS, 'sort', 'order']);
  return {
    action: mailboxUrl(mailbox),
    sort,
    params,
    active,
    invalid,
    q: field('q', 'Search', 'text'),
    advanced,
    attachment: { checked: f.attachment === '1', error: input.errors.attachment },
    advancedOpen: advanced.some((a) => a.value || a.error) || f.attachment === '1' || !!input.errors.attachment,
    filters: [option(f.filter ?? '', '', 'All messages'), option(f.filter ?? '', 'unseen', 'Unread'), option(f.filter ?? '', 'flagged', 'Flagged')],
    sorts: KEYS.map((k) => option(sort.key, k, k[0]!.toUpperCase() + k.slice(1))),
    orders: [option(sort.reverse ? 'desc' : 'asc', 'desc', 'Descending'), option(sort.reverse ? 'desc' : 'asc', 'asc', 'Ascending')],
    selectErrors: ['filter', 'sort', 'order'].map((k) => input.errors[k]).filter(Boolean),
    // What the form has no place for (a bad page number in a hand-made link).
    otherErrors: Object.entries(input.errors).filter(([k]) => !shown.has(k)).map(([, v]) => v),
    clearHref: active || invalid ? mailboxUrl(mailbox, sortParams(sort)) : undefined,
  };
}

const DIRECTIONS: Record<SortKey, [string, string]> = {
  date: ['oldest first', 'newest first'], from: ['A to Z', 'Z to A'], subject: ['A to Z', 'Z to A'], size: ['smallest first', 'largest first'],
};

/** The column heads: a link sorts by that column, and a second click on the sorted one turns the order round. */
function listColumns(mailbox: string, search: ReturnType<typeof searchForm>, showRecipient: boolean) {
  const column = (key: SortKey, label: string, className: string) => {
    const sorted = search.sort.key === key;
    const next = sorted ? { key, reverse: !search.sort.reverse } : sortOrder(key);
    return {
      label,
      className,
      href: mailboxUrl(mailbox, { ...search.params, ...sortParams(next) }),
      title: `Sort by ${label.toLowerCase()}, ${DIRECTIONS[key][next.reverse ? 1 : 0]}`,
      // The list is not a table, so no aria-sort: the sorted column says so in words.
      sorted: sorted ? `sorted ${DIRECTIONS[key][search.sort.reverse ? 1 : 0]}` : undefined,
      arrow: sorted ? (search.sort.reverse ? '▼' : '▲') : '',
    };
  };
  // RFC 5256 can sort by TO, but the route offers date|from|subject|size (DESIGN.md): in Sent and Drafts the
  // column shows recipients, and sorting it by the sender (always the user) would do nothing visible.
  const party = showRecipient ? { label: 'To', className: 'party', href: undefined, title: '', sorted: undefined, arrow: '' } : column('from', 'From', 'party');
  return [party, column('subject', 'Subject', 'subject'), column('date', 'Date', 'date'), column('size', 'Size', 'size')];
}
