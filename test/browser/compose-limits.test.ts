/// <reference lib="dom" />
// Files past MAX_UPLOAD_MB in Chromium: with JavaScript the form names them before anything is sent; without it
// the server refuses the request before reading it, says so, and the browser's Back button finds the form as it
// was typed. The compose page is no-store like every signed-in page, so Back does not find it in a cache: Chromium
// asks the server again and fills the fresh form from the history entry (which autocomplete="off" would stop).
// With JavaScript the same holds after a refusal the script cannot foresee: a busy server's 503.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { signedInFetch } from '../helpers/app-process.ts';
import { launch, type BrowserRun } from '../helpers/browser.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { eventually } from '../helpers/live.ts';
import { field, rawPost } from '../helpers/raw-upload.ts';
import { asAddressLogin, messagesIn } from '../compose/compose-helpers.ts';

const SHOTS = path.join(import.meta.dirname, '..', '..', 'tmp', 'screenshots');

describe('attachments past the limit in Chromium', () => {
  let t: TestApp;
  let run: BrowserRun;
  let alice: TestUser;
  let uploadDir: string;

  before(async () => {
    uploadDir = await mkdtemp(path.join(os.tmpdir(), 'postern-browser-upload-'));
    t = buildApp(await sandbox(), { MAX_UPLOAD_MB: '1', MAX_CONCURRENT_UPLOADS: '1' }, { uploadDir });
    alice = asAddressLogin(await newUser('webbig'));
    run = await launch(t);
    await mkdir(SHOTS, { recursive: true });
  });
  after(async () => {
    await run?.close();
    await t?.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  async function composeWithBigFile(javaScriptEnabled: boolean): Promise<Page> {
    const context = await run.browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(`${run.baseUrl}/login`);
    await page.fill('#username', alice.name);
    await page.fill('#password', alice.password);
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('button[type=submit]')]);
    // With JavaScript the first page sends the browser's time zone and reloads itself (public/timezone.js): let it,
    // or that reload may cut the way to the form.
    if (javaScriptEnabled) await page.waitForFunction(() => !document.documentElement.hasAttribute('data-timezone-unset'));
    await page.goto(`${run.baseUrl}/compose`);
    await page.fill('#to', 'bob@postern.test');
    await page.fill('#subject', 'Holiday pictures');
    await page.fill('#body', 'All of them, as promised.');
    await page.setInputFiles('#attachments', [
      { name: 'small.jpg', mimeType: 'image/jpeg', buffer: randomBytes(100_000) },
      { name: 'huge.mov', mimeType: 'video/quicktime', buffer: randomBytes(5_000_000) },
    ]);
    return page;
  }

  it('names the file past the limit before sending, and sends nothing', async () => {
    const page = await composeWithBigFile(true);
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
    assert.match((await page.textContent('#attachments-error'))!, /Too large to attach: huge\.mov \(5\.0 MB\)\. .* at most 1 MB together/);
    await page.click('button[value=send]');
    assert.match(page.url(), /\/compose$/);
    assert.deepEqual(posts, []);
    assert.equal(await page.inputValue('#subject'), 'Holiday pictures');
    await page.screenshot({ path: path.join(SHOTS, 'compose-too-large-js.png'), fullPage: true });
    await page.context().close();
  });

  it('without JavaScript, refuses the request with a page that says what to do, and Back finds the form as typed', async () => {
    const page = await composeWithBigFile(false);
    const composeGets: { cacheControl: string | undefined }[] = [];
    page.on('response', (r) => {
      if (r.request().method() === 'GET' && new URL(r.url()).pathname === '/compose') composeGets.push({ cacheControl: r.headers()['cache-control'] });
    });
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button[value=send]')]);
    assert.equal(response?.status(), 413);
    assert.match((await page.textContent('main'))!, /larger than Postern takes: the attachments may be at most 1 MB together\. Nothing was sent or saved\. Use your browser's Back button.* choose the attachments again/);
    await page.screenshot({ path: path.join(SHOTS, 'compose-too-large-nojs.png'), fullPage: true });
    await page.goBack();
    assert.match(page.url(), /\/compose$/);
    assert.deepEqual(composeGets, [{ cacheControl: 'no-store' }], 'Back loaded the form afresh, still no-store');
    assert.equal(await page.inputValue('#to'), 'bob@postern.test');
    assert.equal(await page.inputValue('#subject'), 'Holiday pictures');
    assert.equal(await page.inputValue('#body'), 'All of them, as promised.');
    // Files are never restored: the refusal page says to choose them again.
    assert.equal(await page.$eval('#attachments', (input) => (input as HTMLInputElement).files?.length ?? 0), 0);
    assert.equal((await messagesIn(await sandbox(), alice, 'Sent')).length, 0);
    await page.context().close();
  });

  it('with JavaScript, after a busy server\'s 503, Back finds the addresses, subject and text as typed', async () => {
    const context = await run.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${run.baseUrl}/login`);
    await page.fill('#username', alice.name);
    await page.fill('#password', alice.password);
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('button[type=submit]')]);
    await page.waitForFunction(() => !document.documentElement.hasAttribute('data-timezone-unset'));
    await page.goto(`${run.baseUrl}/compose`);
    await page.fill('#subject', 'Holiday pictures');
    await page.fill('#body', 'All of them, as promised.');
    // Typed last, so the field still has the focus (and the suggestions script its autocomplete off) at Send.
    await page.click('#to');
    await page.keyboard.type('bob@postern.test');
    assert.equal(await page.getAttribute('#to', 'autocomplete'), 'off');
    await page.keyboard.press('Escape');

    // Another upload holds the only slot (MAX_CONCURRENT_UPLOADS=1) while this one is sent.
    const other = await signedInFetch(run.baseUrl, alice);
    const holder = rawPost(run.baseUrl, '/compose', { cookie: other.cookie() });
    try {
      await holder.write(field('_csrf', await other.token()) + field('subject', 'Holding the slot'));
      await eventually(5000, 'the other upload is being read', async () => (await readdir(uploadDir)).length === 1);
      const [response] = await Promise.all([page.waitForNavigation(), page.click('button[value=send]')]);
      assert.equal(response?.status(), 503);
      assert.match((await page.textContent('main'))!, /too many uploads at once right now\. Nothing was sent or saved\. Use your browser's Back button/);
    } finally {
      holder.abort();
    }
    await page.goBack();
    assert.match(page.url(), /\/compose$/);
    assert.equal(await page.inputValue('#to'), 'bob@postern.test');
    assert.equal(await page.inputValue('#subject'), 'Holiday pictures');
    assert.equal(await page.inputValue('#body'), 'All of them, as promised.');
    await context.close();
  });
});
