/// <reference lib="dom" />
// The live list in Chromium (public/live.js over GET /events): mail Postfix delivers appears at the top of the open
// list with the reader's ticked box and focus kept, the tab title and the sidebar count it, a flag set and an
// expunge made by another IMAP client show, a list that is not the plain first page gets a notice instead, motion
// stays off for those who asked, and axe finds nothing serious with the script running, at 1280 px and on a phone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type { BrowserContext, Page } from 'playwright-core';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { axeContextOptions, axeViolations, describeViolations } from '../helpers/axe.ts';
import { launch, type BrowserRun } from '../helpers/browser.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';
import { DESKTOP, overflow, PHONE, screenshot, signedInContext } from '../helpers/screens.ts';
import { plainText } from '../fixtures/messages.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';

describe('the live list in Chromium', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let run: BrowserRun;
  let user: TestUser;
  let writer: TestUser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const deliver = (subject: string) => nodemailer.createTransport({
    host: '127.0.0.1', port: info.submissionPort, secure: false, requireTLS: true,
    tls: { ca: [readFileSync(info.caFile)] }, auth: { user: writer.name, pass: writer.password },
  }).sendMail({ from: `Writer <${writer.address}>`, to: user.address, subject, text: 'live' });
  /** the page has its stream open (live.js marks it) */
  const listening = (p: Page) => p.waitForSelector('.live[data-live="open"]', { state: 'attached', timeout: 15_000 });

  before(async () => {
    info = await sandbox();
    t = buildApp(info);
    [user, writer] = await Promise.all([newUser('livelist'), newUser('writer')]);
    await appendAll(info, user, 'INBOX', ['First', 'Second', 'Third'].map((s) => plainText(s)));
    run = await launch(t);
    ({ context, page, problems } = await signedInContext(run, user, DESKTOP));
  });
  after(async () => {
    assert.deepEqual(problems, [], 'no script errors and nothing refused by the CSP');
    await run?.close();
    await t?.close();
  });

  it('puts delivered mail at the top, keeps the ticked box and the focus, and counts it in the title and sidebar', async () => {
    await page.goto(`${run.baseUrl}/mailbox/INBOX`);
    await listening(page);
    assert.match(await page.title(), /^\(3\) Inbox · Postern$/);
    await page.check('li.msg:nth-child(2) input[name=uid]');
    await page.focus('li.msg:nth-child(3) a.open');
    await deliver('Live arrival');
    await page.waitForSelector('ul.messages > li.msg:first-child .subject:text("Live arrival")', { timeout: 15_000 });
    const state = await page.evaluate(() => ({
      subjects: [...document.querySelectorAll('li.msg .subject')].map((s) => s.textContent),
      ticked: [...document.querySelectorAll('li.msg input[name=uid]:checked')].map((b) => b.closest('li')!.querySelector('.subject')!.textContent),
      focused: document.activeElement?.closest('li')?.querySelector('.subject')?.textContent,
      said: document.querySelector('.live-said')?.textContent,
    }));
    assert.deepEqual(state, {
      subjects: ['Live arrival', 'Third', 'Second', 'First'], ticked: ['Second'], focused: 'First', said: 'New message from Writer: Live arrival',
    });
    await page.waitForFunction(() => document.title.startsWith('(4) '), undefined, { timeout: 15_000 });
    assert.equal(await page.textContent('nav.folders a[data-folder="INBOX"] + .unseen'), '4');
    assert.equal(await page.textContent('.list-head .count'), '4 messages');
    await screenshot(page, 'live-list-desktop');
  });

  it('shows a flag and an expunge another IMAP client made, and the selection stays', async () => {
    const [uid, gone] = await page.$$eval('li.msg', (rows) => [Number(rows[0]!.dataset.uid), Number(rows[3]!.dataset.uid)]);
    await withImap(info, user, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd(String(uid), ['\\Flagged', '\\Seen'], { uid: true });
    });
    await page.waitForSelector(`li.msg.flagged.read[data-uid="${uid}"] .flag-mark`, { timeout: 15_000 });
    await page.waitForFunction(() => document.title.startsWith('(3) '), undefined, { timeout: 15_000 });
    await withImap(info, user, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageDelete(String(gone), { uid: true });
    });
    await page.waitForSelector(`li.msg[data-uid="${gone}"]`, { state: 'detached', timeout: 15_000 });
    assert.deepEqual(await page.$$eval('li.msg input[name=uid]:checked', (b) => b.map((x) => x.closest('li')!.querySelector('.subject')!.textContent)), ['Second']);
    // The focused row (the last one) went: focus moves to its neighbour rather than to nowhere.
    assert.equal(await page.evaluate(() => document.activeElement?.closest('li')?.querySelector('.subject')?.textContent), 'Second');
  });

  it('elsewhere than the plain first page says how many arrived, with a link to them', async () => {
    await page.goto(`${run.baseUrl}/mailbox/INBOX?sort=subject`);
    await listening(page);
    await deliver('Sorted elsewhere');
    await page.waitForSelector('.live-new:not([hidden])', { timeout: 15_000 });
    assert.equal(await page.textContent('.live-new'), '1 new message Show');
    assert.equal(await page.getAttribute('.live-new a', 'href'), '/mailbox/INBOX');
    assert.equal(await page.$$eval('li.msg .subject', (s) => s.some((x) => x.textContent === 'Sorted elsewhere')), false, 'the sorted list is left alone');
  });

  it('lets the arrival glow only for those who did not ask for less motion', async () => {
    const calm = await run.browser.newContext({ ...DESKTOP, reducedMotion: 'reduce', storageState: await context.storageState() });
    const quiet = await calm.newPage();
    await quiet.goto(`${run.baseUrl}/mailbox/INBOX`);
    await listening(quiet);
    await deliver('Calm arrival');
    await quiet.waitForSelector('li.msg.arrived .subject:text("Calm arrival")', { timeout: 15_000 });
    assert.equal(await quiet.$eval('li.msg.arrived', (li) => getComputedStyle(li).animationName), 'none');
    await calm.close();
  });

  it('leaves the page as it was without JavaScript: no stream, no notice, the plain title', async () => {
    const plain = await run.browser.newContext({ ...DESKTOP, javaScriptEnabled: false, storageState: await context.storageState() });
    const p = await plain.newPage();
    const asked: string[] = [];
    p.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await p.goto(`${run.baseUrl}/mailbox/INBOX`);
    assert.equal(await p.title(), 'Inbox · Postern');
    assert.equal(await p.isVisible('.live-notice'), false);
    assert.equal(await p.evaluate(() => document.querySelector('.live')!.getBoundingClientRect().height), 0, 'takes no room');
    assert.ok(!asked.includes('/events'), asked.join());
    await plain.close();
  });

  it('has no serious or critical axe finding with the script running, at 1280 px and on a phone', async () => {
    for (const [name, options] of [['desktop', axeContextOptions], ['phone', { ...PHONE, bypassCSP: true }]] as const) {
      const checked = await run.browser.newContext({ ...options, storageState: await context.storageState() });
      const p = await checked.newPage();
      await p.goto(`${run.baseUrl}/mailbox/INBOX`);
      await listening(p);
      await deliver(`Seen on the ${name}`);
      await p.waitForSelector(`li.msg:first-child .subject:text("Seen on the ${name}")`, { timeout: 15_000 });
      if (name === 'phone') {
        assert.equal(await overflow(p), 0, 'the page fits the phone');
        await screenshot(p, 'live-list-phone');
      }
      const violations = await axeViolations(p);
      assert.deepEqual(violations, [], describeViolations(violations));
      await checked.close();
    }
  });
});
