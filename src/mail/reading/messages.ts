// Reading messages. Costs follow DESIGN.md's performance model: the newest-first page is one FETCH of a sequence
// range on the (reused) selected mailbox; a searched or sorted page is one UID SORT (or SEARCH) and one UID FETCH
// of that page's UIDs; a message view is one FETCH of ENVELOPE+BODYSTRUCTURE; bodies are fetched part by part,
// never the whole message.
import type { FetchMessageObject } from 'imapflow';
import { planBody, type BodyPlan, type BodyNode } from '../../mime/body-structure.ts';
import { fetchByUid } from './fetch-by-uid.ts';
import type { ImapClient, MailSession } from '../connection/mail-session.ts';
import { forgetMailboxes } from '../folders/mailboxes.ts';
import { keywordsOf, toMessageHeaders, toMessageSummary, type MessageHeaders, type MessageSummary } from './message-summary.ts';
import { isEmptyQuery, type MessageQuery } from '../finding/search.ts';
import { sortedUids, type SortOrder } from '../finding/sort.ts';

export type { Address, MessageSummary } from './message-summary.ts';
export type { MessageQuery } from '../finding/search.ts';
export type { SortKey, SortOrder } from '../finding/sort.ts';

export interface MessagePage {
  mailbox: string;
  total: number;
  page: number;
  pageCount: number;
  messages: MessageSummary[];
}

export interface MessageView extends MessageHeaders {
  mailbox: string;
  uid: number;
  messageId: string | undefined;
  size: number;
  seen: boolean;
  flagged: boolean;
  /** its keywords: labels, $Junk ... (message-summary.ts keywordsOf) */
  keywords: string[];
  plan: BodyPlan;
}

const SUMMARY_QUERY = { uid: true, flags: true, envelope: true, size: true, internalDate: true, headers: ['content-type'] };

export interface ListOptions {
  page: number;
  pageSize: number;
  query?: MessageQuery | undefined;
  /** newest first when absent */
  sort?: SortOrder | undefined;
}

/**
 * One page of a mailbox. Newest first without a search is by arrival: the page is a sequence range
 * (exists-49:exists), so no SEARCH or SORT is needed. Otherwise the server sorts the matches (DATE is the Date
 * header, as in every mail client's sorted view) and only the page's UIDs are fetched.
 */
export async function listMessages(session: MailSession, mailbox: string, opts: ListOptions): Promise<MessagePage> {
  return session.withMailbox(mailbox, async (client) => {
    const query = opts.query ?? {};
    const sort = opts.sort ?? { key: 'date', reverse: true };
    if (isEmptyQuery(query) && sort.key === 'date' && sort.reverse) return newestFirst(client, mailbox, opts);
    const uids = await sortedUids(client, query, sort);
    const pageUids = uids.slice((opts.page - 1) * opts.pageSize, opts.page * opts.pageSize);
    return { mailbox, total: uids.length, page: opts.page, pageCount: pageCountOf(uids.length, opts.pageSize), messages: await summaries(client, pageUids) };
  }, { fresh: true });
}

async function newestFirst(client: ImapClient, mailbox: string, opts: ListOptions): Promise<MessagePage> {
  const total = client.mailbox ? client.mailbox.exists : 0;
  const end = total - (opts.page - 1) * opts.pageSize;
  const messages: MessageSummary[] = [];
  if (end >= 1) {
    const start = Math.max(1, end - opts.pageSize + 1);
    for await (const msg of client.fetch(`${start}:${end}`, SUMMARY_QUERY)) messages.push(toMessageSummary(msg));
    messages.sort((a, b) => b.uid - a.uid);
  }
  return { mailbox, total, page: opts.page, pageCount: pageCountOf(total, opts.pageSize), messages };
}

/** The summaries of `uids` in that order; a message expunged since the SORT is left out. */
async function summaries(client: ImapClient, uids: number[]): Promise<MessageSummary[]> {
  if (!uids.length) return [];
  const byUid = new Map<number, MessageSummary>();
  for await (const msg of client.fetch(uids.join(','), SUMMARY_QUERY, { uid: true })) byUid.set(msg.uid, toMessageSummary(msg));
  return uids.flatMap((uid) => byUid.get(uid) ?? []);
}

function pageCountOf(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Headers and body plan of one message; marks it \Seen the way opening a message does in every mail client. */
export async function getMessage(session: MailSession, mailbox: string, uid: number): Promise<MessageView> {
  return session.withMailbox(mailbox, async (client) => {
    const msg = await fetchByUid(client, uid, { uid: true, flags: true, envelope: true, bodyStructure: true, size: true, internalDate: true });
    const view = toMessageView(mailbox, msg);
    if (view.seen) return view;
    await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    forgetMailboxes(session);
    return { ...view, seen: true };
  });
}

function toMessageView(mailbox: string, msg: FetchMessageObject): MessageView {
  const flags = [...(msg.flags ?? [])].map((f) => f.toLowerCase());
  return {
    mailbox,
    uid: msg.uid,
    ...toMessageHeaders(msg),
    messageId: msg.envelope?.messageId,
    size: msg.size ?? 0,
    seen: flags.includes('\\seen'),
    flagged: flags.includes('\\flagged'),
    keywords: keywordsOf(msg.flags),
    plan: planBody((msg.bodyStructure ?? { type: 'text/plain' }) as BodyNode),
  };
}

