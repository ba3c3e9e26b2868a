// What POST /compose takes and what it refuses: a body past MAX_UPLOAD_MB plus the form's text is refused before
// it is read (413), a chunked one is stopped at the cap, only the compose form's own fields are kept, files past
// the limit are named in the form while those that fit wait in Drafts, and past MAX_CONCURRENT_UPLOADS a new
// upload is told to come back (503).
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
import { closing, field, partHead, rawPost } from '../helpers/raw-upload.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { asAddressLogin, formFields, messagesIn, partBytes, unescape } from '../compose/compose-helpers.ts';

const MB = 1024 * 1024;

describe('compose request limits', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let alice: TestUser;
  let session: Awaited<ReturnType<typeof signedInFetch>>;
  let uploadDir: string;

  before(async () => {
    info = await sandbox();
    uploadDir = await mkdtemp(path.join(os.tmpdir(), 'postern-limits-test-'));
    t = buildApp(info, { MAX_UPLOAD_MB: '1', MAX_CONCURRENT_UPLOADS: '1' }, { uploadDir });
    server = await listen(t.app);
    alice = asAddressLogin(await newUser('limits'));
    session = await signedInFetch(server.base, alice);
  });
  after(async () => {
    await server?.close();
    await t?.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  const post = (headers: Record<string, string> = {}) => rawPost(server.base, '/compose', { cookie: session.cookie(), ...headers });

  it('refuses a body whose Content-Length passes the cap with a 413 page before reading it', async () => {
    const upload = post({ 'content-length': String(50 * MB) });
    await upload.write(field('_csrf', await session.token()) + field('subject', 'Far too big'));
    // Nothing more is sent: a server that waited for the 50 MB it was promised would never answer.
    const res = await upload.response;
    upload.abort();
    assert.equal(res.status, 413);
    assert.match(res.text, /larger than Postern takes: the attachments may be at most 1 MB together/);
    assert.match(res.text, /Back button to return to the form: what you typed is still there/);
  });

  it('stops a chunked body that passes the cap and answers 413', async () => {
    const upload = post();
    let sent = 0;
    const chunk = Buffer.alloc(256 * 1024, 'x');
    await upload.write(field('_csrf', await session.token()) + partHead('attachments', { filename: 'endless.bin', type: 'application/octet-stream' }));
    // The cap is 1 MB of files plus the form's text allowance (under 3 MB): far less than 64 MB.
    while (sent < 64 * MB && (await upload.write(chunk))) sent += chunk.length;
    const res = await upload.response;
    upload.abort();
    assert.equal(res.status, 413);
    assert.ok(sent < 16 * MB, `the server stopped reading after ${sent} bytes`);
    await session.fetch('/compose').then((r) => assert.equal(r.status, 200, 'and keeps serving'));
  });

  it('keeps only the compose fields, and a field past its size is an error next to it with the text kept', async () => {
    const form = new FormData();
    form.set('_csrf', await session.token());
    form.set('to', `${'x'.repeat(70 * 1024)}@postern.test`);
    form.set('subject', 'Long To');
    form.set('body', 'still here');
    form.set('action', 'save');
    for (let i = 0; i < 50; i++) form.set(`junk${i}`, 'y'.repeat(20 * 1024));
    const res = await session.fetch('/compose', { method: 'POST', body: form });
    const text = await res.text();
    assert.equal(res.status, 400);
    assert.match(text, /id="to-error">&#34;To&#34; is too long\./);
    assert.match(text, /value="Long To"/);
    assert.match(text, /still here<\/textarea>/);
  });

  it('names the files it did not attach, keeps the ones that fit in Drafts, and keeps what was typed', async () => {
    const [a, big, c] = [randomBytes(400_000), randomBytes(900_000), randomBytes(300_000)];
    const form = new FormData();
    form.set('_csrf', await session.token());
    form.set('to', 'bob@postern.test');
    form.set('subject', 'Three files');
    form.set('body', 'Keep this text');
    form.append('attachments', new Blob([a]), 'a.bin');
    form.append('attachments', new Blob([big]), 'big.bin');
    form.append('attachments', new Blob([c]), 'c.bin');
    form.set('action', 'send');
    const res = await session.fetch('/compose', { method: 'POST', body: form });
    const text = await res.text();
    assert.equal(res.status, 413);
    assert.match(text, /Not attached: big\.bin \(900 kB\)\. The attachments of one message may be at most 1 MB together/);
    assert.match(text, /Nothing was sent\. Your other new attachments are kept in Drafts meanwhile\./);
    const f = formFields(text);
    assert.equal(f.to, 'bob@postern.test');
    assert.equal(f.subject, 'Three files');
    assert.equal(f.body, 'Keep this text');
    assert.deepEqual(f.keep, ['2', '3'], 'the draft carries the two files that fit');
    assert.match(unescape(text), /a\.bin[\s\S]*c\.bin/);

    const drafts = await messagesIn(info, alice, 'Drafts');
    assert.equal(drafts.length, 1);
    assert.equal(String(drafts[0]!.uid), f.draft);
    assert.ok((await partBytes(info, alice, 'Drafts', drafts[0]!.uid, '2')).equals(a));
    assert.ok((await partBytes(info, alice, 'Drafts', drafts[0]!.uid, '3')).equals(c));
    assert.equal((await messagesIn(info, alice, 'Sent')).length, 0);
  });

  it('drops the files past 20 and says so', async () => {
    const form = new FormData();
    form.set('_csrf', await session.token());
    form.set('subject', 'Many files');
    for (let i = 1; i <= 22; i++) form.append('attachments', new Blob([`file ${i}`]), `f${i}.txt`);
    form.set('action', 'save');
    const res = await session.fetch('/compose', { method: 'POST', body: form });
    const text = await res.text();
    assert.equal(res.status, 413);
    assert.match(text, /Not attached: f21\.txt \(7 B\), f22\.txt \(7 B\)\. The attachments of one message may be at most 20 files;/);
    assert.equal(formFields(text).keep!.length, 20);
  });

  it('refuses an upload past MAX_CONCURRENT_UPLOADS with a 503, and takes the next one once the first is done', async () => {
    // A request gives its slot back once its directory is gone, just after its answer: let the last one finish.
    await until(async () => (await readdir(uploadDir)).length === 0, 'the earlier uploads are done');
    const first = post();
    await first.write(field('_csrf', await session.token()) + field('subject', 'First, slowly') + field('action', 'save'));
    // The first upload is being read once its private directory exists: the only slot is taken.
    await until(async () => (await readdir(uploadDir)).length === 1, 'the first upload started');
    const second = await session.fetch('/compose', { method: 'POST', body: formWith(await session.token(), 'Second') });
    assert.equal(second.status, 503);
    assert.equal(second.headers.get('retry-after'), '10');
    assert.match(await second.text(), /too many uploads at once right now\. Nothing was sent or saved/);
    await first.write(closing);
    first.end();
    assert.equal((await first.response).status, 303);
    await until(async () => (await readdir(uploadDir)).length === 0, 'the first upload is done');
    const third = await session.fetch('/compose', { method: 'POST', body: formWith(await session.token(), 'Third') });
    assert.equal(third.status, 303);
  });
});

/** Waits for `ok` to hold, checking every 10 ms; fails after 5 s (a hang guard, not a timing assertion). */
async function until(ok: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; !(await ok()); i++) {
    assert.ok(i < 500, what);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function formWith(token: string, subject: string): FormData {
  const form = new FormData();
  form.set('_csrf', token);
  form.set('subject', subject);
  form.set('action', 'save');
  return form;
}
