/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Postern on a phone (360x740, touch) in Chromium, with the demo mailbox: the list is the first thing on the
// screen, a tap on any part of a row opens the message, the folders open from the menu, every page fits the width,
// wide newsletters are reflowed (or scaled) instead of cut, and axe finds nothing serious. Screenshots of each page
// go to test-output/screenshots/phone-*.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO } from '../../sandbox/demo-mail.ts';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { axeContextOptions, axeViolations, describeViolations } from '../helpers/axe.ts';
import { launch, type BrowserRun } from '../helpers/browser.ts';
import { demoUser } from '../helpers/demo.ts';
import { sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { overflow, PHONE, screenshot, signedInContext } from '../helpers/screens.ts';

// A line no layout can wrap: only scaling fits it.
const wideCode = crlf(`From: Build Bot <ci@example.com>
To: reader@postern.test
Subject: Build log with a very long line
Date: Wed, 04 Nov 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<p>The failing command:</p><pre>${'x'.repeat(30)} ${'--flag=value'.repeat(40)}</pre>
`);

describe('on a phone (360x740, touch)', () => {
  let t: TestApp;
  let run: BrowserRun;
  let user: TestUser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await demoUser();
    await appendAll(info, user, 'Projects/Ideas', [wideCode]);
    run = await launch(t);
    ({ context, page, problems } = await signedInContext(run, user, PHONE));
  });
  after(async () => {
    assert.deepEqual(problems, [], 'no script errors and nothing refused by the CSP');
    await run?.close();
    await t?.close();
  });

  it('shows the list first: folders behind the menu, rows on the first screen, every target 40 px or more', async () => {
    await page.goto(`${run.baseUrl}/mailbox/INBOX`);
    assert.equal(await page.isVisible('nav.folders'), false, 'the folder list waits behind the menu');
    const rows = await page.$$eval('ul.messages > li', (items) => items.slice(0, 8).map((li) => {
      const link = li.querySelector('a.open')!.getBoundingClientRect();
      const pick = li.querySelector('label.pick')!.getBoundingClientRect();
      return { top: link.top, height: link.height, pickWidth: pick.width, pickHeight: pick.height };
    }));
    assert.ok(rows[0]!.top < 740 / 2, `the first row starts in the upper half of the screen (y=${rows[0]!.top})`);
    assert.ok(rows.filter((r) => r.top + r.height <= 740).length >= 5, 'several rows on the first screen');
    for (const r of rows) assert.ok(r.height >= 40 && r.pickWidth >= 40 && r.pickHeight >= 40, `tap targets: ${JSON.stringify(r)}`);
    const small = await page.$$eval('header a, header button, .search-line input, .search-line select, .search-line button, .pagination a, .folder-actions button', (els) =>
      els.filter((e) => (e as HTMLElement).offsetParent !== null && e.getBoundingClientRect().height < 40).map((e) => e.outerHTML.slice(0, 80)));
    assert.deepEqual(small, [], 'controls under 40 px high');
    assert.equal(await overflow(page), 0);
    await screenshot(page, 'phone-inbox');
  });

  it('opens a message by tapping its row, anywhere on it', async () => {
    await page.goto(`${run.baseUrl}/mailbox/INBOX`);
    const row = page.locator('ul.messages > li').nth(2);
    const subject = (await row.locator('.subject').textContent())!;
    // The date, not the subject text: the whole row is the link.
    await Promise.all([page.waitForURL(/\/message\/INBOX\/\d+/), row.locator('.date').tap()]);
    assert.equal((await page.textContent('h1.subject'))!.trim().replace(/\s*⚑$/, ''), subject.trim());
    assert.equal(await overflow(page), 0);
    await screenshot(page, 'phone-message', { fullPage: true });
    // Back leads to the row it came from.
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX#m-\d+$/), page.tap('a.back')]);
  });

  it('opens the folders from the menu and goes to another folder', async () => {
    await page.goto(`${run.baseUrl}/mailbox/INBOX`);
    await page.tap('a.menu-button');
    assert.equal(await page.isVisible('nav.folders'), true);
    assert.equal(await page.getAttribute('a.menu-button', 'aria-expanded'), 'true');
    await screenshot(page, 'phone-folders-menu');
    await Promise.all([page.waitForURL(/\/mailbox\/Sent$/), page.tap('nav.folders >> text=Sent')]);
    assert.equal(await page.isVisible('nav.folders'), false, 'closed again on the new page');
  });

  it('shows the action bar once a message is ticked', async () => {
    await page.goto(`${run.baseUrl}/mailbox/INBOX`);
    assert.equal(await page.isVisible('.bulk-actions'), false);
    await page.locator('ul.messages > li label.pick').first().tap();
    assert.equal(await page.isVisible('.bulk-actions'), true);
    await screenshot(page, 'phone-inbox-selected');
  });

  it('reflows a 600 px newsletter to the frame instead of cutting it off', async () => {
    await page.goto(`${run.baseUrl}/mailbox/INBOX?${new URLSearchParams({ q: DEMO.subjects.newsletter })}`);
    await Promise.all([page.waitForURL(/\/message\//), page.locator('ul.messages a.open').first().tap()]);
    const frame = page.frameLocator('iframe.body');
    await page.waitForFunction(() => (document.querySelector('iframe.body') as HTMLIFrameElement).style.height !== '');
    const fit = await frame.locator('html').evaluate((html) => ({
      scrollWidth: html.scrollWidth, clientWidth: html.clientWidth, zoom: document.body.style.zoom, reflowed: html.classList.contains('fit'),
      text: parseFloat(getComputedStyle(document.querySelector('h2')!).fontSize),
    }));
    assert.ok(fit.scrollWidth <= fit.clientWidth, `the frame's document fits: ${JSON.stringify(fit)}`);
    assert.ok(fit.reflowed && fit.zoom === '', 'reflowed, not scaled: the text keeps its size');
    assert.equal(fit.text, 20);
    const box = (await page.locator('iframe.body').boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= 360, `the frame is on the screen: ${JSON.stringify(box)}`);
    assert.equal(await overflow(page), 0);
    await screenshot(page, 'phone-newsletter', { fullPage: true });
  });

  it('scales down what cannot reflow (a line of code)', async () => {
    await page.goto(`${run.baseUrl}/mailbox/${encodeURIComponent('Projects/Ideas')}`);
    await Promise.all([page.waitForURL(/\/message\//), page.locator('ul.messages a.open').first().tap()]);
    await page.waitForFunction(() => (document.querySelector('iframe.body') as HTMLIFrameElement).style.height !== '');
    const fit = await page.frameLocator('iframe.body').locator('html').evaluate((html) => ({ zoom: Number(document.body.style.zoom), right: document.querySelector('pre')!.getBoundingClientRect().right * Number(document.body.style.zoom), width: html.clientWidth }));
    assert.ok(fit.zoom > 0 && fit.zoom < 1, `scaled: ${JSON.stringify(fit)}`);
    assert.ok(fit.right <= fit.width + 1, `nothing cut: ${JSON.stringify(fit)}`);
  });

  it('fits compose and the folder page to the screen', async () => {
    await page.goto(`${run.baseUrl}/compose`);
    assert.equal(await overflow(page), 0);
    const name = (await page.locator('#fromName').boundingBox())!;
    assert.ok(name.width >= 150, `the name field is usable: ${name.width}px`);
    await screenshot(page, 'phone-compose');
    await page.goto(`${run.baseUrl}/mailboxes`);
    assert.equal(await overflow(page), 0);
    await screenshot(page, 'phone-mailboxes');
  });

  it('has no serious or critical axe violations on the phone pages', async () => {
    const axeContext = await run.browser.newContext({ ...axeContextOptions, ...PHONE, storageState: await context.storageState() });
    const check = async (path: string, prepare?: (p: Page) => Promise<void>) => {
      const p = await axeContext.newPage();
      try {
        await p.goto(`${run.baseUrl}${path}`);
        await prepare?.(p);
        const found = await axeViolations(p);
        assert.equal(found.length, 0, `${path}:\n${describeViolations(found)}`);
      } finally {
        await p.close();
      }
    };
    await check('/mailbox/INBOX');
    await check('/mailbox/INBOX', (p) => p.tap('a.menu-button'));
    await check('/mailbox/INBOX', (p) => p.locator('ul.messages label.pick').first().tap());
    await check('/mailbox/INBOX?q=lunch&select=page');
    await check('/compose');
    await check('/mailboxes');
    const href = await page.goto(`${run.baseUrl}/mailbox/INBOX`).then(() => page.getAttribute('ul.messages a.open', 'href'));
    await check(href!);
    await axeContext.close();
  });
});
