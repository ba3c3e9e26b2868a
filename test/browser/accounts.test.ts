/// <reference lib="dom" />
// Other accounts as a person meets them in Chromium: from Settings to the form, adding the sandbox's POP3 mailbox,
// "Fetch now", the page following the fetch by itself (public/accounts.js), and the messages in the folder named
// after the account; the same with JavaScript off (the page reloads itself while the fetch runs). The pages (list,
// list while fetching, form, form with errors, edit) have no serious or critical accessibility problem and fit a
// 360 px phone. Screenshots go to test-output/screenshots/ for a person to look at.
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
import { startPop3Proxy, type Pop3Proxy } from '../helpers/pop3-proxy.ts';
import { DESKTOP, signedInContext } from '../helpers/screens.ts';

const SHOTS = path.join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

describe('other accounts in Chromium', () => {
  let info: Awaited<ReturnType<typeof sandbox>>;
  let t: TestApp;
  let run: BrowserRun;
  let owner: TestUser;
  let source: TestUser;
  let proxy: Pop3Proxy;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    info = await sandbox();
    t = buildApp(info, { POP3_ALLOW_PRIVATE_HOSTS: '1' });
    [owner, source] = await Promise.all([newUser('brown'), newUser('brsrc')]);
    await seedPop3(info, source, Array.from({ length: 5 }, (_, i) => pop3Message('browser', i)));
    proxy = await startPop3Proxy(info.pop3Port);
    run = await launch(t);
  });
  after(async () => {
    await run?.close();
    await t?.close();
    await proxy?.close();
  });

  const signedIn = (width: number, height: number) => signedInAs(owner, width, height);

  async function signedInAs(who: TestUser, width: number, height: number): Promise<Page> {
    const context = await run.browser.newContext({ viewport: { width, height }, locale: 'en-GB', timezoneId: 'Europe/Berlin' });
    const page = await context.newPage();
    await page.goto(`${run.baseUrl}/login`);
    await page.fill('#username', who.name);
    await page.fill('#password', who.password);
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

    await Promise.all([page.waitForURL(/\/settings\/accounts\/[0-9a-f]{16}$/), page.click('a.button:has-text("Edit")')]);
    assert.equal(await page.inputValue('#host'), '127.0.0.1');
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'accounts-edit');

    await Promise.all([page.waitForURL(/\/mailbox\/Old%20ISP$/), page.click('nav.folders a:has-text("Old ISP")')]);
    const subjects = await page.$$eval('ul.messages li', (rows) => rows.map((r) => r.textContent ?? ''));
    assert.equal(subjects.length, 5);
    for (let i = 0; i < 5; i++) assert.ok(subjects.some((s) => s.includes(`browser message ${i}`)), `message ${i} is listed`);
    await shot(page, 'accounts-folder');
    await page.context().close();
  });

  it('works with JavaScript off: adds, fetches, follows the fetch by reloading, and the messages are in the folder', async () => {
    const [nojsOwner, nojsSource] = await Promise.all([newUser('brnojs'), newUser('brnojssrc')]);
    await seedPop3(info, nojsSource, Array.from({ length: 6 }, (_, i) => pop3Message('nojs', i)));
    const { context, page, problems } = await signedInContext(run, nojsOwner, { ...DESKTOP, javaScriptEnabled: false });
    await page.goto(`${run.baseUrl}/settings`);
    await Promise.all([page.waitForURL(/\/settings\/accounts$/), page.click('text=Other accounts (POP3)')]);
    await Promise.all([page.waitForURL(/\/settings\/accounts\/new$/), page.click('text=Add an account')]);
    // Plain POP3 on loopback through the proxy, which holds the third RETR until the running page has been seen.
    await page.fill('#host', '127.0.0.1');
    await page.selectOption('#security', 'plain');
    await page.fill('#port', String(proxy.port));
    await page.fill('#user', nojsSource.name);
    await page.fill('#password', nojsSource.password);
    await page.fill('#name', 'No script');
    await page.uncheck('input[name=auto]');
    await Promise.all([page.waitForURL(/\/settings\/accounts$/), page.click('.settings-buttons button.primary')]);
    assert.match(await page.textContent('.flash') ?? '', /No script was added\./);

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    proxy.rules.onCommand = (line) => (line === 'RETR 3' ? { hold: held } : 'forward');
    try {
      await Promise.all([page.waitForURL(/\/settings\/accounts$/), page.click('button:has-text("Fetch now")')]);
      // The run is held at its third message; the page, landing while it connects, reloads itself (noscript meta
      // refresh) until it shows the progress.
      await page.waitForSelector('.account-state[data-state="running"]:has-text("Fetching: 2 of 6") progress[value="2"]', { timeout: 30_000 });
      await shot(page, 'accounts-running-nojs');
    } finally {
      release();
      proxy.rules.onCommand = undefined;
    }
    // No script asks for the progress: only the reloads bring the outcome to the page.
    await page.waitForSelector('.account-state:has-text("6 new messages.")', { timeout: 30_000 });
    await Promise.all([page.waitForURL(/\/mailbox\/No%20script$/), page.click('nav.folders a:has-text("No script")')]);
    const subjects = await page.$$eval('ul.messages li', (rows) => rows.map((r) => r.textContent ?? ''));
    assert.equal(subjects.length, 6);
    for (let i = 0; i < 6; i++) assert.ok(subjects.some((text) => text.includes(`nojs message ${i}`)), `message ${i} is listed`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('has no serious accessibility problem while a fetch runs', async () => {
    const [busyOwner, busySource] = await Promise.all([newUser('brbusy'), newUser('brbusysrc')]);
    await seedPop3(info, busySource, Array.from({ length: 3 }, (_, i) => pop3Message('busy', i)));
    const page = await signedInAs(busyOwner, 1280, 900);
    await page.goto(`${run.baseUrl}/settings/accounts/new`);
    await page.fill('#host', '127.0.0.1');
    await page.selectOption('#security', 'plain');
    await page.fill('#port', String(proxy.port));
    await page.fill('#user', busySource.name);
    await page.fill('#password', busySource.password);
    await page.uncheck('input[name=auto]');
    await Promise.all([page.waitForURL(/\/settings\/accounts$/), page.click('.settings-buttons button.primary')]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    proxy.rules.onCommand = (line) => (line === 'RETR 2' ? { hold: held } : 'forward');
    try {
      await Promise.all([page.waitForURL(/\/settings\/accounts$/), page.click('button:has-text("Fetch now")')]);
      await page.waitForSelector('.account-state[data-state="running"] progress[value]', { timeout: 30_000 });
      assert.deepEqual(await seriousViolations(page), []);
      await shot(page, 'accounts-running');
    } finally {
      release();
      proxy.rules.onCommand = undefined;
    }
    await page.waitForSelector('.account-state:has-text("3 new messages.")', { timeout: 30_000 });
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
