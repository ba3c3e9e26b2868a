// Generated mail for the benchmark mailboxes: small, varied, deterministic messages made straight as CRLF
// strings. nodemailer (what the demo corpus uses) would spend longer composing 50,000 messages than Dovecot
// spends storing them. Sizes follow a real inbox roughly: mostly a few KB, a tail of newsletters and HTML
// mail, a few percent with an attachment, so FETCH and BODYSTRUCTURE see the usual shapes.
import { seededRandom, type Random } from '../sandbox/demo/random.ts';

export interface BenchMessage {
  raw: Buffer;
  /** Date header and IMAP internal date; rises with the index, as delivered mail does */
  date: Date;
  /** IMAP system flags */
  flags: string[];
}

const SENDERS = [
  ['Hannah Becker', 'hannah.becker@example.de'], ['Lucas Silva', 'lucas@example.com.br'], ['Aisha Khan', 'aisha.khan@example.org'],
  ['Mateo Rossi', 'mateo.rossi@example.it'], ['Ingrid Larsen', 'ingrid@example.no'], ['Kenji Watanabe', 'kenji@example.jp'],
  ['Zoë Clarke', 'zoe.clarke@example.co.uk'], ['Piotr Zieliński', 'piotr@example.pl'], ['Mei Chen', 'mei.chen@example.cn'],
  ['GitHub', 'notifications@git.example.com'], ['Example Shop', 'orders@shop.example.net'], ['Example Bank', 'no-reply@bank.example'],
  ['Calendar', 'calendar@example.com'], ['The Weekly Digest', 'digest@newsletter.example.com'], ['postern-dev', 'postern-dev@lists.example.org'],
  ['', 'alerts@monitoring.example.io'], ['Sam Taylor', 'sam@example.com'], ['Nadia Haddad', 'nadia@example.lb'],
] as const;

const SUBJECTS = [
  'Photos from the weekend', 'Dinner next week?', 'Your order #{n} has shipped', 'Your statement for month {n} is ready',
  '[postern/postern] Fix off-by-one in page ranges (#{n})', '[postern-dev] How do we cache BODYSTRUCTURE?',
  'Invitation: Sprint review @ {n} May', 'Weekly digest: {n} new posts', 'Re: Quick question about the flat',
  'Alert: disk usage above {n}%', 'Grüße aus Zürich', 'Board game night', 'Re: Re: Release checklist review',
];

const SENTENCES = [
  'Let me know what you think.', 'I have attached the details below.', 'No rush on this one.',
  'We talked about this briefly last week.', 'The numbers look better than expected.', 'Could you double-check the dates?',
  'This should be the last change before the release.', 'Happy to discuss it over coffee.', 'See you soon.',
  'It took longer than planned, but it works now.', 'The meeting room changed to the third floor.',
];

// One fixed blob sliced for attachments: random-looking bytes without paying for randomness per message.
const BLOB = Buffer.from(Array.from({ length: 96 * 1024 }, (_, i) => (i * 2654435761) >>> 24));

// RFC 2047 for anything outside ASCII: Cyrus rejects raw 8-bit headers (SANDBOX-NOTES.md).
function encodeWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
}

function rfc5322Date(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

function paragraphs(random: Random, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = Array.from({ length: random.int(2, 6) }, () => random.pick(SENTENCES)).join(' ');
    // Plain-text lines stay under 78 characters (RFC 5322 section 2.1.1) so no transfer encoding is needed.
    for (const wrapped of line.match(/.{1,76}(\s|$)/g) ?? [line]) lines.push(wrapped.trimEnd());
    lines.push('');
    size += line.length + 4;
  }
  return lines.join('\r\n');
}

function base64Lines(data: Buffer): string {
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

/** A size drawn from a heavy-tailed mix: most mail is a few KB, newsletters reach tens of KB. */
function bodySize(random: Random): number {
  const roll = random.next();
  if (roll < 0.7) return random.int(200, 2500);
  if (roll < 0.95) return random.int(2500, 12000);
  return random.int(12000, 40000);
}

export function benchMessage(random: Random, i: number, count: number, to: string, start: Date, spanMs: number): BenchMessage {
  const [name, address] = random.pick(SENDERS);
  const subject = random.pick(SUBJECTS).replace('{n}', String(random.int(2, 99999)));
  const date = new Date(start.getTime() + Math.floor((spanMs * i) / count) + random.int(0, 59) * 1000);
  const boundary = `=_bench_${i.toString(36)}_${random.hex(4)}`;
  const headers = [
    `Date: ${rfc5322Date(date)}`,
    `From: ${name ? `"${encodeWord(name)}" ` : ''}<${address}>`,
    `To: <${to}>`,
    `Subject: ${encodeWord(subject)}`,
    `Message-ID: <bench-${i}.${random.hex(6)}@bench.example>`,
    'MIME-Version: 1.0',
  ];
  const text = paragraphs(random, bodySize(random));
  const roll = random.next();
  let body: string;
  if (roll < 0.04) {
    const attachment = BLOB.subarray(random.int(0, 32 * 1024), random.int(40 * 1024, 96 * 1024));
    headers.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
    body = [
      'This is a multi-part message in MIME format.', '', `--${boundary}`, 'Content-Type: text/plain; charset=utf-8', '', text,
      `--${boundary}`, `Content-Type: application/pdf; name="report-${i}.pdf"`, 'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="report-${i}.pdf"`, '', base64Lines(attachment), `--${boundary}--`, '',
    ].join('\r\n');
  } else if (roll < 0.2) {
    const html = `<html><body>${text.split('\r\n\r\n').map((p) => `<p>${p.replace(/\r\n/g, ' ')}</p>`).join('\r\n')}</body></html>`;
    headers.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
    body = [
      `--${boundary}`, 'Content-Type: text/plain; charset=utf-8', '', text, `--${boundary}`, 'Content-Type: text/html; charset=utf-8', '', html,
      `--${boundary}--`, '',
    ].join('\r\n');
  } else {
    headers.push('Content-Type: text/plain; charset=utf-8');
    body = text;
  }
  // Older mail is nearly all read; the newest few percent are not, so the unread count means something.
  const flags = [
    ...(i < count * 0.97 || random.chance(0.3) ? ['\\Seen'] : []),
    ...(random.chance(0.03) ? ['\\Flagged'] : []),
  ];
  return { raw: Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}`), date, flags };
}

/** `count` messages addressed to `to`, oldest first, dated over the two years before `now`. */
export function* benchMessages(count: number, to: string, now = new Date(), seed = 4242): Generator<BenchMessage> {
  const random = seededRandom(seed);
  const spanMs = 730 * 86_400_000;
  const start = new Date(now.getTime() - spanMs);
  for (let i = 0; i < count; i++) yield benchMessage(random, i, count, to, start, spanMs);
}
