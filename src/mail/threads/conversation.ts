// One conversation, opened from one of its messages: the messages of its thread in this folder (the server's
// THREAD=REFERENCES where it has it, else a search by ids, related-mail.ts) and the user's own replies kept in Sent,
// oldest first. Bounded: at most MAX_CONVERSATION messages, the newest; the page says how many older ones it left
// out. Opening it marks the folder's messages read, as opening one message does.
import type { MailSession } from '../connection/mail-session.ts';
import { samePath } from '../folders/folder-lookup.ts';
import { forgetMailboxes } from '../folders/mailboxes.ts';
import { setFlags } from '../organizing/flags.ts';
import { fetchByUid } from '../reading/fetch-by-uid.ts';
import { threadUids } from './thread-command.ts';
import { conversationByIds, idsOf, uidsNaming } from './related-mail.ts';
import { fetchConversationRows, keyOf, ROW_QUERY, threadMessage, toConversationMessage, type ConversationMessage } from './thread-rows.ts';
import { groupThreads } from './threading.ts';

export type { ConversationMessage } from './thread-rows.ts';

export const MAX_CONVERSATION = 100;
/** Ids asked for in Sent: those of the newest messages, so the search stays a few short commands. */
const MAX_SENT_IDS = 50;

export interface Conversation {
  mailbox: string;
  /** the conversation's UIDs in `mailbox`, ascending: what its actions act on */
  uids: number[];
  /** the messages shown, oldest first; those of Sent have mailbox = the Sent folder */
  messages: ConversationMessage[];
  /** how many older messages of the folder were left out */
  leftOut: number;
  /** the UIDs in `mailbox` that were unread before the conversation was opened */
  unread: number[];
}

export interface ConversationOptions {
  /** the Sent folder, whose messages in the conversation are shown too */
  sent?: string | undefined;
  max?: number;
}

export async function loadConversation(session: MailSession, mailbox: string, uid: number, opts: ConversationOptions = {}): Promise<Conversation> {
  const max = opts.max ?? MAX_CONVERSATION;
  const here = await session.withMailbox(mailbox, async (client) => {
    const anchor = toConversationMessage(mailbox, await fetchByUid(client, uid, ROW_QUERY));
    if (!client.capabilities.has('THREAD=REFERENCES')) {
      const rows = await conversationByIds(client, mailbox, anchor, max);
      return { rows, total: rows.length };
    }
    const thread = (await threadUids(client, {}, 'REFERENCES')).find((t) => t.includes(uid)) ?? [uid];
    const newest = [...thread].sort((a, b) => a - b).slice(-max);
    return { rows: await fetchConversationRows(client, mailbox, newest), total: thread.length };
  }, { fresh: true });
  const sent = opts.sent && !samePath(opts.sent, mailbox) ? await ownReplies(session, opts.sent, here.rows, max) : [];
  const messages = [...here.rows, ...sent].sort((a, b) => (a.date?.getTime() ?? 0) - (b.date?.getTime() ?? 0) || a.uid - b.uid);
  const unread = here.rows.filter((m) => !m.seen).map((m) => m.uid);
  if (unread.length) {
    await setFlags(session, mailbox, unread, { seen: true });
    forgetMailboxes(session);
  }
  return {
    mailbox,
    uids: here.rows.map((m) => m.uid).sort((a, b) => a - b),
    messages: messages.map((m) => (m.mailbox === mailbox && !m.seen ? { ...m, seen: true } : m)),
    leftOut: Math.max(0, here.total - here.rows.length),
    unread,
  };
}

/**
 * The user's messages in Sent that belong to the conversation: those that name one of its messages (a reply), and
 * those its messages name (the user's message that others answered). Found by id, then kept only when threading
 * joins them to the conversation; a copy of a message the folder holds too (the user wrote to themselves) once.
 */
async function ownReplies(session: MailSession, sent: string, rows: ConversationMessage[], max: number): Promise<ConversationMessage[]> {
  const newestFirst = [...rows].sort((a, b) => b.uid - a.uid);
  const own = new Set(newestFirst.flatMap((m) => (m.messageId ? [m.messageId] : [])));
  const ids = [...own].slice(0, MAX_SENT_IDS);
  const named = [...new Set(newestFirst.flatMap(idsOf))].filter((id) => !own.has(id)).slice(0, MAX_SENT_IDS);
  if (!ids.length && !named.length) return [];
  const candidates = await session.withMailbox(sent, async (client) => {
    const uids = new Set([...await uidsNaming(client, ids, ['references', 'in-reply-to']), ...await uidsNaming(client, named, ['message-id'])]);
    return fetchConversationRows(client, sent, [...uids].sort((a, b) => a - b).slice(-max));
  });
  const fresh = candidates.filter((m) => !m.messageId || !own.has(m.messageId));
  const groups = groupThreads([...rows, ...fresh].map(threadMessage));
  const joined = new Set(groups.filter((g) => rows.some((m) => g.includes(keyOf(m)))).flat());
  return fresh.filter((m) => joined.has(keyOf(m)));
}
