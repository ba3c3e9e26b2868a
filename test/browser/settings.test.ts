/// <reference lib="dom" />
// Settings as a person meets them in Chromium: the time zone taken from the browser once, the dark theme on the
// page and in the message frame (plain text follows it, mail with its own colours keeps them on a light card),
// printing without the sidebar, and the settings page without serious accessibility problems in either theme.
// Screenshots of every state go to test-output/screenshots/ for a person to look at.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { seriousViolations } from '../helpers/axe-scan.ts';
import { launch, signInOn, type BrowserRun } from '../helpers/browser.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { plainText } from '../fixtures/messages.ts';
import { asAddressLogin } from '../compose/compose-helpers.ts';

const SHOTS = path.join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

const html = (subject: string, body: string) => crlf(`From: Brand <news@shop.example>
To: reader@postern.test
Subject: ${subject}
Date: Tue, 03 Nov 2026 02:30:00 +0000
Message-ID: <${subject.replace(/\W+/g, '-')}@shop.example>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><body>${body}</body></html>
`);

const coloured = html('Autumn sale', '<table bgcolor="#fff4e0" width="100%"><tr><td style="color: #3a2a10; padding: 12px">'
  + '<h1>Autumn sale</h1><p>Everything <font color="#b3261e">half price</font>.</p></td></tr></table>');
const uncoloured = html('Plain HTML', '<p>No colours here, just <b>words</b> and a <a href="https://example.com/">link</a>.</p>');

