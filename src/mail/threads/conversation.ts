// One conversation, opened from one of its messages: the messages of its thread in this folder (the server's
// THREAD=REFERENCES where it has it, else a search by ids, related-mail.ts) and the user's own replies kept in Sent,
// oldest first. Bounded: at most MAX_CONVERSATION messages, the newest; the page says how many older ones it left
// out. Opening it marks the folder's messages read, as opening one message does.
import type { MailSession } from '../connection/mail-session.ts';
import { samePath } from '../folders/folder-lookup.ts';
import { forgetMailboxes } from '../folders/mailboxes.ts';
import { setFlags } from '../organizing/flags.ts';
import { fetchByUid } from '../reading/fetch-by-uid.ts';
import { ownReplies } from './own-replies.ts';
import { threadUids } from './thread-command.ts';
import { conversationByIds } from './related-mail.ts';
import { fetchConversationRows, ROW_QUERY, toConversationMessage, type ConversationMessage } from './thread-rows.ts';

export type { ConversationMessage } from './thread-rows.ts';

export const MAX_CONVERSATION = 100;

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
