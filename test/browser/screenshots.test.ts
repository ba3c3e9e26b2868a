/// <reference lib="dom" />
// README's pictures (issue 8): the mailbox, a message, compose and the settings of the demo mailbox (the mail
// `npm run demo` seeds) in Chromium, at 1280 px, on a phone (360x740, touch), in the dark theme and in German.
// Each page must fit its screen and pass axe (nothing serious or critical). The pictures go to
// test-output/screenshots/readme-*.png; `npm run screenshots` also writes them to docs/screenshots/ (committed,
// shown in README). Look at them after a change to the pages.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { DEMO } from '../../sandbox/demo-mail.ts';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { axeViolations, describeViolations } from '../helpers/axe.ts';
import { launch, type BrowserRun } from '../helpers/browser.ts';
import { demoUser } from '../helpers/demo.ts';
import { sandbox, type TestUser } from '../helpers/env.ts';
import { clipped, DESKTOP, overflow, PHONE, signedInContext } from '../helpers/screens.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const OUT = path.join(ROOT, 'test-output', 'screenshots');
// Set by `npm run screenshots` only: a plain `npm test` never changes the committed pictures.
const DOCS = process.env.POSTERN_SCREENSHOTS_TO_DOCS === '1' ? path.join(ROOT, 'docs', 'screenshots') : undefined;
const MAX_DOC_BYTES = 200 * 1024;

const ZONE = 'Europe/Berlin';
const LOOKS: { name: string; options: BrowserContextOptions }[] = [
  { name: 'desktop', options: DESKTOP },
  { name: 'phone', options: PHONE },
  { name: 'dark', options: { ...DESKTOP, colorScheme: 'dark' } },
  // The file field's "Choose Files" stays English: Chromium writes it in its own UI language (the Debian package
  // here has only en-US), not the page's; a German browser says "Dateien auswählen".
  { name: 'german', options: { ...DESKTOP, locale: 'de-DE' } },
];

describe('README screenshots of the demo mailbox', () => {
  let t: TestApp;
  let run: BrowserRun;
  let user: TestUser;
  const contexts: BrowserContext[] = [];
  const problems: string[][] = [];

  before(async () => {
    t = buildApp(await sandbox());
    user = await demoUser({ name: 'demo' });
    run = await launch(t);
    await chooseZone();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    assert.deepEqual(problems.flat(), [], 'no script errors and nothing refused by the CSP');
    await run?.close();
    await t?.close();
  });

  // The browser's zone is stored by public/timezone.js on the first page after sign-in; until then pages show UTC
  // and say so. The pictures want the settled state, the same in every look.
  async function chooseZone(): Promise<void> {
    const context = await run.browser.newContext({ timezoneId: ZONE });
    const page = await context.newPage();
    await page.goto(`${run.baseUrl}/login`);
    await page.fill('#username', user.name);
    await page.fill('#password', user.password);
    const stored = page.waitForResponse((r) => r.url().endsWith('/settings/timezone') && r.status() === 204);
    await page.click('button[type=submit]');
    await stored;
    await context.close();
  }

  /** The href of the message with this subject on the first page of INBOX (the demo's recent mail is there). */
  async function messageHref(page: Page, subject: string): Promise<string> {
    await page.goto(`${run.baseUrl}/mailbox/INBOX`);
    return (await page.locator('ul.messages a.open', { hasText: subject }).first().getAttribute('href'))!;
  }

  /** The message's text is in its frame and the frame has taken its height (public/app.js). */
  async function frameReady(page: Page): Promise<void> {
    await page.frameLocator('iframe.body').locator('body').waitFor();
    await page.waitForFunction(() => (document.querySelector('iframe.body') as HTMLIFrameElement | null)?.style.height !== '');
  }

  async function shoot(page: Page, name: string): Promise<void> {
    // One picture pixel per CSS pixel: the phone renders at 2x, its picture stays small enough for a README.
    const shot = { scale: 'css' as const, animations: 'disabled' as const, caret: 'hide' as const };
    mkdirSync(OUT, { recursive: true });
    const taken = path.join(OUT, `readme-${name}.png`);
    await page.screenshot({ ...shot, path: taken });
    if (DOCS) {
      mkdirSync(DOCS, { recursive: true });
      const file = path.join(DOCS, `${name}.png`);
      copyFileSync(taken, file);
      assert.ok(statSync(file).size <= MAX_DOC_BYTES, `${file}: ${statSync(file).size} bytes, more than ${MAX_DOC_BYTES}`);
    }
  }

  async function check(page: Page, name: string): Promise<void> {
    assert.equal(await overflow(page), 0, `${name}: wider than the screen`);
    assert.deepEqual(await clipped(page), [], `${name}: text cut off`);
    const found = await axeViolations(page);
    assert.equal(found.length, 0, `${name}:\n${describeViolations(found)}`);
  }

  for (const look of LOOKS) {
    it(`shows the main pages: ${look.name}`, async () => {
      const signed = await signedInContext(run, user, { ...look.options, timezoneId: ZONE, bypassCSP: true });
      contexts.push(signed.context);
      problems.push(signed.problems);
      const { page } = signed;
      if (look.name === 'german') assert.equal(await page.getAttribute('html', 'lang'), 'de');

      await page.goto(`${run.baseUrl}/mailbox/INBOX`);
      await shoot(page, `${look.name}-mailbox`);
      await check(page, `${look.name}-mailbox`);

      await page.goto(`${run.baseUrl}${await messageHref(page, DEMO.subjects.newsletter)}`);
      await frameReady(page);
      await shoot(page, `${look.name}-message`);
      await check(page, `${look.name}-message`);

      await page.goto(`${run.baseUrl}${await messageHref(page, DEMO.subjects.plain)}/reply`);
      await shoot(page, `${look.name}-compose`);
      await check(page, `${look.name}-compose`);

      await page.goto(`${run.baseUrl}/settings`);
      await shoot(page, `${look.name}-settings`);
      await check(page, `${look.name}-settings`);
    });
  }
});
