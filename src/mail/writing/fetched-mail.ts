// Where mail fetched from another account over POP3 lands (issue 11): the target folder of the user's own IMAP
// account, through the session's one door. src/pop3's FetchTarget is shaped after hasMessageId here and
// appendMessageFile (append-file.ts: streamed from the temp file, no flags so unseen, the arrival time as
// internal date, never retried).
import { MailError } from '../errors/mail-errors.ts';
import type { MailSession } from '../connection/mail-session.ts';
import { userText } from '../errors/user-text.ts';

/** True when the folder holds a message with this Message-ID ("<id@host>"): fetched already. */
export async function hasMessageId(session: MailSession, folder: string, messageId: string): Promise<boolean> {
  // HEADER search is a substring match (RFC 3501 section 6.4.4); with its angle brackets the id matches only itself.
  const found = await session.withMailbox(folder, (client) => client.search({ header: { 'message-id': messageId } }, { uid: true }));
  if (!found) throw new MailError('rejected', userText('mail:refusedSearch', 'The mail server refused to search the folder.'));
  return found.length > 0;
}
