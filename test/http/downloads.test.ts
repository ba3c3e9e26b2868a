// DESIGN.md, downloads: a big part streams on a short-lived connection of its own, so a slow or paused reader holds
// neither the user's pages nor housekeeping hostage; a user has at most MAX_DOWNLOADS_PER_USER of them; each is
// logged out at its end, however it ends; and it moves in 1 MiB FETCHes. IMAP runs through a counting proxy in
// plain text (imap+insecure://, loopback), so the tests see every connection and every command.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { eventually, hangGuard, listen, openPaused, readAll, signInLive, type Browserish, type Live } from '../helpers/live.ts';
import { startProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { b64, htmlWithInlineImage } from '../fixtures/messages.ts';

const BIG = randomBytes(50 * 1024 * 1024);

function withAttachment(subject: string, bytes: Buffer): string {
  return crlf(`From: Big Sender <big@example.com>
To: reader@postern.test
Subject: ${subject}
Date: Tue, 03 Nov 2026 10:15:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

Attached.
--b
Content-Type: application/octet-stream; name="big.bin"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="big.bin"

${b64(bytes)}
--b--
`);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Dovecot's "Logged out" lines for this user so far: a connection that sent LOGOUT, not one that was dropped. */
function logouts(dir: string, user: TestUser): number {
  return readFileSync(path.join(dir, 'dovecot.log'), 'utf8').split('\n').filter((l) => l.includes(`imap(${user.name})`) && /Logged out/.test(l)).length;
}

describe('downloads on their own connections', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let live: Live;
  let user: TestUser;
  let big: number;
  let image: number;
  let dir: string;
  let go: Browserish;

  before(async () => {
    const info = await sandbox();
    dir = info.dir;
    proxy = await startProxy({ port: info.imapPort });
    t = buildApp(info, { IMAP_URL: `imap+insecure://127.0.0.1:${proxy.port}`, IMAP_TIMEOUT_SECONDS: '3', MAX_DOWNLOADS_PER_USER: '2' });
    live = await listen(t.app);
    user = await newUser('dl');
    [big, image] = await appendAll(info, user, 'INBOX', [withAttachment('Big', BIG), htmlWithInlineImage()]) as [number, number];
    // One signed-in session for the whole file: its command connection is the one connection open between tests.
    go = await signInLive(live.base, user);
  });
  after(async () => {
    await live?.close();
    await t?.close();
    await proxy?.close();
  });

  it('keeps the mailbox answering while a paused reader holds a 50 MB download, then logs that connection out', async () => {
    proxy.reset();
    const before = logouts(dir, user);
    const download = await openPaused(live.base, `/message/INBOX/${big}/part/2`, go.cookie());
    assert.equal(download.statusCode, 200);
    // The reader takes nothing more: the stream is stuck with its socket buffers full.
    const page = await hangGuard(10_000, 'mailbox page during a download', go('/mailbox/INBOX'));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Big/);
    const message = await hangGuard(10_000, 'message page during a download', go(`/message/INBOX/${big}`));
    assert.equal(message.status, 200);
    await message.arrayBuffer();
    assert.equal(proxy.stats.open, 2, 'the session connection and one download connection');

    download.destroy();
    await eventually(10_000, 'the download connection is closed after the reader left', () => proxy.stats.open === 1);
    await eventually(5000, 'Dovecot logged the download connection out', () => logouts(dir, user) === before + 1);
    assert.equal(proxy.stats.peakOpen, 2, 'peak IMAP connections of this user');
  });

  it('lets a slow reader (100 KB/s) finish while the idle sweep runs an hour later by the clock, then logs out', async () => {
    const before = logouts(dir, user);
    const download = await openPaused(live.base, `/message/INBOX/${big}/part/2`, go.cookie());
    let sweep!: () => void;
    const swept = new Promise<void>((resolve) => (sweep = resolve));
    const reading = readAll(download, { slowUntil: swept });
    await new Promise((r) => setTimeout(r, 1000));
    // SESSION_IDLE_MINUTES is long past by this clock, but the session is in use: the sweep must leave it alone.
    assert.equal(await t.registry.sweep(Date.now() + 60 * 60_000), 0);
    await new Promise((r) => setTimeout(r, 500));
    sweep();
    const result = await hangGuard(60_000, 'slow download', reading);
    assert.deepEqual(result, { bytes: BIG.length, complete: true });
    await eventually(5000, 'Dovecot logged the download connection out', () => logouts(dir, user) === before + 1);
  });

  it('does not close a downloading session to make room under MAX_IMAP_CONNECTIONS', async () => {
    const capped = buildApp(await sandbox(), { IMAP_URL: `imap+insecure://127.0.0.1:${proxy.port}`, MAX_IMAP_CONNECTIONS: '1' });
    const server = await listen(capped.app);
    try {
      const alice = await signInLive(server.base, user);
      const download = await openPaused(server.base, `/message/INBOX/${big}/part/2`, alice.cookie());
      const other = await signInLive(server.base, await newUser('dl2'));
      assert.equal((await other('/mailbox/INBOX')).status, 200);
      assert.equal(capped.registry.size, 2, 'over the cap while the only other session is busy');
      const result = await hangGuard(60_000, 'download under the cap', readAll(download));
      assert.deepEqual(result, { bytes: BIG.length, complete: true });
    } finally {
      await server.close();
      await capped.close();
    }
  });

  it('runs at most two downloads per user: a third waits, then gets a clear 429 page', async () => {
    // Whatever an earlier test opened must be gone first, or its last logout counts against this peak.
    await eventually(10_000, 'only the session connection is open', () => proxy.stats.open === 1);
    proxy.reset();
    const first = await openPaused(live.base, `/message/INBOX/${big}/part/2`, go.cookie());
    const second = await openPaused(live.base, `/message/INBOX/${big}/part/2`, go.cookie());
    const third = await hangGuard(15_000, 'third download', go(`/message/INBOX/${big}/part/2`));
    assert.equal(third.status, 429);
    assert.match(await third.text(), /You already have 2 downloads running/);
    assert.equal(proxy.stats.peakOpen, 3, 'the session connection and two download connections, never more');
    first.destroy();
    second.destroy();
    await eventually(10_000, 'download connections closed', () => proxy.stats.open === 1);
  });

  it('moves 50 MB in 1 MiB FETCHes (counted), byte for byte', async (ctx) => {
    proxy.reset();
    const res = await hangGuard(120_000, '50 MB download', go(`/message/INBOX/${big}/part/2`));
    assert.equal(res.status, 200);
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(sha(body), sha(BIG));
    const fetches = proxy.commands(/^\S+ UID FETCH /i).length;
    ctx.diagnostic(`${fetches} UID FETCH commands, ${proxy.stats.bytesToClient} bytes from IMAP for ${BIG.length} bytes`);
    // 68 MB of base64 on the server: 65 partial FETCHes of 1 MiB plus the BODYSTRUCTURE; at 64 KiB it was 1,040.
    assert.ok(fetches <= 80, `${fetches} FETCH commands for a 50 MB part`);
    await eventually(10_000, 'the download connection is closed', () => proxy.stats.open === 1);
  });

  it('serves a small inline image from the session connection, without a second login', async () => {
    await (await go(`/message/INBOX/${image}`)).arrayBuffer();
    proxy.reset();
    const res = await go(`/message/INBOX/${image}/part/1.2`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^image\/png/);
    await res.arrayBuffer();
    assert.equal(proxy.stats.connections, 0, 'no new IMAP connection');
  });

  it('cuts a download whose server goes silent after IMAP_TIMEOUT_SECONDS without data, and recovers', async () => {
    const download = await openPaused(live.base, `/message/INBOX/${big}/part/2`, go.cookie());
    // Frozen before the reader starts: at most a chunk and the socket buffers are in flight, never the 50 MB, so
    // the download cannot finish first however fast or slow this machine is.
    proxy.freeze();
    const reading = readAll(download);
    const result = await hangGuard(20_000, 'download from a silent server', reading);
    proxy.thaw();
    assert.equal(result.complete, false, 'the reader sees a cut download, not a short file passed off as whole');
    assert.ok(result.bytes < BIG.length);
    const page = await hangGuard(20_000, 'mailbox page after the freeze', go('/mailbox/INBOX'));
    assert.equal(page.status, 200);
  });
});
