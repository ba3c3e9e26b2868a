/// <reference lib="dom" />
// Identities in Chromium: choosing another From swaps the signature in the text at once (public/compose-signature.js,
// no round trip), the "Change identity" button of the no-script form is gone, and the message arrives from the
// identity chosen with its signature once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, tokenOf } from '../helpers/app.ts';
import { signInPage } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { sandbox } from '../helpers/env.ts';
import { asAddressLogin, header, partBytes, waitForMessage } from '../compose/compose-helpers.ts';

describe('identities in Chromium', () => {
  let alias: string;
  const suite = browserSuite(['idweb', 'idwebbob'], {
    setUp: async ({ t, info, users: [alice] }) => {
      alias = `desk-${alice.name}@${info.mailDomain}`;
      const agent = await signIn(t.app, asAddressLogin(alice));
      for (const fields of [
        { name: 'Alice Home', address: alice.address, signature: 'Alice\nat home' },
        { name: 'Alice Desk', address: alias, signature: 'Alice\nHelp desk' },
      ]) {
        await agent.post('/settings/identities').type('form').send({ _csrf: await tokenOf(agent, '/settings/identities/new'), ...fields }).expect(303);
      }
    },
  });

  it('swaps the signature when the From changes, and sends from the identity chosen', async () => {
    const { run, users: [alice, bob] } = suite;
    const page = await signInPage(run, asAddressLogin(alice));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${run.baseUrl}/compose`);
    assert.equal(await page.isVisible('button.change-identity'), false, 'the no-script button is gone');
    assert.equal(await page.inputValue('#body'), '\n\n-- \nAlice\nat home\n');
    await page.fill('#to', bob.address);
    await page.fill('#subject', 'From the desk');
    await page.click('#body');
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('Your ticket is solved.');
    await page.selectOption('#identity', { label: `Alice Desk <${alias}>` });
    assert.equal(await page.inputValue('#body'), 'Your ticket is solved.\n\n-- \nAlice\nHelp desk\n');
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('.buttons button[value=send]')]);
    const got = await waitForMessage(await sandbox(), bob, /^From the desk$/);
    assert.equal(header(got.source, 'From'), `Alice Desk <${alias}>`);
    const text = (await partBytes(await sandbox(), bob, 'INBOX', got.uid, '1')).toString().replace(/\r\n/g, '\n');
    assert.equal(text, 'Your ticket is solved.\n\n-- \nAlice\nHelp desk\n');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
