// Finding messages by the ids they carry, in the selected mailbox: the user's own replies in Sent (which name the
// conversation's messages in References or In-Reply-To, or which those messages name), and a conversation on a
// server without THREAD (by ids, then by subject as the last resort). SEARCH HEADER matches a substring of the field (RFC 3501 section 6.4.4), so what it finds
// is a candidate only: threading.ts decides membership afterwards.
import type { SearchObject } from 'imapflow';
import type { ImapClient } from '../connection/mail-session.ts';
import { userText } from '../errors/user-text.ts';
import { refusedUnless } from '../organizing/message-set.ts';
import { fetchConversationRows, keyOf, threadMessage, type ConversationMessage } from './thread-rows.ts';
import { groupThreads, threadSubject } from './threading.ts';

export type IdField = 'message-id' | 'references' | 'in-reply-to';

/** Ids per SEARCH: each id is up to three HEADER keys, and a short command line suits every server. */
const IDS_PER_SEARCH = 10;

/** UIDs of the selected mailbox whose `fields` name one of `ids`, ascending. */
export async function uidsNaming(client: ImapClient, ids: readonly string[], fields: readonly IdField[]): Promise<number[]> {
  const found = new Set<number>();
  for (let i = 0; i < ids.length; i += IDS_PER_SEARCH) {
    const keys: SearchObject[] = ids.slice(i, i + IDS_PER_SEARCH).flatMap((id) => fields.map((field) => ({ header: { [field]: id } })));
    const query: SearchObject = keys.length === 1 ? keys[0]! : { or: keys };
    const uids = refusedUnless(await client.search(query, { uid: true }), userText('mail:refusedThreadSearch', 'The mail server refused to look for the messages of the conversation.'));
    for (const uid of uids) found.add(uid);
  }
  return [...found].sort((a, b) => a - b);
}

/** Every id a message carries: its own and those it answers or refers to. */
export function idsOf(m: ConversationMessage): string[] {
  return [...(m.messageId ? [m.messageId] : []), ...m.references, ...(m.inReplyTo ? [m.inReplyTo] : [])];
}

/**
 * The conversation of `anchor` in the selected mailbox without THREAD, as RFC 5256's REFERENCES would find it:
 * searched for by the ids it knows, then by the ids of what was found, a few rounds; then, as the last resort, by
 * its base subject (a reply whose mail program dropped References and In-Reply-To), and one more round of ids for
 * what that found. At most `max` messages, the newest; threading.ts decides membership.
 */
export async function conversationByIds(client: ImapClient, mailbox: string, anchor: ConversationMessage, max: number): Promise<ConversationMessage[]> {
  const rows = new Map<number, ConversationMessage>([[anchor.uid, anchor]]);
  const asked = new Set<string>();
  const take = async (found: number[]) => {
    // The newest first when there are too many: a conversation is read from its end.
    const wanted = found.filter((uid) => !rows.has(uid)).slice(-Math.max(0, max - rows.size));
    for (const row of await fetchConversationRows(client, mailbox, wanted)) rows.set(row.uid, row);
    return wanted.length;
  };
  const byIds = async (rounds: number) => {
    for (let round = 0; round < rounds && rows.size < max; round++) {
      const ids = [...new Set([...rows.values()].flatMap(idsOf))].filter((id) => !asked.has(id)).slice(0, 50);
      if (!ids.length) break;
      for (const id of ids) asked.add(id);
      if (!await take(await uidsNaming(client, ids, ['message-id', 'references', 'in-reply-to']))) break;
    }
  };
  await byIds(4);
  // SEARCH SUBJECT is a case-insensitive substring match (RFC 3501 section 6.4.4): candidates only.
  const subject = threadSubject(anchor.subject);
  if (subject && rows.size < max) {
    const found = refusedUnless(await client.search({ subject }, { uid: true }), userText('mail:refusedThreadSearch', 'The mail server refused to look for the messages of the conversation.'));
    if (await take(found)) await byIds(1);
  }
  const all = [...rows.values()];
  const group = groupThreads(all.map(threadMessage), { bySubject: true }).find((g) => g.includes(keyOf(anchor))) ?? [];
  const members = new Set(group);
  return all.filter((m) => members.has(keyOf(m)));
}
