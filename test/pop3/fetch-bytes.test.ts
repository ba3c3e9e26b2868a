// Fetched mail arrives in IMAP byte for byte (BODY.PEEK[] against the bytes put on the POP3 server), unseen, with
// the internal date of its newest Received header: an 8-bit message and one with a 10 MB attachment.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { MailSession } from '../../src/mail/connection/mail-session.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { withImap } from '../helpers/imap.ts';
import { accountFor, depsFor, fetchOk, imapSession, seedPop3, targetOf } from '../helpers/pop3.ts';

// 8-bit header and body bytes that are not UTF-8 (Latin-1), UTF-8, dot-stuffing cases, a long line, trailing space.
const EIGHT_BIT = Buffer.concat([
  Buffer.from('Received: from relay.example.org by pop.example.org; Tue, 04 Mar 2025 08:09:10 +0100 (CET)\r\n'),
  Buffer.from('Received: from sender.example.org by relay.example.org; Tue, 04 Mar 2025 08:09:01 +0100\r\n'),
  Buffer.from('Date: Tue, 04 Mar 2025 08:08:00 +0100\r\nFrom: Jos\u00e9 <jose@example.org>\r\nSubject: Gr\u00fc\u00dfe \u2014 8bit\r\n', 'utf8'),
  Buffer.from('Message-ID: <eight-bit@pop3.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\n'),
  Buffer.from('Content-Transfer-Encoding: 8bit\r\n\r\n'),
  Buffer.from('Caf\xe9, na\xefve, \xa9 \xff\xfe\x80\x81\r\n', 'latin1'),
  Buffer.from('.\r\n..\r\n. leading dot and space\r\n.\xe9\r\n', 'latin1'),
  Buffer.from(`${'long line '.repeat(300)}\r\ntrailing spaces   \r\n\r\n\u65e5\u672c\u8a9e\r\n`, 'utf8'),
]);

function withAttachment(bytes: number): Buffer {
  const data = randomBytes(bytes).toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from([
    'Received: from mx.example.net by pop.example.net; Wed, 05 Mar 2025 10:00:00 +0000',
    'Date: Wed, 05 Mar 2025 09:59:00 +0000',
    'From: big@example.net',
    'Subject: ten megabytes',
    'Message-ID: <ten-mb@pop3.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'See attachment.',
    '--b',
    'Content-Type: application/octet-stream; name="data.bin"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="data.bin"',
    '',
    data,
    '--b--',
    '',
  ].join('\r\n'));
}

describe('fetched bytes', () => {
  let info: Awaited<ReturnType<typeof sandbox>>;
  let source: TestUser;
  let owner: TestUser;
  let session: MailSession;

  before(async () => {
    info = await sandbox();
    [source, owner] = await Promise.all([newUser('popsrc'), newUser('popdst')]);
    session = imapSession(info, owner);
  });
  after(() => session?.close());

  async function fetchedCopy(messageId: string): Promise<{ source: Buffer; flags: Set<string>; internalDate: Date }> {
    return withImap(info, owner, async (client) => {
      await client.mailboxOpen('INBOX', { readOnly: true });
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      assert.ok(uids && uids.length === 1, `one copy of ${messageId}`);
      const m = await client.fetchOne(String(uids[0]), { source: true, flags: true, internalDate: true }, { uid: true });
      assert.ok(m && m.source && m.flags && m.internalDate);
      return { source: m.source, flags: m.flags, internalDate: new Date(m.internalDate) };
    });
  }

  it('keeps an 8-bit message byte for byte, unseen, dated by its newest Received header', async () => {
    await seedPop3(info, source, [EIGHT_BIT]);
    const report = await fetchOk(accountFor(info, source, { mode: 'delete' }), depsFor(info, targetOf(session)));
    assert.equal(report.appended, 1);
    const copy = await fetchedCopy('<eight-bit@pop3.test>');
    assert.ok(copy.source.equals(EIGHT_BIT), 'BODY.PEEK[] equals the original bytes');
    assert.deepEqual([...copy.flags], []);
    assert.equal(copy.internalDate.toISOString(), '2025-03-04T07:09:10.000Z');
  });

  it('keeps a message with a 10 MB attachment byte for byte', async () => {
    const big = withAttachment(10 * 1024 * 1024);
    await seedPop3(info, source, [big]);
    const report = await fetchOk(accountFor(info, source, { mode: 'delete' }), depsFor(info, targetOf(session)));
    assert.deepEqual([report.appended, report.deleted], [1, 1]);
    const copy = await fetchedCopy('<ten-mb@pop3.test>');
    assert.equal(copy.source.length, big.length);
    assert.ok(copy.source.equals(big), 'BODY.PEEK[] equals the original bytes');
    assert.equal(copy.internalDate.toISOString(), '2025-03-05T10:00:00.000Z');
  });
});
