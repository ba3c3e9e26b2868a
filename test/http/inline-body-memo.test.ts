// The message page's inline body is remembered per opened message (inline-body.ts): what it holds must always be the
// document the body route would serve now, escaped so that the browser reads back exactly that, for whatever the
// reader changed in between (theme, language), and a re-open must give the same page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll } from '../helpers/imap.ts';
import { htmlMessage, plainText } from '../fixtures/messages.ts';
import { saveSettings } from './settings-helpers.ts';

// What a browser makes of an attribute value: the five entities EJS writes, back to their characters.
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#34;': '"', '&#39;': "'" };
const srcdocOf = (html: string) => {
  const value = /<iframe class="body"[^>]* srcdoc="([^"]*)"/.exec(html)?.[1];
  assert.ok(value !== undefined, 'the page inlines its body');
  return value.replace(/&(amp|lt|gt|#34|#39);/g, (e) => ENTITIES[e]!);
};
// The page's CSRF token and live resume point differ between two renderings of one state.
const same = (html: string) => html.replace(/(name="_csrf" value|name="csrf-token" content)="[^"]+"/g, '$1=""');

describe('the inline body, remembered', () => {
  let t: TestApp;
  let user: TestUser;
  let agent: ReturnType<typeof supertest.agent>;
  let uids: number[];

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await newUser('inlinememo');
    uids = await appendAll(info, user, 'INBOX', [
      plainText('Plain "quoted" <text> & more', 'Dear reader,\n\n"Quotes" & <brackets> & \'apostrophes\', see https://example.com/?a=1&b=2\n\n> quoted\n'),
      htmlMessage('Styled', '<p style="color:#336">Hello <b>&amp;</b> <a href="https://example.com/?q=&quot;x&quot;">link</a> it\'s</p>'),
    ]);
    agent = await signIn(t.app, user);
  });
  after(async () => {
    await t?.close();
  });

  it('is the body route\'s document, escaped both ways, through re-opens and a change of theme and language', async () => {
    for (const uid of uids) {
      const page = async () => (await agent.get(`/message/INBOX/${uid}`).expect(200)).text;
      const frame = async () => (await agent.get(`/message/INBOX/${uid}/body`).expect(200)).text;
      const first = await page();
      assert.equal(srcdocOf(first), await frame());
      assert.equal(same(await page()), same(first), 'a re-open gives the same page');
      // Kept from the second open on (inline-body.ts): the third comes from what was kept.
      assert.equal(same(await page()), same(first), 'and so does the one answered from what was kept');
      assert.equal((await saveSettings(agent, { theme: 'dark', language: 'de' })).status, 303);
      const dark = await page();
      assert.notEqual(srcdocOf(dark), srcdocOf(first));
      assert.equal(srcdocOf(dark), await frame(), 'the document of the new theme, not the remembered one');
      assert.equal((await saveSettings(agent, { theme: 'system', language: 'en' })).status, 303);
      assert.equal(srcdocOf(await page()), srcdocOf(first));
    }
  });
});
