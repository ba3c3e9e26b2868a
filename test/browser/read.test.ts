/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// A person in Chromium: signs in, opens an HTML message with an inline image and hostile script, sees the
// text and the image, and no script of the mail ever runs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { launch, signInPage, type BrowserRun } from '../helpers/browser.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { PNG, b64 } from '../fixtures/messages.ts';


// Every trick here would set window.top.pwned or the frame's own title if any script ran.
const hostile = crlf(`From: "Mallory" <mallory@example.com>
To: reader@postern.test
Subject: Quarterly logo review
Date: Tue, 03 Nov 2026 10:15:00 +0000
Message-ID: <hostile-1@example.com>
MIME-Version: 1.0
Content-Type: multipart/related; boundary="rel"

--rel
Content-Type: text/html; charset=utf-8

<html><body>
<h1>Logo review</h1>
<p>The new logo is shown below.</p>
<img id="logo" src="cid:logo@example.com" alt="company logo" width="40" height="40">
<script>window.top.pwned = 1; document.title = 'pwned'</script>
<img src="x" onerror="window.top.pwned = 2">
<svg onload="window.top.pwned = 3"></svg>
<a href="javascript:window.top.pwned=4" id="jslink">click</a>
<iframe srcdoc="<script>parent.parent.pwned=5</script>"></iframe>
<img src="https://tracker.example/pixel.gif" alt="tracker">
</body></html>
--rel
Content-Type: image/png
Content-Transfer-Encoding: base64
Content-ID: <logo@example.com>

${b64(PNG)}
--rel--
`);

describe('reading mail in Chromium', () => {
  let t: TestApp;
  let run: BrowserRun;
  let user: TestUser;
  let uid: number;

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await newUser('web');
    [uid] = await appendAll(info, user, 'INBOX', [hostile]) as [number];
    run = await launch(t);
  });
  after(async () => {
    await run?.close();
    await t?.close();
  });

  it('shows the HTML text and the inline image while no script of the mail runs and nothing remote loads', async () => {
    const page = await signInPage(run, user);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.click('text=Quarterly logo review');
    await page.waitForURL(new RegExp(`/message/INBOX/${uid}$`));
    const frameEl = await page.waitForSelector('iframe.body');
    const frame = (await frameEl.contentFrame())!;
    await frame.waitForSelector('h1');
    assert.equal(await frame.textContent('h1'), 'Logo review');
    assert.match((await frame.textContent('body'))!, /The new logo is shown below/);

    // The inline image really decoded (naturalWidth > 0), served from our part URL.
    await frame.waitForFunction(() => [...document.images].some((i) => i.complete && i.naturalWidth > 0));
    const images = await frame.$$eval('img', (imgs) => imgs.map((i) => ({ src: i.getAttribute('src'), w: i.naturalWidth })));
    const logo = images.find((i) => i.src?.includes('/part/'));
    assert.ok(logo && logo.w === 1, `inline image loaded: ${JSON.stringify(images)}`);

    // Give any script a chance to run, then check none did.
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    assert.notEqual(await frame.evaluate(() => document.title), 'pwned');
    assert.equal(await frame.$('script'), null);
    assert.equal(await frame.$('iframe'), null);
    assert.ok(!requests.some((u) => u.includes('tracker.example')), 'no remote request');
    assert.deepEqual(errors, []);

    // public/app.js fits the frame to the message (same-origin lets it measure), so short mail has no empty box.
    await page.waitForFunction(() => (document.querySelector('iframe.body') as HTMLIFrameElement).style.height !== '');
    const box = (await frameEl.boundingBox())!;
    const contentHeight = await frame.evaluate(() => document.body.scrollHeight);
    assert.ok(box.height >= contentHeight && box.height < contentHeight + 60, `frame ${box.height}px for ${contentHeight}px of mail`);

    // The frame is sandboxed without scripts, and the message page's own CSP forbids inline script.
    const sandboxAttr = await frameEl.getAttribute('sandbox');
    assert.ok(sandboxAttr !== null && !sandboxAttr.includes('allow-scripts'));
  });
});
