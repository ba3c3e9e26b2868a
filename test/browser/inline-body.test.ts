/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The message body inlined in the page (<iframe srcdoc>, DESIGN.md "Body frame"): opening a message is one request,
// and the frame is as closed as the /body document was. The sanitizer already removes what hostile mail brings,
// so the layers behind it are tested directly: markup put into the frame after the sanitizer (as a sanitizer bug
// would let through) still runs nothing, loads nothing and submits nothing, by the sandbox, the frame's own <meta>
// policy and the page's policy it inherits.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { launch, signInPage, type BrowserRun } from '../helpers/browser.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll } from '../helpers/imap.ts';
import { htmlMessage } from '../fixtures/messages.ts';

const hostile = htmlMessage('Styled and hostile', `<html><body>
<p style="color:#010203">Styled by the sender.</p>
<p>Read the <a href="https://example.com/docs">docs</a>.</p>
<form action="/logout" method="post"><input name="q" value="1"><button>Send</button></form>
<img src="x" onerror="window.top.pwned = 1">
<img src="https://tracker.example/pixel.gif" alt="tracker">
<script>window.top.pwned = 2</script>
</body></html>`);

describe('the message body inline in the page, in Chromium', () => {
  let t: TestApp;
  let run: BrowserRun;
  let user: TestUser;
  let uid: number;
  let page: Page;
  let frame: Frame;
  // Chromium reports a load the CSP refuses as a request that failed with "csp": only finished ones reached anyone.
  const requests: string[] = [];
  const refused: string[] = [];

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await newUser('inline');
    [uid] = await appendAll(info, user, 'INBOX', [hostile]) as [number];
    run = await launch(t);
    page = await signInPage(run, user);
    page.on('requestfinished', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => {
      if (r.failure()?.errorText === 'csp') refused.push(r.url());
    });
    await page.context().route('https://example.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>docs</title>' }));
    await page.goto(`${run.baseUrl}/message/INBOX/${uid}`);
    frame = (await (await page.waitForSelector('iframe.body')).contentFrame())!;
    await frame.waitForSelector('p');
  });
  after(async () => {
    await run?.close();
    await t?.close();
  });

  it('opens with the page alone, the mail styled by its own and the frame’s styles', async () => {
    assert.equal(frame.url(), 'about:srcdoc');
    assert.deepEqual(requests.filter((u) => u.includes('/body')), [], 'no body request');
    assert.equal(await frame.$eval('p[style]', (p) => getComputedStyle(p).color), 'rgb(1, 2, 3)', 'style attribute kept');
    assert.equal(await frame.$eval('body', (b) => getComputedStyle(b).paddingTop), '12px', 'the frame’s <style> applies');
    // public/app.js fits the frame's height to the mail (same-origin sandbox).
    await page.waitForFunction(() => (document.querySelector('iframe.body') as HTMLIFrameElement).style.height !== '');
    const box = (await (await page.$('iframe.body'))!.boundingBox())!;
    const content = await frame.evaluate(() => document.body.scrollHeight);
    assert.ok(box.height >= content && box.height < content + 60, `frame ${box.height}px for ${content}px of mail`);
  });

  it('runs no script of the mail, keeps no form and loads nothing remote', async () => {
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    assert.equal(await frame.$('script'), null);
    assert.equal(await frame.$('form'), null);
    assert.ok(!requests.some((u) => u.includes('tracker.example')), 'no remote request');
  });

  it('blocks what slips past the sanitizer: scripts, remote and same-origin loads, inline <style>, forms', async () => {
    await frame.evaluate(() => {
      const add = (html: string) => document.body.insertAdjacentHTML('beforeend', html);
      // The sandbox: no script runs, whoever inserts it.
      const script = document.createElement('script');
      script.textContent = 'window.top.pwned = 3';
      document.body.append(script);
      add('<img src="https://tracker.example/slipped.gif">');
      // Allowed by the page's policy (style-src-elem 'self'), refused by the frame's own <meta> (no 'self').
      add('<link rel="stylesheet" href="/static/style.css?from-frame">');
      // Allowed by the frame's <meta> (style-src 'unsafe-inline'), refused by the page's policy it inherits (hashes).
      add('<style>body{color:rgb(9, 9, 9)}</style>');
      add('<form action="/logout" method="post"><button id="go">Send</button></form>');
    });
    await frame.click('#go').catch(() => undefined);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    assert.ok(!requests.some((u) => u.includes('tracker.example')), 'no remote request');
    assert.ok(!requests.some((u) => u.includes('from-frame')), 'no stylesheet of our own origin');
    assert.ok(refused.some((u) => u.includes('tracker.example/slipped')) && refused.some((u) => u.includes('from-frame')), `refused by CSP: ${refused}`);
    assert.ok(!requests.some((u) => u.includes('/logout')), 'no form submitted');
    assert.notEqual(await frame.$eval('body', (b) => getComputedStyle(b).color), 'rgb(9, 9, 9)');
    assert.match(page.url(), new RegExp(`/message/INBOX/${uid}$`), 'still on the message');
  });

  it('opens a link of the mail in a new tab without an opener', async () => {
    const [popup] = await Promise.all([page.waitForEvent('popup'), frame.click('a[href="https://example.com/docs"]')]);
    await popup.waitForLoadState();
    assert.equal(popup.url(), 'https://example.com/docs');
    assert.equal(await popup.evaluate(() => window.opener), null);
    assert.match(page.url(), new RegExp(`/message/INBOX/${uid}$`));
    await popup.close();
  });
});
