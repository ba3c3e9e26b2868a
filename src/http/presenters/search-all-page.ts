// View models of GET /search, the search of every folder, in the three parts the page is sent in (routes/
// search-all.ts): the start (head, folders, the form), one section per folder that has matches (its newest rows,
// each naming the folder, and its count linking to the whole search in that folder, where paging, sorting and the
// action bar are), and the end (totals, folders that failed or were left out). A message opened from here comes
// back here (list-state.ts, scope=all).
import { withUsualNames } from '../../mail/folders/folder-rules.ts';
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import type { MessageSummary } from '../../mail/reading/messages.ts';
import type { ShownLabel } from '../lists/labels.ts';
import { labelFor } from '../lists/labels.ts';
import { searchParams, type ListState } from '../lists/list-state.ts';
import { mailboxUrl } from '../pages/urls.ts';
import { folderLinks } from './folders.ts';
import type { Formats } from './formats.ts';
import { messageRows } from './message-rows.ts';
import { searchForm, type SearchInput } from './search-form.ts';
import { searchSummary } from './search-summary.ts';

export interface SearchAllContext {
  fmt: Formats;
  input: SearchInput;
  list: ListState;
  labels: readonly ShownLabel[];
  nameOf: (path: string) => string;
}

export function searchAllContext(folders: MailboxSummary[], fmt: Formats, input: SearchInput, opts: { list?: ListState; labels: readonly ShownLabel[] }): SearchAllContext {
  const named = withUsualNames(folders);
  return {
    fmt, input, labels: opts.labels,
    list: { ...(opts.list ?? { page: 1 }), page: 1, scope: 'all' },
    nameOf: (path) => named.find((f) => f.path === path)?.name ?? path,
  };
}

/** Everything above the results; `searching`: folder sections and totals follow (a query that asks for something). */
export function searchAllStart(folders: MailboxSummary[], searching: boolean, ctx: SearchAllContext) {
  const { t } = ctx.fmt;
  const search = searchForm('INBOX', ctx.input, t, ctx.labels, { allFolders: true });
  return {
    title: t('mailbox:all.title'),
    folders: folderLinks(folders, undefined),
    search,
    searching,
    prompt: !search.active && !search.invalid,
  };
}

/** One folder's matches: its newest `messages` and its count, which links to the search in that folder. */
export function searchAllFolder(mailbox: string, total: number, messages: MessageSummary[], ctx: SearchAllContext) {
  const { t } = ctx.fmt;
  const name = ctx.nameOf(mailbox);
  const rows = messageRows(messages, { mailbox, list: ctx.list, fmt: ctx.fmt, showRecipient: false, checked: false, labels: ctx.labels })
    .map((row, i) => ({ ...row, folder: name, id: `m-${encodeURIComponent(mailbox)}-${messages[i]!.uid}` }));
  return {
    headingId: `in-${encodeURIComponent(mailbox)}`.replace(/%/g, '_'),
    href: mailboxUrl(mailbox, searchParams(ctx.list)),
    count: t('mailbox:all.inFolder', { count: total, folder: name }),
    rows,
    // "The newest 50 of 80 are shown" only when the folder holds more than its section.
    shownNote: total > rows.length ? t('mailbox:all.newestShown', { count: rows.length, total }) : undefined,
  };
}

export interface SearchAllTotals {
  total: number;
  failed: string[];
  notSearched: number;
  /** the folder the search stopped at, and why in words, when a failure ended it after the page had started */
  stopped?: { mailbox: string; reason: string };
}

/** Below the results: the count over all folders, and the folders that failed or were left out. */
export function searchAllEnd(totals: SearchAllTotals, ctx: SearchAllContext) {
  const { t } = ctx.fmt;
  const fields = ctx.input.fields;
  return {
    summary: totals.stopped ? undefined : searchSummary(totals.total, { ...fields, label: labelFor(ctx.labels, fields.label)?.name ?? fields.label }, ctx.fmt),
    failed: totals.failed.map(ctx.nameOf),
    stopped: totals.stopped ? t('mailbox:all.stopped', { folder: ctx.nameOf(totals.stopped.mailbox), reason: totals.stopped.reason }) : undefined,
    notSearched: totals.notSearched ? t('mailbox:all.notSearched', { count: totals.notSearched }) : undefined,
  };
}
