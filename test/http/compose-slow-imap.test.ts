// DESIGN.md, deadlines and streaming APPEND: an APPEND that keeps moving over a slow link is not cut by
// IMAP_TIMEOUT_SECONDS however long the message takes, nor is an attachment a forward carries over from IMAP, while
// an APPEND whose link freezes fails as soon as any other call would (a 504 with the form kept), and the next page
// works on a fresh connection. The network is what is slow or stops: a proxy between Postern and the real Dovecot.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { signedInFetch } from '../helpers/app-process.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { eventually, hangGuard, listen, type Live } from '../helpers/live.ts';
import { startProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { formFields, messagesIn, partBytes, unescape } from '../compose/compose-helpers.ts';
import { b64 } from '../fixtures/messages.ts';

const TIMEOUT_SECONDS = 2;
const RATE = 1_500_000; // bytes per second, each way
// Larger than the buffers between Postern and the server can hold (a few MB on loopback): the connection takes the
// message piece by piece for seconds, long after IMAP_TIMEOUT_SECONDS.
const FILE = randomBytes(12_000_000);

describe('saving a large draft over a slow link to IMAP', () => {
  let info: SandboxInfo;
  let proxy: TcpProxy;
  let t: TestApp;
  let live: Live;
  let user: TestUser;
  let session: Awaited<ReturnType<typeof signedInFetch>>;

  before(async () => {
    info = await sandbox();
    proxy = await startProxy({ port: info.imapPort });
    t = buildApp(info, { IMAP_URL: `imap+insecure://127.0.0.1:${proxy.port}`, IMAP_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS) });
    live = await listen(t.app);
    user = await newUser('slowimap');
    session = await signedInFetch(live.base, user);
  });
  after(async () => {
    proxy?.thaw();
    await live?.close();
    await t?.close();
    await proxy?.close();
  });

  const save = async (subject: string) => {
    const form = new FormData();
    form.set('_csrf', await session.token());
    form.set('subject', subject);
    form.set('body', 'The text stays.');
    form.append('attachments', new Blob([FILE]), 'big.bin');
    form.set('action', 'save');
    return session.fetch('/compose', { method: 'POST', body: form });
  };

  it('stores a draft whose APPEND takes several times IMAP_TIMEOUT_SECONDS, as long as it keeps moving', async () => {
    // base64 makes the message at least 4/3 of the file: at RATE it cannot arrive within the deadline.
    const transferSeconds = (FILE.length * 4) / 3 / RATE;
    assert.ok(transferSeconds > 3 * TIMEOUT_SECONDS, 'the test is only worth something if the APPEND outlasts the deadline');
    proxy.bytesPerSecond = RATE;
    const before = proxy.stats.bytesToServer;
    try {
      const res = await hangGuard(60_000, 'a slow APPEND', save('Slow but moving'));
      assert.equal(res.status, 303, await res.text());
    } finally {
      proxy.bytesPerSecond = 0;
    }
    assert.ok(proxy.stats.bytesToServer - before > (FILE.length * 4) / 3, 'the message went through the slow link');
    const draft = (await messagesIn(info, user, 'Drafts')).find((m) => m.msg.envelope?.subject === 'Slow but moving');
    assert.ok(draft, 'the draft is stored');
    assert.ok((await partBytes(info, user, 'Drafts', draft.uid, '2')).equals(FILE), 'with the attachment byte for byte');
  });

  it('gives the form back with a 504 when the link freezes in the middle of the APPEND, and the next page works', async () => {
    proxy.bytesPerSecond = RATE;
    const before = proxy.stats.bytesToServer;
    const answer = save('Frozen mid-APPEND');
    try {
      await eventually(30_000, 'the APPEND under way', () => proxy.stats.bytesToServer - before > 1_000_000);
      proxy.freeze();
      // Its deadline, then the form's folder list on a new connection (frozen too) and its deadline: 2 x 2 s.
      const res = await hangGuard(15_000, 'an APPEND over a frozen link', answer);
      assert.equal(res.status, 504);
      const html = unescape(await res.text());
      assert.match(html, /The mail server did not answer in time/);
      assert.match(html, /value="Frozen mid-APPEND"/, 'the form is shown again with what was typed');
      assert.match(html, /The text stays\./);
    } finally {
      proxy.thaw();
      proxy.bytesPerSecond = 0;
    }
    const connections = proxy.stats.connections;
    const page = await hangGuard(10_000, 'the page after the freeze', session.fetch('/mailbox/Drafts'));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Slow but moving/);
    assert.equal(proxy.stats.connections, connections + 1, 'on a new connection');
    const subjects = (await messagesIn(info, user, 'Drafts')).map((m) => m.msg.envelope?.subject);
    assert.ok(!subjects.includes('Frozen mid-APPEND'), subjects.join(', '));
  });

  it('forwards a message whose large attachment comes from IMAP over the slow link, and saves it', async () => {
    // Fetched in 1 MiB pieces, each asked for and answered: no buffer on the way hides how long that takes.
    const attachment = FILE.subarray(0, 6_000_000);
    assert.ok((attachment.length * 4) / 3 / RATE > 2 * TIMEOUT_SECONDS, 'the download alone outlasts the deadline');
    const [uid] = await appendAll(info, user, 'INBOX', [crlf(`From: Carol <carol@postern.test>
To: ${user.name}@postern.test
Subject: The big file
Message-ID: <bigfile@postern.test>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

Here it is.
--b
Content-Type: application/octet-stream; name="big.bin"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="big.bin"

${b64(attachment)}
--b--
`)]);
    const fields = formFields(await (await session.fetch(`/message/INBOX/${uid}/forward`)).text());
    assert.deepEqual(fields.keep, ['2'], 'the forward carries the attachment over');
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(name, v);
    form.set('action', 'save');
    proxy.bytesPerSecond = RATE;
    const before = proxy.stats.bytesToClient;
    try {
      const res = await hangGuard(120_000, 'a forward over a slow link', session.fetch('/compose', { method: 'POST', body: form }));
      assert.equal(res.status, 303, await res.text());
    } finally {
      proxy.bytesPerSecond = 0;
    }
    assert.ok(proxy.stats.bytesToClient - before > (attachment.length * 4) / 3, 'the attachment came over the slow link');
    const draft = (await messagesIn(info, user, 'Drafts')).find((m) => m.msg.envelope?.subject === 'Fwd: The big file');
    assert.ok(draft, 'the forward is saved');
    assert.ok((await partBytes(info, user, 'Drafts', draft.uid, '2')).equals(attachment), 'with the attachment byte for byte');
  });
});
