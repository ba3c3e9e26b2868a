/// <reference lib="dom" />
// Compose with JavaScript off, in Chromium: Enter in a field sends (the form's default button is Send, not "Change
// identity" above it), so an empty subject gets its question and a full form goes; and a user whose setting is rich
// text writes in the plain text area, which is what is sent (not the reply's HTML the page holds for the editor).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, setComposeFormat } from '../helpers/browser-suite.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { DESKTOP, signedInContext } from '../helpers/screens.ts';
import { asAddressLogin, partBytes, waitForMessage } from '../compose/compose-helpers.ts';

const NO_SCRIPT = { ...DESKTOP, javaScriptEnabled: false };

describe('compose with JavaScript off (Chromium)', () => {
  let uid: number;
  const suite = browserSuite(['nojsenter', 'nojsbob', 'nojsrich'], {
    setUp: async ({ t, info, users: [, bob, rich] }) => {
      await setComposeFormat(t, asAddressLogin(rich), 'html');
      [uid] = await appendAll(info, rich, 'INBOX', [crlf(`From: Bob <${bob.address}>
To: ${rich.address}
Subject: Dinner
Message-ID: <dinner@postern.test>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<p>Dinner at <b>eight</b>?</p>
`)]) as [number];
    },
  });

  it('sends when Enter is pressed in the subject, asking first when the subject is empty', async () => {
    const { run, users: [alice, bob] } = suite;
    const { context, page, problems } = await signedInContext(run, asAddressLogin(alice), NO_SCRIPT);
    await page.goto(`${run.baseUrl}/compose`);
    assert.equal(await page.isVisible('button.change-identity'), true, 'the no-script identity change is there');
    await page.fill('#to', bob.address);
    await page.fill('#body', 'Pressed Enter.');
    const [posted] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.press('#subject', 'Enter')]);
    assert.match(posted.request().postData() ?? '', /name="action"\r\n\r\nsend\r\n/, 'Enter pressed Send, not "Change identity"');
    await page.locator('.no-subject').waitFor({ timeout: 15_000 });
    await page.fill('#subject', 'Sent with Enter');
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.press('#subject', 'Enter')]);
    assert.match((await page.textContent('.flash'))!, /Message sent\./);
    const got = await waitForMessage(suite.info, bob, /^Sent with Enter$/);
    assert.equal((await partBytes(suite.info, bob, 'INBOX', got.uid, '1')).toString().replace(/\r\n/g, '\n'), 'Pressed Enter.\n');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('sends the text area of a rich-text user, not the HTML the page holds for the editor', async () => {
    const { run, users: [, bob, rich] } = suite;
    const { context, page, problems } = await signedInContext(run, asAddressLogin(rich), NO_SCRIPT);
    await page.goto(`${run.baseUrl}/message/INBOX/${uid}/reply`);
    assert.equal(await page.isVisible('#body'), true, 'without script the text area is the form');
    const quoted = await page.inputValue('#body');
    assert.match(quoted, /> Dinner at eight\?/);
    await page.fill('#body', `Eight is fine.${quoted}`);
    await Promise.all([page.waitForURL(/\/message\/INBOX\/\d+/), page.click('.buttons button[value=send]')]);
    const got = await waitForMessage(suite.info, bob, /^Re: Dinner$/);
    assert.equal(got.msg.bodyStructure!.type, 'text/plain', 'the text written, in a plain message');
    assert.match((await partBytes(suite.info, bob, 'INBOX', got.uid, '1')).toString(), /^Eight is fine\.\r?\n/);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
