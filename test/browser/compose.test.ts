/// <reference lib="dom" />
// A person in Chromium writes a message with an attachment, sends it, and finds it in Sent with the attachment.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signInPage } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { sandbox } from '../helpers/env.ts';
import { PDF } from '../fixtures/messages.ts';
import { asAddressLogin, waitForMessage } from '../compose/compose-helpers.ts';

describe('composing in Chromium', () => {
  const suite = browserSuite(['webalice', 'webbob']);

  it('composes with an attachment, sends, and finds the message in Sent', async () => {
    const { run, users: [alice, bob] } = suite;
    const page = await signInPage(run, asAddressLogin(alice));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await Promise.all([page.waitForURL(/\/compose$/), page.click('a.compose-link')]);
    await page.fill('#to', `Bob <${bob.address}>`);
    await page.fill('#subject', 'Sent from Chromium');
    await page.fill('#body', 'Hello Bob,\nthe invoice is attached.');
    await page.setInputFiles('#attachments', { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: PDF });
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('button[value=send]')]);
    assert.match((await page.textContent('.flash'))!, /Message sent\./);

    await Promise.all([page.waitForURL(/\/mailbox\/Sent$/), page.click('nav.folders a:text-is("Sent")')]);
    await Promise.all([page.waitForURL(/\/message\/Sent\/\d+$/), page.click('text=Sent from Chromium')]);
    assert.match((await page.textContent('.attachments'))!, /invoice\.pdf/);
    assert.match((await page.textContent('dl.headers'))!, new RegExp(bob.address));

    const got = await waitForMessage(await sandbox(), bob, /Sent from Chromium/);
    assert.match(got.source.toString('latin1'), /filename=invoice\.pdf/);
    assert.deepEqual(errors, []);
  });
});
