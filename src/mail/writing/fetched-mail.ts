// Where mail fetched from another account over POP3 lands (issue 11): the target folder of the user's own IMAP
// account, through the session's one door. src/pop3's FetchTarget is shaped after these two functions.
import { readFile } from 'node:fs/promises';
import { MailError } from '../errors/mail-errors.ts';
import type { MailSession } from '../connection/mail-session.ts';

/** True when the folder holds a message with this Message-ID ("<id@host>"): fetched already. */
export async function hasMessageId(session: MailSession, folder: string, messageId: string): Promise<boolean> {
  // HEADER search is a substring match (RFC 3501 section 6.4.4); with its angle brackets the id matches only itself.
  const found = await session.withMailbox(folder, (client) => client.search({ header: { 'message-id': messageId } }, { uid: true }));
  if (!found) throw new MailError('rejected', 'The mail server refused to search the folder.');
  return found.length > 0;
}

/**
 * APPENDs the file's bytes unchanged, unseen (no flags), with the given internal date.
 *
 * INTERIM: this reads the whole file into memory for imapflow's append (bounded by POP3_MAX_MESSAGE_MB). It is to
 * be replaced by the streaming `appendMessageFile(session, mailbox, file, { flags: [], internalDate })` that the
 * uploads work brings to src/mail; the signature here matches so the swap is one line.
 */
export async function appendFetchedFile(session: MailSession, folder: string, file: string, options: { internalDate: Date }): Promise<void> {
  const raw = await readFile(file);
  // APPEND is not idempotent: a retry after a dropped connection could store the message twice. The fetch engine
  // instead leaves the message on the POP3 server and recognises it by Message-ID next time.
  await session.withClient(async (client) => {
    const appended = await client.append(folder, raw, [], options.internalDate);
    if (!appended) throw new MailError('unavailable', 'The mail server connection was not ready to store the message.');
  }, { retry: false });
}
