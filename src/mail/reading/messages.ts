// Reading messages. Costs follow DESIGN.md's performance model: a page the session's cache can answer while the
// mailbox is watched costs no command; otherwise the newest-first page is a slice of the cached UID list plus one
// UID FETCH of the rows not cached yet, and a searched or sorted page is one ESORT PARTIAL (or a cached sorted
// list) plus that FETCH (finding/sorted-pages.ts). Opening a message is open-message.ts.
import type { ImapClient, MailSession } from '../connection/mail-session.ts';
import { isEmptyQuery, type MessageQuery } from '../finding/search.ts';
import { sortedPage } from '../finding/sorted-pages.ts';
import type { SortOrder } from '../finding/sort.ts';
import type { MailboxView } from '../cache/mailbox-view.ts';
import { SUMMARY_QUERY, hasSummary } from '../cache/cached-message.ts';
import { toMessageSummary, type MessageSummary } from './message-summary.ts';
import { cachedRows, fetchRows, pageOf, type ListOptions, type MessagePage } from './page-rows.ts';

export type { Address, MessageSummary } from './message-summary.ts';
export type { MessageQuery } from '../finding/search.ts';
export type { SortKey, SortOrder } from '../finding/sort.ts';
export { getMessage, type MessageView } from './open-message.ts';
export type { ListOptions, MessagePage } from './page-rows.ts';

/** The plain list: no search, newest first by arrival, which is mailbox order reversed (no SEARCH or SORT). */
export function isPlainOrder(query: MessageQuery | undefined, sort: SortOrder | undefined): boolean {
  return isEmptyQuery(query ?? {}) && (!sort || (sort.key === 'date' && sort.reverse));
}

/** One page of a mailbox. */
export async function listMessages(session: MailSession, mailbox: string, opts: ListOptions): Promise<MessagePage> {
  if (!isPlainOrder(opts.query, opts.sort)) return sortedPage(session, mailbox, opts);
  const live = session.liveView(mailbox);
  if (live) {
    const { uids, total } = plainSlice(live, opts);
    const rows = cachedRows(live, uids);
    if (rows) return pageOf(mailbox, opts, total, rows);
  }
  return session.withView(mailbox, async (client, view) => {
    if (!view.consistent) return bySequence(client, mailbox, opts);
    const { uids, total } = plainSlice(view, opts);
    return pageOf(mailbox, opts, total, await fetchRows(client, view, uids));
  });
}

/** Newest first: page 1 is the last `pageSize` UIDs of the list, highest first. */
function plainSlice(view: MailboxView, opts: ListOptions): { uids: number[]; total: number } {
  const list = view.list!;
  const total = list.length;
  const end = total - (opts.page - 1) * opts.pageSize;
  return { uids: end >= 1 ? list.slice(Math.max(1, end - opts.pageSize + 1), end).reverse() : [], total };
}

/**
 * The page as a sequence range (exists-49:exists), without the cache: only when the UID list could not be made
 * to agree with the server's count, which should not happen (view-sync.ts logs it).
 */
async function bySequence(client: ImapClient, mailbox: string, opts: ListOptions): Promise<MessagePage> {
  const total = client.mailbox ? client.mailbox.exists : 0;
  const end = total - (opts.page - 1) * opts.pageSize;
  const messages: MessageSummary[] = [];
  if (end >= 1) {
    const start = Math.max(1, end - opts.pageSize + 1);
    for await (const msg of client.fetch(`${start}:${end}`, SUMMARY_QUERY)) {
      // The server may slip in a flag change of another message: not a row of this page.
      if (hasSummary(msg) && msg.seq >= start && msg.seq <= end) messages.push(toMessageSummary(msg));
    }
    messages.sort((a, b) => b.uid - a.uid);
  }
  return pageOf(mailbox, opts, total, messages);
}
