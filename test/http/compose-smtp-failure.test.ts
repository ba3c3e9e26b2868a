// When the outgoing server is down or refuses the message, nothing is lost: the form comes back with every
// field and the attachments (now carried from Drafts), a clear message, and the message waits in Drafts.
// A private sandbox, so stopping its Postfix disturbs no other test file.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { startSandbox, type Sandbox } from '../../sandbox/sandbox.ts';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { PDF } from '../fixtures/messages.ts';
import { formFields, header, messagesIn, partBytes, postCompose, unescape, waitForMessage, type Agent } from '../compose/compose-helpers.ts';

/** The text of the page's flash or form error. */
const alertOf = (html: string) => unescape(/<p class="flash (?:error|info)" role="(?:alert|status)">([^<]*)<\/p>/.exec(html)?.[1] ?? '');

const alice = { name: 'alice', password: 'alice-password', address: 'alice@postern.test' };
const bob = { name: 'bob', password: 'bob-password', address: 'bob@postern.test' };

describe('sending while the outgoing server fails', () => {
  let box: Sandbox;
  let t: TestApp;
  let agent: Agent;
  /** what Postern logged, one JSON object per line */
  const logged: string[] = [];

  before(async () => {
    box = await startSandbox({ users: [alice, bob], smtp: true });
    t = buildApp(box, {}, { logger: pino({ level: 'info' }, { write: (line: string) => void logged.push(line) }) });
    agent = await signIn(t.app, { ...alice, name: alice.address });
  });
  after(async () => {
    await t?.close();
    await box?.stop();
  });

  it('keeps the draft and shows the error with every field when SMTP is stopped, then sends it once SMTP is back', async () => {
    await box.stopSmtp();
    const res = await postCompose(agent, {
      _csrf: await tokenOf(agent, '/compose'), to: `Bob <${bob.address}>`, cc: '', bcc: 'watcher@postern.test',
      subject: 'Survives an outage', body: 'Every word of this must survive.\n', action: 'send',
    }, [{ name: 'report.pdf', type: 'application/pdf', bytes: PDF }]);
    assert.equal(res.status, 503);
    assert.match(res.text, /was not sent: the outgoing mail server cannot be reached/);
    assert.match(res.text, /saved in Drafts/);
    const f = formFields(res.text);
    assert.equal(f.to, `Bob <${bob.address}>`);
    assert.equal(f.bcc, 'watcher@postern.test');
    assert.equal(f.subject, 'Survives an outage');
    assert.equal(f.body, 'Every word of this must survive.\n');
    assert.deepEqual(f.keep, ['2'], 'the uploaded file is now carried from the saved draft');
    assert.match(res.text, /report\.pdf/);

    const drafts = await messagesIn(box, alice, 'Drafts');
    assert.equal(drafts.length, 1);
    assert.equal(String(drafts[0]!.uid), f.draft);
    assert.equal(header(drafts[0]!.source, 'Bcc'), 'watcher@postern.test');
    assert.ok((await partBytes(box, alice, 'Drafts', drafts[0]!.uid, '2')).equals(PDF));
    assert.equal((await messagesIn(box, alice, 'Sent')).length, 0);

    await box.startSmtp();
    const sent = await postCompose(agent, { ...f, action: 'send' });
    assert.equal(sent.status, 303, sent.text);
    const got = await waitForMessage(box, bob, /Survives an outage/);
    assert.ok((await partBytes(box, bob, 'INBOX', got.uid, '2')).equals(PDF));
    assert.deepEqual(await messagesIn(box, alice, 'Drafts'), []);
    assert.equal((await messagesIn(box, alice, 'Sent')).length, 1);
  });

  it('keeps the draft and names the refused recipient with a plain reason, the SMTP codes only in the log', async () => {
    const res = await postCompose(agent, {
      _csrf: await tokenOf(agent, '/compose'), to: 'nobody@example.com', subject: 'Refused', body: 'x', action: 'send',
    });
    assert.equal(res.status, 422);
    const said = alertOf(res.text);
    assert.match(said, /^The message was not sent: the outgoing mail server refused it\. It refused nobody@example\.com: no such recipient\. Your message has been saved in Drafts/);
    assert.doesNotMatch(said, /550|5\.1\.1|Recipient address rejected|secs\)/);
    const line = logged.map((l) => JSON.parse(l) as { msg?: string; code?: string; serverText?: string }).findLast((l) => l.msg === 'message not sent');
    assert.match(line?.code ?? '', /nobody@example\.com: 550 5\.1\.1/);
    assert.match(line?.serverText ?? '', /Recipient address rejected/);
    assert.equal(formFields(res.text).to, 'nobody@example.com');
    const drafts = await messagesIn(box, alice, 'Drafts');
    assert.deepEqual(drafts.map((d) => d.msg.envelope?.subject), ['Refused']);
  });

  it('sends to the recipients the server takes and names the refused one with a plain reason', async () => {
    const res = await postCompose(agent, {
      _csrf: await tokenOf(agent, '/compose'), to: `${bob.address}, nobody@example.com`, subject: 'Half refused', body: 'x', action: 'send',
    });
    assert.equal(res.status, 303, res.text);
    const said = alertOf((await agent.get(res.headers.location!).expect(200)).text);
    assert.equal(said, 'Message sent. The server refused nobody@example.com: no such recipient.');
    await waitForMessage(box, bob, /Half refused/);
    const line = logged.map((l) => JSON.parse(l) as { msg?: string; refused?: { code?: string }[] }).findLast((l) => l.msg === 'recipients refused');
    assert.equal(line?.refused?.[0]?.code, '550 5.1.1');
  });
});
