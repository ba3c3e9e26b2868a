// Where this user's Sent, Drafts, Trash, Junk and Archive are (RFC 6154 flags, or well-known names when the
// server flags nothing). Folders of this kind rarely move, so any folder list this connection has is good enough;
// creating, renaming or deleting a folder forgets it (forgetMailboxes).
import { listMailboxes, type SpecialUse } from './mailboxes.ts';
import type { MailSession } from '../connection/mail-session.ts';

export async function specialFolder(session: MailSession, use: SpecialUse): Promise<string | undefined> {
  return (await listMailboxes(session, { maxAgeMs: Infinity })).find((m) => m.specialUse === use)?.path;
}
