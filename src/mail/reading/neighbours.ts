// The messages before and after one message in a list's order: the message page's previous/next links (and j/k),
// where "Back to the list" lands, and which message to show after a delete or move. The order is the one the list
// page used (messages.ts listMessages): the plain newest-first list is mailbox order, so the neighbours are the
// messages one sequence number away, found with two small FETCHes and no SEARCH; a searched or sorted list asks
// the same UID SORT/SEARCH the list page asked, once per message view (a cache of it is issue 9).
import type { ImapClient, MailSession } from '../connection/mail-session.ts';
import { isEmptyQuery, type MessageQuery } from '../finding/search.ts';
import { sortedUids, type SortOrder } from '../finding/sort.ts';

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
}

export function listNeighbours(session: MailSession, mailbox: string, uid: number, order: ListOrder): Promise<Neighbours> {
  return session.withMailbox(mailbox, async (client) => {
    const query = order.query ?? {};
    const sort = order.sort ?? { key: 'date', reverse: true };
    if (isEmptyQuery(query) && sort.key === 'date' && sort.reverse) return bySequence(client, uid);
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
async function bySequence(client: ImapClient, uid: number): Promise<Neighbours> {
  const total = client.mailbox ? client.mailbox.exists : 0;
  const here = await client.fetchOne(String(uid), { uid: true }, { uid: true });
  if (!here) return { previous: undefined, next: undefined, index: undefined, total };
  const seqs = [here.seq - 1, here.seq + 1].filter((s) => s >= 1 && s <= total);
  const uidAt = new Map<number, number>();
  if (seqs.length) for await (const msg of client.fetch(seqs.join(','), { uid: true })) uidAt.set(msg.seq, msg.uid);
  return { previous: uidAt.get(here.seq + 1), next: uidAt.get(here.seq - 1), index: total - here.seq, total };
}
