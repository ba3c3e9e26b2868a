// A part that lies about its type does not become a page on Postern's origin: Chromium, signed in, opens the part
// declared "image/png; name=login.html" inline that holds the sender's fake sign-in page, and gets a download.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { launch, signInPage, type BrowserRun } from '../helpers/browser.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll } from '../helpers/imap.ts';
import { PHISHING_HTML, messageWithParts } from '../fixtures/parts.ts';

describe('a part pretending to be an image, in Chromium', () => {
  let t: TestApp;
  let run: BrowserRun;
  let user: TestUser;
  let uid: number;

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await newUser('partweb');
    [uid] = await appendAll(info, user, 'INBOX', [messageWithParts('Your session', [
      { type: 'image/png', name: 'login.html', disposition: 'inline', bytes: PHISHING_HTML },
    ])]) as [number];
    run = await launch(t);
  });
  after(async () => {
    await run?.close();
    await t?.close();
  });

  it('downloads the image/png part named login.html instead of rendering it', async () => {
    const page = await signInPage(run, user);
    const url = `${run.baseUrl}/message/INBOX/${uid}/part/2`;
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 10_000 }),
      page.goto(url).catch(() => undefined), // a navigation that turns into a download aborts
    ]);
    assert.equal(download.suggestedFilename(), 'login.html');
    assert.notEqual(page.url(), url, 'the tab did not navigate to the part');
    assert.doesNotMatch(await page.content(), /session has expired/);
    assert.notEqual(await page.title(), 'pwned');
  });
});
