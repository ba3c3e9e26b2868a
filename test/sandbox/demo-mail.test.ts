import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32, inflateRawSync, inflateSync } from 'node:zlib';
import { ImapFlow } from 'imapflow';
import { readFileSync } from 'node:fs';
import { DEMO, DEMO_FOLDERS, demoMessages, type DemoMessage } from '../../sandbox/demo-mail.ts';
import { seedDemoAccount } from '../../sandbox/seed.ts';
import { newUser, sandbox } from '../helpers/env.ts';

const NOW = new Date('2026-03-10T12:00:00Z');
const ME = 'demo@example.com';
const messages = await demoMessages({ user: 'demo', domain: 'example.com', now: NOW });
const SPECIAL = ['Sent', 'Drafts', 'Junk', 'Trash', 'Archive'];

// A deliberately small MIME reader, independent of the code under test: enough to find parts.
interface Part { headers: Map<string, string>; type: string; params: Record<string, string>; body: string; children: Part[] }

function parse(raw: Buffer | string): Part {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of text.slice(0, split).replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    const key = line.slice(0, colon).toLowerCase();
    if (!headers.has(key)) headers.set(key, line.slice(colon + 1).trim());
  }
  const body = text.slice(split + 4);
  const [type = 'text/plain', ...rest] = (headers.get('content-type') ?? 'text/plain').split(';');
  const params: Record<string, string> = {};
  for (const m of rest.join(';').matchAll(/([\w*-]+)=("(?:[^"\\]|\\.)*"|[^;\s]+)/g)) params[m[1]!.toLowerCase()] = m[2]!.replace(/^"|"$/g, '');
  const part: Part = { headers, type: type.trim().toLowerCase(), params, body, children: [] };
  if (part.type.startsWith('multipart/')) {
    const chunks = ('\r\n' + body).split(`\r\n--${params.boundary}`);
    assert.ok(chunks.length >= 3, `multipart without parts (${params.boundary})`);
    assert.ok(chunks.at(-1)!.startsWith('--'), 'multipart without a close delimiter');
    part.children = chunks.slice(1, -1).map((chunk) => parse(chunk.slice(chunk.indexOf('\r\n') + 2)));
  } else if (part.type === 'message/rfc822') {
    part.children = [parse(body)];
  }
  return part;
}

function decoded(part: Part): Buffer {
  const cte = part.headers.get('content-transfer-encoding')?.toLowerCase();
  if (cte === 'base64') return Buffer.from(part.body, 'base64');
  if (cte === 'quoted-printable') return qp(part.body.replace(/=\r\n/g, ''));
  return Buffer.from(part.body, 'latin1');
}

function qp(text: string): Buffer {
  return Buffer.from(text.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
}

function textOf(part: Part): string {
  return new TextDecoder(part.params.charset ?? 'us-ascii').decode(decoded(part));
}

// RFC 2047: whitespace between adjacent encoded-words is not part of the text.
function header(part: Part, key: string): string {
  return (part.headers.get(key) ?? '')
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_, charset: string, mode: string, data: string) =>
      new TextDecoder(charset).decode(mode.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : qp(data.replace(/_/g, ' '))),
    );
}

function walk(part: Part): Part[] {
  return [part, ...part.children.flatMap(walk)];
}

function bySubject(subject: string): { message: DemoMessage; root: Part } {
  const found = messages.map((message) => ({ message, root: parse(message.raw) })).filter(({ root }) => header(root, 'subject') === subject);
  assert.equal(found.length, 1, `one message with subject ${subject}`);
  return found[0]!;
}

