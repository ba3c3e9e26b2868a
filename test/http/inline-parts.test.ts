// Parts a mail client shows inline, read from Dovecot through Postern's body frame: text/enriched, the readable
// parts of bounces and read receipts, an inline HTML part after the text. Each is shown, and each stays inert.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox } from '../helpers/env.ts';
import { appendAll } from '../helpers/imap.ts';
import { bounceMessage, enrichedAlternative, enrichedMessage, inlineHtmlAfterText, readReceipt } from '../fixtures/inline-parts.ts';

const bodyOf = (html: string) => html.slice(html.indexOf('<body>'));

describe('parts shown inline, against Dovecot', () => {
  let t: TestApp;
  let agent: ReturnType<typeof supertest.agent>;
  let uids: Record<'enriched' | 'alternative' | 'bounce' | 'receipt' | 'footer', number>;

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    const user = await newUser('inline');
    const [enriched, alternative, bounce, receipt, footer] = await appendAll(info, user, 'INBOX',
      [enrichedMessage(), enrichedAlternative(), bounceMessage(), readReceipt(), inlineHtmlAfterText()]);
    uids = { enriched: enriched!, alternative: alternative!, bounce: bounce!, receipt: receipt!, footer: footer! };
    agent = await signIn(t.app, user);
  });
  after(() => t.close());

  const frame = async (uid: number) => bodyOf((await agent.get(`/message/INBOX/${uid}/body`).expect(200)).text);
  const noScript = (html: string) => assert.doesNotMatch(html, /<script|onerror|javascript:|<img src=x|tracker\.example/i);

  it('shows text/enriched converted from ISO-8859-1, with its formatting and without its hostile parameters', async () => {
    const html = await frame(uids.enriched);
    assert.match(html, /<div class="enriched[^"]*"><b>Grüße<\/b> aus <i>Köln<\/i>\./);
    assert.match(html, /<span>not a link<\/span> <span style="color: red">in red<\/span>/);
    assert.match(html, /<span>font<\/span>/);
    assert.match(html, /<blockquote>quoted words<\/blockquote>/);
    assert.match(html, /Less-than: &lt;tag&gt;, and alert\(3\)\./);
    noScript(html);
  });

  it('prefers the enriched alternative to the plain one', async () => {
    const html = await frame(uids.alternative);
    assert.match(html, /The <b>enriched<\/b> alternative\./);
    assert.doesNotMatch(html, /The plain alternative/);
  });

  it('shows a bounce: the explanation, the delivery status and the returned headers as escaped text', async () => {
    const html = await frame(uids.bounce);
    assert.match(html, /could not be delivered/);
    assert.match(html, /<pre class="text report">Reporting-MTA: dns; mail\.postern\.test\r?\n\r?\nFinal-Recipient: rfc822; nobody@example\.net/);
    assert.match(html, /Status: 5\.1\.1/);
    assert.match(html, /Subject: &#60;script&#62;alert\(4\)&#60;\/script&#62;&#60;img src=x onerror=alert\(5\)&#62;/);
    assert.doesNotMatch(html, /<script|<img/);
    const page = await agent.get(`/message/INBOX/${uids.bounce}`).expect(200);
    assert.match(page.text, /attachment-2\.txt/, 'the status stays downloadable');
  });

  it('shows a read receipt', async () => {
    const html = await frame(uids.receipt);
    assert.match(html, /Your message was displayed\./);
    assert.match(html, /<pre class="text report">Reporting-UA: mail\.example\.com; Postern[\s\S]*Disposition: manual-action\/MDN-sent-manually; displayed/);
  });

  it('shows an inline HTML part after the text, sanitized like the main body, and lists it', async () => {
    const res = await agent.get(`/message/INBOX/${uids.footer}/body`).expect(200);
    const html = bodyOf(res.text);
    assert.match(html, /<div class="text">The message itself\.<\/div><hr class="part"><div class="html"><p>The <b>list footer<\/b> in HTML\.<\/p>/);
    assert.match(html, /<a>unsubscribe<\/a>/);
    assert.equal(res.headers['x-blocked-remote-images'], '1');
    noScript(html);
    const page = await agent.get(`/message/INBOX/${uids.footer}`).expect(200);
    assert.match(page.text, /footer\.html<\/a>/);
  });
});
