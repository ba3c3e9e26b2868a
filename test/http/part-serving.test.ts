// Every stored part is served by what it is, not by what the sender says it is: the table covers declared type x
// file name x disposition x real bytes, each part APPENDed to Dovecot and fetched through Postern.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseDisposition } from 'content-disposition';
import supertest from 'supertest';
import { buildApp, bytes, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox } from '../helpers/env.ts';
import { appendAll } from '../helpers/imap.ts';
import { BYTES, RASTER_KINDS, messageWithParts, type BytesKind, type PartSpec } from '../fixtures/parts.ts';

const DECLARED = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml', 'text/html', 'application/pdf', 'application/octet-stream', 'text/plain'];
const NAMES = ['photo.png', 'login.html', 'drawing.svg', 'invoice.pdf', undefined];
const DISPOSITIONS = ['inline', 'attachment', undefined] as const;
const KINDS = Object.keys(BYTES) as BytesKind[];

interface Row extends PartSpec { kind: BytesKind; uid: number; part: string }

// The rule, written out independently of the code: a declared raster image whose bytes are a raster image goes out
// with the type the bytes really are, inline unless marked as an attachment; anything else is a download.
function expected(row: Row): { type: string; disposition: 'inline' | 'attachment' } {
  const real = RASTER_KINDS[row.kind];
  const declaredImage = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(row.type);
  if (!real || !declaredImage) return { type: 'application/octet-stream', disposition: 'attachment' };
  return { type: real, disposition: row.disposition === 'attachment' ? 'attachment' : 'inline' };
}

describe('serving stored parts against Dovecot', () => {
  let t: TestApp;
  let agent: ReturnType<typeof supertest.agent>;
  const rows: Row[] = [];

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    const user = await newUser('parts');
    // One message per declared type, so each BODYSTRUCTURE stays a realistic size.
    const messages = DECLARED.map((type) => {
      const specs = NAMES.flatMap((name) => DISPOSITIONS.flatMap((disposition) => KINDS.map((kind) => ({ type, name, disposition, kind, bytes: BYTES[kind] }))));
      return { type, specs };
    });
    const uids = await appendAll(info, user, 'INBOX', messages.map((m) => messageWithParts(`Parts declared ${m.type}`, m.specs)));
    messages.forEach((m, i) => m.specs.forEach((s, j) => rows.push({ ...s, uid: uids[i]!, part: String(j + 2) })));
    agent = await signIn(t.app, user);
  });
  after(() => t.close());

  it(`serves each of ${DECLARED.length * NAMES.length * DISPOSITIONS.length * KINDS.length} parts by its bytes, never by its name`, async () => {
    const wrong: string[] = [];
    for (const row of rows) {
      const res = await agent.get(`/message/INBOX/${row.uid}/part/${row.part}`).buffer(true).parse(bytes);
      const want = expected(row);
      const disposition = parseDisposition(res.headers['content-disposition'] ?? '');
      const got = { type: res.headers['content-type'], disposition: disposition.type };
      const what = `${row.type} name=${row.name ?? '-'} disposition=${row.disposition ?? '-'} bytes=${row.kind}`;
      if (res.status !== 200) wrong.push(`${what}: status ${res.status}`);
      else if (got.type !== want.type || got.disposition !== want.disposition) wrong.push(`${what}: got ${got.type} ${got.disposition}, want ${want.type} ${want.disposition}`);
      else if (Buffer.compare(res.body as Buffer, row.bytes) !== 0) wrong.push(`${what}: bytes differ`);
      else if (res.headers['x-content-type-options'] !== 'nosniff' || res.headers['content-security-policy'] !== "default-src 'none'; sandbox") wrong.push(`${what}: nosniff or CSP missing`);
      else if (row.name && disposition.parameters.filename !== row.name) wrong.push(`${what}: file name lost`);
    }
    assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} of ${rows.length} parts served wrongly`);
  });

  it('answers HEAD with the same decision and no body', async () => {
    const row = rows.find((r) => r.type === 'image/png' && r.name === 'login.html' && r.disposition === 'inline' && r.kind === 'html')!;
    const res = await agent.head(`/message/INBOX/${row.uid}/part/${row.part}`).expect(200);
    assert.equal(res.headers['content-type'], 'application/octet-stream');
    const { type, parameters } = parseDisposition(res.headers['content-disposition']!);
    assert.deepEqual({ type, parameters: { ...parameters } }, { type: 'attachment', parameters: { filename: 'login.html' } });
  });
});
