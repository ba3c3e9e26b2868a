// What the settings change elsewhere: the browser's time zone sent once, dates in the list and on the message page
// in that zone, the user's page size over PAGE_SIZE, and remote images from trusted senders.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { pino } from 'pino';
import { MailError } from '../../src/mail/errors/mail-errors.ts';
import type { MailSession } from '../../src/mail/connection/mail-session.ts';
import type { DocumentType } from '../../src/settings/document-type.ts';
import { SettingsStore } from '../../src/settings/settings-store.ts';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { htmlWithInlineImage, plainText } from '../fixtures/messages.ts';
import { saveSettings } from './settings-helpers.ts';
import { bodyFrame } from '../helpers/body-frame.ts';

/** The real store, except that reading fails as when the mail server cannot give the settings right now. */
class UnreadableStore extends SettingsStore {
  override read<T>(_session: MailSession, _doc: DocumentType<T>): Promise<T> {
    return Promise.reject(new MailError('unavailable', 'The mail server is not answering.'));
  }
}

type Agent = ReturnType<typeof supertest.agent>;

// 02:30 UTC on 3 November 2026 is 21:30 on 2 November in New York.
const lateNight = crlf(`From: Night Owl <owl@example.com>
To: reader@postern.test
Subject: Past midnight in London
Date: Tue, 03 Nov 2026 02:30:00 +0000
Message-ID: <owl-1@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Still up?
`);

const cellOf = (html: string, uid: number, cls: string) => new RegExp(`data-uid="${uid}"[\\s\\S]*?<(?:time|span) class="${cls}"([^>]*)>([^<]*)<`).exec(html);

