// The raw message MailComposer builds for us: CRLF, the headers we set, Bcc only where it belongs, and no header
// line from text that slipped past the form's checks.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildMessage, type BuildOptions, type OutgoingMessage } from '../../src/compose/build-message.ts';

const headerBlock = (raw: Buffer) => raw.toString('latin1').split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' ').split('\r\n');

describe('building the raw message', () => {
  let dir: string;
  let file: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'postern-build-test-'));
    file = path.join(dir, 'a.bin');
    await writeFile(file, Buffer.from([0, 1, 2, 255, 13, 10, 0]));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  let built = 0;
  /** Builds into a new file of the test's directory and reads it back, with its size checked. */
  const build = async (msg: OutgoingMessage, opts: BuildOptions) => {
    const result = await buildMessage(msg, opts, path.join(dir, `message-${built++}.eml`));
    const raw = await readFile(result.file);
    assert.equal(raw.length, result.size);
    return { ...result, raw };
  };

  const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    from: { name: 'Ana', address: 'ana@example.com' }, to: [{ name: 'Bo', address: 'bo@example.com' }],
    cc: [{ name: '', address: 'BO@example.com' }], bcc: [{ name: 'Hidden', address: 'hid@example.com' }],
    subject: 'Hello', text: 'one\ntwo\r\nthree\n', references: [], attachments: [], ...over,
  });

  it('uses CRLF everywhere and sets Message-ID at the sender\'s domain and Date', async () => {
    const built = await build(message(), { keepBcc: false, date: new Date('2026-11-03T10:15:00Z') });
    const raw = built.raw.toString('latin1');
    assert.equal(/[^\r]\n/.test(raw), false);
    assert.match(built.messageId, /^<[0-9a-f-]{36}@example\.com>$/);
    const lines = headerBlock(built.raw);
    assert.ok(lines.includes(`Message-ID: ${built.messageId}`));
    assert.ok(lines.includes('Date: Tue, 03 Nov 2026 10:15:00 +0000'));
    assert.match(raw, /one\r\ntwo\r\nthree/);
  });

  it('leaves Bcc out of the headers of a message to deliver, but puts it in the envelope once', async () => {
    const built = await build(message(), { keepBcc: false });
    assert.equal(headerBlock(built.raw).some((l) => /^bcc:/i.test(l)), false);
    assert.deepEqual(built.envelope, { from: 'ana@example.com', to: ['bo@example.com', 'hid@example.com'] });
  });

  it('keeps Bcc in a draft, so editing it brings Bcc back', async () => {
    const built = await build(message(), { keepBcc: true });
    assert.ok(headerBlock(built.raw).includes('Bcc: Hidden <hid@example.com>'));
  });

  it('never turns CR/LF in a subject, name or file name into a header line', async () => {
    const built = await build(message({
      subject: 'Hi\r\nBcc: evil@example.org', from: { name: 'Ana\r\nX-Injected: 1', address: 'ana@example.com' },
      attachments: [{ filename: 'a\r\nX-Injected: 2.bin', contentType: 'application/octet-stream', file }],
    }), { keepBcc: false });
    const lines = headerBlock(built.raw);
    assert.equal(lines.some((l) => /^(bcc|x-injected):/i.test(l)), false);
    assert.equal(built.raw.toString('latin1').split('\r\n').some((l) => /^(bcc|x-injected):/i.test(l)), false);
  });

  it('sets In-Reply-To and References only from well-formed Message-IDs', async () => {
    const built = await build(message({ inReplyTo: '<p@x.org>', references: ['<r@x.org>', 'junk\r\nX: y', '<p@x.org>'] }), { keepBcc: false });
    const lines = headerBlock(built.raw);
    assert.ok(lines.includes('In-Reply-To: <p@x.org>'));
    assert.ok(lines.includes('References: <r@x.org> <p@x.org>'));
  });

  it('attaches the bytes of a file Postern wrote, binary intact', async () => {
    const built = await build(message({ attachments: [{ filename: 'a.bin', contentType: 'application/octet-stream', file }] }), { keepBcc: false });
    const b64 = /filename=a\.bin\r\n\r\n([A-Za-z0-9+/=\r\n]+)\r\n--/.exec(built.raw.toString('latin1'))?.[1];
    assert.deepEqual(Buffer.from(b64!.replace(/\r\n/g, ''), 'base64'), Buffer.from([0, 1, 2, 255, 13, 10, 0]));
  });

  it('saves a draft without From when the address is not known yet', async () => {
    const built = await build(message({ from: undefined }), { keepBcc: true });
    assert.equal(headerBlock(built.raw).some((l) => /^from:/i.test(l)), false);
    assert.match(built.messageId, /@postern\.invalid>$/);
  });
});
