// What a reply, a forward or an edited draft needs from an existing message: one FETCH of ENVELOPE,
// BODYSTRUCTURE and the References header, then the one text part to quote. BODY.PEEK throughout, so preparing
// a reply does not change \Seen; \Answered and $Forwarded are set only once the message has really gone.
import type { Readable } from 'node:stream';
import { planBody, type AttachmentInfo, type BodyNode } from '../../mime/body-structure.ts';
import { declaredName, disposition } from '../../mime/attachment-info.ts';
import { bodyNumber, childNumber, embeddedBody, isMultipart, typeOf } from '../../mime/body-node.ts';
import { decodeParameter } from '../../mime/mime-words.ts';
import { fetchByUid } from '../reading/fetch-by-uid.ts';
import { readText } from '../reading/message-parts.ts';
import type { MailSession } from '../connection/mail-session.ts';
import { toAddresses, toMessageHeaders, type Address, type MessageHeaders } from '../reading/message-summary.ts';
import { ORIGINAL_HEADER, parseOriginalRef, type OriginalRef } from './original-ref.ts';

export interface SourceText {
  kind: 'text' | 'html';
  content: string;
  flowed: boolean;
  delSp: boolean;
}

export interface ComposeSource extends MessageHeaders {
  mailbox: string;
  uid: number;
  bcc: Address[];
  messageId: string | undefined;
  inReplyTo: string | undefined;
  references: string[];
  /** the text/plain part (the HTML one when there is none), decoded to UTF-8 */
  text: SourceText | undefined;
  /** the text/html part, raw (unsanitized), when asked for (`html: true`) and the message has one */
  html?: string | undefined;
  /** what a forward carries over: the attachment list of the message page, cid images excluded */
  attachments: AttachmentInfo[];
  /** a draft's note of the message it answers or forwards (original-ref.ts) */
  originalRef: OriginalRef | undefined;
  /** Delivered-To and X-Original-To, newest first: which of the user's addresses the message came to */
  deliveredTo: string[];
}

/** A quote longer than this is cut: nobody reads a 2 MB quote, and the form would carry it back and forth. */
export const MAX_QUOTE_BYTES = 256 * 1024;
const MAX_REFERENCES = 50;

interface TextPart { part: string; kind: 'text' | 'html'; node: BodyNode }

// The text to quote: inside multipart/alternative the text/plain version (planBody would pick the HTML one to
// show); otherwise the first inline text part in order. Attached or named text parts are files, and a forwarded
// message/rfc822 inside is not the writer's own text.
// `prefer: 'html'` picks the HTML version instead, for a reply composed in rich text.
function textPart(node: BodyNode, number: string, depth: number, prefer: 'text' | 'html' = 'text'): TextPart | undefined {
  if (depth > 32 || !node || typeof node !== 'object') return undefined;
  if (isMultipart(node)) {
    const found = (node.childNodes ?? []).slice(0, 100)
      .map((child, i) => textPart(child, childNumber(number, i), depth + 1, prefer))
      .filter((p): p is TextPart => p !== undefined);
    const alternative = typeOf(node) === 'multipart/alternative';
    return (alternative ? found.find((p) => p.kind === prefer) : undefined) ?? found[0];
  }
  if (embeddedBody(node) || disposition(node) === 'attachment' || declaredName(node) !== undefined) return undefined;
  const type = typeOf(node);
  if (type === 'text/plain') return { part: number, kind: 'text', node };
  if (type === 'text/html') return { part: number, kind: 'html', node };
  return undefined;
}

// The header fields fetched below, unfolded, each name with every value in order (Delivered-To repeats per hop).
function headerValues(block: Buffer | undefined): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  const text = (block?.toString('latin1') ?? '').replace(/\r?\n[ \t]+/g, ' ');
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return fields;
}

const ADDRESS = /^<?([^<>\s@]{1,64}@[^<>\s@]{1,255})>?$/;

