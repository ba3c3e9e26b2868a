/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Postern at 1280 px in Chromium with the demo mailbox, driven from the keyboard: every shortcut, never while
// typing, the ? dialog, the skip link, focus after navigation, and selecting with the mouse (whole page, Shift
// ranges, all N). Screenshots go to test-output/screenshots/desktop-*.png; axe checks the states shown.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { axeContextOptions, axeViolations, describeViolations } from '../helpers/axe.ts';
import { launch, type BrowserRun } from '../helpers/browser.ts';
import { demoUser } from '../helpers/demo.ts';
import { sandbox, type TestUser } from '../helpers/env.ts';
import { DESKTOP, screenshot, signedInContext } from '../helpers/screens.ts';

describe('the keyboard, at 1280 px', () => {
  let t: TestApp;
  let run: BrowserRun;
  let user: TestUser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  const currentRow = () => page.evaluate(() => {
    const row = document.querySelector('li.msg.current');
    return row ? { uid: Number((row as HTMLElement).dataset.uid), focused: row.contains(document.activeElement) } : undefined;
  });
  const rowUids = () => page.$$eval('ul.messages > li', (items) => items.map((li) => Number((li as HTMLElement).dataset.uid)));
  const flash = () => page.$$eval('p.flash', (ps) => ps.map((p) => p.textContent!.trim()));
  const uidInUrl = () => Number(/\/message\/[^/]+\/(\d+)/.exec(page.url())?.[1]);
  /** A key that navigates: press it, wait for the next page (which may have the same URL) and check where it is. */
  const go = async (key: string, url: RegExp) => {
    const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
    await page.keyboard.press(key);
    await navigated;
    await page.waitForLoadState('load');
    assert.match(page.url(), url);
  };

  before(async () => {
    t = buildApp(await sandbox());
    user = await demoUser();
    run = await launch(t);
    ({ context, page, problems } = await signedInContext(run, user, DESKTOP));
  });
  after(async () => {
    assert.deepEqual(problems, [], 'no script errors and nothing refused by the CSP');
    await run?.close();
    await t?.close();
  });

  it('reaches the messages in three key presses through the skip link', async () => {
    await page.goto(`${run.baseUrl}/mailbox/INBOX`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const [first] = await rowUids();
    assert.deepEqual(await currentRow(), { uid: first, focused: true }, 'the first message link has focus');
    await screenshot(page, 'desktop-inbox');
  });

  it('moves through the list with j and k, opens with o and Enter, and u comes back to the same row', async () => {
    await page.goto(`${run.baseUrl}/mailbox/INBOX`);
    const uids = await rowUids();
    await page.keyboard.press('j');
    assert.deepEqual(await currentRow(), { uid: uids[0], focused: true });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    assert.deepEqual(await currentRow(), { uid: uids[1], focused: true });
    await go('o', new RegExp(`/message/INBOX/${uids[1]}$`));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'message-title', 'focus on the subject');
    await go('u', new RegExp(`/mailbox/INBOX#m-${uids[1]}$`));
    assert.deepEqual(await currentRow(), { uid: uids[1], focused: true }, 'back on the row it came from');
    await go('Enter', new RegExp(`/message/INBOX/${uids[1]}$`));
  });

  it('walks messages with j and k, and opens reply, reply all, forward and compose with r, a, f and c', async () => {
    await page.goto(`${run.baseUrl}/mailbox/INBOX?sort=subject`);
    const uids = await rowUids();
    await page.keyboard.press('j');
    await go('o', new RegExp(`/message/INBOX/${uids[0]}\\?list=sort%3Dsubject$`));
    await go('j', new RegExp(`/message/INBOX/${uids[1]}\\?list=`));
    await go('j', new RegExp(`/message/INBOX/${uids[2]}\\?list=`));
    await go('k', new RegExp(`/message/INBOX/${uids[1]}\\?list=`));
    for (const [key, path, heading] of [['r', 'reply', 'Reply'], ['a', 'reply-all', 'Reply to all'], ['f', 'forward', 'Forward']] as const) {
      await go(key, new RegExp(`/message/INBOX/${uids[1]}/${path}\\?list=sort%3Dsubject$`));
      assert.equal(await page.textContent('main h1'), heading);
      await page.goBack();
    }
    await go('c', /\/compose$/);
    await screenshot(page, 'desktop-compose');
  });

  it('never acts on keys typed into a field: / focuses the search, and the letters are text', async () => {
    await page.goto(`${run.baseUrl}/mailbox/INBOX`);
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-q');
    await page.keyboard.type('jkxeuc#?');
    assert.equal(await page.inputValue('#search-q'), 'jkxeuc#?', 'not even the slash that focused it');
    assert.equal(await currentRow(), undefined);
    assert.equal(await page.evaluate(() => document.querySelector('dialog')!.open), false);
    assert.match(page.url(), /\/mailbox\/INBOX$/);
    await page.goto(`${run.baseUrl}/compose`);
    await page.click('#subject');
    await page.keyboard.type('c r a f');
    await page.keyboard.press('Delete');
    assert.equal(await page.inputValue('#subject'), 'c r a f');
    assert.match(page.url(), /\/compose$/);
  });

  it('x selects the current row; e, s, Delete and # act on it and return to the list with a flash', async () => {
    await page.goto(`${run.baseUrl}/mailbox/INBOX?sort=subject&page=2`);
    const uids = await rowUids();
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    assert.equal(await page.isChecked(`input[name=uid][value="${uids[0]}"]`), true);
    await page.keyboard.press('x');
    assert.equal(await page.isChecked(`input[name=uid][value="${uids[0]}"]`), false);
    // None ticked: s flags the current row.
    await go('s', /\/mailbox\/INBOX\?sort=subject&page=2$/);
    assert.deepEqual(await flash(), ['Flagged 1 message.']);
    // Two ticked: e archives both.
    await page.check(`input[name=uid][value="${uids[2]}"]`);
    await page.check(`input[name=uid][value="${uids[3]}"]`);
    await page.locator(`#m-${uids[3]}`).focus();
    await go('e', /\/mailbox\/INBOX\?sort=subject&page=2$/);
    assert.deepEqual(await flash(), ['Moved 2 messages to Archive.']);
    await page.keyboard.press('j');
    await go('Delete', /\/mailbox\/INBOX\?sort=subject&page=2$/);
    assert.deepEqual(await flash(), ['Moved 1 message to Trash.']);
    await page.keyboard.press('j');
    await go('#', /\/mailbox\/INBOX\?sort=subject&page=2$/);
    assert.deepEqual(await flash(), ['Moved 1 message to Trash.']);
  });

  it('s, e and # on a message flag it, archive it and delete it, landing on the next message', async () => {
    await page.goto(`${run.baseUrl}/mailbox/INBOX?sort=subject`);
    const uids = await rowUids();
    await page.keyboard.press('j');
    await go('o', new RegExp(`/message/INBOX/${uids[0]}\\?`));
    await go('s', new RegExp(`/message/INBOX/${uids[0]}\\?`));
    assert.deepEqual(await flash(), ['Message flagged.']);
    await go('s', new RegExp(`/message/INBOX/${uids[0]}\\?`));
    assert.deepEqual(await flash(), ['Message unflagged.']);
    await go('e', new RegExp(`/message/INBOX/${uids[1]}\\?list=sort%3Dsubject$`));
    assert.deepEqual(await flash(), ['Moved 1 message to Archive.']);
    await go('#', new RegExp(`/message/INBOX/${uids[2]}\\?list=sort%3Dsubject$`));
    assert.deepEqual(await flash(), ['Moved 1 message to Trash.']);
    await go('Delete', new RegExp(`/message/INBOX/${uids[3]}\\?list=sort%3Dsubject$`));
    assert.equal(uidInUrl(), uids[3]);
    await screenshot(page, 'desktop-message', { fullPage: true });
  });

  it('? shows the list of shortcuts, nothing happens behind it, and Escape closes it', async () => {
    await page.goto(`${run.baseUrl}/mailbox/INBOX`);
    await page.keyboard.press('?');
    assert.equal(await page.isVisible('dialog#shortcuts'), true);
    assert.match((await page.textContent('dialog#shortcuts'))!, /Reply, reply to all, forward/);
    await screenshot(page, 'desktop-shortcuts');
    await page.keyboard.press('j');
    await page.keyboard.press('c');
    assert.equal(await currentRow(), undefined);
    assert.match(page.url(), /\/mailbox\/INBOX$/);
    await page.keyboard.press('Escape');
    assert.equal(await page.isVisible('dialog#shortcuts'), false);
  });

  it('selects the whole page, a Shift-click range, and then all N after a confirmation', async () => {
    await page.goto(`${run.baseUrl}/mailbox/INBOX`);
    const ticked = () => page.$$eval('ul.messages input[name=uid]', (boxes) => boxes.map((b, i) => ((b as HTMLInputElement).checked ? i : -1)).filter((i) => i >= 0));
    await page.click(`ul.messages > li:nth-child(2) label.pick`);
    await page.click(`ul.messages > li:nth-child(6) input[name=uid]`, { modifiers: ['Shift'] });
    assert.deepEqual(await ticked(), [1, 2, 3, 4, 5]);
    assert.equal(await page.isVisible('.all-matching'), false, '"all N" only once the whole page is ticked');
    await page.click('label.select-page');
    assert.equal((await ticked()).length, 50);
    assert.equal(await page.isVisible('.all-matching'), true);
    await page.click('label.select-page');
    assert.deepEqual(await ticked(), []);
    await page.click('label.select-page');
    await page.check('.all-matching input');
    await screenshot(page, 'desktop-inbox-all-selected');
    const total = Number(/(\d+) messages/.exec((await page.textContent('.list-head .count'))!)![1]);
    await Promise.all([page.waitForLoadState('load'), page.click('.bulk-actions button[value=seen]')]);
    assert.equal(await page.textContent('p.question'), `Mark ${total} messages in Inbox as read?`);
    await screenshot(page, 'desktop-confirm');
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('a.cancel')]);
  });

  it('has no serious or critical axe violations in the states shown', async () => {
    const axeContext = await run.browser.newContext({ ...axeContextOptions, storageState: await context.storageState() });
    const check = async (path: string, prepare?: (p: Page) => Promise<unknown>) => {
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
    await check('/mailbox/INBOX', (p) => p.keyboard.press('j'));
    await check('/mailbox/INBOX', (p) => p.click('label.select-page'));
    await check('/mailbox/INBOX', (p) => p.keyboard.press('?'));
    await check('/mailbox/Trash?sort=from');
    const href = await page.goto(`${run.baseUrl}/mailbox/INBOX?sort=subject`).then(() => page.getAttribute('ul.messages a.open', 'href'));
    await check(href!);
    await check('/mailboxes');
    const confirm = await axeContext.newPage();
    await confirm.goto(`${run.baseUrl}/mailbox/Trash`);
    await Promise.all([confirm.waitForLoadState('load'), confirm.click('.folder-actions button.danger')]);
    const found = await axeViolations(confirm);
    assert.equal(found.length, 0, `empty trash confirmation:\n${describeViolations(found)}`);
    await axeContext.close();
  });
});
