/// <reference lib="dom" />
// A reader in Chromium allows remote images: they appear, yet the browser talks only to Postern. The sender's
// server sees Postern's neutral requests, never the reader's browser, cookies or referrer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { launch, signInPage, type BrowserRun } from '../helpers/browser.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { startImageServer, type ImageServer } from '../helpers/image-server.ts';

describe('remote images in Chromium', () => {
  let server: ImageServer;
  let t: TestApp;
  let run: BrowserRun;
  let user: TestUser;

  before(async () => {
    server = await startImageServer();
    const info = await sandbox();
    t = buildApp(info, { IMAGE_PROXY_ALLOW_LOOPBACK: '1' });
    user = await newUser('remoteweb');
    await appendAll(info, user, 'INBOX', [crlf(`From: "News" <news@example.com>
To: reader@postern.test
Subject: Pictures from the trip
Date: Tue, 03 Nov 2026 10:15:00 +0000
Message-ID: <trip@example.com>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<p>Our trip:</p>
<img src="${server.origin}/logo.png?open=reader-42" alt="one" width="20" height="20">
<img src="${server.origin}/anim.gif" alt="two" width="20" height="20">
`)]);
    run = await launch(t);
  });
  after(async () => {
    await run?.close();
    await t?.close();
    await server?.close();
  });

  it('shows remote images on request while the browser requests only Postern\'s origin', async () => {
    const page = await signInPage(run, user);
    const requests: string[] = [];
    page.context().on('request', (r) => requests.push(r.url()));
    await page.click('text=Pictures from the trip');
    const frame = (await (await page.waitForSelector('iframe.body')).contentFrame())!;
    await frame.waitForSelector('p');
    assert.equal(server.seen.length, 0, 'nothing loaded before the reader asked');

    await Promise.all([page.waitForURL(/\?remote=1$/), page.click('a.remote')]);
    const shown = (await (await page.waitForSelector('iframe.body')).contentFrame())!;
    await shown.waitForFunction(() => document.images.length === 2 && [...document.images].every((i) => i.complete && i.naturalWidth > 0));

    const elsewhere = requests.filter((u) => !u.startsWith(`${run.baseUrl}/`));
    assert.deepEqual(elsewhere, [], 'every request went to Postern');
    assert.ok(requests.some((u) => u.startsWith(`${run.baseUrl}/image-proxy?`)));
    assert.deepEqual(server.seen.map((s) => s.path).sort(), ['/anim.gif', '/logo.png?open=reader-42']);
    for (const { headers } of server.seen) {
      assert.equal(headers.cookie, undefined);
      assert.equal(headers.referer, undefined);
      assert.equal(headers['user-agent'], 'Postern-Image-Proxy/1');
      assert.equal(headers['accept-language'], undefined);
    }
  });
});
