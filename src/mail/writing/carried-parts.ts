// Attachments carried over from a stored message into a new one (a forward, a draft saved again, a send that
// failed): their bytes come from IMAP part by part, never from the browser again. One mailbox lock and one
// BODYSTRUCTURE fetch for all of them; each part is streamed to the caller's sink while the lock is held. The
// call's deadline follows the bytes (MailSession's 'progress' calls): a 50 MB attachment over a slow link takes
// longer than IMAP_TIMEOUT_SECONDS and must still arrive, and one that stops coming fails like any stuck call.
import { pipeline, Transform, type Readable } from 'node:stream';
import { describePart, findPart, type BodyNode } from '../../mime/body-structure.ts';
import { decodeParameter } from '../../mime/mime-words.ts';
import { fetchByUid } from '../reading/fetch-by-uid.ts';
import { MailError } from '../errors/mail-errors.ts';
import type { MailSession } from '../connection/mail-session.ts';
import { DOWNLOAD_CHUNK_BYTES } from '../reading/message-parts.ts';
import { userText } from '../errors/user-text.ts';

export interface CarriedPartInfo {
  part: string;
  filename: string;
  /** media type, with the charset of a text part so a Latin-1 CSV stays Latin-1 in the new message */
  contentType: string;
}

export async function streamCarriedParts(
  session: MailSession, mailbox: string, uid: number, parts: readonly string[],
  sink: (info: CarriedPartInfo, content: Readable) => Promise<void>,
): Promise<void> {
  if (parts.length === 0) return;
  await session.withMailbox(mailbox, async (client, progress) => {
    const msg = await fetchByUid(client, uid, { bodyStructure: true });
    const root = (msg.bodyStructure ?? { type: 'text/plain' }) as BodyNode;
    for (const part of parts) {
      const node = findPart(root, part);
      const described = node ? describePart(root, part) : undefined;
      if (!node || !described) throw new MailError('not-found', userText('mail:attachmentGone', `The attachment ${part} is no longer in that message.`, { part }));
      const charset = described.type.startsWith('text/') ? decodeParameter(node.parameters, 'charset')?.trim() : undefined;
      const contentType = charset && /^[a-z0-9._:+-]{1,40}$/i.test(charset) ? `${described.type}; charset=${charset}` : described.type;
      // decodeText: false: the transfer encoding is undone, the bytes and charset stay the sender's own.
      const { content } = await client.download(String(uid), part, { uid: true, decodeText: false, chunkSize: DOWNLOAD_CHUNK_BYTES });
      if (!content) throw new MailError('not-found', userText('mail:attachmentGone', `The attachment ${part} is no longer in that message.`, { part }));
      const moving = new Transform({
        transform(chunk, _encoding, done) {
          progress();
          done(null, chunk);
        },
      });
      // pipeline carries a failure either way: a broken download fails the sink, a failed sink stops the download.
      pipeline(content, moving, () => undefined);
      await sink({ part, filename: described.filename, contentType }, moving);
    }
  }, { retry: false, deadline: 'progress' });
}
