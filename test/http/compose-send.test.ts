// Sending through Postern to real Dovecot + Postfix: what the recipient's INBOX holds, what Sent holds, and what
// never gets through (Bcc in headers, injected header lines, over-size uploads, forms without a CSRF token).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { PDF } from '../fixtures/messages.ts';
import { asAddressLogin, formFields, header, headerLines, messagesIn, partBytes, postCompose, waitForMessage, type Agent } from '../compose/compose-helpers.ts';

describe('sending a message', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let agent: Agent;
  const BINARY = randomBytes(200_000);

  before(async () => {
    info = await sandbox();
    t = buildApp(info);
    [alice, bob, carol] = await Promise.all([newUser('alice'), newUser('bob'), newUser('carol')]);
    agent = await signIn(t.app, asAddressLogin(alice));
    // The name goes with an identity kept on the server (Settings, Identities).
    await agent.post('/settings/identities').type('form')
      .send({ _csrf: await tokenOf(agent, '/settings/identities/new'), name: 'Alice Example', address: alice.address }).expect(303);
  });
  after(() => t.close());

  it('shows the compose form with the user\'s identity as From', async () => {
    const res = await agent.get(`/compose?to=${encodeURIComponent(bob.address)}`).expect(200);
    assert.match(res.text, /enctype="multipart\/form-data"/);
    assert.match(res.text, new RegExp(`<option value="[a-z0-9]+" data-signature="" selected>Alice Example &lt;${alice.address}&gt;</option>`));
    assert.match(res.text, new RegExp(`id="to" name="to" type="text" value="${bob.address}"`));
  });

  it('delivers to another account with headers, body and attachment bytes intact, and Sent holds the same bytes', async () => {
    const subject = 'Quarterly numbers ✓ für Bob';
    const res = await postCompose(agent, {
      _csrf: await tokenOf(agent, '/compose'), to: `Bob Example <${bob.address}>`, bcc: carol.address,
      subject, body: 'Hello Bob,\n\nthe numbers are attached.\n\n-- \nAlice\n', action: 'send',
    }, [{ name: 'Rechnung März.pdf', type: 'application/pdf', bytes: PDF }, { name: 'data.bin', type: 'application/octet-stream', bytes: BINARY }]);
    assert.equal(res.status, 303, res.text);
    assert.equal(res.headers.location, '/mailbox/INBOX');
    const inbox = await agent.get('/mailbox/INBOX').expect(200);
    assert.match(inbox.text, /Message sent\./);

    const got = await waitForMessage(info, bob, /Quarterly numbers/);
    assert.equal(got.msg.envelope?.subject, subject);
    assert.equal(header(got.source, 'From'), `Alice Example <${alice.address}>`);
    assert.equal(header(got.source, 'To'), `Bob Example <${bob.address}>`);
    assert.match(header(got.source, 'Message-ID') ?? '', /^<[0-9a-f-]{36}@postern\.test>$/);
    assert.ok(header(got.source, 'Date'));
    assert.equal(headerLines(got.source).some((l) => /^bcc:/i.test(l)), false, 'no Bcc header reaches a recipient');
    assert.doesNotMatch(got.source.toString('latin1'), new RegExp(carol.name));

    const [text, pdf, bin] = got.msg.bodyStructure!.childNodes!;
    assert.equal(text!.type, 'text/plain');
    assert.equal((await partBytes(info, bob, 'INBOX', got.uid, '1')).toString('utf8').replace(/\r\n/g, '\n').includes('the numbers are attached.'), true);
    assert.equal(pdf!.dispositionParameters?.filename, 'Rechnung März.pdf');
    assert.ok((await partBytes(info, bob, 'INBOX', got.uid, '2')).equals(PDF), 'PDF bytes identical');
    assert.ok((await partBytes(info, bob, 'INBOX', got.uid, '3')).equals(BINARY), 'binary bytes identical');
    assert.equal(bin!.type, 'application/octet-stream');

    const sent = await messagesIn(info, alice, 'Sent');
    assert.equal(sent.length, 1);
    assert.ok(sent[0]!.flags.has('\\Seen'));
    // Postfix and LMTP only prepend trace headers (Return-Path, Delivered-To, Received): the rest is our bytes.
    const delivered = got.source.toString('latin1');
    const kept = sent[0]!.source.toString('latin1');
    assert.ok(delivered.endsWith(kept), 'the delivered message ends with exactly the bytes kept in Sent');
    assert.ok(/\r\n/.test(kept) && !/[^\r]\n/.test(kept), 'CRLF line ends throughout');

    const bcc = await waitForMessage(info, carol, /Quarterly numbers/);
    assert.ok(bcc.source.toString('latin1').endsWith(kept), 'the Bcc recipient gets the same message');
  });

  it('refuses CR/LF in the subject and address fields at the edge, and nothing reaches the wire', async () => {
    const evil = await newUser('evil');
    const attempts: Record<string, string>[] = [
      { subject: `Hi\r\nBcc: ${evil.address}`, to: bob.address },
      { subject: 'Hi', to: `${bob.address}\r\nBcc: ${evil.address}` },
      { subject: 'Hi', to: bob.address, cc: `x@postern.test\nX-Injected: yes` },
    ];
    for (const fields of attempts) {
      const res = await postCompose(agent, { _csrf: await tokenOf(agent, '/compose'), body: 'injected?', action: 'send', ...fields });
      assert.equal(res.status, 400, JSON.stringify(fields));
      assert.match(res.text, /Line breaks are not allowed/);
      assert.match(res.text, /aria-invalid="true"/);
    }
    // Header-looking text on one line is just text: it is encoded inside the Subject, never a header of its own.
    const marker = `Subject with Bcc: ${evil.address} inside`;
    await postCompose(agent, { _csrf: await tokenOf(agent, '/compose'), to: bob.address, subject: marker, body: 'x', action: 'send' }).expect(303);
    const got = await waitForMessage(info, bob, /Subject with Bcc/);
    assert.equal(got.msg.envelope?.subject, marker);
    const lines = [...headerLines(got.source), ...headerLines((await messagesIn(info, alice, 'Sent')).at(-1)!.source)];
    assert.equal(lines.some((l) => /^(bcc|x-injected):/i.test(l)), false);
    assert.equal((await messagesIn(info, evil, 'INBOX')).length, 0, 'the would-be Bcc got nothing');
    assert.equal((await messagesIn(info, alice, 'Sent')).length, 2, 'only the two real sends are in Sent');
  });

  it('shows the form again with per-field errors and the input kept', async () => {
    const res = await postCompose(agent, {
      _csrf: await tokenOf(agent, '/compose'), to: `${bob.address}, not-an-address`, cc: 'ana@', subject: 'Keep me', body: 'My text', action: 'send',
    }).expect(400);
    assert.match(res.text, /&#34;not-an-address&#34; is not an email address/);
    assert.match(res.text, /&#34;ana@&#34; is not a valid email address/);
    assert.match(res.text, /value="Keep me"/);
    assert.match(res.text, /My text<\/textarea>/);
    const none = await postCompose(agent, { _csrf: await tokenOf(agent, '/compose'), subject: 'Nobody', body: 'x', action: 'send' }).expect(400);
    assert.match(none.text, /Add at least one recipient/);
  });

  it('keeps a new attachment through a form that fails validation, and sends it once the field is fixed', async () => {
    const res = await postCompose(agent, {
      _csrf: await tokenOf(agent, '/compose'), to: 'bob@', subject: 'Typo then fix', body: 'Attached.', action: 'send',
    }, [{ name: 'kept.pdf', type: 'application/pdf', bytes: PDF }]).expect(400);
    assert.match(res.text, /kept in Drafts meanwhile/);
    assert.match(res.text, /kept\.pdf/);
    const f = formFields(res.text);
    assert.equal(f.to, 'bob@', 'the typed value stays in the form');
    assert.ok(f.draft, 'the form now edits the draft that holds the file');
    await postCompose(agent, { ...f, to: bob.address, action: 'send' }).expect(303);
    const got = await waitForMessage(info, bob, /Typo then fix/);
    assert.ok((await partBytes(info, bob, 'INBOX', got.uid, '2')).equals(PDF), 'the file arrived byte for byte');
    assert.equal((await messagesIn(info, alice, 'Drafts')).some((m) => m.msg.envelope?.subject === 'Typo then fix'), false, 'the draft went away on send');
  });

  it('refuses a form without a valid CSRF token and sends nothing', async () => {
    const res = await postCompose(agent, { _csrf: 'forged', to: bob.address, subject: 'Forged', body: 'x', action: 'send' });
    assert.equal(res.status, 403);
    const missing = await postCompose(agent, { to: bob.address, subject: 'Forged', body: 'x', action: 'send' });
    assert.equal(missing.status, 403);
    assert.equal((await messagesIn(info, alice, 'Sent')).some((m) => m.msg.envelope?.subject === 'Forged'), false);
  });

  it('answers 400 to a multipart body cut off in the middle of a file, and keeps serving', async () => {
    const token = await tokenOf(agent, '/compose');
    const cut = [
      '--XyZ', 'Content-Disposition: form-data; name="_csrf"', '', token,
      '--XyZ', 'Content-Disposition: form-data; name="attachments"; filename="half.bin"', 'Content-Type: application/octet-stream', '',
      'x'.repeat(50_000),
    ].join('\r\n');
    const res = await agent.post('/compose').set('Content-Type', 'multipart/form-data; boundary=XyZ').send(cut);
    assert.equal(res.status, 400);
    assert.match(res.text, /could not be read completely/);
    await agent.get('/compose').expect(200);
  });

  it('answers 413 with the form and everything typed when the uploads pass MAX_UPLOAD_MB', async () => {
    const small = buildApp(info, { MAX_UPLOAD_MB: '1' });
    try {
      const smallAgent = await signIn(small.app, asAddressLogin(alice));
      const res = await postCompose(smallAgent, {
        _csrf: await tokenOf(smallAgent, '/compose'), to: bob.address, subject: 'Too big to send', body: 'Keep this text', action: 'send',
      }, [{ name: 'big.bin', type: 'application/octet-stream', bytes: randomBytes(1_200_000) }]);
      assert.equal(res.status, 413);
      assert.match(res.text, /Not attached: big\.bin \(1\.2 MB\)\. The attachments of one message may be at most 1 MB together/);
      assert.match(res.text, /Nothing was sent\./);
      assert.match(res.text, /value="Too big to send"/);
      assert.match(res.text, new RegExp(`value="${bob.address}"`));
      assert.match(res.text, /Keep this text<\/textarea>/);
      assert.equal((await messagesIn(info, alice, 'Sent')).some((m) => m.msg.envelope?.subject === 'Too big to send'), false);
    } finally {
      await small.close();
    }
  });
});
