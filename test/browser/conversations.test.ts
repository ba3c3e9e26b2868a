/// <reference lib="dom" />
// A person in Chromium with conversations and labels: the list one row per conversation, the conversation view
// with its twelve messages (older ones closed, quoted text folded in the frames), labels added from the action bar
// with their chips, the same with JavaScript off, and axe (serious, critical) clean on the conversation view, the
// list with chips and the search of every folder, in light and dark. Screenshots in test-output/screenshots/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { axeContextOptions, axeViolations, describeViolations } from '../helpers/axe.ts';
import { launch, signInOn, type BrowserRun } from '../helpers/browser.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll } from '../helpers/imap.ts';
import { screenshot } from '../helpers/screens.ts';
import { discussion, rawMail } from '../fixtures/thread.ts';
import type { BrowserContext, Page } from 'playwright-core';

describe('conversations and labels in Chromium', () => {
  let t: TestApp;
  let run: BrowserRun;
  let user: TestUser;
  let inbox: number[];

  async function signedIn(options: Parameters<BrowserRun['browser']['newContext']>[0]): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await run.browser.newContext(options);
    const problems: string[] = [];
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    await signInOn(page, run.baseUrl, user, /\/mailbox\/INBOX/);
    return { context, page, problems };
  }

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await newUser('cview');
    const own = [1, 4, 7, 10];
    const mails = discussion({ count: 12, own, self: `Me <${user.address}>`, other: 'Dana Lee <dana@example.com>', topic: 'Kitchen renovation' });
    inbox = await appendAll(info, user, 'INBOX', mails.filter((_, i) => !own.includes(i)).map(rawMail));
    await appendAll(info, user, 'Sent', mails.filter((_, i) => own.includes(i)).map(rawMail), ['\\Seen']);
    run = await launch(t);
  });
  after(async () => {
    await run?.close();
    await t?.close();
  });

  it('shows the conversation: twelve messages, the newest open, quotes folded until asked for', async () => {
    const { context, page, problems } = await signedIn({ ...axeContextOptions });
    try {
      // One row per conversation, chosen in the settings.
      await page.goto(`${run.baseUrl}/settings`);
      await page.check('input[name=listMode][value=conversations]');
      await Promise.all([page.waitForURL(/\/settings$/), page.click('.settings-buttons button[type=submit]')]);
      await page.goto(`${run.baseUrl}/mailbox/INBOX`);
      const row = page.locator('li.msg', { hasText: 'Kitchen renovation' });
      assert.equal(await row.count(), 1);
      assert.equal((await row.locator('.thread-count').textContent())?.trim(), '8');
      await screenshot(page, 'conversation-list');
      assert.deepEqual(describeViolations(await axeViolations(page)), '');

      await Promise.all([page.waitForURL(/\/conversation\/INBOX\//), row.locator('a.open').click()]);
      const items = page.locator('.conversation-messages > li');
      assert.equal(await items.count(), 12);
      // Unread when opened: the eight messages of INBOX are open, the user's own four from Sent closed.
      assert.equal(await page.locator('details.conversation-message[open]').count(), 8);
      assert.equal(await page.locator('details.conversation-message').last().getAttribute('open'), '');
      // The last message's frame: its quote is folded, and opening it makes the frame taller (app.js refits).
      const frameEl = page.locator('details.conversation-message').last().locator('iframe.body');
      const frame = (await frameEl.elementHandle())!;
      const body = (await frame.contentFrame())!;
      await body.waitForSelector('details.quoted');
      assert.equal(await body.locator('details.quoted blockquote').isVisible(), false);
      const before = (await frameEl.boundingBox())!.height;
      await body.click('details.quoted > summary');
      assert.equal(await body.locator('details.quoted blockquote').first().isVisible(), true);
      await page.waitForFunction((h) => (document.querySelector('.conversation-messages > li:last-child iframe.body') as HTMLIFrameElement).getBoundingClientRect().height > h, before);
      // Seen again, now that all is read: only the newest is open, and an older one opens on a click on its summary.
      await page.reload();
      assert.equal(await page.locator('details.conversation-message[open]').count(), 1);
      const first = page.locator('details.conversation-message').first();
      assert.equal(await first.getAttribute('open'), null);
      await first.locator('summary').click();
      assert.equal(await first.getAttribute('open'), '');
      await screenshot(page, 'conversation-view', { fullPage: true });
      assert.deepEqual(describeViolations(await axeViolations(page)), '');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('labels a conversation from its action bar, with JavaScript off too, and shows the chip', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const { context, page, problems } = await signedIn({ ...axeContextOptions, javaScriptEnabled });
      try {
        await page.goto(`${run.baseUrl}/conversation/INBOX/${inbox[0]}`);
        const label = javaScriptEnabled ? '$label1' : '$label3';
        await page.selectOption('#bulk-label', label);
        await Promise.all([page.waitForURL(/\/mailbox\/INBOX/), page.click('button[name=action][value=label]')]);
        const name = javaScriptEnabled ? 'Important' : 'Personal';
        // The eight of INBOX and the user's own four in Sent: a conversation's label reaches every message it shows.
        assert.match((await page.locator('.flash').first().textContent()) ?? '', new RegExp(`Added the label “${name}” to 12 messages`));
        const chip = page.locator('li.msg', { hasText: 'Kitchen renovation' }).locator('.chip', { hasText: name });
        assert.equal(await chip.count(), 1);
        await screenshot(page, `conversation-labelled-${javaScriptEnabled ? 'js' : 'nojs'}`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  });

  it('has no serious or critical axe violations on the search of every folder and the settings, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { context, page } = await signedIn({ ...axeContextOptions, colorScheme });
      try {
        for (const path of ['/search?q=kitchen', '/settings', `/conversation/INBOX/${inbox[2]}`, '/mailbox/INBOX']) {
          await page.goto(`${run.baseUrl}${path}`);
          assert.deepEqual(describeViolations(await axeViolations(page)), '', `${path} (${colorScheme})`);
        }
        await page.goto(`${run.baseUrl}/search?q=kitchen`);
        await screenshot(page, `search-all-${colorScheme}`);
      } finally {
        await context.close();
      }
    }
  });
});
