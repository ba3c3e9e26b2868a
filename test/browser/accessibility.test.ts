// axe-core in Chromium at 1280 px on each kind of page a person uses: sign-in, a mailbox, a message, compose and
// the folder page. Serious and critical violations fail the test, listed with the elements that cause them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { axeContextOptions, axeViolations, describeViolations } from '../helpers/axe.ts';
import { launch, type BrowserRun } from '../helpers/browser.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';
import { htmlWithInlineImage, plainText } from '../fixtures/messages.ts';

describe('pages have no serious or critical axe violations', () => {
  let t: TestApp;
  let run: BrowserRun;
  let user: TestUser;
  let context: BrowserContext;
  let uid: number;

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await newUser('a11y');
    [uid] = await appendAll(info, user, 'INBOX', [htmlWithInlineImage(), plainText('Lunch on Friday'), plainText('Minutes')], []) as [number];
    await appendAll(info, user, 'INBOX', [plainText('Already read')], ['\\Seen', '\\Flagged']);
    await withImap(info, user, async (c) => {
      await c.mailboxCreate('Projects');
      await c.mailboxCreate('Projects/Postern');
      await c.mailboxUnsubscribe('Projects/Postern');
    });
    run = await launch(t);
    context = await run.browser.newContext(axeContextOptions);
  });
  after(async () => {
    await run?.close();
    await t?.close();
  });

  async function check(path: string): Promise<void> {
    const page = await context.newPage();
    try {
      const res = await page.goto(`${run.baseUrl}${path}`);
      assert.equal(res?.status(), 200, path);
      const found = await axeViolations(page);
      assert.equal(found.length, 0, `${path}:\n${describeViolations(found)}`);
    } finally {
      await page.close();
    }
  }

  it('the sign-in page', async () => {
    await check('/login');
  });

  it('signs in', async () => {
    const page = await context.newPage();
    await page.goto(`${run.baseUrl}/login`);
    await page.fill('#username', user.name);
    await page.fill('#password', user.password);
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('button[type=submit]')]);
    await page.close();
  });

  for (const [what, path] of [['a mailbox', '/mailbox/INBOX'], ['a message', '/message/INBOX/UID'], ['compose', '/compose'], ['the folder page', '/mailboxes'],
    ['the identities', '/settings/identities'], ['a new identity', '/settings/identities/new']]) {
    it(`${what} (${path})`, async () => {
      await check(path!.replace('UID', String(uid)));
    });
  }
});
