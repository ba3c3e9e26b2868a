// appendMessageFile against Dovecot: a message APPENDed from a file, streamed as a literal announced by hand,
// arrives byte for byte with its flags and date, and the connection goes on serving commands afterwards.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { appendMessageFile } from '../../../src/mail/writing/append-file.ts';
import { MailError } from '../../../src/mail/errors/mail-errors.ts';
import { MailSession } from '../../../src/mail/connection/mail-session.ts';
import { listMailboxes } from '../../../src/mail/folders/mailboxes.ts';
import { newUser, sandbox, type TestUser } from '../../helpers/env.ts';
import { withImap } from '../../helpers/imap.ts';
import { startProxy } from '../../helpers/tcp-proxy.ts';
import type { SandboxInfo } from '../../../sandbox/sandbox.ts';

const message = (subject: string, body: string | Buffer) => Buffer.concat([
  Buffer.from(`From: Ana <ana@postern.test>\r\nTo: bo@postern.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@postern.test>\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n\r\n`),
  Buffer.isBuffer(body) ? body : Buffer.from(body), Buffer.from('\r\n'),
]);

describe('appendMessageFile', () => {
  let info: SandboxInfo;
  let user: TestUser;
  let session: MailSession;
  let dir: string;

  before(async () => {
    info = await sandbox();
    user = await newUser('append');
    dir = await mkdtemp(path.join(os.tmpdir(), 'postern-append-test-'));
    session = new MailSession({
      host: '127.0.0.1', port: info.imapPort, secure: false, startTls: true, tlsCa: readFileSync(info.caFile), socketTimeoutMs: 60_000,
    }, user.name, user.password, pino({ level: 'silent' }));
  });
  after(async () => {
    await session?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const stored = (mailbox: string, uid: number) => withImap(info, user, async (client) => {
    const lock = await client.getMailboxLock(mailbox);
    try {
      const msg = await client.fetchOne(String(uid), { source: true, flags: true, internalDate: true }, { uid: true });
      assert.ok(msg);
      return msg;
    } finally {
      lock.release();
    }
  });

  it('stores the file byte for byte, with its flags and internal date, and says where', async () => {
    const file = path.join(dir, 'big.eml');
    const raw = message('Streamed', randomBytes(3_000_000).toString('base64').replace(/.{76}/g, '$&\r\n'));
    await writeFile(file, raw);
    const date = new Date('2025-02-03T04:05:06Z');
    const appended = await appendMessageFile(session, 'Drafts', file, { flags: ['\\Draft', '\\Seen'], internalDate: date });
    assert.ok(appended.uid && appended.uidValidity, 'APPENDUID (RFC 4315)');
    const msg = await stored('Drafts', appended.uid);
    assert.ok(msg.source!.equals(raw), 'the stored message is the file');
    assert.deepEqual([...msg.flags!].filter((f) => f !== '\\Recent').sort(), ['\\Draft', '\\Seen']);
    assert.equal(new Date(msg.internalDate!).getTime(), date.getTime());
    // The connection is in step with the server after the hand-made literal: the next commands work.
    assert.ok((await listMailboxes(session)).some((m) => m.path === 'Drafts'));
    const again = await appendMessageFile(session, 'Drafts', file);
    assert.equal(again.uid, appended.uid + 1);
  });

  it('sends a file with NUL bytes as a literal8 (RFC 3516) and Dovecot keeps them', async () => {
    const file = path.join(dir, 'nul.eml');
    const raw = message('With NUL', Buffer.from([0x61, 0, 0x62, 0, 0x63]));
    await writeFile(file, raw);
    // A plain-text connection through a proxy that notes the command lines (loopback, test only).
    const proxy = await startProxy({ port: info.imapPort });
    const plain = new MailSession({ host: '127.0.0.1', port: proxy.port, secure: false, startTls: false, socketTimeoutMs: 60_000 }, user.name, user.password, pino({ level: 'silent' }));
    let appended;
    try {
      appended = await appendMessageFile(plain, 'INBOX', file);
    } finally {
      await plain.close();
      await proxy.close();
    }
    const announced = proxy.commands(new RegExp(`APPEND INBOX ~\\{${raw.length}\\}$`));
    assert.equal(announced.length, 1, proxy.commands(/APPEND/).join('\n'));
    const msg = await stored('INBOX', appended.uid!);
    // A plain FETCH cannot carry NUL, so Dovecot shows each one as 0x80 there; every other byte is the file's.
    assert.ok(msg.source!.equals(raw.map((b) => (b === 0 ? 0x80 : b))), msg.source!.toString('latin1'));
  });

  it('answers a refused APPEND with a MailError before the message is sent, and the connection goes on', async () => {
    const file = path.join(dir, 'nowhere.eml');
    await writeFile(file, message('Nowhere', 'x'.repeat(100_000)));
    await assert.rejects(appendMessageFile(session, 'No such folder', file), (err: unknown) => err instanceof MailError && err.kind === 'rejected');
    const appended = await appendMessageFile(session, 'INBOX', file);
    assert.ok(appended.uid);
  });
});
