/// <reference lib="dom" />
// Rich-text compose in Chromium under Postern's real CSP: the editor loads (no CSP refusal, no page error), Bold
// and a list from its toolbar, the message a second account receives has both parts; axe on the page with the
// editor (in a context where axe can be injected).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signInOn, signInPage } from '../helpers/browser.ts';
import { browserSuite, setComposeFormat } from '../helpers/browser-suite.ts';
import { sandbox } from '../helpers/env.ts';
import { asAddressLogin, partBytes, waitForMessage } from '../compose/compose-helpers.ts';
import { axeContextOptions, axeViolations, describeViolations } from '../helpers/axe.ts';

describe('rich-text compose in Chromium', () => {
  const suite = browserSuite(['richweb', 'richwebbob'], {
    setUp: ({ t, users: [alice] }) => setComposeFormat(t, asAddressLogin(alice), 'html'),
  });

  it('writes bold words and a list, and the second account receives HTML and plain text', async () => {
    const { run, users: [alice, bob] } = suite;
    const page = await signInPage(run, asAddressLogin(alice));
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(`${run.baseUrl}/compose`);
    await page.locator('#body-editor').waitFor();
    assert.equal(await page.isVisible('#body'), false, 'the text area is hidden behind the editor');
    await page.fill('#to', bob.address);
    await page.fill('#subject', 'Rich from Chromium');
    await page.click('#body-editor');
    await page.keyboard.type('Hello ');
    await page.click('.editor-toolbar [data-command=bold]');
    await page.keyboard.type('Bob');
    await page.click('.editor-toolbar [data-command=bold]');
    await page.keyboard.type(',');
    await page.keyboard.press('Enter');
    await page.keyboard.type('the plan is ready.');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Two things:');
    await page.keyboard.press('Enter');
    await page.click('.editor-toolbar [data-command=list]');
    await page.keyboard.type('first');
    await page.keyboard.press('Enter');
    await page.keyboard.type('second');
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('.buttons button[value=send]')]);

    const got = await waitForMessage(await sandbox(), bob, /^Rich from Chromium$/);
    assert.equal(got.msg.bodyStructure!.type, 'multipart/alternative');
    const text = (await partBytes(await sandbox(), bob, 'INBOX', got.uid, '1')).toString();
    const html = (await partBytes(await sandbox(), bob, 'INBOX', got.uid, '2')).toString();
    assert.match(html, /Hello(?: |&nbsp;|\u00a0)<b>Bob<\/b>,/);
    assert.match(html, /<ul><li>(<div>)?first(<\/div>)?<\/li><li>(<div>)?second/);
    // A line each, as written: a blank line only where one was left empty, and around the list.
    assert.equal(text.replace(/\r\n/g, '\n').replace(/\u00a0/g, ' '), 'Hello Bob,\nthe plan is ready.\n\nTwo things:\n\n- first\n- second\n');
    assert.deepEqual(problems, [], 'no CSP refusal or script error');
    await page.close();
  });

  it('has no serious or critical axe finding with the editor on', async () => {
    const { run, users: [alice, bob] } = suite;
    const context = await run.browser.newContext(axeContextOptions);
    const page = await context.newPage();
    const me = asAddressLogin(alice);
    // Waits for the time zone's reload too, which would otherwise interrupt the way to the form.
    await signInOn(page, run.baseUrl, me, /\/mailbox\/INBOX$/);
    await page.goto(`${run.baseUrl}/compose`);
    await page.locator('#body-editor').waitFor();
    const found = await axeViolations(page);
    assert.equal(found.length, 0, describeViolations(found));
    await context.close();
  });
});
