// Memory is bounded by design (DESIGN.md): an upload is spooled to a file, the message is built into a file and
// streamed from it to SMTP and to APPEND, so what the process holds does not grow with the attachment; and an
// oversized request is refused without being read. Measured on Postern in a process of its own (app-child.ts):
// live memory (JavaScript heap plus Buffers, after full collections) sampled during each request, and resident
// memory during and after it, against a baseline taken once the code paths have run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { startAppProcess, signedInFetch, type AppProcess } from '../helpers/app-process.ts';
import type { Memory } from '../helpers/app-child.ts';
import { withImap } from '../helpers/imap.ts';
import { field, partHead, rawPost } from '../helpers/raw-upload.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { COMPOSE_FIELDS, MAX_BODY_BYTES } from '../../src/http/writing/compose-form.ts';
import { fieldAllowance } from '../../src/http/forms/multipart.ts';
import { asAddressLogin } from '../compose/compose-helpers.ts';

const MB = 1024 * 1024;
const BOUND = 16 * MB;
const SLOTS = 8;

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/** Growth above the baseline, checked against BOUND, with the figures in the message. */
function assertWithin(base: Memory, seen: Memory, what: string): void {
  const growth = { live: seen.live - base.live, rss: seen.rss - base.rss };
  assert.ok(growth.live < BOUND && growth.rss < BOUND, `${what}: live memory grew by ${mb(growth.live)}, resident memory by ${mb(growth.rss)}`);
}

describe('memory of uploads', () => {
  let info: SandboxInfo;
  let app: AppProcess;
  let alice: TestUser;
  let session: Awaited<ReturnType<typeof signedInFetch>>;

  before(async () => {
    info = await sandbox();
    app = await startAppProcess(info, { MAX_UPLOAD_MB: '64', MAX_CONCURRENT_UPLOADS: String(SLOTS) });
    alice = asAddressLogin(await newUser('memory'));
    session = await signedInFetch(app.base, alice);
  });
  after(() => app?.stop());

  const compose = async (attachment: Uint8Array<ArrayBuffer>, subject: string, action: 'send' | 'save') => {
    const form = new FormData();
    form.set('_csrf', await session.token());
    form.set('to', alice.address);
    form.set('subject', subject);
    form.set('body', 'The attachment is big.');
    form.append('attachments', new Blob([attachment]), 'big.bin');
    form.set('action', action);
    const res = await session.fetch('/compose', { method: 'POST', body: form });
    assert.equal(res.status, 303, await res.text());
  };

  /** RFC822.SIZE of the newest message in a folder, straight from IMAP. */
  const newestSize = (mailbox: string) => withImap(info, alice, async (client) => {
    const lock = await client.getMailboxLock(mailbox);
    try {
      const newest = await client.fetchOne('*', { size: true });
      return newest ? (newest.size ?? 0) : 0;
    } finally {
      lock.release();
    }
  });

  it('holds less than 16 MB more while it saves or sends a 20 MB or a 60 MB attachment', async () => {
    // Every code path once (sign-in, build, SMTP, APPEND, both folders) before the baseline.
    await compose(new Uint8Array(randomBytes(MB)), 'warm-up', 'save');
    await compose(new Uint8Array(randomBytes(MB)), 'warm-up', 'send');
    const base = await app.memory();
    for (const size of [20, 60]) {
      const attachment = new Uint8Array(randomBytes(size * MB));
      for (const action of ['save', 'send'] as const) {
        await app.memory('sample');
        await compose(attachment, `${size} MB ${action}`, action);
        const peak = await app.memory('peak');
        const afterwards = await app.memory();
        assertWithin(base, peak, `while the ${size} MB ${action === 'save' ? 'draft was saved' : 'message was sent'}`);
        assertWithin(base, afterwards, `after the ${size} MB ${action === 'save' ? 'draft was saved' : 'message was sent'}`);
        // The whole attachment went, base64-encoded (4/3), to the folder that keeps it.
        assert.ok(await newestSize(action === 'save' ? 'Drafts' : 'Sent') > (size * MB * 4) / 3);
      }
    }
  });

  it('refuses 24 concurrent requests of 98 text fields of 2 MB each, without reading them when their length is declared', async () => {
    const junk = Buffer.alloc(2 * MB, 'a');
    const token = await session.token();
    const base = await app.memory();
    await app.memory('sample');
    // As a browser or curl sends them, with a Content-Length: refused before a byte of the body is read.
    const declared = Array.from({ length: 24 }, () => attack(app.base, session.cookie(), token, junk, true));
    assert.deepEqual([...new Set(await Promise.all(declared))], [413]);
    assertWithin(base, await app.memory('peak'), 'during 24 requests with a Content-Length');
    assertWithin(base, await app.memory(), 'after 24 requests with a Content-Length');

    // Chunked, without a length: each is read until its fields pass what the compose form's text may hold, then
    // stopped; past MAX_CONCURRENT_UPLOADS the rest are told to come back later. busboy gathers a field whole
    // before its name says it is not wanted, so one upload in flight may hold its form's text, a field being read
    // and that field decoded: the bound by design is MAX_CONCURRENT_UPLOADS times that.
    await app.memory('sample');
    const chunked = Array.from({ length: 24 }, () => attack(app.base, session.cookie(), token, junk, false));
    const statuses = await Promise.all(chunked);
    assert.ok(statuses.every((s) => s === 413 || s === 503), statuses.join(' '));
    assert.ok(statuses.includes(503), 'some were past MAX_CONCURRENT_UPLOADS');
    const perUpload = fieldAllowance(COMPOSE_FIELDS) + 2 * MAX_BODY_BYTES;
    const peak = await app.memory('peak');
    assert.ok(peak.live - base.live < SLOTS * perUpload, `live memory grew by ${mb(peak.live - base.live)} during 24 chunked requests`);
    assert.ok(peak.rss - base.rss < SLOTS * perUpload, `resident memory grew by ${mb(peak.rss - base.rss)} during 24 chunked requests`);
    assert.equal((await session.fetch('/compose')).status, 200, 'and it keeps serving');
  });
});

/** One oversized compose request: 98 text fields of 2 MB, written until the server answers. */
async function attack(base: string, cookie: string, token: string, junk: Buffer, declared: boolean): Promise<number | string> {
  const head = field('_csrf', token);
  const partLength = Buffer.byteLength(partHead('field00')) + junk.length + 2;
  const upload = rawPost(base, '/compose', { cookie, ...(declared ? { 'content-length': String(head.length + 98 * partLength) } : {}) });
  if (await upload.write(head)) {
    for (let i = 0; i < 98; i++) {
      if (!(await upload.write(partHead(`field${String(i).padStart(2, '0')}`))) || !(await upload.write(junk)) || !(await upload.write('\r\n'))) break;
    }
  }
  // An answer lost to a reset is a failure of its own, named in the statuses (refuse-upload.ts must prevent it).
  const status = await upload.response.then((r) => r.status, (err: NodeJS.ErrnoException) => `lost (${err.code ?? err.message})`);
  upload.abort();
  return status;
}
