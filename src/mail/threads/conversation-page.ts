// The mailbox list with one row per conversation (the "listMode" setting): one UID THREAD over the folder's
// messages (or a search's matches), threads ordered by their newest arrival (the highest UID, as the plain list
// orders messages), one page of threads, and the list rows of that page's messages (unread count, flag, labels; the
// newest message's subject and date, who took part). Both come from the session's cache as the plain list's do
// (DESIGN.md, the session cache): THREAD's answer is kept in the mailbox's view beside the sorted lists, valid until
// a message arrives or goes (or a flag changes, when the search looks at flags), and the rows are the cache's
// entries, whose flags IDLE keeps current. So a repeated list of a watched mailbox sends nothing, a new message costs
// THREAD again and the FETCH of that message only, and another client's flag change costs nothing. A server without
// THREAD gets the plain list (undefined here); the plain list's cost does not change.
import type { MailSession } from '../connection/mail-session.ts';
import type { MessageQuery } from '../finding/search.ts';
import { listKey } from '../finding/sorted-pages.ts';
import type { SortOrder } from '../finding/sort.ts';
import { toUidSets } from '../finding/uid-set.ts';
import { keywordsOf, type Address, type MessageSummary } from '../reading/message-summary.ts';
import { cachedRows, fetchRows } from '../reading/page-rows.ts';
import { threadAlgorithm, threadUids } from './thread-command.ts';

export interface ConversationSummary {
  /** every UID of the conversation in this folder (matching the search), ascending */
  uids: number[];
  /** the newest message: its subject, date and size stand for the conversation */
  newest: MessageSummary;
  /** the senders of its newest messages, oldest first, each once */
  senders: Address[];
  /** the recipients of its newest messages (Sent and Drafts show them), each once */
  recipients: Address[];
  unread: number;
  flagged: boolean;
  hasAttachment: boolean;
  keywords: string[];
}

export interface ConversationPage {
  mailbox: string;
  /** messages matching, in every conversation */
  total: number;
  /** conversations */
  threads: number;
  page: number;
  pageCount: number;
  conversations: ConversationSummary[];
}

export interface ConversationListOptions {
  page: number;
  pageSize: number;
  query?: MessageQuery | undefined;
  /** oldest first when false; newest first (the default) when true */
  newestFirst?: boolean;
}

/** Whose senders are named: the newest few, so a long thread's row does not list everyone who ever wrote. */
const SENDERS_PER_CONVERSATION = 5;
/**
 * The messages per conversation fetched (and cached) as list rows; older ones of a longer thread only have their
 * FLAGS asked for, each time a page shows them (not cached: the cache keeps whole rows), so a thread of thousands
 * costs one FLAGS FETCH, not thousands of rows.
 */
const ROWS_PER_CONVERSATION = 25;

const NEWEST_FIRST: SortOrder = { key: 'date', reverse: true };

/** The cache key of a conversation list: its search and direction, beside the sorted lists' keys. */
export function threadKey(query: MessageQuery, newestFirst: boolean): string {
  return `thread:${listKey(query, { ...NEWEST_FIRST, reverse: newestFirst })}`;
}

export async function listConversations(session: MailSession, mailbox: string, opts: ConversationListOptions): Promise<ConversationPage | undefined> {
  const query = opts.query ?? {};
  const newestFirst = opts.newestFirst !== false;
  const key = threadKey(query, newestFirst);
  const live = session.liveView(mailbox);
  const kept = live?.sortedList(key)?.threads;
  if (live && kept) {
    const shown = pageOf(kept, opts);
    const rows = shown.some((t) => t.length > ROWS_PER_CONVERSATION) ? undefined : cachedRows(live, shown.flat());
    if (rows) return conversationPage(mailbox, opts, kept, shown, rows, new Map());
  }
  return session.withView(mailbox, async (client, view) => {
    let threads = view.sortedList(key)?.threads;
    if (!threads) {
      const algorithm = threadAlgorithm(client);
      if (!algorithm) return undefined;
      // The versions from before the command: a change reported during it leaves the answer already out of date.
      const versions = { structureVersion: view.structureVersion, flagsVersion: query.unseen || query.flagged || query.keyword ? view.flagsVersion : undefined };
      threads = (await threadUids(client, query, algorithm)).map((t) => [...new Set(t)].sort((a, b) => a - b));
      const newest = (t: number[]) => t[t.length - 1]!;
      threads.sort((a, b) => (newestFirst ? newest(b) - newest(a) : newest(a) - newest(b)));
      view.rememberSorted(key, { ...versions, total: threads.length, threads });
    }
    const shown = pageOf(threads, opts);
    const rows = await fetchRows(client, view, shown.flatMap((t) => t.slice(-ROWS_PER_CONVERSATION)));
    const older = new Map<number, string[]>();
    for (const set of toUidSets(shown.flatMap((t) => t.slice(0, -ROWS_PER_CONVERSATION)))) {
      for await (const msg of client.fetch(set, { uid: true, flags: true }, { uid: true })) older.set(msg.uid, [...(msg.flags ?? [])]);
    }
    return conversationPage(mailbox, opts, threads, shown, rows, older);
  });
}

function pageOf(threads: number[][], opts: ConversationListOptions): number[][] {
  return threads.slice((opts.page - 1) * opts.pageSize, opts.page * opts.pageSize);
}

/** `rows`: the list rows of the newest messages of each shown thread; `older`: the FLAGS of the rest. */
function conversationPage(
  mailbox: string, opts: ConversationListOptions, threads: number[][], shown: number[][], rows: MessageSummary[], older: Map<number, string[]>,
): ConversationPage {
  const byUid = new Map(rows.map((r) => [r.uid, r]));
  const conversations = shown.flatMap((uids) => {
    const fetched = uids.flatMap((uid) => byUid.get(uid) ?? []);
    const last = fetched[fetched.length - 1];
    if (!last) return [];
    const others = uids.flatMap((uid) => older.get(uid)?.map((f) => f.toLowerCase()) ?? []);
    const olderUids = uids.filter((uid) => older.has(uid));
    const named = fetched.slice(-SENDERS_PER_CONVERSATION);
    return [{
      uids: [...olderUids, ...fetched.map((m) => m.uid)],
      newest: last,
      senders: distinct(named.flatMap((m) => m.from)),
      recipients: distinct(named.flatMap((m) => m.to)),
      unread: fetched.filter((m) => !m.seen).length + olderUids.filter((uid) => !older.get(uid)!.some((f) => f.toLowerCase() === '\\seen')).length,
      flagged: fetched.some((m) => m.flagged) || others.includes('\\flagged'),
      hasAttachment: fetched.some((m) => m.hasAttachment),
      keywords: [...new Set([...fetched.flatMap((m) => m.keywords), ...olderUids.flatMap((uid) => keywordsOf(older.get(uid)))])],
    }];
  });
  const total = threads.reduce((n, t) => n + t.length, 0);
  const pageCount = Math.max(1, Math.ceil(threads.length / opts.pageSize));
  return { mailbox, total, threads: threads.length, page: opts.page, pageCount, conversations };
}

function distinct(addresses: Address[]): Address[] {
  const seen = new Map<string, Address>();
  for (const a of addresses) {
    const key = (a.address || a.name).toLowerCase();
    if (!seen.has(key)) seen.set(key, a);
  }
  return [...seen.values()];
}
