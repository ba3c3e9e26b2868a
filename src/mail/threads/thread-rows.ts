// One message of a conversation as FETCHed: its list row (message-summary.ts) plus what threading needs, its
// Message-ID, In-Reply-To (both in the ENVELOPE) and References (one header field: ENVELOPE has no References).
import type { FetchMessageObject } from 'imapflow';
import type { ImapClient } from '../connection/mail-session.ts';
import { toUidSets } from '../finding/uid-set.ts';
import { toAddresses, toMessageSummary, type Address, type MessageSummary } from '../reading/message-summary.ts';
import { messageIdsIn, type ThreadMessage } from './threading.ts';

export interface ConversationMessage extends MessageSummary {
  mailbox: string;
  cc: Address[];
  messageId: string | undefined;
  inReplyTo: string | undefined;
  references: string[];
}

export const ROW_QUERY = { uid: true, flags: true, envelope: true, size: true, internalDate: true, headers: ['content-type', 'references'] };

/** The References header's ids, from the fetched header block (folded lines joined, RFC 5322 section 2.2.3). */
function referencesOf(headers: Buffer | undefined): string[] {
  const block = (headers?.toString('latin1') ?? '').replace(/\r?\n[ \t]+/g, ' ');
  return messageIdsIn(/^references:(.*)$/im.exec(block)?.[1]);
}

export function toConversationMessage(mailbox: string, msg: FetchMessageObject): ConversationMessage {
  return {
    ...toMessageSummary(msg),
    mailbox,
    cc: toAddresses(msg.envelope?.cc),
    messageId: messageIdsIn(msg.envelope?.messageId)[0],
    inReplyTo: messageIdsIn(msg.envelope?.inReplyTo)[0],
    references: referencesOf(msg.headers),
  };
}

/** The rows of `uids` in the selected mailbox; a message expunged meanwhile is left out. */
export async function fetchConversationRows(client: ImapClient, mailbox: string, uids: readonly number[]): Promise<ConversationMessage[]> {
  const rows: ConversationMessage[] = [];
  for (const set of toUidSets(uids)) {
    for await (const msg of client.fetch(set, ROW_QUERY, { uid: true })) if (msg.envelope) rows.push(toConversationMessage(mailbox, msg));
  }
  return rows;
}

export const keyOf = (m: { mailbox: string; uid: number }) => `${m.mailbox}\u0000${m.uid}`;

export function threadMessage(m: ConversationMessage): ThreadMessage {
  return { key: keyOf(m), messageId: m.messageId, inReplyTo: m.inReplyTo, references: m.references, subject: m.subject, date: m.date?.getTime() ?? 0 };
}