function parseReferences(values: string[] | undefined): string[] {
  const ids = (values ?? []).join(' ').match(/<[^<>\s]{1,900}>/g) ?? [];
  // Keep the thread root and the nearest ancestors when a chain grows past the cap (RFC 5322 §3.6.4 allows trimming).
  return ids.length > MAX_REFERENCES ? [ids[0]!, ...ids.slice(-(MAX_REFERENCES - 1))] : ids;
}

const messageId = (value: string | undefined) => (value && /^<[^<>\s]{1,900}>$/.test(value.trim()) ? value.trim() : undefined);

/**
 * `text: false` skips downloading the text part, for callers that need only the headers (threading at send time);
 * `html: true` also downloads the HTML part, when there is one, for a reply or draft opened in rich text.
 */
export async function readComposeSource(session: MailSession, mailbox: string, uid: number, opts: { text?: boolean; html?: boolean } = {}): Promise<ComposeSource> {
  return session.withMailbox(mailbox, async (client) => {
    const msg = await fetchByUid(client, uid, { envelope: true, bodyStructure: true, internalDate: true, headers: ['references', 'delivered-to', 'x-original-to', ORIGINAL_HEADER.toLowerCase()] });
    const fields = headerValues(msg.headers);
    const env = msg.envelope ?? {};
    const root = (msg.bodyStructure ?? { type: 'text/plain' }) as BodyNode;
    const found = opts.text === false ? undefined : textPart(root, bodyNumber(root, ''), 0);
    let text: SourceText | undefined;
    if (found) {
      const { content } = await client.download(String(uid), found.part, { uid: true, maxBytes: MAX_QUOTE_BYTES });
      const format = decodeParameter(found.node.parameters, 'format')?.trim().toLowerCase();
      const delSp = decodeParameter(found.node.parameters, 'delsp')?.trim().toLowerCase();
      text = { kind: found.kind, content: content ? await readText(content) : '', flowed: format === 'flowed', delSp: delSp === 'yes' };
    }
    let html: string | undefined;
    const htmlFound = opts.html && opts.text !== false ? textPart(root, bodyNumber(root, ''), 0, 'html') : undefined;
    if (htmlFound?.kind === 'html') {
      if (htmlFound.part === found?.part && text) {
        html = text.content;
      } else {
        const { content } = await client.download(String(uid), htmlFound.part, { uid: true, maxBytes: MAX_QUOTE_BYTES });
        html = content ? await readText(content) : '';
      }
    }
    return {
      mailbox,
      uid,
      ...toMessageHeaders(msg),
      bcc: toAddresses(env.bcc),
      messageId: messageId(env.messageId),
      inReplyTo: messageId(env.inReplyTo),
      references: parseReferences(fields.get('references')),
      text,
      html,
      attachments: planBody(root).attachments.filter((a) => !a.inline || !a.contentId),
      originalRef: parseOriginalRef(fields.get(ORIGINAL_HEADER.toLowerCase())?.[0]),
      deliveredTo: [...(fields.get('delivered-to') ?? []), ...(fields.get('x-original-to') ?? [])]
        .map((v) => ADDRESS.exec(v.trim())?.[1]).filter((a): a is string => a !== undefined),
    };
  });
}

/** RFC 3501 \Answered, set after a reply has been sent. STORE +FLAGS is idempotent, so a retry is harmless. */
export async function markAnswered(session: MailSession, mailbox: string, uid: number): Promise<void> {
  await session.withMailbox(mailbox, (client) => client.messageFlagsAdd(String(uid), ['\\Answered'], { uid: true }));
}

/**
 * The $Forwarded keyword (RFC 5788 registry), set after a forward has been sent. A mailbox whose PERMANENTFLAGS
 * has no \* takes no keywords: imapflow then leaves the flag out rather than fail, and the forward still counts.
 */
export async function markForwarded(session: MailSession, mailbox: string, uid: number): Promise<void> {
  await session.withMailbox(mailbox, (client) => client.messageFlagsAdd(String(uid), ['$Forwarded'], { uid: true }));
}
