// Reading messages. Costs follow DESIGN.md's performance model: a page is one FETCH of a sequence range on the
// (reused) selected mailbox; a message view is one FETCH of ENVELOPE+BODYSTRUCTURE; bodies are fetched part by
// part, never the whole message.
import type { FetchMessageObject } from 'imapflow';
import { planBody, type BodyPlan, type BodyNode } from '../mime/body-structure.ts';
import { fetchByUid } from './fetch-by-uid.ts';
import type { MailSession } from './mail-session.ts';
import { toAddresses, toDate, toMessageSummary, type Address, type MessageSummary } from './message-summary.ts';

export type { Address, MessageSummary } from './message-summary.ts';

export interface MessagePage {
  mailbox: string;
  total: number;
  page: number;
  pageCount: number;
  messages: MessageSummary[];
}

export interface MessageView {
  mailbox: string;
  uid: number;
  subject: string;
  from: Address[];
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  date: Date | undefined;
  messageId: string | undefined;
  size: number;
  seen: boolean;
  flagged: boolean;
  plan: BodyPlan;
}

const SUMMARY_QUERY = { uid: true, flags: true, envelope: true, size: true, internalDate: true, headers: ['content-type'] };

/** Newest first by arrival: the page is a sequence range (exists-49:exists), so no SEARCH or SORT is needed. */
export async function listMessages(session: MailSession, mailbox: string, opts: { page: number; pageSize: number }): Promise<MessagePage> {
  return session.withMailbox(mailbox, async (client) => {
    const total = client.mailbox ? client.mailbox.exists : 0;
    const pageCount = Math.max(1, Math.ceil(total / opts.pageSize));
    const end = total - (opts.page - 1) * opts.pageSize;
    const messages: MessageSummary[] = [];
    if (end >= 1) {
      const start = Math.max(1, end - opts.pageSize + 1);
      for await (const msg of client.fetch(`${start}:${end}`, SUMMARY_QUERY)) messages.push(toMessageSummary(msg));
      messages.sort((a, b) => b.uid - a.uid);
    }
    return { mailbox, total, page: opts.page, pageCount, messages };
  });
}

/** Headers and body plan of one message; marks it \Seen the way opening a message does in every mail client. */
export async function getMessage(session: MailSession, mailbox: string, uid: number): Promise<MessageView> {
  return session.withMailbox(mailbox, async (client) => {
    const msg = await fetchByUid(client, uid, { uid: true, flags: true, envelope: true, bodyStructure: true, size: true, internalDate: true });
    const view = toMessageView(mailbox, msg);
    if (view.seen) return view;
    await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    return { ...view, seen: true };
  });
}

function toMessageView(mailbox: string, msg: FetchMessageObject): MessageView {
  const env = msg.envelope ?? {};
  const flags = [...(msg.flags ?? [])].map((f) => f.toLowerCase());
  return {
    mailbox,
    uid: msg.uid,
    subject: env.subject ?? '',
    from: toAddresses(env.from),
    to: toAddresses(env.to),
    cc: toAddresses(env.cc),
    replyTo: toAddresses(env.replyTo),
    date: toDate(env.date) ?? toDate(msg.internalDate),
    messageId: env.messageId,
    size: msg.size ?? 0,
    seen: flags.includes('\\seen'),
    flagged: flags.includes('\\flagged'),
    plan: planBody((msg.bodyStructure ?? { type: 'text/plain' }) as BodyNode),
  };
}

/** The body plan alone (for the body frame and part downloads), without touching flags. */
export async function getBodyPlan(session: MailSession, mailbox: string, uid: number): Promise<BodyPlan> {
  return session.withMailbox(mailbox, async (client) => {
    const msg = await fetchByUid(client, uid, { uid: true, bodyStructure: true });
    return planBody((msg.bodyStructure ?? { type: 'text/plain' }) as BodyNode);
  });
}
