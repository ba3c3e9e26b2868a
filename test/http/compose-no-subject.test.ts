// Issue 8: Send with an empty subject asks once ("Send without a subject?") instead of sending, keeps what was
// typed and attached, and sends when confirmed. Plain forms: no JavaScript involved.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tokenOf } from '../helpers/app.ts';
import { PDF } from '../fixtures/messages.ts';
import { composeSuite, formFields, messagesIn, partBytes, postCompose, waitForMessage } from '../compose/compose-helpers.ts';

describe('sending without a subject', () => {
  const suite = composeSuite(['alice', 'bob']);

  it('asks once, keeping the text and the attachment, and sends when confirmed', async () => {
    const { info, t, agent, users: [alice, bob] } = suite;
    const asked = await postCompose(agent, {
      _csrf: await tokenOf(agent, '/compose'), to: bob.address, subject: '  ', body: 'The file, as promised.', action: 'send',
    }, [{ name: 'plan.pdf', type: 'application/pdf', bytes: PDF }]);
    assert.equal(asked.status, 200, asked.text.slice(0, 300));
    assert.match(asked.text, /<strong id="no-subject-question">Send without a subject\?<\/strong>/);
    assert.match(asked.text, /<button type="submit" name="action" value="send" class="primary">Send without a subject<\/button>/);
    assert.match(asked.text, /<input type="hidden" name="confirmNoSubject" value="1">/);
    assert.match(asked.text, /Your attachments are kept in Drafts meanwhile\./);
    assert.doesNotMatch(asked.text, /flash error/);
    const fields = formFields(asked.text);
    assert.equal(fields.to, bob.address);
    assert.equal(fields.body, 'The file, as promised.');
    assert.deepEqual(fields.keep, ['2'], 'the attachment is carried from the draft');
    assert.equal((await messagesIn(info, alice, 'Sent')).length, 0, 'nothing was sent');

    const sent = await postCompose(agent, { ...fields, action: 'send' });
    assert.equal(sent.status, 303, sent.text.slice(0, 300));
    const got = await waitForMessage(info, bob, /^$/);
    assert.equal(got.msg.envelope?.subject ?? '', '');
    assert.ok((await partBytes(info, bob, 'INBOX', got.uid, '2')).equals(PDF), 'the attachment arrived intact');
    assert.equal((await messagesIn(info, alice, 'Sent')).length, 1);
    assert.equal((await messagesIn(info, alice, 'Drafts')).length, 0, 'the draft that kept the file is gone');
  });

  it('asks without an attachment too, and a subject typed after the question is used', async () => {
    const { info, t, agent, users: [alice, bob] } = suite;
    const asked = await postCompose(agent, { _csrf: await tokenOf(agent, '/compose'), to: bob.address, subject: '', body: 'Hi', action: 'send' });
    assert.equal(asked.status, 200);
    assert.match(asked.text, /Send without a subject\?/);
    const sent = await postCompose(agent, { ...formFields(asked.text), subject: 'Thought of one', action: 'send' });
    assert.equal(sent.status, 303);
    await waitForMessage(info, bob, /^Thought of one$/);
  });

  it('does not ask when saving a draft, or when other fields are wrong it asks alongside their errors', async () => {
    const { info, t, agent, users: [alice, bob] } = suite;
    const saved = await postCompose(agent, { _csrf: await tokenOf(agent, '/compose'), to: bob.address, subject: '', body: 'Later', action: 'save' });
    assert.equal(saved.status, 303);
    const wrong = await postCompose(agent, { _csrf: await tokenOf(agent, '/compose'), to: 'bob@', subject: '', body: 'x', action: 'send' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /Please correct the marked fields\./);
    assert.match(wrong.text, /Send without a subject\?/);
  });
});
