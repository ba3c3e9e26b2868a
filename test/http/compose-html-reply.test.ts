// Reply and forward of HTML mail in rich-text compose, against Dovecot + Postfix: the editor's field starts with
// the original's HTML through the reader's sanitizer (no script, no handler, no remote URL, no cid: image), the
// message that arrives is multipart/alternative with the quote in both parts, and plain mode is as before.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { asAddressLogin, formFields, messagesIn, partBytes, postCompose, unescape, waitForMessage, type Agent } from '../compose/compose-helpers.ts';

const HOSTILE = '<html><head><style>body { background: url(http://tracker.example/css.png) }</style></head>'
  + '<body><p onclick="steal()">The <b>numbers</b> are <a href="https://example.com/q3" onmouseover="x()">here</a>.</p>'
  + '<script>alert(1)</script><img src="http://tracker.example/pixel.gif" alt="logo" width="1">'
  + '<img src="cid:chart@x" alt="chart"><div style="background-image: url(https://tracker.example/bg.png)">Regards, Carol</div>'
  + '<iframe src="https://evil.example/"></iframe></body></html>';

function original(from: TestUser, to: TestUser): string {
  return crlf(`From: Carol Original <${from.address}>
To: ${to.address}
Subject: Quarterly numbers
Date: Tue, 03 Nov 2026 10:15:00 +0000
Message-ID: <q3-html@postern.test>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8

The numbers are here.
Regards, Carol
--alt
Content-Type: text/html; charset=utf-8

${HOSTILE}
--alt--
`);
}

const htmlField = (page: string) => {
  const m = /<input type="hidden" name="bodyHtml" value="([^"]*)" disabled>/.exec(page);
  return m ? unescape(m[1]!) : undefined;
};

function assertSafe(html: string) {
  assert.doesNotMatch(html, /script|alert|steal|\bon[a-z]+=|tracker\.example|evil\.example|iframe|cid:/i);
}

describe('rich-text reply and forward of HTML mail', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let me: TestUser;
  let carol: TestUser;
  let bob: TestUser;
  let agent: Agent;
  let uid: number;

  const setFormat = async (composeFormat: 'html' | 'text') => {
    await agent.post('/settings').type('form').send({ _csrf: await tokenOf(agent, '/settings'), timeZone: '', language: '', theme: 'system', pageSize: '', remoteImageSenders: '', composeFormat }).expect(303);
  };

  before(async () => {
    info = await sandbox();
    t = buildApp(info);
    [me, carol, bob] = await Promise.all([newUser('htmlre'), newUser('htmlrecarol'), newUser('htmlrebob')]);
    agent = await signIn(t.app, asAddressLogin(me));
    [uid] = await appendAll(info, me, 'INBOX', [original(carol, me)]) as [number];
  });
  after(() => t.close());

  it('in plain mode the reply is the text quote and the form has no HTML field, as before', async () => {
    const page = (await agent.get(`/message/INBOX/${uid}/reply`).expect(200)).text;
    assert.equal(htmlField(page), undefined);
    assert.match(formFields(page).body as string, /wrote:\n> The numbers are here\.\n> Regards, Carol\n$/);
  });

  it('quotes the sanitized HTML in a blockquote and delivers it in both parts', async () => {
    await setFormat('html');
    const page = (await agent.get(`/message/INBOX/${uid}/reply`).expect(200)).text;
    const html = htmlField(page)!;
    assert.match(html, /^<div><br><\/div><div><br><\/div><div>On [^<]*Carol Original [^<]*wrote:<\/div><blockquote type="cite">/);
    assert.match(html, /The <b>numbers<\/b> are <a href="https:\/\/example\.com\/q3"[^>]*>here<\/a>/);
    assert.match(html, /<img alt="logo" width="1" \/>/, 'the remote image keeps its alt text, not its address');
    assert.match(html, /Regards, Carol<\/div><\/div><\/blockquote>$/);
    assertSafe(html);
    // The text area, for the form without script, keeps the plain quote.
    const fields = formFields(page);
    assert.match(fields.body as string, /> The numbers are here\./);

    const mine = `<div>Thanks, looks good.</div>${html}`;
    await postCompose(agent, { ...fields, to: bob.address, bodyHtml: mine, action: 'send' }).expect(303);
    const got = await waitForMessage(info, bob, /^Re: Quarterly numbers$/);
    assert.equal(got.msg.bodyStructure!.type, 'multipart/alternative');
    const text = (await partBytes(info, bob, 'INBOX', got.uid, '1')).toString().replace(/\r\n/g, '\n');
    const sent = (await partBytes(info, bob, 'INBOX', got.uid, '2')).toString();
    assert.match(sent, /<blockquote type="cite">(.|\n)*The <b>numbers<\/b>/);
    assertSafe(sent);
    assert.match(text, /^Thanks, looks good\.\n\nOn .*wrote:\n> The numbers are here <https:\/\/example\.com\/q3>\.\n>(.|\n)*> Regards, Carol\n$/);
  });

  it('forwards the sanitized HTML under the header block and delivers it in both parts', async () => {
    const page = (await agent.get(`/message/INBOX/${uid}/forward`).expect(200)).text;
    const html = htmlField(page)!;
    assert.match(html, /<div>---------- Forwarded message ----------<\/div><div>From: Carol Original &lt;[^<]+&gt;<\/div>/);
    assert.match(html, /<div>Subject: Quarterly numbers<\/div>/);
    assert.match(html, /The <b>numbers<\/b> are/);
    assert.doesNotMatch(html, /blockquote/);
    assertSafe(html);
    const fields = formFields(page);
    await postCompose(agent, { ...fields, to: bob.address, bodyHtml: html, action: 'send' }).expect(303);
    const got = await waitForMessage(info, bob, /^Fwd: Quarterly numbers$/);
    const text = (await partBytes(info, bob, 'INBOX', got.uid, '1')).toString().replace(/\r\n/g, '\n');
    const sent = (await partBytes(info, bob, 'INBOX', got.uid, '2')).toString();
    assert.match(sent, /Forwarded message(.|\n)*The <b>numbers<\/b>/);
    assertSafe(sent);
    assert.match(text, /---------- Forwarded message ----------\n+From: Carol Original <[^>]+>\n(.|\n)*Subject: Quarterly numbers\n(.|\n)*The numbers are here <https:\/\/example\.com\/q3>\./);
  });

  it('reopens a draft saved in rich text from its HTML part', async () => {
    const page = (await agent.get(`/message/INBOX/${uid}/reply`).expect(200)).text;
    const fields = formFields(page);
    await postCompose(agent, { ...fields, subject: 'Draft of a rich reply', bodyHtml: `<div><i>Not yet</i></div>${htmlField(page)!}`, action: 'save' }).expect(303);
    const draft = (await messagesIn(info, me, 'Drafts')).find((m) => m.msg.envelope?.subject === 'Draft of a rich reply')!;
    const again = htmlField((await agent.get(`/compose?draft=${draft.uid}`).expect(200)).text)!;
    assert.match(again, /^<div><i>Not yet<\/i><\/div>/);
    assert.match(again, /<blockquote type="cite">(.|\n)*The <b>numbers<\/b>/);
    assertSafe(again);
    await setFormat('text');
    const plain = (await agent.get(`/compose?draft=${draft.uid}`).expect(200)).text;
    assert.equal(htmlField(plain), undefined);
    assert.match(formFields(plain).body as string, /^Not yet\n/);
  });
});
