import type { FetchMessageObject } from 'imapflow';
import { MailError } from '../errors/mail-errors.ts';
import type { ImapClient } from '../connection/mail-session.ts';
import { userText } from '../errors/user-text.ts';

type FetchQuery = Parameters<ImapClient['fetchOne']>[1];

/** UID FETCH of one message; a UID that is not (or no longer) there is a not-found error, not an empty result. */
export async function fetchByUid(client: ImapClient, uid: number, query: FetchQuery): Promise<FetchMessageObject> {
  let msg = await client.fetchOne(String(uid), { ...query, uid: true }, { uid: true });
  if (!msg && client.mailbox && uid >= Number(client.mailbox.uidNext)) {
    // Mail that arrived after this connection's last command is not visible until the server announces it
    // (RFC 3501 section 7): a link from a fresher page can name it. One NOOP, then look again.
    await client.noop();
    msg = await client.fetchOne(String(uid), { ...query, uid: true }, { uid: true });
  }
  if (!msg) throw new MailError('not-found', userText('mail:messageGone', `There is no message ${uid} in this folder: it may have been moved or deleted.`, { uid: String(uid) }));
  return msg;
}
