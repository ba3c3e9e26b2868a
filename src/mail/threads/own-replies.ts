// The user's own messages in Sent that belong to a conversation found in another folder: shown by the conversation
// view, and reached by the conversation's actions (DESIGN.md "Conversations": read, labels, unflag, delete).
// Found by id (related-mail.ts), then kept only when threading joins them to the conversation; both the view and
// the actions find them this way, so an action reaches exactly the Sent messages the view showed.
import type { MailSession } from '../connection/mail-session.ts';
import { idsOf, uidsNaming } from './related-mail.ts';
import { fetchConversationRows, keyOf, threadMessage, type ConversationMessage } from './thread-rows.ts';
import { groupThreads } from './threading.ts';

/** Ids asked for in Sent for one conversation: those of the newest messages, so the search stays a few short commands. */
export const MAX_SENT_IDS = 50;
/**
 * An action's bound: the newest messages of the ticked conversations read for their ids, and the ids asked for in
 * Sent (10 per SEARCH, related-mail.ts: at most 2 x 50 short SEARCHes, within the call's deadline).
 */
const MAX_ACTION_ROWS = 500;

/**
 * The user's messages in Sent that belong to the conversation of `rows`: those that name one of its messages (a
 * reply), and those its messages name (the user's message that others answered); a copy of a message the folder
 * holds too (the user wrote to themselves) once. At most `max` messages, asked for with the newest `maxIds` ids.
 */
export async function ownReplies(session: MailSession, sent: string, rows: ConversationMessage[], max: number, maxIds = MAX_SENT_IDS): Promise<ConversationMessage[]> {
  const newestFirst = [...rows].sort((a, b) => b.uid - a.uid);
  const own = new Set(newestFirst.flatMap((m) => (m.messageId ? [m.messageId] : [])));
  const ids = [...own].slice(0, maxIds);
  const named = [...new Set(newestFirst.flatMap(idsOf))].filter((id) => !own.has(id)).slice(0, maxIds);
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

/**
 * The UIDs in Sent of the user's own messages in the conversations of `uids` (in `mailbox`): what a conversation's
 * action reaches besides the folder's messages. The same search as the view's, with room for the ids of every
 * conversation ticked (a list of conversations posts several), each call under the session's deadline.
 */
export async function ownReplyUids(session: MailSession, mailbox: string, uids: readonly number[], sent: string): Promise<number[]> {
  if (!uids.length) return [];
  const newest = [...uids].sort((a, b) => a - b).slice(-MAX_ACTION_ROWS);
  const rows = await session.withMailbox(mailbox, (client) => fetchConversationRows(client, mailbox, newest));
  const replies = await ownReplies(session, sent, rows, 2 * MAX_ACTION_ROWS, Math.max(MAX_SENT_IDS, rows.length));
  return replies.map((m) => m.uid).sort((a, b) => a - b);
}
