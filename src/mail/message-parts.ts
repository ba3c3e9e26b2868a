// Fetching single MIME parts. Text shown in the body frame is fetched part by part with imapflow's download(),
// which removes the transfer encoding and converts the charset to UTF-8; attachments and the raw source are
// streamed to the caller's sink chunk by chunk (partial FETCH), never held whole in memory.
import type { Readable } from 'node:stream';
import { describePart, findPart, partDisposition, planBody, type BodyNode, type BodyPlan, type DisplayPart } from '../mime/body-structure.ts';
import { decodeCharset } from '../mime/charset.ts';
import { fetchByUid } from './fetch-by-uid.ts';
import { MailError } from './mail-errors.ts';
import type { ImapClient, MailSession } from './mail-session.ts';

/** Text beyond this per part is cut off with a note: a 50 MB text part would stall the browser anyway. */
export const MAX_DISPLAY_BYTES = 2 * 1024 * 1024;

export interface DisplayContent {
  display: DisplayPart;
  /** the decoded text (UTF-8) of an html/text part; empty for embedded-message headers */
  content: string;
  truncated: boolean;
}

export interface MessageBody {
  plan: BodyPlan;
  parts: DisplayContent[];
}

export interface PartStreamInfo {
  /** the declared media type, lower-cased, without parameters */
  contentType: string;
  /** Content-Disposition type as the sender wrote it, lower-cased; '' when absent */
  disposition: string;
  filename: string;
  size: number | undefined;
}

async function structureOf(client: ImapClient, uid: number): Promise<BodyNode> {
  const msg = await fetchByUid(client, uid, { bodyStructure: true });
  return (msg.bodyStructure ?? { type: 'text/plain' }) as BodyNode;
}

/**
 * A text part, whole. download() has already converted text/plain and text/html to UTF-8; for other types pass
 * the part's `charset`, which download() leaves alone.
 */
export async function readText(stream: Readable, charset?: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return decodeCharset(Buffer.concat(chunks), charset);
}

export async function getMessageBody(session: MailSession, mailbox: string, uid: number): Promise<MessageBody> {
  return session.withMailbox(mailbox, async (client) => {
    const plan = planBody(await structureOf(client, uid));
    const parts: DisplayContent[] = [];
    for (const display of plan.display) {
      if (display.kind === 'embedded-message') {
        parts.push({ display, content: '', truncated: false });
        continue;
      }
      const { content } = await client.download(String(uid), display.part, { uid: true, maxBytes: MAX_DISPLAY_BYTES });
      const converted = display.kind === 'html' || display.kind === 'text';
      const text = content ? await readText(content, converted ? undefined : display.charset) : '';
      parts.push({ display, content: text, truncated: display.size > MAX_DISPLAY_BYTES });
    }
    return { plan, parts };
  });
}

/**
 * Streams one part to `sink` while the mailbox lock is held; `sink` sets the response headers from `info` and
 * pipes `content` out. An unknown part number is a not-found error, checked against BODYSTRUCTURE first.
 */
export async function streamMessagePart(
  session: MailSession, mailbox: string, uid: number, part: string,
  sink: (info: PartStreamInfo, content: Readable) => Promise<void>,
): Promise<void> {
  await session.withMailbox(mailbox, async (client) => {
    const root = await structureOf(client, uid);
    const node = findPart(root, part);
    if (!node || node.type.toLowerCase().startsWith('multipart/')) throw new MailError('not-found', `This message has no part ${part}.`);
    // Named and typed as the attachment list shows it (sanitized filename), cid images included.
    const attachment = describePart(root, part);
    // decodeText: false keeps the part's own bytes and charset: a download is a file, not text to display.
    const { meta, content } = await client.download(String(uid), part, { uid: true, decodeText: false });
    if (!content) throw new MailError('not-found', `This message has no part ${part}.`);
    const contentType = (attachment?.type ?? node.type ?? meta.contentType ?? 'application/octet-stream').toLowerCase();
    const filename = attachment?.filename ?? meta.filename ?? `part-${part}`;
    await sink({ contentType, disposition: partDisposition(node), filename, size: attachment?.size ?? meta.expectedSize }, content);
  }, { retry: false });
}

/** Streams the whole message source (RFC 5322 bytes) to `sink`. */
export async function streamRawMessage(
  session: MailSession, mailbox: string, uid: number,
  sink: (info: { size: number; subject: string }, content: Readable) => Promise<void>,
): Promise<void> {
  await session.withMailbox(mailbox, async (client) => {
    const msg = await fetchByUid(client, uid, { size: true, envelope: true });
    const { content } = await client.download(String(uid), undefined, { uid: true });
    if (!content) throw new MailError('not-found', `There is no message ${uid} in this folder.`);
    await sink({ size: msg.size ?? 0, subject: msg.envelope?.subject ?? '' }, content);
  }, { retry: false });
}
