/// <reference lib="dom" />
// Other accounts as a person meets them in Chromium: from Settings to the form, adding the sandbox's POP3 mailbox,
// "Fetch now", the page following the fetch by itself (public/accounts.js), and the messages in the folder named
// after the account. The pages have no serious accessibility problem and fit a 360 px phone. Screenshots go to
// test-output/screenshots/ for a person to look at.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { seriousViolations } from '../helpers/axe-scan.ts';
import { launch, type BrowserRun } from '../helpers/browser.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { pop3Message, seedPop3 } from '../helpers/pop3.ts';

const SHOTS = path.join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

describe('other accounts in Chromium', () => {
  let info: Awaited<ReturnType<typeof sandbox>>;
  let t: TestApp;
  let run: BrowserRun;
  let owner: TestUser;
  let source: TestUser;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    info = await sandbox();
    t = buildApp(info, { POP3_ALLOW_PRIVATE_HOSTS: '1' });
    [owner, source] = await Promise.all([newUser('brown'), newUser('brsrc')]);
    await seedPop3(info, source, Array.from({ length: 5 }, (_, i) => pop3Message('browser', i)));
    run = await launch(t);
  });
  after(async () => {
    await run?.close();
    await t?.close();
  });

  async function signedIn(width: number, height: number): Promise<Page> {
    const context = await run.browser.newContext({ viewport: { width, height }, locale: 'en-GB', timezoneId: 'Europe/Berlin' });
    const page = await context.newPage();
    await page.goto(`${run.baseUrl}/login`);
    await page.fill('#username', owner.name);
    await page.fill('#password', owner.password);
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('button[type=submit]')]);
    // The first page sends the browser's time zone and reloads itself (public/timezone.js): let it, before going on.
    await page.waitForFunction(() => !document.documentElement.hasAttribute('data-timezone-unset'));
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  /** What sticks out on the right, for the assertion message. */
  const wide = (page: Page) => page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
    .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')} ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 8).join(', '));

  it('adds the account, fetches it, and shows its messages in the account’s folder', async () => {
    const page = await signedIn(1280, 900);
    await page.goto(`${run.baseUrl}/settings`);
    await Promise.all([page.waitForURL(/\/settings\/accounts$/), page.click('text=Other accounts (POP3)')]);
    await Promise.all([page.waitForURL(/\/settings\/accounts\/new$/), page.click('text=Add an account')]);
    await page.fill('#host', '127.0.0.1');
    await page.selectOption('#security', 'starttls');
    await page.fill('#port', String(info.pop3Port));
    await page.fill('#user', source.name);
    await page.fill('#password', source.password);
    await page.fill('#name', 'Old ISP');
    await page.uncheck('input[name=auto]');
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'accounts-form');
    await Promise.all([page.waitForURL(/\/settings\/accounts$/), page.click('.settings-buttons button.primary')]);
    assert.match(await page.textContent('.flash') ?? '', /Old ISP was added\./);
    assert.match(await page.textContent('.account-state') ?? '', /Not fetched yet\./);

    await Promise.all([page.waitForURL(/\/settings\/accounts$/), page.click('button:has-text("Fetch now")')]);
    // The script follows the run and reloads once it ended: the page then says what the fetch came to.
    await page.waitForSelector('.account-state:has-text("5 new messages.")', { timeout: 30_000 });
    assert.match(await page.textContent('.account-state') ?? '', /Last fetch:/);
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'accounts-list');

    await Promise.all([page.waitForURL(/\/mailbox\/Old%20ISP$/), page.click('nav.folders a:has-text("Old ISP")')]);
    const subjects = await page.$$eval('ul.messages li', (rows) => rows.map((r) => r.textContent ?? ''));
    assert.equal(subjects.length, 5);
    for (let i = 0; i < 5; i++) assert.ok(subjects.some((s) => s.includes(`browser message ${i}`)), `message ${i} is listed`);
    await shot(page, 'accounts-folder');
    await page.context().close();
  });

  it('fits a 360 px phone, form and list, with no serious accessibility problem', async () => {
    const page = await signedIn(360, 740);
    await page.goto(`${run.baseUrl}/settings/accounts`);
    assert.ok((await overflow(page)) <= 0, `no sideways scrolling on the list (${await overflow(page)}px: ${await wide(page)})`);
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'accounts-phone');
    await page.goto(`${run.baseUrl}/settings/accounts/new`);
    await page.click('.settings-buttons button.primary'); // empty: every error shown
    await page.waitForSelector('#host-error');
    assert.ok((await overflow(page)) <= 0, `no sideways scrolling on the form (${await overflow(page)}px: ${await wide(page)})`);
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'accounts-form-phone');
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.deepEqual(await seriousViolations(page), []);
    await page.context().close();
  });
});