async function signedIn(run: BrowserRun, user: TestUser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await run.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', ...options });
  const page = await context.newPage();
  await signInOn(page, run.baseUrl, user, /\/mailbox\/INBOX$/);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const background = (page: Page, selector: string) => page.$eval(selector, (e) => getComputedStyle(e).backgroundColor);
const colour = (page: Page, selector: string) => page.$eval(selector, (e) => getComputedStyle(e).color);

async function chooseSettings(page: Page, run: BrowserRun, choice: { theme?: string; language?: string }): Promise<void> {
  await page.goto(`${run.baseUrl}/settings`);
  if (choice.theme) await page.check(`input[name=theme][value=${choice.theme}]`);
  if (choice.language !== undefined) await page.selectOption('#language', choice.language);
  await Promise.all([page.waitForURL(/\/settings$/), page.click('.settings-buttons button')]);
}

describe('settings in Chromium', () => {
  let t: TestApp;
  let run: BrowserRun;
  let user: TestUser;
  let uids: Record<'text' | 'coloured' | 'uncoloured', number>;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const info = await sandbox();
    t = buildApp(info);
    user = await newUser('look');
    const [text, col, unc] = await appendAll(info, user, 'INBOX', [plainText('A plain letter'), coloured, uncoloured]);
    uids = { text: text!, coloured: col!, uncoloured: unc! };
    run = await launch(t);
  });
  after(async () => {
    await run?.close();
    await t?.close();
  });

  it('takes the browser’s time zone once and shows the dates in it', async () => {
    const posts: string[] = [];
    const page = await signedIn(run, user, { timezoneId: 'America/New_York' });
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/settings/timezone')) posts.push(r.url());
    });
    // The inbox of the sign-in loaded the script before we listened: it reloads once the zone is stored.
    await page.waitForFunction(() => !document.documentElement.hasAttribute('data-timezone-unset'));
    for (const where of ['/mailbox/INBOX', '/settings', `/message/INBOX/${uids.coloured}`, '/mailbox/INBOX']) await page.goto(`${run.baseUrl}${where}`);
    assert.equal(posts.length, 0, 'no page after the first asks again');
    assert.match((await page.$eval(`li[data-uid="${uids.coloured}"] .date`, (e) => e.getAttribute('title')))!, /^Mon,? 2 Nov 2026,? 21:30$/);
    await page.goto(`${run.baseUrl}/settings`);
    assert.equal(await page.$eval('#timeZone', (e) => (e as HTMLSelectElement).value), 'America/New_York');
    await page.context().close();
  });

  it('posts the zone exactly once from a fresh sign-in, and not at all once one is chosen', async () => {
    const fresh = await newUser('tz');
    await appendAll(await sandbox(), fresh, 'INBOX', [plainText('Hello')]);
    const context = await run.browser.newContext({ timezoneId: 'Asia/Tokyo' });
    const posts: string[] = [];
    context.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/settings/timezone')) posts.push(r.postData() ?? '');
    });
    const page = await context.newPage();
    await page.goto(`${run.baseUrl}/login`);
    await page.fill('#username', fresh.name);
    await page.fill('#password', fresh.password);
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('button[type=submit]')]);
    await page.waitForFunction(() => !document.documentElement.hasAttribute('data-timezone-unset'));
    for (let i = 0; i < 3; i++) await page.reload();
    await page.goto(`${run.baseUrl}/compose`);
    assert.deepEqual(posts, ['timeZone=Asia%2FTokyo']);
    await context.close();
  });

  it('follows the device’s dark preference, and the body frame follows too', async () => {
    const page = await signedIn(run, user, { colorScheme: 'dark' });
    await page.goto(`${run.baseUrl}/message/INBOX/${uids.text}`);
    assert.equal(await background(page, 'body'), 'rgb(20, 23, 29)');
    const frame = (await (await page.waitForSelector('iframe.body')).contentFrame())!;
    await frame.waitForSelector('.text');
    assert.equal(await background(frame as unknown as Page, 'body'), 'rgb(27, 31, 39)');
    assert.equal(await colour(frame as unknown as Page, 'body'), 'rgb(227, 230, 236)');
    await shot(page, 'message-text-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal(await background(page, 'body'), 'rgb(255, 255, 255)');
    assert.equal(await background(frame as unknown as Page, 'body'), 'rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${run.baseUrl}/mailbox/INBOX`);
    await shot(page, 'mailbox-dark');
    await page.context().close();
  });

  it('shows mail with its own colours on a light card in the dark theme, and plain HTML in the dark', async () => {
    const page = await signedIn(run, user, { colorScheme: 'light' });
    await chooseSettings(page, run, { theme: 'dark' });
    assert.equal(await background(page, 'body'), 'rgb(20, 23, 29)', 'the setting wins over the device');
    await page.goto(`${run.baseUrl}/message/INBOX/${uids.coloured}`);
    let frame = (await (await page.waitForSelector('iframe.body')).contentFrame())! as unknown as Page;
    await frame.waitForSelector('h1');
    assert.equal(await background(frame, '.html'), 'rgb(255, 255, 255)', 'a light card');
    assert.equal(await colour(frame, '.html'), 'rgb(29, 35, 48)');
    assert.equal(await colour(frame, 'td'), 'rgb(58, 42, 16)', 'the mail keeps its own colours');
    await shot(page, 'message-coloured-dark');
    await page.goto(`${run.baseUrl}/message/INBOX/${uids.uncoloured}`);
    frame = (await (await page.waitForSelector('iframe.body')).contentFrame())! as unknown as Page;
    await frame.waitForSelector('b');
    assert.equal(await background(frame, '.html'), 'rgba(0, 0, 0, 0)', 'no card');
    assert.equal(await colour(frame, 'p'), 'rgb(227, 230, 236)');
    assert.equal(await colour(frame, 'a'), 'rgb(138, 180, 248)');
    await chooseSettings(page, run, { theme: 'light' });
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.equal(await background(page, 'body'), 'rgb(255, 255, 255)', 'light stays light on a dark device');
    await chooseSettings(page, run, { theme: 'system' });
    await page.context().close();
  });

  it('prints a message without the sidebar, top bar or buttons, dark on white even from a dark screen', async () => {
    const page = await signedIn(run, user, { colorScheme: 'dark' });
    await page.goto(`${run.baseUrl}/message/INBOX/${uids.text}`);
    assert.equal(await page.isVisible('button[data-print]'), true, 'a Print button, with script');
    const frame = (await (await page.waitForSelector('iframe.body')).contentFrame())! as unknown as Page;
    await frame.waitForSelector('.text');
    assert.equal(await colour(frame, 'body'), 'rgb(227, 230, 236)', 'light text on the dark screen');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await colour(frame, 'body'), 'rgb(29, 35, 48)', 'dark text on paper');
    assert.equal(await colour(page, 'dl.headers dd'), 'rgb(0, 0, 0)');
    for (const hidden of ['nav.folders', 'header.topbar', '.toolbar', '.message-extras']) {
      assert.equal(await page.isVisible(hidden), false, `${hidden} is not printed`);
    }
    for (const shown of ['h1.subject', 'dl.headers', 'iframe.body']) assert.equal(await page.isVisible(shown), true, `${shown} is printed`);
    await shot(page, 'message-print');
    await page.context().close();
  });

  it('has no serious accessibility problem on the settings page, light or dark, and looks right on a phone and in German', async () => {
    const page = await signedIn(run, user, { colorScheme: 'light' });
    await page.goto(`${run.baseUrl}/settings`);
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'settings-desktop');
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'settings-dark');
    // A refused save: the errors next to their fields, in both themes.
    await page.fill('#pageSize', '1000');
    await page.fill('#remoteImageSenders', 'ok@example.com\nnot an address');
    await page.click('.settings-buttons button');
    await page.waitForSelector('#pageSize-error');
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'settings-errors-dark');
    await page.setViewportSize({ width: 360, height: 740 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${run.baseUrl}/settings`);
    await shot(page, 'settings-phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow}px)`);
    await chooseSettings(page, run, { language: 'de' });
    assert.equal(await page.textContent('h1'), 'Einstellungen');
    await page.setViewportSize({ width: 1280, height: 800 });
    await shot(page, 'settings-german');
    await page.goto(`${run.baseUrl}/message/INBOX/${uids.coloured}/source`);
    await shot(page, 'message-source-german');
    await chooseSettings(page, run, { language: '' });
    await page.context().close();
  });

  it('shows the sign-in and error pages in the browser’s language, and asks before sending without a subject', async () => {
    const context = await run.browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${run.baseUrl}/login`);
    assert.equal(await page.textContent('h1'), 'Bei Ihrem E-Mail-Konto anmelden');
    await shot(page, 'login-german');
    await page.goto(`${run.baseUrl}/static/no-such-file.css`);
    assert.equal(await page.textContent('h1'), 'Nicht gefunden');
    await shot(page, 'error-german');
    await context.close();

    const writer = await signedIn(run, asAddressLogin(user));
    await writer.goto(`${run.baseUrl}/compose`);
    await writer.fill('#to', 'someone@example.com');
    await writer.fill('#body', 'No subject on purpose.');
    await Promise.all([writer.waitForNavigation(), writer.click('button[value=send]')]);
    assert.equal(await writer.textContent('#no-subject-question'), 'Send without a subject?');
    assert.equal(await writer.inputValue('#body'), 'No subject on purpose.');
    assert.deepEqual(await seriousViolations(writer), []);
    await shot(writer, 'compose-no-subject');
    await writer.context().close();
  });
});
