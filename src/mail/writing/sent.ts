// The copy of a sent message in the user's Sent folder: the very bytes the SMTP server took (DESIGN.md), APPENDed
// with \Seen because the user wrote it. Found by special-use (RFC 6154), or by name on servers that flag nothing.
import type { MailSession } from '../connection/mail-session.ts';
import { specialFolder } from '../folders/special-folders.ts';
import { appendMessageFile } from './append-file.ts';

/** The Sent path the copy went to, or undefined when the account has no Sent folder to keep it in. */
export async function appendToSent(session: MailSession, file: string): Promise<string | undefined> {
  const sent = await specialFolder(session, 'sent');
  if (!sent) return undefined;
  await appendMessageFile(session, sent, file, { flags: ['\\Seen'] });
  return sent;
}
