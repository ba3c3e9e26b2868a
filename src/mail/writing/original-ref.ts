// Which message a draft answers or forwards, kept in the draft itself, so a draft reopened later (after signing
// out, from another browser) still marks its original \Answered or $Forwarded when it is sent. The form's hidden
// fields carry it only while one page follows another. Private header, drafts only: the message that is sent never
// has it (build-message.ts adds it only when keepBcc says the message is a draft).
//   X-Postern-Original: mode=reply; mailbox=INBOX%2FWork; uidvalidity=1700000000; uid=42
// The mailbox is percent-encoded (header values are ASCII); UIDVALIDITY tells whether the UID still names the same
// message (RFC 3501 section 2.3.1.1). When it does not, the message is looked for by its Message-ID, which a reply's
// In-Reply-To holds.
import type { MailSession } from '../connection/mail-session.ts';
import { asMailError } from '../errors/mail-errors.ts';

export const ORIGINAL_HEADER = 'X-Postern-Original';

export type OriginalMode = 'reply' | 'reply-all' | 'forward';

export interface OriginalRef {
  mode: OriginalMode;
  mailbox: string;
  uidValidity: string;
  uid: number;
}

const MODES = new Set<string>(['reply', 'reply-all', 'forward']);

export function formatOriginalRef(ref: OriginalRef): string {
  return `mode=${ref.mode}; mailbox=${encodeURIComponent(ref.mailbox)}; uidvalidity=${ref.uidValidity}; uid=${ref.uid}`;
}

/** The header's value as stored; undefined for anything Postern did not write (another client may have edited it). */
export function parseOriginalRef(value: string | undefined): OriginalRef | undefined {
  if (!value || value.length > 3000) return undefined;
  const fields = new Map<string, string>();
  for (const pair of value.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0) fields.set(pair.slice(0, eq).trim().toLowerCase(), pair.slice(eq + 1).trim());
  }
  const mode = fields.get('mode') ?? '';
  const uid = Number(fields.get('uid'));
  const uidValidity = fields.get('uidvalidity') ?? '';
  let mailbox: string;
  try {
    mailbox = decodeURIComponent(fields.get('mailbox') ?? '');
  } catch {
    return undefined;
  }
  if (!MODES.has(mode) || !Number.isSafeInteger(uid) || uid < 1 || !/^\d{1,20}$/.test(uidValidity)) return undefined;
  if (mailbox === '' || mailbox.length > 1000 || /[\u0000-\u001f\u007f]/.test(mailbox)) return undefined;
  return { mode: mode as OriginalMode, mailbox, uidValidity, uid };
}

/** UIDVALIDITY of `mailbox`, for a reference to one of its messages. */
export async function uidValidityOf(session: MailSession, mailbox: string): Promise<string> {
  return session.withMailbox(mailbox, async (client) => String(client.mailbox ? client.mailbox.uidValidity : ''));
}

/**
 * Where the referenced message is now: the same UID while UIDVALIDITY is unchanged, else the message whose
 * Message-ID is `messageId` in that mailbox. Undefined when it is gone (or the folder is): the draft is still
 * worth opening, it just marks nothing.
 */
export async function findOriginal(session: MailSession, ref: OriginalRef, messageId: string | undefined): Promise<{ mailbox: string; uid: number; mode: OriginalMode } | undefined> {
  try {
    return await session.withMailbox(ref.mailbox, async (client) => {
      const current = client.mailbox ? String(client.mailbox.uidValidity) : '';
      if (current === ref.uidValidity) return { mailbox: ref.mailbox, uid: ref.uid, mode: ref.mode };
      if (!messageId) return undefined;
      const found = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      const uid = found ? found.at(-1) : undefined;
      return uid ? { mailbox: ref.mailbox, uid, mode: ref.mode } : undefined;
    });
  } catch (err) {
    if (asMailError(err)?.kind === 'not-found') return undefined;
    throw err;
  }
}
