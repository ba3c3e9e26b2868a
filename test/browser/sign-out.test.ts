// After signing out, Back shows the sign-in page, not the message read a moment ago, and a part the reader opened
// does not come back out of the browser's cache.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { launch, signInPage, type BrowserRun } from '../helpers/browser.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll } from '../helpers/imap.ts';
import { htmlWithInlineImage } from '../fixtures/messages.ts';

describe('signing out in Chromium', () => {
  let t: TestApp;
  let run: BrowserRun;
  let user: TestUser;
  let uid: number;

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await newUser('back');
    [uid] = await appendAll(info, user, 'INBOX', [htmlWithInlineImage('Board minutes, confidential')]) as [number];
    run = await launch(t);
  });
  after(async () => {
    await run?.close();
    await t?.close();
  });

  it('shows the sign-in page on Back after sign-out, and serves no part from cache', async () => {
    const page = await signInPage(run, user);
    const partUrl = `${run.baseUrl}/message/INBOX/${uid}/part/1.2`;
    await page.goto(partUrl);
    await page.goto(`${run.baseUrl}/message/INBOX/${uid}`);
    assert.match(await page.content(), /Board minutes, confidential/);

    await Promise.all([page.waitForURL(/\/login$/), page.click('button:has-text("Sign out")')]);
    await page.goBack();
    await page.waitForLoadState();
    assert.match(page.url(), /\/login/);
    assert.doesNotMatch(await page.content(), /Board minutes, confidential/);

    await page.goto(partUrl);
    assert.match(page.url(), /\/login\?next=/, 'the part asks for sign-in again');
  });
});
