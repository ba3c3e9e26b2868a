// What the demo-mail tests share: the demo set for a fixed clock, a deliberately small MIME reader independent of
// the code under test, and checks that attached files are valid PNG, PDF and ZIP.
import assert from 'node:assert/strict';
import { crc32, inflateRawSync, inflateSync } from 'node:zlib';
import { demoMessages, type DemoMessage } from '../../sandbox/demo-mail.ts';

export const NOW = new Date('2026-03-10T12:00:00Z');
export const ME = 'demo@example.com';
export const messages = await demoMessages({ user: 'demo', domain: 'example.com', now: NOW });
export const SPECIAL = ['Sent', 'Drafts', 'Junk', 'Trash', 'Archive'];

// The MIME reader: enough to find parts.
export interface Part { headers: Map<string, string>; type: string; params: Record<string, string>; body: string; children: Part[] }

export function parse(raw: Buffer | string): Part {
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

export function decoded(part: Part): Buffer {
  const cte = part.headers.get('content-transfer-encoding')?.toLowerCase();
  if (cte === 'base64') return Buffer.from(part.body, 'base64');
  if (cte === 'quoted-printable') return qp(part.body.replace(/=\r\n/g, ''));
  return Buffer.from(part.body, 'latin1');
}

function qp(text: string): Buffer {
  return Buffer.from(text.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
}

export function textOf(part: Part): string {
  return new TextDecoder(part.params.charset ?? 'us-ascii').decode(decoded(part));
}

// RFC 2047: whitespace between adjacent encoded-words is not part of the text.
export function header(part: Part, key: string): string {
  return (part.headers.get(key) ?? '')
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_, charset: string, mode: string, data: string) =>
      new TextDecoder(charset).decode(mode.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : qp(data.replace(/_/g, ' '))),
    );
}

export function walk(part: Part): Part[] {
  return [part, ...part.children.flatMap(walk)];
}

export function bySubject(subject: string): { message: DemoMessage; root: Part } {
  const found = messages.map((message) => ({ message, root: parse(message.raw) })).filter(({ root }) => header(root, 'subject') === subject);
  assert.equal(found.length, 1, `one message with subject ${subject}`);
  return found[0]!;
}

export function assertPng(data: Buffer): void {
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

export function assertPdf(data: Buffer): void {
  const text = data.toString('latin1');
  assert.match(text, /^%PDF-1\.\d/);
  const xref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
  assert.ok(text.startsWith('xref', xref));
  const offsets = [...text.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  offsets.forEach((offset, i) => assert.ok(text.startsWith(`${i + 1} 0 obj`, offset), `object ${i + 1}`));
}

export function assertZip(data: Buffer): void {
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
