// The head of a message's source, for reading it as text in the page (GET /message/:mailbox/:uid/source). Only the
// first maxBytes cross the wire: download() fetches the source in partial chunks and stops at the limit, so a
// 50 MB message costs the page 1 MB of memory, not 50. The whole message stays a streamed download (raw).
import { fetchByUid } from './fetch-by-uid.ts';
import { MailError } from '../errors/mail-errors.ts';
import type { MailSession } from '../connection/mail-session.ts';
import { userText } from '../errors/user-text.ts';

export interface SourceHead {
  /** the first bytes of the message, at most maxBytes */
  bytes: Buffer;
  /** the whole message's size (RFC822.SIZE) */
  size: number;
  subject: string;
}

export async function readSourceHead(session: MailSession, mailbox: string, uid: number, maxBytes: number): Promise<SourceHead> {
  return session.withMailbox(mailbox, async (client) => {
    const msg = await fetchByUid(client, uid, { size: true, envelope: true });
    const { content } = await client.download(String(uid), undefined, { uid: true, maxBytes });
    if (!content) throw new MailError('not-found', userText('mail:noMessage', `There is no message ${uid} in this folder.`, { uid: String(uid) }));
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of content as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
    }
    const bytes = Buffer.concat(chunks, length);
    return { bytes: bytes.subarray(0, maxBytes), size: msg.size ?? bytes.length, subject: msg.envelope?.subject ?? '' };
  });
}
