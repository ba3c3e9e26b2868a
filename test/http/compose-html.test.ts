// Rich-text (HTML) compose against Dovecot + Postfix: the editor's HTML is sanitized again on the server whatever
// the browser posted, and the message a second account receives is multipart/alternative whose plain-text part is
// made from the same HTML (links keep their address, the signature separator its space).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tokenOf } from '../helpers/app.ts';
import { composeSuite, partBytes, postCompose, waitForMessage } from '../compose/compose-helpers.ts';

describe('rich-text compose', () => {
  const suite = composeSuite(['rich', 'richbob']);

  it('is plain text by default; the setting gives the form the editor\'s field and script', async () => {
    const { info, t, agent, users: [alice, bob] } = suite;
    const plain = await agent.get('/compose').expect(200);
    assert.doesNotMatch(plain.text, /name="bodyHtml"|compose-editor\.js/);
    await agent.post('/settings').type('form').send({ _csrf: await tokenOf(agent, '/settings'), timeZone: '', language: '', theme: 'system', pageSize: '', remoteImageSenders: '', composeFormat: 'html' }).expect(303);
    const rich = await agent.get('/compose').expect(200);
    assert.match(rich.text, /data-compose-format="html"/);
    // Disabled until the editor runs: without script the text area is what is sent.
    assert.match(rich.text, /<input type="hidden" name="bodyHtml" value="" disabled>/);
    assert.match(rich.text, /<script type="module" src="\/static\/compose-editor\.js"><\/script>/);
    await agent.get('/static/vendor/squire/squire-raw.mjs').expect(200).expect('content-type', /javascript/);
    await agent.get('/static/vendor/dompurify/purify.es.mjs').expect(200);
  });

  it('sends multipart/alternative: the HTML sanitized, the text part made from it', async () => {
    const { info, t, agent, users: [alice, bob] } = suite;
    const html = '<div>Hello <b>Bob</b>,</div><ul><li>one</li><li>two</li></ul><div>See <a href="https://example.com/plan">the plan</a>.</div>'
      + '<script>alert(1)</script><div onclick="steal()">-- </div><div>Alice</div>';
    await postCompose(agent, {
      _csrf: await tokenOf(agent, '/compose'), to: bob.address, subject: 'Rich hello', body: 'whatever the browser says', bodyHtml: html, action: 'send',
    }).expect(303);
    const got = await waitForMessage(info, bob, /^Rich hello$/);
    const structure = got.msg.bodyStructure!;
    assert.equal(structure.type, 'multipart/alternative');
    assert.deepEqual(structure.childNodes!.map((c) => c.type), ['text/plain', 'text/html']);
    const text = (await partBytes(info, bob, 'INBOX', got.uid, '1')).toString();
    const sent = (await partBytes(info, bob, 'INBOX', got.uid, '2')).toString();
    assert.match(sent, /Hello <b>Bob<\/b>,/);
    assert.match(sent, /<li>one<\/li><li>two<\/li>/);
    assert.match(sent, /<a href="https:\/\/example\.com\/plan"[^>]*>the plan<\/a>/);
    assert.doesNotMatch(sent, /script|alert|onclick|steal/);
    assert.equal(text.replace(/\r\n/g, '\n'), 'Hello Bob,\n\n- one\n- two\n\nSee the plan <https://example.com/plan>.\n-- \nAlice\n');
  });

  it('keeps the editor\'s HTML when the form comes back with an error', async () => {
    const { info, t, agent, users: [alice, bob] } = suite;
    const res = await postCompose(agent, {
      _csrf: await tokenOf(agent, '/compose'), to: 'not an address', subject: 'x', body: 'Hi', bodyHtml: '<div><i>Hi</i></div>', action: 'send',
    }).expect(400);
    assert.match(res.text, /name="bodyHtml" value="&lt;div&gt;&lt;i&gt;Hi&lt;\/i&gt;&lt;\/div&gt;"/);
  });
});
