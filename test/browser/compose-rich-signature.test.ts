/// <reference lib="dom" />
// Signatures in the rich-text editor, in Chromium under Postern's real CSP: an HTML signature goes in as its HTML,
// once, in its own element below the new text and above the quote; changing the identity swaps that element alone
// (the quoted HTML keeps its formatting), an identity without a signature removes it, one edited by hand stays; and
// the second account receives the HTML signature in the HTML part and "-- " with its text in the plain part.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { signIn, tokenOf } from '../helpers/app.ts';
import { axeContextOptions, axeViolations, describeViolations } from '../helpers/axe.ts';
import { browserSuite, setComposeFormat } from '../helpers/browser-suite.ts';
import { signInOn } from '../helpers/browser.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { DESKTOP, signedInContext } from '../helpers/screens.ts';
import { asAddressLogin, partBytes, waitForMessage } from '../compose/compose-helpers.ts';

const HOME = '<div><b>Alice</b> at home</div>';
const DESK = '<div>Alice, <i>Help desk</i></div>';

// The editor's top-level blocks, each as its tag and text, the signature element marked "sig".
const blocks = (page: Page) => page.$$eval('#body-editor > *', (els) => els.map((el) =>
  `${el.hasAttribute('data-signature') ? 'sig' : el.nodeName.toLowerCase()}:${(el as HTMLElement).innerText.replace(/\u200b/g, '').replace(/\s+/g, ' ').trim()}`));

