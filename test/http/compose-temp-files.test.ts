// Every file a compose request writes (uploads, carried parts, the built message) lives in one private directory
// under the upload dir, and that directory is gone after the request whatever happened: sent, saved, SMTP down,
// IMAP cut in the middle of the APPEND, the browser gone mid-upload, or a 413.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { signedInFetch } from '../helpers/app-process.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { listen } from '../helpers/live.ts';
import { field, partHead, rawPost } from '../helpers/raw-upload.ts';
import { startProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { asAddressLogin, messagesIn, waitForMessage } from '../compose/compose-helpers.ts';

const FILE = randomBytes(1_500_000);

describe('temporary files of a compose request', () => {
  let info: SandboxInfo;
  let uploadDir: string;
  let proxy: TcpProxy;
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let alice: TestUser;
  let bob: TestUser;
  let session: Awaited<ReturnType<typeof signedInFetch>>;

  before(async () => {
    info = await sandbox();
    uploadDir = await mkdtemp(path.join(os.tmpdir(), 'postern-spool-test-'));
    proxy = await startProxy({ port: info.imapPort });
    // IMAP through the proxy, so a test can cut the connection in the middle of an APPEND.
    t = buildApp({ ...info, imapPort: proxy.port }, { MAX_UPLOAD_MB: '2' }, { uploadDir });
    server = await listen(t.app);
    [alice, bob] = await Promise.all([newUser('spool'), newUser('spoolbob')]);
    alice = asAddressLogin(alice);
    session = await signedInFetch(server.base, alice);
  });
  after(async () => {
    await server?.close();
    await t?.close();
    await proxy?.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  /** The request's directory goes just after its answer: wait for it (a hang guard, not a timing assertion). */
  async function spoolIsEmpty(): Promise<void> {
    for (let i = 0; ; i++) {
      const left = await readdir(uploadDir);
      if (left.length === 0) return;
      assert.ok(i < 500, `left behind in the upload dir: ${left.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  const compose = async (subject: string, action: 'send' | 'save', to = bob.address) => {
    const form = new FormData();
    form.set('_csrf', await session.token());
    form.set('to', to);
    form.set('subject', subject);
    form.set('body', 'text');
    form.append('attachments', new Blob([FILE]), 'file.bin');
    form.set('action', action);
    return session.fetch('/compose', { method: 'POST', body: form });
  };

  it('leaves nothing after a send and after a saved draft', async () => {
    assert.equal((await compose('Spooled send', 'send')).status, 303);
    await spoolIsEmpty();
    assert.equal((await compose('Spooled draft', 'save')).status, 303);
    await spoolIsEmpty();
    await waitForMessage(info, bob, /Spooled send/);
  });

  it('leaves nothing when the outgoing server cannot be reached', async () => {
    const noSmtp = buildApp(info, { SMTP_URL: 'smtp://127.0.0.1:1' }, { uploadDir });
    const other = await listen(noSmtp.app);
    try {
      const s = await signedInFetch(other.base, alice);
      const form = new FormData();
      form.set('_csrf', await s.token());
      form.set('to', bob.address);
      form.set('subject', 'SMTP is down');
      form.append('attachments', new Blob([FILE]), 'file.bin');
      form.set('action', 'send');
      const res = await s.fetch('/compose', { method: 'POST', body: form });
      assert.equal(res.status, 503);
      assert.match(await res.text(), /saved in Drafts/);
      await spoolIsEmpty();
    } finally {
      await other.close();
      await noSmtp.close();
    }
  });

  it('leaves nothing when the IMAP connection is cut in the middle of the draft\'s APPEND, and the next request works', async () => {
    const token = await session.token();
    const form = new FormData();
    form.set('_csrf', token);
    form.set('subject', 'Cut mid-APPEND');
    form.append('attachments', new Blob([FILE]), 'file.bin');
    form.set('action', 'save');
    proxy.cutAfterClientBytes(500_000); // the message is about 2 MB once encoded: cut well inside its literal
    const res = await session.fetch('/compose', { method: 'POST', body: form });
    assert.equal(proxy.stats.cuts, 1);
    assert.equal(res.status, 503);
    assert.match(await res.text(), /broke off in the middle of the message\. The message was not saved\./);
    await spoolIsEmpty();
    assert.equal((await compose('After the cut', 'save')).status, 303, 'the session reconnected');
    await spoolIsEmpty();
    const drafts = (await messagesIn(info, alice, 'Drafts')).map((m) => m.msg.envelope?.subject);
    assert.ok(drafts.includes('After the cut') && !drafts.includes('Cut mid-APPEND'), drafts.join(', '));
  });

  it('leaves nothing when the Sent copy is cut after SMTP took the message, and says no copy was kept', async () => {
    await session.fetch('/compose');
    proxy.cutAfterClientBytes(500_000);
    const res = await compose('Sent copy cut', 'send');
    assert.equal(res.status, 303);
    assert.equal(proxy.stats.cuts, 2);
    assert.match(await (await session.fetch('/mailbox/INBOX')).text(), /Message sent\. No copy could be saved in the Sent folder\./);
    await spoolIsEmpty();
    await waitForMessage(info, bob, /Sent copy cut/);
  });

  it('leaves nothing when the browser goes away in the middle of a file', async () => {
    const upload = rawPost(server.base, '/compose', { cookie: session.cookie() });
    await upload.write(field('_csrf', await session.token()) + partHead('attachments', { filename: 'half.bin', type: 'application/octet-stream' }));
    await upload.write(FILE.subarray(0, 700_000));
    // The upload has its directory and a file in it before the client leaves.
    for (let i = 0; (await readdir(uploadDir)).length === 0; i++) {
      assert.ok(i < 500, 'the upload started');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    upload.abort();
    await spoolIsEmpty();
    assert.equal((await session.fetch('/compose')).status, 200, 'and keeps serving');
  });

  it('leaves nothing after a 413, whether refused up front, cut while chunked, or with files dropped', async () => {
    const declared = rawPost(server.base, '/compose', { cookie: session.cookie(), 'content-length': String(100 * 1024 * 1024) });
    await declared.write(field('_csrf', await session.token()));
    assert.equal((await declared.response).status, 413);
    declared.abort();

    const chunked = rawPost(server.base, '/compose', { cookie: session.cookie() });
    await chunked.write(field('_csrf', await session.token()) + partHead('attachments', { filename: 'big.bin', type: 'application/octet-stream' }));
    while (await chunked.write(FILE));
    assert.equal((await chunked.response).status, 413);
    chunked.abort();
    await spoolIsEmpty();

    const form = new FormData();
    form.set('_csrf', await session.token());
    form.set('subject', 'Too much');
    form.append('attachments', new Blob([FILE]), 'one.bin');
    form.append('attachments', new Blob([FILE]), 'two.bin');
    form.set('action', 'send');
    const dropped = await session.fetch('/compose', { method: 'POST', body: form });
    assert.equal(dropped.status, 413);
    assert.match(await dropped.text(), /Not attached: two\.bin/);
    await spoolIsEmpty();
  });
});
