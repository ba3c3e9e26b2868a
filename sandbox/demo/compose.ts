// Turns a demo letter into wire bytes. Most letters go through nodemailer's MailComposer (the
// same builder Postern uses to send); the legacy-charset ones are assembled by hand because
// MailComposer labels every text part UTF-8 and would re-encode a 7bit ISO-2022-JP body.
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailComposerAttachment } from 'nodemailer/lib/mail-composer';
import * as base64 from 'nodemailer/lib/base64';
import * as qp from 'nodemailer/lib/qp';
import type { Random } from './random.ts';

export interface Person {
  name: string;
  address: string;
  /** Minutes east of UTC for the Date header, so readers see the sender's zone, like real mail. */
  tz: number;
}

export interface Letter {
  from: Person;
  to: Person[];
  cc?: Person[];
  subject: string;
  date: Date;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  text?: string;
  html?: string;
  /** Forces the text part's transfer encoding; nodemailer otherwise picks by content. */
  textEncoding?: 'quoted-printable' | 'base64';
  attachments?: MailComposerAttachment[];
  /** Extra ASCII headers (List-Unsubscribe, X-Mailer, ...). */
  headers?: Record<string, string>;
}

export async function compose(letter: Letter, random: Random): Promise<Buffer> {
  const person = (p: Person) => ({ name: p.name, address: p.address });
  const headers: Record<string, string | { prepared: true; value: string }> = {
    // A string Date is emitted as given (an object would not be), keeping the sender's zone.
    Date: rfc5322Date(letter.date, letter.from.tz),
  };
  for (const [key, value] of Object.entries(letter.headers ?? {})) headers[key] = { prepared: true, value };
  const composer = new MailComposer({
    from: person(letter.from),
    to: letter.to.map(person),
    ...(letter.cc ? { cc: letter.cc.map(person) } : {}),
    subject: letter.subject,
    messageId: letter.messageId,
    ...(letter.inReplyTo ? { inReplyTo: letter.inReplyTo } : {}),
    ...(letter.references ? { references: letter.references } : {}),
    ...(letter.text !== undefined
      ? { text: { content: crlf(letter.text), contentTransferEncoding: letter.textEncoding ?? false } }
      : {}),
    ...(letter.html !== undefined ? { html: crlf(letter.html) } : {}),
    attachments: letter.attachments ?? [],
    headers,
    // Random boundaries would make every run differ; a seeded one keeps the corpus reproducible.
    baseBoundary: random.hex(8),
    newline: '\r\n',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return checkWireSafe(await composer.compile().build(), letter.subject);
}

export interface HandLetter {
  /** Header lines, already RFC 2047-encoded where needed. */
  headers: [string, string][];
  contentType: string;
  transferEncoding: '7bit' | 'quoted-printable' | 'base64';
  body: Buffer;
}

/** A single-part message assembled as an old mailer would: the body bytes in their own charset. */
export function handBuilt(letter: HandLetter): Buffer {
  const encoded =
    letter.transferEncoding === 'base64'
      ? base64.wrap(base64.encode(letter.body), 76)
      : letter.transferEncoding === 'quoted-printable'
        ? qp.wrap(qp.encode(letter.body), 76)
        : letter.body.toString('latin1');
  const head = ([
    ...letter.headers,
    ['MIME-Version', '1.0'],
    ['Content-Type', letter.contentType],
    ['Content-Transfer-Encoding', letter.transferEncoding],
  ] as [string, string][])
    .map(([key, value]) => fold(key, value))
    .join('\r\n');
  const raw = Buffer.from(`${head}\r\n\r\n${crlf(encoded).replace(/(\r\n)?$/, '\r\n')}`, 'latin1');
  return checkWireSafe(raw, letter.headers.find(([key]) => key === 'Subject')?.[1] ?? '');
}

// Folds at the spaces between encoded-words and addresses (RFC 5322 section 2.2.3) so header
// lines stay under the recommended 78 characters.
function fold(key: string, value: string): string {
  const lines: string[] = [];
  let line = `${key}:`;
  for (const token of value.split(' ')) {
    if (line.length + 1 + token.length > 76 && line !== `${key}:`) {
      lines.push(line);
      line = '';
    }
    line += ' ' + token;
  }
  lines.push(line);
  return lines.join('\r\n');
}

export function rfc5322Date(date: Date, tzMinutes: number): string {
  const local = new Date(date.getTime() + tzMinutes * 60_000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  const sign = tzMinutes < 0 ? '-' : '+';
  const zone = `${sign}${two(Math.floor(Math.abs(tzMinutes) / 60))}${two(Math.abs(tzMinutes) % 60)}`;
  return (
    `${days[local.getUTCDay()]}, ${two(local.getUTCDate())} ${months[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ${zone}`
  );
}

export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/**
 * The corpus must APPEND unchanged to any server: Cyrus rejects bare LF and rewrites 8-bit
 * header bytes, and RFC 5322 caps lines at 998 octets. Every part is 7bit, QP or base64.
 */
export function checkWireSafe(raw: Buffer, label: string): Buffer {
  let lineLength = 0;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i] as number;
    if (b === 0 || b > 0x7f) throw new Error(`demo mail "${label}": byte 0x${b.toString(16)} at ${i}`);
    if (b === 0x0d && raw[i + 1] !== 0x0a) throw new Error(`demo mail "${label}": bare CR at ${i}`);
    if (b === 0x0a && raw[i - 1] !== 0x0d) throw new Error(`demo mail "${label}": bare LF at ${i}`);
    lineLength = b === 0x0a ? 0 : lineLength + 1;
    if (lineLength > 998) throw new Error(`demo mail "${label}": line over 998 octets at ${i}`);
  }
  return raw;
}
