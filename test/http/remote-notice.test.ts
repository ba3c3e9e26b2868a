// Issue 8: "Remote images are blocked — show them" stood on every HTML message. Against Dovecot, the message page
// now offers the remote images choices only for mail that refers to remote content.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { buildApp, csrfFrom, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { plainText } from '../fixtures/messages.ts';

type Agent = ReturnType<typeof supertest.agent>;

const html = (subject: string, from: string, body: string) => crlf(`From: ${from}
To: reader@postern.test
Subject: ${subject}
Date: Tue, 03 Nov 2026 10:15:00 +0000
Message-ID: <${subject.replace(/\W+/g, '-')}@example.com>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

${body}
`);

const NOTICE = /class="remote"|Remote images are blocked/;
const ALWAYS = /Always show images from/;

describe('the remote images notice against Dovecot', () => {
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;
  let uids: Record<'clean' | 'remote' | 'background' | 'text' | 'trustedClean', number>;

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await newUser('notice');
    const [clean, remote, background, text, trustedClean] = await appendAll(info, user, 'INBOX', [
      html('Only words', 'Ana <ana@example.com>', '<table width="600"><tr><td style="color:#333"><h1>Hello</h1><p>See <a href="https://example.com/">our site</a>.</p></td></tr></table>'),
      html('With a picture', 'Ana <ana@example.com>', '<p>Look:</p><img src="https://cdn.example.com/hero.jpg" alt="hero">'),
      html('With a background', 'Ana <ana@example.com>', '<table><tr><td background="https://cdn.example.com/bg.png" style="padding:8px">Sale</td></tr></table>'),
      plainText('Plain words', 'Hello,\n\nhttps://cdn.example.com/hero.jpg is only a link here.\n'),
      html('Trusted but plain', 'Bo <bo@example.com>', '<p>No pictures today.</p>'),
    ]) as number[];
    uids = { clean: clean!, remote: remote!, background: background!, text: text!, trustedClean: trustedClean! };
    agent = await signIn(t.app, user);
  });
  after(() => t.close());

  const page = async (uid: number, query = '') => (await agent.get(`/message/INBOX/${uid}${query}`).expect(200)).text;

  it('shows no notice and no choices for an HTML message without remote content', async () => {
    const text = await page(uids.clean);
    assert.match(text, /Only words/);
    assert.doesNotMatch(text, NOTICE);
    assert.doesNotMatch(text, ALWAYS);
    const body = await agent.get(`/message/INBOX/${uids.clean}/body`).expect(200);
    assert.match(body.text, /<h1>Hello<\/h1>/);
    assert.equal(body.headers['x-blocked-remote-images'], '0');
  });

  it('shows the notice and "always" for a message with a remote image, and the frame blocks it', async () => {
    const text = await page(uids.remote);
    assert.match(text, new RegExp(`<a href="/message/INBOX/${uids.remote}\\?remote=1" class="remote">Remote images are blocked — show them</a>`));
    assert.match(text, /Always show images from ana@example\.com/);
    const body = await agent.get(`/message/INBOX/${uids.remote}/body`).expect(200);
    assert.doesNotMatch(body.text, /cdn\.example\.com/);
    assert.equal(body.headers['x-blocked-remote-images'], '1');
  });

  it('counts a remote background as held back', async () => {
    assert.match(await page(uids.background), NOTICE);
  });

  it('shows no notice for plain text, even with an image address in it', async () => {
    const text = await page(uids.text);
    assert.match(text, /Plain words/);
    assert.doesNotMatch(text, NOTICE);
    assert.doesNotMatch(text, ALWAYS);
  });

  it('says nothing about trusted images when a trusted sender\'s message has none', async () => {
    const token = csrfFrom(await page(uids.remote));
    await agent.post('/settings/remote-images').type('form')
      .send({ _csrf: token, sender: 'bo@example.com', return: `/message/INBOX/${uids.trustedClean}` }).expect(303);
    const text = await page(uids.trustedClean);
    assert.match(text, /Images from bo@example\.com will be shown from now on\./, 'the flash of the addition');
    assert.doesNotMatch(text, /Remote images are shown because you trust/);
    assert.doesNotMatch(text, /Hide them this time/);
    assert.doesNotMatch(text, NOTICE);
  });

  it('still offers "show" when only ?remote=0 hides a trusted sender\'s remote image', async () => {
    const token = csrfFrom(await page(uids.remote));
    await agent.post('/settings/remote-images').type('form')
      .send({ _csrf: token, sender: 'ana@example.com', return: `/message/INBOX/${uids.remote}` }).expect(303);
    assert.match(await page(uids.remote), /Remote images are shown because you trust ana@example\.com\./);
    assert.match(await page(uids.remote, '?remote=0'), NOTICE);
    assert.doesNotMatch(await page(uids.clean), /because you trust/, 'a trusted sender\'s mail without images says nothing');
  });
});
