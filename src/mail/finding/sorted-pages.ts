// Searched and sorted pages, and a message's neighbours in such a list. The server sorts (RFC 5256 SORT; our own
// sort where it has none); what it answered is kept in the mailbox's view per (search, order) for as long as the
// mailbox has not changed in a way that could change the list: any arrival or expunge, and any flag change when
// the search looks at flags (unread, flagged). With ESORT PARTIAL only the windows of the list that pages showed
// are asked for and kept (one more position on each side, for the neighbours of a page's first and last message);
// without it the whole sorted list is, so pages 2..n of it cost one FETCH of their rows, or nothing.
import type { MailboxView, SortedEntry } from '../cache/mailbox-view.ts';
import type { ImapClient, MailSession } from '../connection/mail-session.ts';
import { cachedRows, fetchRows, pageOf, type ListOptions, type MessagePage } from '../reading/page-rows.ts';
import type { MessageQuery } from './search.ts';
import { sortedUids, type SortOrder } from './sort.ts';
import { canSortPartial, sortWindow } from './sort-partial.ts';

const NEWEST: SortOrder = { key: 'date', reverse: true };

/** Longer whole lists (servers without PARTIAL) are used but not kept: they would crowd the cache out. */
const KEEP_WHOLE_LIST = 10_000;

export interface Window {
  total: number;
  uids: number[];
}

/** The cache key of a list: its search and order, dates written out. */
export function listKey(query: MessageQuery, sort: SortOrder): string {
  return JSON.stringify([sort.key, sort.reverse, Object.entries(query).filter(([, v]) => v !== undefined && v !== false).sort()]);
}

export async function sortedPage(session: MailSession, mailbox: string, opts: ListOptions): Promise<MessagePage> {
  const query = opts.query ?? {};
  const sort = opts.sort ?? NEWEST;
  const key = listKey(query, sort);
  const first = (opts.page - 1) * opts.pageSize;
  const last = first + opts.pageSize - 1;
  const live = session.liveView(mailbox);
  const kept = live && cachedWindow(live, key, first, last);
  const rows = kept && cachedRows(live, kept.uids);
  if (kept && rows) return pageOf(mailbox, opts, kept.total, rows);
  return session.withView(mailbox, async (client, view) => {
    let window = cachedWindow(view, key, first, last);
    if (!window) {
      const entry = await loadPositions(client, view, key, query, sort, first - 1, last + 1);
      window = windowOf(entry, first, last) ?? { total: entry.total, uids: [] };
    }
    return pageOf(mailbox, opts, window.total, await fetchRows(client, view, window.uids));
  });
}

/** Positions first..last (0-based) of the kept list, when every one of them is known. */
export function cachedWindow(view: MailboxView, key: string, first: number, last: number): Window | undefined {
  const entry = view.sortedList(key);
  return entry && windowOf(entry, first, last);
}

function windowOf(entry: SortedEntry, first: number, last: number): Window | undefined {
  if (entry.all) return { total: entry.all.length, uids: entry.all.slice(first, last + 1) };
  const uids: number[] = [];
  for (let p = first; p <= Math.min(last, entry.total - 1); p++) {
    const uid = entry.windows?.get(p);
    if (uid === undefined) return undefined;
    uids.push(uid);
  }
  return { total: entry.total, uids };
}

/** Asks the server for positions from..to (0-based, clipped) and keeps them with what the view has of the list. */
export async function loadPositions(
  client: ImapClient, view: MailboxView, key: string, query: MessageQuery, sort: SortOrder, from: number, to: number,
): Promise<SortedEntry> {
  // The versions from before the command: a change reported during it leaves the answer already out of date.
  const versions = { structureVersion: view.structureVersion, flagsVersion: query.unseen || query.flagged ? view.flagsVersion : undefined };
  const start = Math.max(0, from);
  const window = canSortPartial(client) ? await sortWindow(client, query, sort, start + 1, Math.max(start, to) + 1) : undefined;
  if (!window) {
    const all = await sortedUids(client, query, sort);
    const entry: SortedEntry = { ...versions, total: all.length, all };
    if (all.length <= KEEP_WHOLE_LIST) view.rememberSorted(key, entry);
    return entry;
  }
  const kept = view.sortedList(key);
  const same = kept?.windows && kept.structureVersion === versions.structureVersion && kept.flagsVersion === versions.flagsVersion;
  const windows = same ? new Map(kept.windows) : new Map<number, number>();
  window.uids.forEach((uid, i) => windows.set(start + i, uid));
  const entry: SortedEntry = { ...versions, total: window.total, windows };
  view.rememberSorted(key, entry);
  return entry;
}
