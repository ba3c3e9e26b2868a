// Who wrote to whom, read from a folder by UID window for the contacts gatherer (src/contacts): ENVELOPE gives the
// decoded From, Reply-To, To, Cc and Bcc in one small answer per message; a few header fields tell mailing lists
// and robots apart. A window of UIDs is sent as such ("UID FETCH 501:1000"): UIDs never move, so the gatherer can
// remember what it has read between runs and sessions, where sequence numbers would shift with every expunge.
import type { MailSession } from '../connection/mail-session.ts';
import { asMailError } from '../errors/mail-errors.ts';
import { toAddresses, toDate, type Address } from './message-summary.ts';

export interface FolderMark {
  uidValidity: number;
  /** the next UID the server will give: everything below it may exist */
  uidNext: number;
}

export interface AddressedMessage {
  uid: number;
  /** the earlier of INTERNALDATE and the Date header (see earlier()) */
  date: Date | undefined;
  messageId: string;
  from: Address[];
  replyTo: Address[];
  to: Address[];
  cc: Address[];
  bcc: Address[];
  /** sent by a list or a robot: List-Id, List-Unsubscribe, Precedence bulk/list/junk, Auto-Submitted (RFC 3834) */
  automated: boolean;
  /** flagged as junk by the user or a filter ($Junk, Junk) */
  junk: boolean;
}

const AUTOMATION_HEADERS = ['list-id', 'list-unsubscribe', 'precedence', 'auto-submitted'];

/** UIDVALIDITY and UIDNEXT of `path`; undefined when the folder does not exist. */
export async function folderMark(session: MailSession, path: string): Promise<FolderMark | undefined> {
  try {
    return await session.withClient(async (client) => {
      // Dovecot answers STATUS of the selected mailbox from this connection's view, which hears of other
      // connections' APPENDs only when synced (settings/folder-backend.ts saw the same): a NOOP first.
      if (client.mailbox && client.mailbox.path === path) await client.noop();
      const s = await client.status(path, { uidNext: true, uidValidity: true });
      return s && s.uidNext && s.uidValidity !== undefined ? { uidValidity: Number(s.uidValidity), uidNext: s.uidNext } : undefined;
    });
  } catch (err) {
    if (asMailError(err)?.kind === 'not-found') return undefined;
    throw err;
  }
}

/** Reads the header lines this module asks for: unfolded, names lower-cased. */
export function headerFields(block: Buffer | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  const text = (block?.toString('latin1') ?? '').replace(/\r?\n[ \t]+/g, ' ');
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return fields;
}

export function isAutomated(fields: Map<string, string>): boolean {
  if (fields.has('list-id') || fields.has('list-unsubscribe')) return true;
  if (/^(bulk|list|junk)\b/i.test(fields.get('precedence') ?? '')) return true;
  const auto = fields.get('auto-submitted');
  return auto !== undefined && !/^no\b/i.test(auto);
}

/**
 * A message is never newer than when it reached the store (INTERNALDATE), nor than it says it is: a Date in the
 * future is a wrong clock or a spammer's trick, and mail copied in from elsewhere often has the day of the copy as
 * INTERNALDATE while its Date header is the real one.
 */
export function earlier(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a || !b) return a ?? b;
  return a.getTime() <= b.getTime() ? a : b;
}

const hasFlag = (flags: Set<string> | undefined, names: string[]) =>
  [...(flags ?? [])].some((f) => names.includes(f.toLowerCase()));

/**
 * The messages whose UIDs lie in [from, to], in UID order. `path` is selected for it (withMailbox), so call it
 * for the folder that should stay selected last. Only BODY.PEEK: reading addresses never marks anything \Seen.
 */
export async function addressesInWindow(session: MailSession, path: string, from: number, to: number): Promise<AddressedMessage[]> {
  return session.withMailbox(path, async (client) => {
    const out: AddressedMessage[] = [];
    const query = { uid: true, envelope: true, internalDate: true, flags: true, headers: AUTOMATION_HEADERS };
    for await (const msg of client.fetch(`${from}:${to}`, query, { uid: true })) {
      const env = msg.envelope ?? {};
      out.push({
        uid: msg.uid,
        date: earlier(toDate(msg.internalDate), toDate(env.date)),
        messageId: env.messageId ?? '',
        from: toAddresses(env.from),
        replyTo: toAddresses(env.replyTo),
        to: toAddresses(env.to),
        cc: toAddresses(env.cc),
        bcc: toAddresses(env.bcc),
        automated: isAutomated(headerFields(msg.headers)),
        junk: hasFlag(msg.flags, ['$junk', 'junk']),
      });
    }
    return out.sort((a, b) => a.uid - b.uid);
  }, { fresh: true });
}