describe('signatures in the rich-text editor (Chromium)', () => {
  let uid: number;
  const labels: Record<string, string> = {};
  const suite = browserSuite(['richsig', 'richsigbob'], {
    setUp: async ({ t, info, users: [alice, bob] }) => {
      const me = asAddressLogin(alice);
      await setComposeFormat(t, me, 'html');
      const agent = await signIn(t.app, me);
      const identities = [
        { name: 'Alice Home', address: alice.address, signatureFormat: 'html', signature: HOME },
        { name: 'Alice Desk', address: `desk-${alice.name}@${info.mailDomain}`, signatureFormat: 'html', signature: DESK },
        { name: 'Alice Plain', address: `plain-${alice.name}@${info.mailDomain}`, signature: '' },
      ];
      for (const fields of identities) {
        await agent.post('/settings/identities').type('form').send({ _csrf: await tokenOf(agent, '/settings/identities/new'), ...fields }).expect(303);
        labels[fields.name] = `${fields.name} <${fields.address}>`;
      }
      [uid] = await appendAll(info, alice, 'INBOX', [crlf(`From: Bob <${bob.address}>
To: ${alice.address}
Subject: Lunch
Message-ID: <lunch@postern.test>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<div>Lunch on <b>Friday</b>?</div><div>At <i>one</i>.</div>
`)]) as [number];
    },
  });

  it('puts the HTML signature in once and swaps it alone when the identity changes; both parts arrive with it', async () => {
    const { run, users: [alice, bob] } = suite;
    const { context, page, problems } = await signedInContext(run, asAddressLogin(alice), DESKTOP);
    await page.goto(`${run.baseUrl}/compose`);
    await page.locator('#body-editor [data-signature] b').waitFor();
    assert.deepEqual(await blocks(page), ['div:', 'div:', 'sig:-- Alice at home']);
    assert.equal(await page.locator('#body-editor b').count(), 1, 'the signature as its HTML, once');
    await page.fill('#to', bob.address);
    await page.fill('#subject', 'Desk hours');
    await page.click('#body-editor > div >> nth=0');
    await page.keyboard.type('We open at ');
    await page.click('.editor-toolbar [data-command=bold]');
    await page.keyboard.type('nine');
    await page.selectOption('#identity', { label: labels['Alice Desk']! });
    assert.deepEqual(await blocks(page), ['div:We open at nine', 'div:', 'sig:-- Alice, Help desk']);
    assert.match((await page.locator('#body-editor > div:first-child b').textContent())!, /^\u200b?nine$/, 'the user\'s formatting stays');
    assert.equal(await page.locator('#body-editor [data-signature] i').textContent(), 'Help desk');
    await page.screenshot({ path: '/tmp/rich-signature.png' });
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('.buttons button[value=send]')]);

    const got = await waitForMessage(suite.info, bob, /^Desk hours$/);
    const text = (await partBytes(suite.info, bob, 'INBOX', got.uid, '1')).toString().replace(/\r\n/g, '\n');
    const html = (await partBytes(suite.info, bob, 'INBOX', got.uid, '2')).toString();
    assert.equal(text, 'We open at nine\n\n-- \nAlice, Help desk\n');
    assert.match(html, /<div>-- <\/div><div>Alice, <i>Help desk<\/i><\/div>/);
    assert.doesNotMatch(html, /at home|data-signature/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('keeps the quoted HTML as it is while the signature is swapped, removed, put back, and left once edited', async () => {
    const { run, users: [alice, bob] } = suite;
    const { context, page, problems } = await signedInContext(run, asAddressLogin(alice), DESKTOP);
    await page.goto(`${run.baseUrl}/message/INBOX/${uid}/reply`);
    await page.locator('#body-editor blockquote b').waitFor();
    const quote = await page.innerHTML('#body-editor blockquote');
    assert.match(quote, /Lunch on <b>Friday<\/b>\?/);
    const wrote = (await blocks(page))[4]!;
    assert.match(wrote, /^div:On .* wrote:$/);
    assert.deepEqual(await blocks(page), ['div:', 'div:', 'sig:-- Alice at home', 'div:', wrote, 'blockquote:Lunch on Friday? At one.']);
    await page.click('#body-editor > div >> nth=0');
    await page.keyboard.type('Friday is fine.');

    await page.selectOption('#identity', { label: labels['Alice Desk']! });
    assert.deepEqual(await blocks(page), ['div:Friday is fine.', 'div:', 'sig:-- Alice, Help desk', 'div:', wrote, 'blockquote:Lunch on Friday? At one.']);
    assert.equal(await page.innerHTML('#body-editor blockquote'), quote, 'the quote keeps its HTML');
    await page.selectOption('#identity', { label: labels['Alice Plain']! });
    assert.deepEqual(await blocks(page), ['div:Friday is fine.', 'div:', wrote, 'blockquote:Lunch on Friday? At one.']);
    await page.selectOption('#identity', { label: labels['Alice Home']! });
    assert.deepEqual(await blocks(page), ['div:Friday is fine.', 'div:', 'sig:-- Alice at home', 'div:', wrote, 'blockquote:Lunch on Friday? At one.']);
    assert.equal(await page.innerHTML('#body-editor blockquote'), quote);

    // Words changed by hand make the signature the user's: another identity leaves it, and adds none beside it.
    await page.click('#body-editor [data-signature] b');
    await page.keyboard.press('End');
    await page.keyboard.type(' and away');
    await page.selectOption('#identity', { label: labels['Alice Desk']! });
    assert.deepEqual((await blocks(page)).slice(0, 3), ['div:Friday is fine.', 'div:', 'sig:-- Alice at home and away']);
    assert.equal(await page.locator('#body-editor [data-signature]').count(), 1);
    await page.selectOption('#identity', { label: labels['Alice Home']! });
    await Promise.all([page.waitForURL(/\/message\/INBOX\/\d+/), page.click('.buttons button[value=send]')]);

    const got = await waitForMessage(suite.info, bob, /^Re: Lunch$/);
    const text = (await partBytes(suite.info, bob, 'INBOX', got.uid, '1')).toString().replace(/\r\n/g, '\n');
    const html = (await partBytes(suite.info, bob, 'INBOX', got.uid, '2')).toString();
    assert.match(text, /^Friday is fine\.\n\n-- \nAlice at home and away\n\nOn .* wrote:\n> Lunch on Friday\?\n> At one\.\n$/);
    assert.match(html, /<div>-- <\/div><div><b>Alice<\/b> at home and away<\/div>/);
    assert.match(html, /<blockquote type="cite"><div>Lunch on <b>Friday<\/b>\?<\/div><div>At <i>one<\/i>\.<\/div><\/blockquote>/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('finds the signature again in a draft opened later, whose saved HTML lost the mark, and swaps it', async () => {
    const { run, users: [alice] } = suite;
    const { context, page, problems } = await signedInContext(run, asAddressLogin(alice), DESKTOP);
    await page.goto(`${run.baseUrl}/compose`);
    await page.locator('#body-editor [data-signature] b').waitFor();
    await page.fill('#subject', 'Kept for later');
    await page.click('#body-editor > div >> nth=0');
    await page.keyboard.type('Not finished.');
    await Promise.all([page.waitForURL(/\/compose\?draft=\d+/), page.click('.buttons button[value=save]')]);
    const served = /name="bodyHtml" value="([^"]*)"/.exec(await (await page.request.get(page.url())).text())![1]!;
    assert.match(served, /&lt;div&gt;&lt;div&gt;-- ?&lt;\/div&gt;/);
    assert.doesNotMatch(served, /data-signature/, 'the saved HTML went through the sanitizer, which drops the mark');
    await page.locator('#body-editor [data-signature] b').waitFor();
    await page.selectOption('#identity', { label: labels['Alice Desk']! });
    assert.deepEqual(await blocks(page), ['div:Not finished.', 'div:', 'sig:-- Alice, Help desk']);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('has no serious or critical axe finding with an HTML signature in the editor', async () => {
    const { run, users: [alice] } = suite;
    const context = await run.browser.newContext(axeContextOptions);
    const page = await context.newPage();
    await signInOn(page, run.baseUrl, asAddressLogin(alice), /\/mailbox\/INBOX$/);
    await page.goto(`${run.baseUrl}/message/INBOX/${uid}/reply`);
    await page.locator('#body-editor [data-signature] b').waitFor();
    const found = await axeViolations(page);
    assert.equal(found.length, 0, describeViolations(found));
    await context.close();
  });
});
