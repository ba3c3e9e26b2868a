// The mailbox list with one row per conversation (the "listMode" setting): one UID THREAD over the folder's
// messages (or a search's matches), threads ordered by their newest arrival (the highest UID, as the plain list
// orders messages), one page of threads, then two FETCHes for that page only: FLAGS of all its messages (unread
// count, flag, labels) and the list row of the newest few of each (the newest message's subject and date, who took
// part). A server without THREAD gets the plain list (undefined here); the plain list's cost does not change.
import type { MailSession } from '../connection/mail-session.ts';
import type { MessageQuery } from '../finding/search.ts';
import { toUidSets } from '../finding/uid-set.ts';
import { keywordsOf, type Address, type MessageSummary } from '../reading/message-summary.ts';
import { threadAlgorithm, threadUids } from './thread-command.ts';
import { fetchConversationRows } from './thread-rows.ts';

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

/** The rows fetched in full per conversation: enough to name who took part without fetching long threads whole. */
const ROWS_PER_CONVERSATION = 5;

export async function listConversations(session: MailSession, mailbox: string, opts: ConversationListOptions): Promise<ConversationPage | undefined> {
  return session.withMailbox(mailbox, async (client) => {
    const algorithm = threadAlgorithm(client);
    if (!algorithm) return undefined;
    const threads = (await threadUids(client, opts.query ?? {}, algorithm)).map((t) => [...new Set(t)].sort((a, b) => a - b));
    const newest = (t: number[]) => t[t.length - 1]!;
    threads.sort((a, b) => (opts.newestFirst === false ? newest(a) - newest(b) : newest(b) - newest(a)));
    const total = threads.reduce((n, t) => n + t.length, 0);
    const pageCount = Math.max(1, Math.ceil(threads.length / opts.pageSize));
    const shown = threads.slice((opts.page - 1) * opts.pageSize, opts.page * opts.pageSize);
    const flags = new Map<number, string[]>();
    for (const set of toUidSets(shown.flat())) {
      for await (const msg of client.fetch(set, { uid: true, flags: true }, { uid: true })) flags.set(msg.uid, [...(msg.flags ?? [])]);
    }
    const rows = new Map((await fetchConversationRows(client, mailbox, shown.flatMap((t) => t.slice(-ROWS_PER_CONVERSATION)))).map((r) => [r.uid, r]));
    const conversations = shown.flatMap((uids) => {
      const present = uids.filter((uid) => flags.has(uid));
      const fetched = present.flatMap((uid) => rows.get(uid) ?? []);
      const last = fetched[fetched.length - 1];
      if (!last) return [];
      const flagsOf = present.map((uid) => flags.get(uid)!.map((f) => f.toLowerCase()));
      return [{
        uids: present,
        newest: last,
        senders: distinct(fetched.flatMap((m) => m.from)),
        recipients: distinct(fetched.flatMap((m) => m.to)),
        unread: flagsOf.filter((f) => !f.includes('\\seen')).length,
        flagged: flagsOf.some((f) => f.includes('\\flagged')),
        hasAttachment: fetched.some((m) => m.hasAttachment),
        keywords: [...new Set(present.flatMap((uid) => keywordsOf(flags.get(uid))))],
      }];
    });
    return { mailbox, total, threads: threads.length, page: opts.page, pageCount, conversations };
  }, { fresh: true });
}

function distinct(addresses: Address[]): Address[] {
  const seen = new Map<string, Address>();
  for (const a of addresses) {
    const key = (a.address || a.name).toLowerCase();
    if (!seen.has(key)) seen.set(key, a);
  }
  return [...seen.values()];
}
