// The mailbox list's rows are remembered between pages (list-rows-html.ts): a repeated page must be exactly the page
// a fresh rendering gives, and whatever changes what the rows show (mail delivered over LMTP, a flag another client
// sets, the user's language or zone, the browser's language, "select all on this page") must show on the next page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type supertest from 'supertest';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { forgetRows } from '../../src/http/lists/list-rows-html.ts';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';
import { eventually } from '../helpers/live.ts';
import { plainText } from '../fixtures/messages.ts';
import { saveSettings } from './settings-helpers.ts';

// What differs between two renderings of the same state: the CSRF tokens and the live list's resume point.
const same = (html: string) => html.replace(/(name="_csrf" value|name="csrf-token" content)="[^"]+"/g, '$1=""').replace(/since=[^"&]+/g, 'since=');
const rowOf = (html: string, uid: number) => new RegExp(`<li class="msg [^"]*" data-uid="${uid}">[\\s\\S]*?</li>`).exec(html)?.[0] ?? '';

describe('the mailbox list, remembered between pages', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let user: TestUser;
  let agent: ReturnType<typeof supertest.agent>;
  let uids: number[];

  const page = async (path = '/mailbox/INBOX', headers: Record<string, string> = {}) => same((await agent.get(path).set(headers).expect(200)).text);
  /**
   * The page as shown now (from what earlier pages left remembered, if anything), then rendered with nothing
   * remembered, then again from what that left: all three must be equal.
   */
  const freshAndRemembered = async (path?: string, headers?: Record<string, string>) => {
    const shown = await page(path, headers);
    forgetRows();
    const fresh = await page(path, headers);
    const again = await page(path, headers);
    for (const [what, html] of [['before', shown], ['after', again]] as const) {
      const at = [...html].findIndex((c, i) => c !== fresh[i]);
      assert.ok(html === fresh, `the page remembered ${what} a fresh rendering differs from it at ${at}: ${html.slice(at - 80, at + 80)}`);
    }
    return fresh;
  };
  /** Saves the settings form and takes the flash it leaves ("Settings saved") off the next page. */
  const choose = async (fields: Record<string, string>) => {
    assert.equal((await saveSettings(agent, fields)).status, 303);
    await page();
  };

  before(async () => {
    info = await sandbox();
    t = buildApp(info);
    user = await newUser('rows');
    uids = await appendAll(info, user, 'INBOX', Array.from({ length: 60 }, (_, i) => plainText(`Row ${i} <b>&amp;</b>`)));
    agent = await signIn(t.app, user);
  });
  after(async () => {
    await t.close();
  });

  it('gives a repeated page exactly as a fresh rendering would', async () => {
    const first = await freshAndRemembered();
    assert.equal((first.match(/<li class="msg /g) ?? []).length, 50);
    assert.match(first, /Row 59 &lt;b&gt;&amp;amp;&lt;\/b&gt;/, 'subjects escaped as before');
    assert.equal(await page(), first);
    // "Select all on this page" ticks every box: the same messages, other rows.
    const ticked = await freshAndRemembered('/mailbox/INBOX?select=page');
    assert.match(rowOf(ticked, uids[59]!), / checked>/);
    assert.doesNotMatch(rowOf(await page(), uids[59]!), / checked>/);
    // Page 2 holds the other ten.
    assert.equal(((await freshAndRemembered('/mailbox/INBOX?page=2')).match(/<li class="msg /g) ?? []).length, 10);
  });

  it('shows mail delivered over LMTP on a later page', async () => {
    await page();
    const lmtp = nodemailer.createTransport({ host: '127.0.0.1', port: info.lmtpPort, lmtp: true, secure: false, ignoreTLS: true });
    await lmtp.sendMail({ from: 'writer@example.com', to: user.address, subject: 'Delivered by LMTP', text: 'new' });
    // Dovecot's IDLE tells Postern about half a second later; until then the page is the cached list, as before.
    await eventually(10_000, 'the delivered message on the page', async () => (await page()).includes('Delivered by LMTP'));
    await freshAndRemembered();
  });

  it('shows a flag that another IMAP client set', async () => {
    const uid = uids[58]!;
    assert.doesNotMatch(rowOf(await page(), uid), /class="msg [^"]*flagged/);
    await withImap(info, user, (client) => client.mailboxOpen('INBOX').then(() => client.messageFlagsAdd(String(uid), ['\\Flagged', '\\Seen'], { uid: true })));
    await eventually(10_000, 'the flag on the page', async () => /class="msg read flagged"/.test(rowOf(await page(), uid)));
    await freshAndRemembered();
  });

  it('follows the browser\'s locale, then the user\'s labels, language and time zone', async () => {
    const uid = uids[57]!;
    // Same language, other formats: 30/11/2026 against 11/30/2026.
    const british = rowOf(await freshAndRemembered('/mailbox/INBOX', { 'accept-language': 'en-GB' }), uid);
    const american = rowOf(await freshAndRemembered('/mailbox/INBOX', { 'accept-language': 'en-US' }), uid);
    assert.notEqual(american, british);
    assert.equal(rowOf(await page('/mailbox/INBOX', { 'accept-language': 'en-GB' }), uid), british);

    // Labels of the user's own (stored, so named the same in every language), one of them on the message.
    const labels = (name: string) => ({ labelsShown: '1', labelKeyword: ['$label1'], labelName: [name], labelColour: ['pink'] }) as unknown as Record<string, string>;
    await choose(labels('Urgent'));
    await withImap(info, user, (client) => client.mailboxOpen('INBOX').then(() => client.messageFlagsAdd(String(uid), ['$label1'], { uid: true })));
    await eventually(10_000, 'the label on the row', async () => rowOf(await page(), uid).includes('>Urgent</span>'));
    await choose(labels('Critical'));
    assert.match(rowOf(await freshAndRemembered(), uid), />Critical<\/span>/);

    await choose({ ...labels('Critical'), language: 'de' });
    const german = rowOf(await freshAndRemembered('/mailbox/INBOX', { 'accept-language': 'en-GB' }), uid);
    await choose({ ...labels('Critical'), language: 'en' });
    const english = rowOf(await freshAndRemembered('/mailbox/INBOX', { 'accept-language': 'en-GB' }), uid);
    assert.notEqual(german, english, 'the chosen language wins over the browser\'s');

    await choose({ ...labels('Critical'), timeZone: 'Europe/Berlin' });
    const berlin = rowOf(await freshAndRemembered(), uid);
    await choose({ ...labels('Critical'), timeZone: 'Europe/Lisbon' });
    const lisbon = rowOf(await freshAndRemembered(), uid);
    assert.notEqual(lisbon, berlin, 'another zone shows other times');
  });
});
