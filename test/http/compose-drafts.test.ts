// Drafts against Dovecot: saving APPENDs to Drafts with \Draft, saving again replaces the previous version (its
// attachments carried over from IMAP, not re-uploaded), and sending the draft removes it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, signIn, tokenOf } from '../helpers/app.ts';
import { PDF } from '../fixtures/messages.ts';
import {
  composeSuite, formFields, header, messagesIn, partBytes, postCompose, waitForMessage,
} from '../compose/compose-helpers.ts';

describe('drafts', () => {
  const suite = composeSuite(['alice', 'bob']);

  it('saves, replaces and finally sends a draft, which then leaves Drafts', async () => {
    const { info, t, agent, users: [alice, bob] } = suite;
    const first = await postCompose(agent, {
      _csrf: await tokenOf(agent, '/compose'), to: bob.address, bcc: 'Secret <secret@postern.test>', subject: 'Plan v1', body: 'First words', action: 'save',
    }, [{ name: 'plan.pdf', type: 'application/pdf', bytes: PDF }]).expect(303);
    const uid1 = Number(/^\/compose\?draft=(\d+)$/.exec(first.headers.location!)?.[1]);
    assert.ok(uid1 > 0, first.headers.location);
    let drafts = await messagesIn(info, alice, 'Drafts');
    assert.equal(drafts.length, 1);
    assert.ok(drafts[0]!.flags.has('\\Draft'));
    assert.equal(header(drafts[0]!.source, 'Bcc'), 'Secret <secret@postern.test>', 'a draft keeps Bcc');

    // The edit page brings every field back, Bcc included, with the attachment offered as kept.
    const page = await agent.get(first.headers.location!).expect(200);
    assert.match(page.text, /Draft saved\./);
    const fields = formFields(page.text);
    assert.equal(fields.draft, String(uid1));
    assert.equal(fields.to, bob.address);
    assert.equal(fields.bcc, 'Secret <secret@postern.test>');
    assert.equal(fields.subject, 'Plan v1');
    assert.match(String(fields.body), /^First words\s*$/);
    assert.equal((fields.keep as string[]).length, 1);
    assert.match(page.text, /plan\.pdf/);

    const second = await postCompose(agent, { ...fields, subject: 'Plan v2', body: 'Second words', action: 'save' }).expect(303);
    const uid2 = Number(/draft=(\d+)/.exec(second.headers.location!)?.[1]);
    assert.notEqual(uid2, uid1);
    drafts = await messagesIn(info, alice, 'Drafts');
    assert.deepEqual(drafts.map((d) => d.uid), [uid2], 'the new version replaced the old one');
    assert.equal(drafts[0]!.msg.envelope?.subject, 'Plan v2');
    assert.ok((await partBytes(info, alice, 'Drafts', uid2, '2')).equals(PDF), 'the kept attachment came along from IMAP');

    const edit = formFields((await agent.get(second.headers.location!).expect(200)).text);
    await postCompose(agent, { ...edit, subject: 'Plan final', action: 'send' }).expect(303);
    assert.deepEqual(await messagesIn(info, alice, 'Drafts'), [], 'sending removed the draft');
    const got = await waitForMessage(info, bob, /Plan final/);
    assert.ok((await partBytes(info, bob, 'INBOX', got.uid, '2')).equals(PDF));
    assert.match((await partBytes(info, bob, 'INBOX', got.uid, '1')).toString(), /Second words/);
    assert.equal((await messagesIn(info, alice, 'Sent')).length, 1);
  });

  it('drops a carried attachment the user unchecked', async () => {
    const { info, t, agent, users: [alice, bob] } = suite;
    const saved = await postCompose(agent, {
      _csrf: await tokenOf(agent, '/compose'), to: bob.address, subject: 'With file', body: 'x', action: 'save',
    }, [{ name: 'plan.pdf', type: 'application/pdf', bytes: PDF }]).expect(303);
    const fields = formFields((await agent.get(saved.headers.location!).expect(200)).text);
    const again = await postCompose(agent, { ...fields, keep: [], action: 'save' }).expect(303);
    const uid = Number(/draft=(\d+)/.exec(again.headers.location!)?.[1]);
    const [draft] = (await messagesIn(info, alice, 'Drafts')).filter((d) => d.uid === uid);
    assert.equal(draft!.msg.bodyStructure?.type, 'text/plain', 'no attachment left');
  });

  it('offers "Edit draft" on a message in Drafts', async () => {
    const { info, t, agent, users: [alice, bob] } = suite;
    const [draft] = await messagesIn(info, alice, 'Drafts');
    const page = await agent.get(`/message/Drafts/${draft!.uid}`).expect(200);
    assert.match(page.text, new RegExp(`href="/compose\\?draft=${draft!.uid}">Edit draft`));
    const inbox = await agent.get(`/mailbox/INBOX`).expect(200);
    assert.match(inbox.text, /href="\/compose"[^>]*>Compose/);
  });

  it('answers 404 with a page for a draft that does not exist', async () => {
    const { info, t, agent, users: [alice, bob] } = suite;
    const res = await agent.get('/compose?draft=999999').expect(404);
    assert.match(res.text, /no message 999999/i);
    await agent.get('/compose?draft=abc').expect(400);
  });

  it('asks a user whose login is not an address for the From address, keeps it as an identity, and applies the policy', async () => {
    const { info, t, agent, users: [alice, bob] } = suite;
    // Under own-domain a login without a domain may send as nothing: the policy fails closed.
    const strictApp = buildApp(info, { IDENTITY_POLICY: 'own-domain' });
    try {
      const strict = await signIn(strictApp.app, alice);
      const refused = await postCompose(strict, {
        _csrf: await tokenOf(strict, '/compose'), fromAddress: alice.address, to: bob.address, subject: 'Who am I', body: 'x', action: 'send',
      }).expect(400);
      assert.match(refused.text, /You may not send as [^ ]+ on this server: only addresses of your own domain are allowed/);
    } finally {
      await strictApp.close();
    }

    {
      const bare = await signIn(t.app, alice);
      const form = await bare.get('/compose').expect(200);
      assert.match(form.text, /id="fromAddress" name="fromAddress"/);
      const missing = await postCompose(bare, { _csrf: await tokenOf(bare, '/compose'), to: bob.address, subject: 'Who am I', body: 'x', action: 'send' }).expect(400);
      assert.match(missing.text, /Enter your own email address/);
      await postCompose(bare, {
        _csrf: await tokenOf(bare, '/compose'), fromAddress: alice.address, fromName: 'Alice', to: bob.address, subject: 'Who am I', body: 'x', action: 'send',
      }).expect(303);
      const got = await waitForMessage(info, bob, /Who am I/);
      assert.equal(header(got.source, 'From'), `Alice <${alice.address}>`);
      // Kept on the server as the first identity: a new session, even another Postern, offers it.
      const other = buildApp(info);
      try {
        const later = await signIn(other.app, alice);
        const next = await later.get('/compose').expect(200);
        assert.doesNotMatch(next.text, /id="fromAddress"/);
        assert.match(next.text, new RegExp(`selected>Alice &lt;${alice.address}&gt;</option>`));
      } finally {
        await other.close();
      }
    }
  });

  it('answers an autosave with JSON: the new draft and its attachment list; a form that cannot be saved yet is left alone', async () => {
    const { info, t, agent, users: [alice, bob] } = suite;
    const csrf = await tokenOf(agent, '/compose');
    const first = await postCompose(agent, { _csrf: csrf, to: bob.address, subject: 'Autosave', body: 'v1', action: 'save', autosave: '1' },
      [{ name: 'notes.pdf', type: 'application/pdf', bytes: PDF }]).expect(200).expect('content-type', /json/);
    assert.equal(first.body.saved, true);
    assert.match(first.body.carried, /name="keep" value="2" checked> <a href="\/message\/Drafts\/\d+\/part\/2" download>notes\.pdf<\/a>/);
    const second = await postCompose(agent, { _csrf: csrf, draft: String(first.body.draft), keep: '2', to: bob.address, subject: 'Autosave', body: 'v2', action: 'save', autosave: '1' }).expect(200);
    assert.equal(second.body.saved, true);
    const drafts = (await messagesIn(info, alice, 'Drafts')).filter((d) => /Subject: Autosave/.test(d.source.toString()));
    assert.equal(drafts.length, 1, 'the second save replaced the first');
    assert.match(drafts[0]!.source.toString(), /notes\.pdf/);
    const halfTyped = await postCompose(agent, { _csrf: csrf, draft: String(second.body.draft), to: 'bo@', subject: 'Autosave', body: 'v3', action: 'save', autosave: '1' }).expect(200);
    assert.deepEqual(halfTyped.body, { saved: false });
    assert.equal((await messagesIn(info, alice, 'Drafts')).filter((d) => /Subject: Autosave/.test(d.source.toString())).length, 1);
  });

  it('sends as login@MAIL_DOMAIN for a bare login when MAIL_DOMAIN is set, without asking', async () => {
    const { info, t, agent, users: [alice, bob] } = suite;
    const withDomain = buildApp(info, { MAIL_DOMAIN: info.mailDomain });
    try {
      const bare = await signIn(withDomain.app, alice);
      const form = await bare.get('/compose').expect(200);
      assert.doesNotMatch(form.text, /id="fromAddress" name="fromAddress"/);
      await postCompose(bare, {
        _csrf: await tokenOf(bare, '/compose'), to: bob.address, subject: 'Known domain', body: 'x', action: 'send',
      }).expect(303);
      const got = await waitForMessage(info, bob, /Known domain/);
      assert.match(header(got.source, 'From') ?? '', new RegExp(`<?${alice.address}>?$`));
    } finally {
      await withDomain.close();
    }
  });
});

