// The rows of one page, by UID, from the session's cache, fetching only what it lacks: the summaries of messages
// never seen (one UID FETCH for all of them) and the flags of cached ones the view can no longer vouch for (after
// a SELECT on a server without CONDSTORE/QRESYNC, which cannot say what changed meanwhile).
import type { FetchMessageObject } from 'imapflow';
import { SUMMARY_QUERY, hasSummary, summaryOf } from '../cache/cached-message.ts';
import type { MailboxView } from '../cache/mailbox-view.ts';
import type { ImapClient } from '../connection/mail-session.ts';
import { toUidSets } from '../finding/uid-set.ts';
import type { MessageQuery } from '../finding/search.ts';
import type { SortOrder } from '../finding/sort.ts';
import { toMessageSummary, type MessageSummary } from './message-summary.ts';

export interface MessagePage {
  mailbox: string;
  total: number;
  page: number;
  pageCount: number;
  messages: MessageSummary[];
}

export interface ListOptions {
  page: number;
  pageSize: number;
  query?: MessageQuery | undefined;
  /** newest first when absent */
  sort?: SortOrder | undefined;
}

export function pageOf(mailbox: string, opts: ListOptions, total: number, messages: MessageSummary[]): MessagePage {
  return { mailbox, total, page: opts.page, pageCount: Math.max(1, Math.ceil(total / opts.pageSize)), messages };
}

/** The page's rows when the cache holds every one with confirmed flags; undefined otherwise. */
export function cachedRows(view: MailboxView, uids: readonly number[]): MessageSummary[] | undefined {
  const rows: MessageSummary[] = [];
  for (const uid of uids) {
    const entry = view.message(uid);
    if (!entry || entry.flagsEpoch !== view.flagsEpoch) return undefined;
    rows.push(summaryOf(entry));
  }
  return rows;
}

/** The rows of `uids` in that order; a message expunged meanwhile is left out. */
export async function fetchRows(client: ImapClient, view: MailboxView, uids: readonly number[]): Promise<MessageSummary[]> {
  // Rows are taken as they are found, not read back from the cache afterwards: what the FETCH below adds to the
  // cache may make its budget drop other entries of this very page.
  const rows = new Map<number, MessageSummary>();
  const missing: number[] = [];
  const stale: number[] = [];
  for (const uid of uids) {
    const entry = view.message(uid);
    if (!entry) missing.push(uid);
    else if (entry.flagsEpoch !== view.flagsEpoch) stale.push(uid);
    else rows.set(uid, summaryOf(entry));
  }
  const keep = (row: FetchMessageObject) => {
    if (hasSummary(row)) rows.set(row.uid, toMessageSummary(row));
  };
  if (missing.length) {
    for (const set of toUidSets([...missing, ...stale])) for await (const row of client.fetch(set, SUMMARY_QUERY, { uid: true })) keep(row);
  } else if (stale.length) {
    // Only FLAGS: the cache holds the rest, and the answer adds nothing to it that could push entries out.
    for (const set of toUidSets(stale)) for await (const _ of client.fetch(set, { uid: true, flags: true }, { uid: true })) { /* flags go to the cache */ }
    for (const uid of stale) {
      const entry = view.messages.get(uid);
      if (entry && entry.flagsEpoch === view.flagsEpoch) rows.set(uid, summaryOf(entry));
    }
  }
  return uids.flatMap((uid) => rows.get(uid) ?? []);
}
