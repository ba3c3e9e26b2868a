// Fetching single MIME parts. The text shown in the body frame comes with the message page (open-message.ts);
// attachments and the raw source are streamed to the caller's sink chunk by chunk (partial FETCH), never held
// whole in memory, and big ones on a connection of their own (DESIGN.md, downloads) so the session's connection
// stays free for the user's pages.
import { Readable } from 'node:stream';
import { describePart, findPart, partDisposition } from '../../mime/body-structure.ts';
import { decodeCharset } from '../../mime/charset.ts';
import { fetchByUid } from './fetch-by-uid.ts';
import { MailError } from '../errors/mail-errors.ts';
import type { ImapClient, MailSession } from '../connection/mail-session.ts';
import { userText } from '../errors/user-text.ts';
import { structureOf } from './open-message.ts';

export { getMessageBody } from './open-message.ts';
export type { DisplayContent, MessageBody } from './message-texts.ts';
export { MAX_DISPLAY_BYTES } from './message-fetch.ts';

export interface PartStreamInfo {
  /** the declared media type, lower-cased, without parameters */
  contentType: string;
  /** Content-Disposition type as the sender wrote it, lower-cased; '' when absent */
  disposition: string;
  filename: string;
  size: number | undefined;
}

/**
 * A text part from imapflow's download(), whole (replying quotes the original this way). download() has already
 * converted text/plain and text/html to UTF-8; for other types pass the part's `charset`, which it leaves alone.
 */
export async function readText(stream: Readable, charset?: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return decodeCharset(Buffer.concat(chunks), charset);
}

/**
 * Parts up to this size (as stored, transfer-encoded) are fetched whole on the session's own connection in one
 * FETCH and then handed to `sink` from memory: cid images and small files cost no second login and hold the
 * connection for one round trip only, whatever the reader's speed. Bigger ones stream on a download connection.
 */
export const SMALL_PART_BYTES = 256 * 1024;

/**
 * One partial FETCH of a download. imapflow's default of 64 KiB costs a round trip per 64 KiB (50 MB took 64 s at
 * a 50 ms round trip); 1 MiB cuts that sixteenfold while a download still holds only about one chunk in memory.
 */
export const DOWNLOAD_CHUNK_BYTES = 1024 * 1024;

type Download = Awaited<ReturnType<ImapClient['download']>>;

async function readBytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The whole (small) download, in memory, so the caller can release the connection before sending it. */
async function inMemory(download: Download): Promise<Download> {
  return download.content ? { meta: download.meta, content: Readable.from([await readBytes(download.content)]) } : download;
}

/**
 * Runs `start` on the session's connection when the body is small (then the bytes arrive in memory), else on a
 * download connection of its own, and hands the stream to `send`; the download connection is logged out when
 * `send` settles, however it ends (done, failed, client gone).
 */
async function streamDownload(
  session: MailSession, mailbox: string, small: boolean,
  start: (client: ImapClient, chunkSize: number) => Promise<Download>,
  send: (download: Download) => Promise<void>,
): Promise<void> {
  if (small) {
    return send(await session.withMailbox(mailbox, async (client) => inMemory(await start(client, SMALL_PART_BYTES)), { retry: false }));
  }
  const connection = await session.openDownload(mailbox);
  try {
    await send(await connection.step((client) => start(client, DOWNLOAD_CHUNK_BYTES)));
  } finally {
    await connection.release();
  }
}

/**
 * Streams one part to `sink`; `sink` sets the response headers from `info` and pipes `content` out. An unknown
 * part number is a not-found error, checked against BODYSTRUCTURE first.
 */
export async function streamMessagePart(
  session: MailSession, mailbox: string, uid: number, part: string,
  sink: (info: PartStreamInfo, content: Readable) => Promise<void>,
): Promise<void> {
  // BODYSTRUCTURE never changes for a UID: the message page's is reused.
  const root = session.cache.view(mailbox)?.structure(uid)
    ?? await session.withView(mailbox, (client, view) => structureOf(client, session.cache, view, uid));
  const node = findPart(root, part);
  if (!node || node.type.toLowerCase().startsWith('multipart/')) throw new MailError('not-found', userText('mail:noPart', `This message has no part ${part}.`, { part }));
  // Named and typed as the attachment list shows it (sanitized filename), cid images included.
  const attachment = describePart(root, part);
  const small = node.size !== undefined && node.size <= SMALL_PART_BYTES;
  // decodeText: false keeps the part's own bytes and charset: a download is a file, not text to display.
  await streamDownload(session, mailbox, small,
    (client, chunkSize) => client.download(String(uid), part, { uid: true, decodeText: false, chunkSize }),
    async ({ meta, content }) => {
      if (!content) throw new MailError('not-found', userText('mail:noPart', `This message has no part ${part}.`, { part }));
      const contentType = (attachment?.type ?? node.type ?? meta.contentType ?? 'application/octet-stream').toLowerCase();
      const filename = attachment?.filename ?? meta.filename ?? `part-${part}`;
      await sink({ contentType, disposition: partDisposition(node), filename, size: attachment?.size ?? meta.expectedSize }, content);
    });
}

/** Streams the whole message source (RFC 5322 bytes) to `sink`. */
export async function streamRawMessage(
  session: MailSession, mailbox: string, uid: number,
  sink: (info: { size: number; subject: string }, content: Readable) => Promise<void>,
): Promise<void> {
  const msg = await session.withMailbox(mailbox, (client) => fetchByUid(client, uid, { size: true, envelope: true }));
  const size = msg.size ?? 0;
  await streamDownload(session, mailbox, size <= SMALL_PART_BYTES,
    (client, chunkSize) => client.download(String(uid), undefined, { uid: true, chunkSize }),
    async ({ content }) => {
      if (!content) throw new MailError('not-found', userText('mail:noMessage', `There is no message ${uid} in this folder.`, { uid: String(uid) }));
      await sink({ size, subject: msg.envelope?.subject ?? '' }, content);
    });
}