describe('settings in use', () => {
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;
  let owlUid: number;
  let htmlUid: number;

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await newUser('use');
    [owlUid, htmlUid] = await appendAll(info, user, 'INBOX', [lateNight, htmlWithInlineImage('Newsletter'),
      ...[1, 2, 3, 4, 5].map((n) => plainText(`Filler ${n}`))]) as [number, number];
    agent = await signIn(t.app, user);
  });
  after(() => t.close());

  it('shows dates in UTC, and says so, until a zone is chosen', async () => {
    const list = await agent.get('/mailbox/INBOX').expect(200);
    assert.match(list.text, /<html lang="en" data-theme="system" data-timezone-unset="reload">/);
    assert.match(list.text, /<meta name="csrf-token" content="[0-9a-f]+">/);
    const date = cellOf(list.text, owlUid, 'date')!;
    assert.equal(date[2], '3 Nov');
    assert.match(date[1]!, /title="Tue,? 3 Nov 2026,? 02:30 UTC"/);
  });

  it('takes the browser’s zone once, by script, and never over a zone already chosen', async () => {
    const token = /<meta name="csrf-token" content="([0-9a-f]+)">/.exec((await agent.get('/mailbox/INBOX')).text)![1]!;
    const post = (zone: string, csrf = token) => agent.post('/settings/timezone').set('x-csrf-token', csrf).type('form').send({ timeZone: zone });
    assert.equal((await post('America/New_York', 'forged')).status, 403);
    assert.equal((await post('Mars/Olympus_Mons')).status, 400);
    assert.equal((await post('America/New_York')).status, 204);
    assert.equal((await post('Europe/Berlin')).status, 204, 'answered, but the first zone stays');
    const list = await agent.get('/mailbox/INBOX').expect(200);
    assert.doesNotMatch(list.text, /data-timezone-unset|csrf-token/);
    const date = cellOf(list.text, owlUid, 'date')!;
    assert.equal(date[2], '2 Nov', 'the day in New York');
    assert.match(date[1]!, /title="Mon,? 2 Nov 2026,? 21:30"/);
  });

  it('shows the message page’s date in the zone', async () => {
    const page = await agent.get(`/message/INBOX/${owlUid}`).expect(200);
    assert.match(page.text, /<dt>Date<\/dt><dd>Mon,? 2 Nov 2026,? 21:30<\/dd>/);
  });

  it('lists as many messages per page as the user chose, and PAGE_SIZE when they chose nothing', async () => {
    const rows = (html: string) => html.match(/<li class="msg (?:unread|read)[^"]*" data-uid=/g)?.length ?? 0;
    assert.equal(rows((await agent.get('/mailbox/INBOX').expect(200)).text), 7);
    assert.equal((await saveSettings(agent, { timeZone: 'America/New_York', pageSize: '5' })).status, 303);
    const first = await agent.get('/mailbox/INBOX').expect(200);
    assert.equal(rows(first.text), 5);
    assert.match(first.text, /Page 1 of 2/);
    assert.equal(rows((await agent.get('/mailbox/INBOX?page=2').expect(200)).text), 2);
    const small = buildApp(await sandbox(), { PAGE_SIZE: '6' });
    try {
      const other = await signIn(small.app, user);
      assert.equal(rows((await other.get('/mailbox/INBOX').expect(200)).text), 5, 'the user’s choice beats the instance default');
      assert.equal((await saveSettings(other, { timeZone: 'America/New_York', pageSize: '' })).status, 303);
      assert.equal(rows((await other.get('/mailbox/INBOX').expect(200)).text), 6);
    } finally {
      await small.close();
    }
  });

  it('offers to always show images from the sender, and then shows them without being asked', async () => {
    const before = await agent.get(`/message/INBOX/${htmlUid}`).expect(200);
    // The body comes in the page (srcdoc): remote images are proxied in it, or not there at all.
    assert.doesNotMatch(bodyFrame(before.text).srcdoc!, /\/image-proxy\?/);
    assert.match(before.text, /<button type="submit" class="link">Always show images from ana@example\.com<\/button>/);
    const res = await agent.post('/settings/remote-images').type('form')
      .send({ _csrf: await tokenOf(agent, `/message/INBOX/${htmlUid}`), sender: 'Ana@Example.com', return: `/message/INBOX/${htmlUid}` }).expect(303);
    assert.equal(res.headers.location, `/message/INBOX/${htmlUid}`);
    const after = await agent.get(`/message/INBOX/${htmlUid}`).expect(200);
    assert.match(after.text, /Images from ana@example\.com will be shown from now on\./);
    assert.match(bodyFrame(after.text).srcdoc!, /src="\/image-proxy\?u=/);
    assert.match(after.text, /Remote images are shown because you trust ana@example\.com\./);
    assert.doesNotMatch(after.text, /Always show images from/);
    const hidden = await agent.get(`/message/INBOX/${htmlUid}?remote=0`).expect(200);
    assert.doesNotMatch(bodyFrame(hidden.text).srcdoc!, /\/image-proxy\?/, 'remote=0 hides them for this view');
    assert.match((await agent.get('/settings').expect(200)).text, /<textarea id="remoteImageSenders"[^>]*>\nana@example\.com<\/textarea>/);
  });

  it('sends nobody to another site after adding a sender, and refuses what is not an address', async () => {
    const token = await tokenOf(agent, '/settings');
    const away = await agent.post('/settings/remote-images').type('form').send({ _csrf: token, sender: 'x@example.net', return: '//evil.example/' }).expect(303);
    assert.equal(away.headers.location, '/settings');
    const bad = await agent.post('/settings/remote-images').type('form').send({ _csrf: token, sender: 'not an address', return: '/settings' }).expect(303);
    assert.equal(bad.headers.location, '/settings');
    assert.match((await agent.get('/settings').expect(200)).text, /This sender’s address cannot be added to the list\./);
  });
});

describe('settings the mail server cannot give', () => {
  it('leaves the mail readable with the defaults, and says so on the settings page', async () => {
    const info = await sandbox();
    const logger = pino({ level: 'silent' });
    const t = buildApp(info, {}, { settingsStore: new UnreadableStore({ mode: 'auto', logger }) });
    try {
      const user = await newUser('unread');
      await appendAll(info, user, 'INBOX', [plainText('Still readable')]);
      const agent = await signIn(t.app, user);
      const list = await agent.get('/mailbox/INBOX').expect(200);
      assert.match(list.text, /Still readable/);
      assert.match(list.text, /<html lang="en" data-theme="system"/);
      const page = await agent.get('/settings').expect(200);
      assert.match(page.text, /Your settings cannot be read from the mail server right now/);
    } finally {
      await t.close();
    }
  });
});
