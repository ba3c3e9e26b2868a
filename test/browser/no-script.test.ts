/// <reference lib="dom" />
// The main flows with JavaScript off, in Chromium: open a message from page 2 of a sorted list, walk to the next,
// delete it and land on the one after, go back to the right page; tick a whole page and act on all N after the
// confirmation; and on a phone open the folders from the menu (CSS :target) and a message by tapping its row.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { launch, type BrowserRun } from '../helpers/browser.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';
import { DESKTOP, overflow, PHONE, screenshot, signedInContext } from '../helpers/screens.ts';
import { plainText } from '../fixtures/messages.ts';

describe('with JavaScript off', () => {
  let t: TestApp;
  let run: BrowserRun;
  let user: TestUser;

  const rowUids = (page: Page) => page.$$eval('ul.messages > li', (items) => items.map((li) => Number((li as HTMLElement).dataset.uid)));
  const flash = (page: Page) => page.$$eval('p.flash', (ps) => ps.map((p) => p.textContent!.trim()));

  before(async () => {
    const info = await sandbox();
    t = buildApp(info, { PAGE_SIZE: '5' });
    user = await newUser('nojs');
    await appendAll(info, user, 'INBOX', Array.from({ length: 23 }, (_, i) => plainText(`${String.fromCharCode(90 - i)} message ${i}`)));
    await withImap(info, user, (c) => c.mailboxCreate('Trash').then(() => undefined));
    run = await launch(t);
  });
  after(async () => {
    await run?.close();
    await t?.close();
  });

  it('reads from page 2 of a sorted list, deletes, lands on the next message and goes back to the page', async () => {
    const { context, page, problems } = await signedInContext(run, user, { ...DESKTOP, javaScriptEnabled: false });
    await page.goto(`${run.baseUrl}/mailbox/INBOX?sort=subject&page=2`);
    const uids = await rowUids(page);
    await Promise.all([page.waitForURL(/\/message\//), page.click(`#m-${uids[0]}`)]);
    assert.match((await page.textContent('.message-nav'))!, /6 of 23/);
    await Promise.all([page.waitForURL(new RegExp(`/message/INBOX/${uids[1]}\\?list=`)), page.click('a[rel=next]')]);
    await Promise.all([page.waitForURL(new RegExp(`/message/INBOX/${uids[2]}\\?list=sort%3Dsubject%26page%3D2$`)), page.click('.message-actions button.danger')]);
    assert.deepEqual(await flash(page), ['Moved 1 message to Trash.']);
    await Promise.all([page.waitForURL(new RegExp(`/mailbox/INBOX\\?sort=subject&page=2#m-${uids[2]}$`)), page.click('a.back')]);
    assert.equal(await page.evaluate(() => document.activeElement?.id), `m-${uids[2]}`, 'the browser focuses the row it came from');
    assert.ok(!(await rowUids(page)).includes(uids[1]!));
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('ticks a whole page, then acts on all of them after a confirmation', async () => {
    const { context, page } = await signedInContext(run, user, { ...DESKTOP, javaScriptEnabled: false });
    await page.goto(`${run.baseUrl}/mailbox/INBOX?sort=subject&page=3`);
    await Promise.all([page.waitForURL(/select=page/), page.click('a.select-page-link')]);
    assert.equal(await page.$$eval('ul.messages input[name=uid]', (b) => b.every((x) => (x as HTMLInputElement).checked)), true);
    await page.check('.all-matching input');
    await screenshot(page, 'desktop-nojs-select-all');
    await Promise.all([page.waitForLoadState('load'), page.click('.bulk-actions button[value=flag]')]);
    assert.equal(await page.textContent('p.question'), 'Flag 22 messages in Inbox?');
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX\?sort=subject$/), page.click('form.confirm button')]);
    assert.deepEqual(await flash(page), ['Flagged 22 messages.']);
    await context.close();
  });

  it('on a phone, opens the folders from the menu and a message by tapping its row', async () => {
    const { context, page } = await signedInContext(run, user, { ...PHONE, javaScriptEnabled: false });
    await page.goto(`${run.baseUrl}/mailbox/INBOX`);
    assert.equal(await page.isVisible('nav.folders'), false);
    await page.tap('a.menu-button');
    assert.equal(await page.isVisible('nav.folders'), true, 'the folders open as the link target');
    await screenshot(page, 'phone-nojs-folders');
    await page.tap('nav.folders .close-folders a');
    assert.equal(await page.isVisible('nav.folders'), false);
    const [first] = await rowUids(page);
    await Promise.all([page.waitForURL(new RegExp(`/message/INBOX/${first}$`)), page.locator('ul.messages > li').first().locator('.party').tap()]);
    assert.equal(await overflow(page), 0);
    await context.close();
  });
});
