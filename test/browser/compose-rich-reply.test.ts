/// <reference lib="dom" />
// A rich-text reply to HTML mail in Chromium under Postern's real CSP: the editor shows the original's formatting
// inside a cite blockquote (nothing remote, nothing that runs), and what arrives keeps it, with "> " lines in the
// plain part.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signInPage } from '../helpers/browser.ts';
import { browserSuite, setComposeFormat } from '../helpers/browser-suite.ts';
import { sandbox } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { asAddressLogin, partBytes, waitForMessage } from '../compose/compose-helpers.ts';

describe('rich-text reply in Chromium', () => {
  let uid: number;
  const suite = browserSuite(['richre', 'richrebob'], {
    setUp: async ({ t, info, users: [alice, bob] }) => {
      await setComposeFormat(t, asAddressLogin(alice), 'html');
      [uid] = await appendAll(info, alice, 'INBOX', [crlf(`From: Bob <${bob.address}>
To: ${alice.address}
Subject: Plans
Message-ID: <plans@postern.test>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<p>Meet on <b>Friday</b><img src="https://tracker.example/p.gif" alt=""></p><script>alert(1)</script>
`)]) as [number];
    },
  });

  it('starts the editor from the quoted HTML and sends it in both parts', async () => {
    const { run, users: [alice, bob] } = suite;
    const page = await signInPage(run, asAddressLogin(alice));
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${run.baseUrl}/message/INBOX/${uid}/reply`);
    await page.locator('#body-editor blockquote[type=cite] b').waitFor();
    assert.equal(await page.textContent('#body-editor blockquote b'), 'Friday');
    await page.click('#body-editor div >> nth=0');
    await page.keyboard.type('Friday works.');
    await page.screenshot({ path: '/tmp/rich-reply.png' });
    await Promise.all([page.waitForURL(/\/message\/INBOX\/\d+/), page.click('.buttons button[value=send]')]);

    const got = await waitForMessage(await sandbox(), bob, /^Re: Plans$/);
    const text = (await partBytes(await sandbox(), bob, 'INBOX', got.uid, '1')).toString().replace(/\r\n/g, '\n');
    const html = (await partBytes(await sandbox(), bob, 'INBOX', got.uid, '2')).toString();
    assert.match(html, /^<div>Friday works\.<\/div>/);
    assert.match(html, /<blockquote type="cite">(.|\n)*Meet on <b>Friday<\/b>/);
    assert.doesNotMatch(html, /tracker|script|alert/);
    assert.match(text, /^Friday works\.\n(.|\n)*wrote:\n> Meet on Friday\n$/);
    assert.equal(requests.filter((u) => u.includes('tracker')).length, 0, 'the remote image was never requested');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