describe('demoMessages', () => {
  it('produces the same bytes for the same clock, and the featured mail does not depend on the bulk count', async () => {
    const again = await demoMessages({ user: 'demo', domain: 'example.com', now: NOW });
    assert.deepEqual(again.map((m) => m.raw.toString('latin1')), messages.map((m) => m.raw.toString('latin1')));
    const small = await demoMessages({ user: 'demo', domain: 'example.com', now: NOW, bulk: 3 });
    const notBulk = (list: DemoMessage[]) => list.filter((m) => !m.raw.includes('Message-ID: <bulk-'));
    assert.deepEqual(notBulk(small).map((m) => m.raw.toString()), notBulk(messages).map((m) => m.raw.toString()));
  });

  it('makes `bulk` extra INBOX messages, 400 by default', async () => {
    const inbox = (list: DemoMessage[]) => list.filter((m) => m.mailbox.join('/') === 'INBOX').length;
    const small = await demoMessages({ user: 'demo', domain: 'example.com', now: NOW, bulk: 10 });
    assert.equal(DEMO.bulkCount, 400);
    assert.equal(inbox(messages) - inbox(small), 390);
    assert.equal(messages.length - small.length, 390);
  });

  it('writes every message with CRLF line endings, 7-bit bytes and lines within 998 octets', () => {
    for (const { raw } of messages) {
      const text = raw.toString('latin1');
      assert.doesNotMatch(text, /[^\x01-\x7f]/);
      assert.doesNotMatch(text, /\r(?!\n)|(?<!\r)\n/);
      assert.ok(text.split('\r\n').every((line) => line.length <= 998));
    }
  });

  it('gives every message Date, Message-ID and MIME-Version, with unique Message-IDs', () => {
    const ids = messages.map((m) => {
      const root = parse(m.raw);
      assert.equal(root.headers.get('mime-version'), '1.0');
      assert.equal(new Date(root.headers.get('date')!).getTime(), m.date.getTime());
      return root.headers.get('message-id');
    });
    assert.ok(ids.every((id) => /^<[^<>@\s]+@(demo\.postern\.test|example\.com)>$/.test(id ?? '')));
    assert.equal(new Set(ids).size, messages.length);
  });

  it('addresses received mail to the user and sends Sent and Drafts mail from the user', () => {
    for (const m of messages) {
      const root = parse(m.raw);
      if (['Sent', 'Drafts'].includes(m.mailbox[0]!)) assert.match(root.headers.get('from')!, new RegExp(`<${ME}>`));
      else assert.ok(`${root.headers.get('to')} ${root.headers.get('cc') ?? ''}`.includes(ME), header(root, 'subject'));
    }
  });

  it('files mail only into INBOX, the special-use folders and DEMO_FOLDERS, and leaves one folder empty', () => {
    const allowed = new Set(['INBOX', ...SPECIAL, ...DEMO_FOLDERS.map((f) => f.join('/'))]);
    const used = new Set(messages.map((m) => m.mailbox.join('/')));
    assert.deepEqual([...used].filter((box) => !allowed.has(box)), []);
    assert.ok(SPECIAL.every((box) => used.has(box)));
    assert.ok(DEMO_FOLDERS.some((f) => f.length > 1) && DEMO_FOLDERS.some((f) => /[^\x00-\x7f]/.test(f.join(''))));
    assert.ok(DEMO_FOLDERS.some((f) => !used.has(f.join('/'))));
  });

  it('marks most old mail \\Seen and uses \\Flagged, \\Answered and \\Draft', () => {
    const count = (flag: string) => messages.filter((m) => m.flags.includes(flag)).length;
    const old = messages.filter((m) => NOW.getTime() - m.date.getTime() > 30 * 86_400_000);
    assert.ok(old.filter((m) => m.flags.includes('\\Seen')).length / old.length > 0.9);
    assert.ok(messages.filter((m) => m.mailbox[0] === 'INBOX' && !m.flags.includes('\\Seen')).length >= 5);
    assert.ok(count('\\Flagged') >= 3 && count('\\Answered') >= 3);
    assert.deepEqual(messages.filter((m) => m.flags.includes('\\Draft')).map((m) => m.mailbox), [['Drafts']]);
  });

  it('spreads the mail over about two years, none of it after `now`', () => {
    const ages = messages.map((m) => (NOW.getTime() - m.date.getTime()) / 86_400_000);
    assert.ok(Math.min(...ages) > 0 && Math.max(...ages) > 600 && Math.max(...ages) <= 731);
  });

  it('keeps the plain message text-only with a URL and a quoted reply to a message in Sent', () => {
    const { root } = bySubject(DEMO.subjects.plain);
    const text = textOf(root);
    assert.equal(root.type, 'text/plain');
    assert.ok(text.includes(DEMO.phrases.plainUrl));
    assert.match(text, new RegExp(`^> ${DEMO.phrases.plainQuote}`, 'm'));
    const origin = bySubject(DEMO.subjects.sentOrigin);
    assert.deepEqual(origin.message.mailbox, ['Sent']);
    assert.equal(root.headers.get('in-reply-to'), origin.root.headers.get('message-id'));
  });

  it('sends the newsletter as multipart/alternative with remote images and a tracking pixel', () => {
    const { root } = bySubject(DEMO.subjects.newsletter);
    assert.equal(root.type, 'multipart/alternative');
    assert.deepEqual(root.children.map((p) => p.type), ['text/plain', 'text/html']);
    const html = textOf(root.children[1]!);
    assert.ok(html.includes(`src="${DEMO.remote.trackingPixel}" width="1" height="1"`));
    assert.ok(html.includes(`src="http://${DEMO.remote.host}/`) && html.includes(`src="https://${DEMO.remote.host}/`));
    assert.match(html, /<table[^>]+style="/);
    assert.ok(html.includes(DEMO.phrases.newsletterHeadline) && textOf(root.children[0]!).includes(DEMO.phrases.newsletterHeadline.toUpperCase()));
    assert.match(root.headers.get('list-unsubscribe')!, /^<https:/);
  });

  it('embeds the logo in multipart/related and refers to it by cid', () => {
    const parts = walk(bySubject(DEMO.subjects.inlineImage).root);
    const related = parts.find((p) => p.type === 'multipart/related');
    assert.ok(related);
    const [html, image] = related.children;
    assert.equal(html?.type, 'text/html');
    assert.ok(textOf(html!).includes(`src="cid:${DEMO.contentIds.logo}"`) && textOf(html!).includes(DEMO.phrases.inlineImage));
    assert.equal(image?.type, 'image/png');
    assert.equal(image?.headers.get('content-id'), `<${DEMO.contentIds.logo}>`);
    assertPng(decoded(image!));
  });

  it('attaches a valid PDF, PNG and ZIP to a text message', () => {
    const { root } = bySubject(DEMO.subjects.attachments);
    assert.equal(root.type, 'multipart/mixed');
    const [text, ...files] = root.children;
    assert.ok(textOf(text!).includes(DEMO.phrases.attachments));
    assert.deepEqual(files.map((p) => [p.type, p.params.name]), [
      ['application/pdf', DEMO.attachments.pdf],
      ['image/png', DEMO.attachments.png],
      ['application/zip', DEMO.attachments.zip],
    ]);
    assert.ok(files.every((p) => p.headers.get('content-disposition')?.startsWith('attachment')));
    assertPdf(decoded(files[0]!));
    assertPng(decoded(files[1]!));
    assertZip(decoded(files[2]!));
  });

  it('forwards a whole message as message/rfc822 with its own text and attachment', () => {
    const { root } = bySubject(DEMO.subjects.forwarded);
    assert.ok(textOf(root.children[0]!).includes(DEMO.phrases.forwardedOuter));
    const wrapper = root.children.find((p) => p.type === 'message/rfc822');
    const inner = wrapper?.children[0];
    assert.ok(inner);
    assert.equal(header(inner, 'subject'), DEMO.subjects.forwardedInner);
    assert.ok(textOf(inner.children[0]!).includes(DEMO.phrases.forwardedInner));
    const chart = inner.children[1]!;
    assert.deepEqual([chart.type, chart.params.name], ['image/gif', DEMO.attachments.forwardedInner]);
    assert.equal(decoded(chart).subarray(0, 6).toString(), 'GIF89a');
  });

  for (const sample of DEMO.charsets) {
    it(`writes the ${sample.charset} body in ${sample.transferEncoding} and its subject so readers can decode them`, () => {
      const { root } = bySubject(sample.subject);
      assert.equal(root.type, 'text/plain');
      assert.equal(root.params.charset?.toLowerCase(), sample.charset);
      assert.equal(root.headers.get('content-transfer-encoding'), sample.transferEncoding);
      assert.ok(textOf(root).includes(sample.phrase), textOf(root));
      if (sample.charset !== 'utf-8') assert.ok(root.headers.get('subject')!.toLowerCase().includes(`=?${sample.charset}?`));
    });
  }

  it('names senders in several scripts with RFC 2047', () => {
    const { root } = bySubject(DEMO.subjects.nonAscii);
    assert.equal(header(root, 'from'), 'Jürgen Müller <juergen.mueller@example.de>');
    assert.match(header(root, 'cc'), /山田 花子 .*Ольга Смирнова/);
    assert.match(DEMO.subjects.nonAscii, /ü.*東京.*🚀.*Привет/u);
  });

  it('links the thread with In-Reply-To and the full References chain', () => {
    const thread = messages
      .map((m) => parse(m.raw))
      .filter((root) => header(root, 'subject').replace(/^re:\s*/i, '') === DEMO.threadSubject);
    assert.equal(thread.length, DEMO.threadLength);
    const byId = new Map(thread.map((root) => [root.headers.get('message-id'), root]));
    const roots = thread.filter((root) => !root.headers.has('in-reply-to'));
    assert.equal(roots.length, 1);
    for (const root of thread.filter((r) => r !== roots[0])) {
      const parent = byId.get(root.headers.get('in-reply-to'));
      assert.ok(parent, 'replies to a message of the thread');
      const chain = (r: Part) => (r.headers.get('references') ?? '').split(/\s+/).filter(Boolean);
      assert.deepEqual(chain(root), [...chain(parent), parent.headers.get('message-id')]);
    }
    assert.ok(new Set(thread.map((root) => root.headers.get('from'))).size >= 4);
  });
});

describe('seedDemoAccount', () => {
  it('creates the folders and appends every message, oldest first, with its flags and date', async () => {
    const info = await sandbox();
    const user = await newUser('demo');
    const domain = info.mailDomain;
    const expected = await demoMessages({ user: user.name, domain });
    const began = Date.now();
    const { appended } = await seedDemoAccount({ host: info.host, port: info.imapPort, secure: false, caFile: info.caFile, user: user.name, password: user.password, domain });
    assert.equal(appended, expected.length);
    assert.ok(Date.now() - began < 20_000, 'seeding takes seconds, not minutes');

    const client = new ImapFlow({
      host: info.host, port: info.imapPort, secure: false, doSTARTTLS: true, tls: { ca: readFileSync(info.caFile) },
      auth: { user: user.name, pass: user.password }, logger: false,
    });
    await client.connect();
    try {
      const listed = await client.list({ statusQuery: { messages: true } });
      const count = (box: string) => expected.filter((m) => m.mailbox.join('/') === box).length;
      for (const folder of DEMO_FOLDERS) {
        const box = listed.find((b) => b.path === folder.join(b.delimiter));
        assert.ok(box, `folder ${folder.join('/')}`);
        assert.equal(box.status?.messages, count(folder.join('/')));
      }
      for (const use of SPECIAL) {
        const box = listed.find((b) => b.specialUse === `\\${use}`);
        assert.equal(box?.status?.messages, count(use), use);
      }
      const lock = await client.getMailboxLock('INBOX');
      try {
        const fetched = [];
        for await (const m of client.fetch('1:*', { internalDate: true, envelope: true, flags: true })) fetched.push(m);
        assert.equal(fetched.length, count('INBOX'));
        const times = fetched.map((m) => new Date(m.internalDate!).getTime());
        assert.deepEqual(times, [...times].sort((a, b) => a - b));
        assert.ok(fetched.every((m) => new Date(m.envelope?.date ?? 0).getTime() === new Date(m.internalDate!).getTime()));
        const unseen = fetched.filter((m) => !m.flags?.has('\\Seen')).length;
        assert.equal(unseen, expected.filter((m) => m.mailbox[0] === 'INBOX' && !m.flags.includes('\\Seen')).length);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  });
});

function assertPng(data: Buffer): void {
  assert.equal(data.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  let at = 8;
  const idat: Buffer[] = [];
  while (at < data.length) {
    const length = data.readUInt32BE(at);
    const type = data.subarray(at + 4, at + 8);
    const body = data.subarray(at + 8, at + 8 + length);
    assert.equal(data.readUInt32BE(at + 8 + length), crc32(Buffer.concat([type, body])), `CRC of ${type}`);
    if (type.toString() === 'IDAT') idat.push(body);
    at += 12 + length;
  }
  assert.equal(inflateSync(Buffer.concat(idat)).length, (width * 3 + 1) * height);
}

function assertPdf(data: Buffer): void {
  const text = data.toString('latin1');
  assert.match(text, /^%PDF-1\.\d/);
  const xref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
  assert.ok(text.startsWith('xref', xref));
  const offsets = [...text.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  offsets.forEach((offset, i) => assert.ok(text.startsWith(`${i + 1} 0 obj`, offset), `object ${i + 1}`));
}

function assertZip(data: Buffer): void {
  const eocd = data.length - 22;
  assert.equal(data.readUInt32LE(eocd), 0x06054b50);
  let at = data.readUInt32LE(eocd + 16);
  for (let i = 0; i < data.readUInt16LE(eocd + 10); i++) {
    assert.equal(data.readUInt32LE(at), 0x02014b50);
    const local = data.readUInt32LE(at + 42);
    const nameLength = data.readUInt16LE(local + 26);
    const start = local + 30 + nameLength + data.readUInt16LE(local + 28);
    const stored = data.subarray(start, start + data.readUInt32LE(at + 20));
    const content = data.readUInt16LE(at + 10) === 8 ? inflateRawSync(stored) : stored;
    assert.equal(crc32(content), data.readUInt32LE(at + 16));
    at += 46 + data.readUInt16LE(at + 28) + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
}
