// The messages before and after one message in a list's order: the message page's previous/next links (and j/k),
// where "Back to the list" lands, and which message to show after a delete or move. The order is the one the list
// page used (messages.ts listMessages). In the plain newest-first list the neighbours are the UIDs next to it in
// the mailbox's cached UID list; in a searched or sorted list they come from the windows of the sorted list the
// page kept (finding/sorted-pages.ts), asked for around the message when the page's window does not hold them,
// and from the whole sorted list as a last resort. While the mailbox is watched none of this asks the server.
import type { SortedEntry } from '../cache/mailbox-view.ts';
import type { MailSession } from '../connection/mail-session.ts';
import { searchUids, type MessageQuery } from '../finding/search.ts';
import { sortedUids, type SortOrder } from '../finding/sort.ts';
import { listKey, loadPositions } from '../finding/sorted-pages.ts';
import { isPlainOrder } from './messages.ts';

export interface Neighbours {
  /** the message listed just above this one (in newest-first: the newer one) */
  previous: number | undefined;
  /** the message listed just below it */
  next: number | undefined;
  /** its 0-based place in the list; undefined when it is not in the list (any more) */
  index: number | undefined;
  /** how many messages the list has */
  total: number;
}

export interface ListOrder {
  query?: MessageQuery | undefined;
  /** newest first when absent */
  sort?: SortOrder | undefined;
  /** the list page the message was opened from: where to look first in a sorted list */
  page?: number | undefined;
  pageSize?: number | undefined;
}

const NEWEST: SortOrder = { key: 'date', reverse: true };

export async function listNeighbours(session: MailSession, mailbox: string, uid: number, order: ListOrder): Promise<Neighbours> {
  if (isPlainOrder(order.query, order.sort)) {
    const live = session.liveView(mailbox);
    if (live) return bySequence(live.list!.length, live.list!.seqOf(uid), (seq) => live.list!.at(seq));
    return session.withView(mailbox, async (client, view) => {
      if (view.consistent) return bySequence(view.list!.length, view.list!.seqOf(uid), (seq) => view.list!.at(seq));
      return around((await searchUids(client, {})).reverse(), uid);
    });
  }
  const query = order.query ?? {};
  const sort = order.sort ?? NEWEST;
  const key = listKey(query, sort);
  const live = session.liveView(mailbox);
  const kept = live && inEntry(live.sortedList(key), uid);
  if (kept && 'total' in kept) return kept;
  return session.withView(mailbox, async (client, view) => {
    const load = (from: number, to: number) => loadPositions(client, view, key, query, sort, from, to);
    let found = inEntry(view.sortedList(key), uid);
    if (!found && order.page && order.pageSize) found = inEntry(await load((order.page - 1) * order.pageSize - 1, order.page * order.pageSize), uid);
    if (found && 'position' in found) found = inEntry(await load(found.position - 1, found.position + 1), uid);
    if (found && 'total' in found) return found;
    return around(await sortedUids(client, query, sort), uid);
  });
}

/** Neighbours in a list the server has sorted or searched. */
export function around(uids: readonly number[], uid: number): Neighbours {
  const at = uids.indexOf(uid);
  if (at < 0) return { previous: undefined, next: undefined, index: undefined, total: uids.length };
  return { previous: uids[at - 1], next: uids[at + 1], index: at, total: uids.length };
}

/** Newest first by arrival: the newer neighbour has the next sequence number, the older one the one before. */
function bySequence(total: number, seq: number | undefined, uidAt: (seq: number) => number | undefined): Neighbours {
  if (seq === undefined) return { previous: undefined, next: undefined, index: undefined, total };
  return { previous: uidAt(seq + 1), next: uidAt(seq - 1), index: total - seq, total };
}

/**
 * The neighbours when the kept list holds the message and both positions next to it; its position when only the
 * message is there; undefined when it is not.
 */
function inEntry(entry: SortedEntry | undefined, uid: number): Neighbours | { position: number } | undefined {
  if (!entry) return undefined;
  if (entry.all) return around(entry.all, uid);
  for (const [position, held] of entry.windows ?? []) {
    if (held !== uid) continue;
    const at = (p: number) => (p < 0 || p >= entry.total ? null : entry.windows!.get(p));
    const previous = at(position - 1);
    const next = at(position + 1);
    if (previous === undefined || next === undefined) return { position };
    return { previous: previous ?? undefined, next: next ?? undefined, index: position, total: entry.total };
  }
  return undefined;
}
