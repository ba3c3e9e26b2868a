/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Issue 8 in Chromium: the main pages of the demo mailbox with a German browser in Europe/Berlin, at 1280 px, on a
// phone (360x740, touch) and in the dark theme. German words are longer than English ones: nothing may push the
// page wider than the screen or be cut off in its box (mail content in the list's columns excepted, which is
// shortened with an ellipsis on purpose), the lang attribute says German, and axe finds nothing serious.
// Screenshots go to test-output/screenshots/de-*.png: look at them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { axeViolations, describeViolations } from '../helpers/axe.ts';
import { launch, type BrowserRun } from '../helpers/browser.ts';
import { demoUser } from '../helpers/demo.ts';
import { sandbox, type TestUser } from '../helpers/env.ts';
import { DESKTOP, overflow, PHONE, screenshot, signedInContext } from '../helpers/screens.ts';

const GERMAN: BrowserContextOptions = { locale: 'de-DE', timezoneId: 'Europe/Berlin', bypassCSP: true };

/** Elements whose text is cut by their own box (overflow hidden or clipped), mail content in list rows excepted. */
function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('body *')].filter((el) => {
    if (!el.offsetParent || el.closest('.visually-hidden, .wide-table, .msg .party, .msg .subject, iframe, pre, textarea, select')) return false;
    const style = getComputedStyle(el);
    if (style.overflowX === 'visible' || !el.textContent?.trim()) return false;
    // Hidden for the eye on purpose, there for screen readers (the clip technique of .visually-hidden).
    if (style.clip !== 'auto' || el.getBoundingClientRect().width <= 1) return false;
    return el.scrollWidth > el.clientWidth + 1;
  }).map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent!.trim().slice(0, 60)}`));
}

describe('German pages in Chromium', () => {
  let t: TestApp;
  let run: BrowserRun;
  let user: TestUser;
  const contexts: BrowserContext[] = [];
  const problems: string[][] = [];

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await demoUser();
    run = await launch(t);
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    assert.deepEqual(problems.flat(), [], 'no script errors and nothing refused by the CSP');
    await run?.close();
    await t?.close();
  });

  async function open(screen: BrowserContextOptions & { name: string }): Promise<Page> {
    const signed = await signedInContext(run, user, { ...screen, ...GERMAN });
    contexts.push(signed.context);
    problems.push(signed.problems);
    return signed.page;
  }

  /** Visits a page, checks that it is German, fits and cuts nothing, runs axe, and takes its picture. */
  async function visit(page: Page, shot: string, path: string | undefined, opts: { prepare?: (p: Page) => Promise<void>; full?: boolean } = {}) {
    if (path) await page.goto(`${run.baseUrl}${path}`);
    await opts.prepare?.(page);
    // The picture first, so a failing page can be looked at.
    await screenshot(page, `de-${shot}`, { fullPage: opts.full ?? false });
    assert.equal(await page.getAttribute('html', 'lang'), 'de', shot);
    assert.equal(await overflow(page), 0, `${shot}: wider than the screen`);
    assert.deepEqual(await clipped(page), [], `${shot}: text cut off`);
    const found = await axeViolations(page);
    assert.equal(found.length, 0, `${shot}:\n${describeViolations(found)}`);
  }

  async function firstMessage(page: Page): Promise<string> {
    await page.goto(`${run.baseUrl}/mailbox/INBOX`);
    return (await page.getAttribute('ul.messages a.open', 'href'))!;
  }

  for (const screen of [{ name: 'desktop', ...DESKTOP }, { name: 'phone', ...PHONE }]) {
    it(`shows the main pages in German on the ${screen.name}`, async () => {
      const page = await open(screen);
      const s = screen.name;
      await visit(page, `${s}-inbox`, '/mailbox/INBOX');
      assert.match((await page.textContent('nav.pagination'))!, /Seite 1 von \d+/);
      await visit(page, `${s}-inbox-selected`, '/mailbox/INBOX', { prepare: (p) => p.locator('ul.messages label.pick').first().click() });
      await visit(page, `${s}-search`, '/mailbox/INBOX?q=a&filter=unseen');
      await visit(page, `${s}-message`, await firstMessage(page), { full: true });
      await visit(page, `${s}-compose`, '/compose');
      await visit(page, `${s}-reply`, `${await firstMessage(page)}/reply`);
      await visit(page, `${s}-folders`, '/mailboxes', { full: true });
      await visit(page, `${s}-settings`, '/settings', { full: true });
      await visit(page, `${s}-confirm`, '/mailbox/Trash', {
        prepare: (p) => Promise.all([p.waitForURL(/\/empty$/), p.locator('.folder-actions button.danger').click()]).then(() => undefined),
      });
      if (s === 'phone') {
        await visit(page, 'phone-folders-menu', '/mailbox/INBOX', { prepare: (p) => p.tap('a.menu-button') });
      } else {
        await visit(page, 'desktop-shortcuts', '/mailbox/INBOX', { prepare: (p) => p.keyboard.press('?') });
        assert.equal(await page.isVisible('dialog#shortcuts'), true);
      }
    });
  }

  it('shows the dark theme in German', async () => {
    const page = await open({ name: 'dark', ...DESKTOP, colorScheme: 'dark' });
    await visit(page, 'dark-inbox', '/mailbox/INBOX');
    await visit(page, 'dark-message', await firstMessage(page), { full: true });
    await visit(page, 'dark-settings', '/settings', { full: true });
  });

  it('shows the sign-in page in German', async () => {
    for (const screen of [{ name: 'desktop', ...DESKTOP }, { name: 'phone', ...PHONE }]) {
      const context = await run.browser.newContext({ ...screen, ...GERMAN });
      contexts.push(context);
      await visit(await context.newPage(), `${screen.name}-sign-in`, '/login');
    }
  });
});
