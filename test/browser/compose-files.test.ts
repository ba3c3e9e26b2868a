/// <reference lib="dom" />
// Attachments in Chromium: chosen in two goes, one removed, one dropped onto the form, a big one sent with a progress
// bar; what arrives at the second account (Dovecot, through Postfix) is exactly the files left in the list.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signInOn, signInPage } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { sandbox } from '../helpers/env.ts';
import { asAddressLogin, waitForMessage } from '../compose/compose-helpers.ts';
import { axeContextOptions, axeViolations, describeViolations } from '../helpers/axe.ts';

const filenames = (source: Buffer) => [...source.toString('latin1').matchAll(/filename="?([^";\r\n]+)"?/g)].map((m) => m[1]!).sort();

describe('attachments in Chromium', () => {
  const suite = browserSuite(['files', 'filesbob']);

  it('adds files chosen in two goes and dropped on the form, removes one, and sends exactly the rest', async () => {
    const { run, users: [alice, bob] } = suite;
    // A context where axe can be injected (bypassCSP); the progress test below runs under the real CSP.
    const context = await run.browser.newContext(axeContextOptions);
    const page = await context.newPage();
    const me = asAddressLogin(alice);
    // Waits for the time zone's reload too, which would otherwise interrupt the next navigation.
    await signInOn(page, run.baseUrl, me, /\/mailbox\/INBOX$/);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${run.baseUrl}/compose`);
    await page.fill('#to', bob.address);
    await page.fill('#subject', 'Three files, one removed');
    await page.fill('#body', 'Here they are.');
    await page.setInputFiles('#attachments', [
      { name: 'one.txt', mimeType: 'text/plain', buffer: Buffer.from('one') },
      { name: 'two.txt', mimeType: 'text/plain', buffer: Buffer.from('two') },
    ]);
    await page.setInputFiles('#attachments', { name: 'three.txt', mimeType: 'text/plain', buffer: Buffer.from('three') });
    assert.deepEqual(await page.locator('.chosen-files .name').allTextContents(), ['one.txt', 'two.txt', 'three.txt']);

    await page.click('.chosen-files li:has-text("two.txt") button.remove-file');
    assert.deepEqual(await page.locator('.chosen-files .name').allTextContents(), ['one.txt', 'three.txt']);

    // A drop as the browser makes it: a DataTransfer holding a file, dispatched on the form.
    const transfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['dropped bytes'], 'dropped.txt', { type: 'text/plain' }));
      return dt;
    });
    await page.dispatchEvent('form.compose-form', 'dragover', { dataTransfer: transfer });
    assert.equal(await page.isVisible('.drop-hint'), true);
    await page.dispatchEvent('form.compose-form', 'drop', { dataTransfer: transfer });
    assert.equal(await page.isVisible('.drop-hint'), false);
    assert.deepEqual(await page.locator('.chosen-files .name').allTextContents(), ['one.txt', 'three.txt', 'dropped.txt']);
    assert.equal(await page.evaluate(() => document.querySelector<HTMLInputElement>('#attachments')!.files!.length), 3);

    // The forgotten-attachment question shown too: the page with everything this work adds, checked by axe.
    await page.evaluate(() => { document.getElementById('attach-hint')!.hidden = false; });
    const found = await axeViolations(page);
    assert.equal(found.length, 0, describeViolations(found));
    await page.evaluate(() => { document.getElementById('attach-hint')!.hidden = true; });

    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('.buttons button[value=send]')]);
    const got = await waitForMessage(await sandbox(), bob, /^Three files, one removed$/);
    assert.deepEqual(filenames(got.source), ['dropped.txt', 'one.txt', 'three.txt']);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shows the progress of a big upload, then the page the send leads to', async () => {
    const { run, users: [alice, bob] } = suite;
    const page = await signInPage(run, asAddressLogin(alice));
    await page.goto(`${run.baseUrl}/compose`);
    await page.fill('#to', bob.address);
    await page.fill('#subject', 'A big file');
    await page.fill('#body', 'Big.');
    const big = Buffer.alloc(3_000_000, 'x');
    await page.setInputFiles('#attachments', { name: 'big.bin', mimeType: 'application/octet-stream', buffer: big });
    await page.click('.buttons button[value=send]');
    await page.locator('.upload-progress').waitFor({ state: 'visible' });
    await page.waitForURL(/\/mailbox\/INBOX$/);
    await page.locator('.flash').waitFor();
    assert.match((await page.textContent('.flash'))!, /Message sent\./);
    const got = await waitForMessage(await sandbox(), bob, /^A big file$/);
    assert.deepEqual(filenames(got.source), ['big.bin']);
    await page.close();
  });
});
