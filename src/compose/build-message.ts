// One outgoing message as raw RFC 5322 bytes, built once into a file: the same file goes to SMTP and to the Sent
// folder, so what the user keeps is exactly what was delivered, and streamed both times, so memory does not grow
// with the attachments (DESIGN.md, uploads). nodemailer's MailComposer does the MIME work with file and URL access
// disabled: nothing the user typed can make it read a server file or fetch a URL.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import MailComposer from 'nodemailer/lib/mail-composer';
import { uniqueAddresses, type MailAddress } from './addresses.ts';

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  /** a temp file Postern wrote itself (upload or carried-over part); read here as a stream, never via nodemailer's `path` */
  file: string;
}

export interface OutgoingMessage {
  /** required to send; a draft of a user whose address is not known yet is saved without one */
  from: MailAddress | undefined;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  /** the identity's reply-to address, if it has one */
  replyTo?: MailAddress[];
  subject: string;
  text: string;
  /** sanitized HTML: the message is then multipart/alternative, `text` its plain part */
  html?: string | undefined;
  inReplyTo?: string | undefined;
  references: string[];
  attachments: OutgoingAttachment[];
}

export interface Envelope {
  from: string;
  to: string[];
}

export interface BuiltMessage {
  /** the file holding the raw message (CRLF line ends) */
  file: string;
  size: number;
  messageId: string;
  envelope: Envelope;
}

export interface BuildOptions {
  /** drafts keep Bcc so that editing one brings it back; a message for delivery never carries it */
  keepBcc: boolean;
  date?: Date;
  /** Postern's own notes for drafts (original-ref.ts), never given to a message being sent */
  draftHeaders?: Record<string, string>;
}

const MESSAGE_ID = /^<[^<>\s]{1,900}>$/;

// RFC 5322 §3.6.4: the right side of a Message-ID should be a domain the sender controls; ASCII only, so an
// internationalized domain falls back to one that cannot collide with anyone's.
function newMessageId(from: string | undefined): string {
  const domain = from ? from.slice(from.lastIndexOf('@') + 1) : '';
  return `<${randomUUID()}@${/^[a-z0-9.-]+$/i.test(domain) ? domain : 'postern.invalid'}>`;
}

// Header values are refused with CR/LF at the edge already; this is the second lock on the same door.
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ');
const person = (a: MailAddress) => ({ name: oneLine(a.name), address: oneLine(a.address) });

export function envelopeOf(message: OutgoingMessage): Envelope {
  const recipients = uniqueAddresses([...message.to, ...message.cc, ...message.bcc]);
  return { from: message.from?.address ?? '', to: recipients.map((r) => r.address) };
}

/** Builds the message into `file`, a new file in a directory private to the request. */
export async function buildMessage(message: OutgoingMessage, opts: BuildOptions, file: string): Promise<BuiltMessage> {
  const messageId = newMessageId(message.from?.address);
  const references = message.references.filter((r) => MESSAGE_ID.test(r));
  const inReplyTo = message.inReplyTo && MESSAGE_ID.test(message.inReplyTo) ? message.inReplyTo : undefined;
  const composer = new MailComposer({
    ...(message.from ? { from: person(message.from) } : {}),
    to: message.to.map(person),
    cc: message.cc.map(person),
    bcc: message.bcc.map(person),
    ...(message.replyTo?.length ? { replyTo: message.replyTo.map(person) } : {}),
    subject: oneLine(message.subject),
    text: message.text.replace(/\r\n?/g, '\n'),
    ...(message.html ? { html: message.html } : {}),
    messageId,
    date: opts.date ?? new Date(),
    ...(inReplyTo ? { inReplyTo } : {}),
    ...(references.length ? { references } : {}),
    ...(opts.draftHeaders ? { headers: Object.fromEntries(Object.entries(opts.draftHeaders).map(([k, v]) => [k, oneLine(v)])) } : {}),
    attachments: message.attachments.map((a) => ({
      filename: oneLine(a.filename),
      contentType: a.contentType,
      contentDisposition: 'attachment',
      content: createReadStream(a.file),
    })),
    // RFC 5322 §2.3 and Cyrus's APPEND both want CRLF line ends (shared/SANDBOX-NOTES.md).
    newline: 'win',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const node = composer.compile();
  node.keepBcc = opts.keepBcc;
  const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  await pipeline(node.createReadStream(), out);
  return { file, size: out.bytesWritten, messageId, envelope: envelopeOf(message) };
}
