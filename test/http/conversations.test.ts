// Conversations against Dovecot (THREAD=REFERENCES): the conversation view of a 12-message discussion with the
// user's own replies from Sent, collapsed quotes, one row per conversation as a setting, and actions on a whole
// conversation through its action bar.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { discussion, rawMail } from '../fixtures/thread.ts';
import { plainText } from '../fixtures/messages.ts';
import { buildApp, csrfFrom, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';
import { eventually } from '../helpers/live.ts';
import { saveSettings } from './settings-helpers.ts';

type Agent = ReturnType<typeof supertest.agent>;

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

describe('conversations against Dovecot', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;

  /** A discussion of `count`, the `own` positions in Sent, the rest in INBOX; returns the INBOX UIDs in order. */
  async function arrange(topic: string, count: number, own: number[]) {
    const mails = discussion({ count, own, self: `Me <${user.address}>`, other: 'Dana <dana@example.com>', topic });
    const inbox = await appendAll(info, user, 'INBOX', mails.filter((_, i) => !own.includes(i)).map(rawMail));
    const sent = await appendAll(info, user, 'Sent', mails.filter((_, i) => own.includes(i)).map(rawMail), ['\\Seen']);
    return { mails, inbox, sent };
  }
  const flagsIn = (mailbox: string) => withImap(info, user, async (c) => {
    const box = await c.mailboxOpen(mailbox, { readOnly: true });
    const out = new Map<number, Set<string>>();
    if (box.exists) for await (const m of c.fetch('1:*', { uid: true, flags: true })) out.set(m.uid, m.flags ?? new Set());
    return out;
  });

  before(async () => {
    info = await sandbox();
    t = buildApp(info);
    user = await newUser('conv');
    agent = await signIn(t.app, user);
  });
  after(() => t.close());

  it('shows a 12-message discussion together and in order, with the user\'s own replies from Sent', async () => {
    const own = [1, 4, 7, 10];
    const { inbox } = await arrange('Budget 2027', 12, own);
    await appendAll(info, user, 'INBOX', [plainText('Unrelated lunch')]);
    // Opened from a message in the middle of the discussion.
    const page = await agent.get(`/conversation/INBOX/${inbox[3]}`).expect(200);
    const html = decode(page.text);
    const numbers = [...html.matchAll(/<li id="c-(s?)(\d+)">/g)].map((m) => m[1] ? `sent:${m[2]}` : `inbox:${m[2]}`);
    assert.equal(numbers.length, 12, 'all twelve messages');
    // In date order: each body frame is the message's; its number is in the body, so read the bodies in page order.
    const bodies = [...html.matchAll(/src="(\/message\/[^"]+\/body\?quotes=fold)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    assert.equal(bodies.length, 12);
    for (const [i, href] of bodies.entries()) {
      const body = await agent.get(href).expect(200);
      assert.match(body.text, new RegExp(`Message number ${i} of Budget 2027`), `message ${i} in place ${i}`);
      // Every reply quotes: the quote is folded behind a summary, in a frame that runs no script.
      if (i > 0) assert.match(body.text, /<details class="quoted"><summary>Show quoted text<\/summary><blockquote class="quote">/);
    }
    assert.equal(html.match(/class="in-folder">in Sent</g)?.length, own.length, 'the own replies say they are in Sent');
    assert.doesNotMatch(html, /Unrelated lunch/);
    // The action bar acts on the eight messages of INBOX.
    assert.match(html, new RegExp(`name="uid" value="${inbox.join(',')}"`));
    // Opening the conversation marked its INBOX messages read, as opening a message does.
    const flags = await flagsIn('INBOX');
    for (const uid of inbox) assert.ok(flags.get(uid)!.has('\\Seen'), `${uid} read`);
  });

  it('lists one row per conversation with its count when the setting says so, and one per message otherwise', async () => {
    const { inbox } = await arrange('Offsite plans', 5, [2]);
    // The list is served from the session's cache while IDLE watches INBOX: another client's APPEND shows within
    // about a second (DESIGN.md, the session cache), so wait for it rather than for a fixed time.
    await eventually(10_000, 'the new mail listed, one row per message', async () =>
      decode((await agent.get('/mailbox/INBOX').expect(200)).text).match(/class="subject">(Re: )?Offsite plans/g)?.length === 4);
    const saved = await saveSettings(agent, { listMode: 'conversations' });
    assert.equal(saved.status, 303);
    const grouped = decode((await agent.get('/mailbox/INBOX').expect(200)).text);
    const row = new RegExp(`<li class="msg [^"]*" data-uid="${inbox.at(-1)}">[\\s\\S]*?</li>`).exec(grouped)?.[0] ?? '';
    assert.match(row, /Offsite plans <span class="thread-count" aria-hidden="true">4<\/span>/);
    assert.match(row, /<span class="visually-hidden">, 4 messages<\/span>/);
    assert.match(row, new RegExp(`name="uid" value="${inbox.join(',')}"`), 'its box holds the whole conversation');
    assert.match(row, new RegExp(`href="/conversation/INBOX/${inbox.at(-1)}"`));
    assert.equal(grouped.match(/class="subject">(Re: )?Offsite plans/g)?.length, 1);
    await saveSettings(agent, { listMode: 'messages' });
  });

  it('archives, marks read, moves and deletes whole conversations from the conversation view', async () => {
    const token = await tokenOf(agent);
    const act = async (uids: number[], action: string, extra: Record<string, string> = {}) => {
      const res = await agent.post('/mailbox/INBOX/messages').type('form').send({ _csrf: token, uid: uids.join(','), action, ...extra }).expect(303);
      assert.equal(res.headers.location, '/mailbox/INBOX');
    };
    await withImap(info, user, (c) => c.mailboxCreate('Projects'));
    const a = await arrange('Archive me', 3, []);
    const b = await arrange('Read me', 3, []);
    const c = await arrange('Move me', 3, []);
    const d = await arrange('Delete me', 3, []);
    await agent.get('/mailbox/INBOX').expect(200);

    await act(b.inbox, 'seen');
    const read = await flagsIn('INBOX');
    for (const uid of b.inbox) assert.ok(read.get(uid)!.has('\\Seen'));
    await act(a.inbox, 'archive');
    await act(c.inbox, 'move', { to: 'Projects' });
    await act(d.inbox, 'delete');
    const left = await flagsIn('INBOX');
    for (const uid of [...a.inbox, ...c.inbox, ...d.inbox]) assert.ok(!left.has(uid), `${uid} left INBOX`);
    for (const uid of b.inbox) assert.ok(left.has(uid));
    assert.equal((await flagsIn('Archive')).size >= 3, true);
    assert.equal((await flagsIn('Projects')).size, 3);
    assert.equal((await flagsIn('Trash')).size, 3);
  });

  it('marks read, labels and deletes the user\'s own replies in Sent with the conversation; archive and move leave them in Sent', async () => {
    /** A discussion whose own messages in Sent are unread (another client left them so), opened as a conversation. */
    const setUp = async (topic: string) => {
      const mails = discussion({ count: 4, own: [1, 3], self: `Me <${user.address}>`, other: 'Dana <dana@example.com>', topic });
      const inbox = await appendAll(info, user, 'INBOX', [mails[0]!, mails[2]!].map(rawMail));
      const sent = await appendAll(info, user, 'Sent', [mails[1]!, mails[3]!].map(rawMail));
      const html = decode((await agent.get(`/conversation/INBOX/${inbox[1]}`).expect(200)).text);
      assert.equal(html.match(/class="in-folder">in Sent</g)?.length, 2, 'the view shows both Sent messages');
      const fields = { uid: /name="uid" value="([^"]*)"/.exec(html)![1]!, conversation: /name="conversation" value="([^"]*)"/.exec(html)?.[1] ?? '' };
      return { inbox, sent, fields, token: csrfFrom(html) };
    };
    const post = async (c: Awaited<ReturnType<typeof setUp>>, action: string, extra: Record<string, string> = {}) => {
      const res = await agent.post('/mailbox/INBOX/messages').type('form').send({ _csrf: c.token, ...c.fields, action, ...extra }).expect(303);
      return res.headers.location;
    };
    const ids = async (mailbox: string) => withImap(info, user, async (c) => {
      const box = await c.mailboxOpen(mailbox, { readOnly: true });
      const out = new Map<string, Set<string>>();
      if (box.exists) for await (const m of c.fetch('1:*', { envelope: true, flags: true })) out.set(m.envelope!.messageId!, m.flags ?? new Set());
      return out;
    });
    const idOf = (topic: string, i: number) => `<${topic.replace(/\W+/g, '-')}-${i}@thread.test>`;

    const read = await setUp('Sent read too');
    await post(read, 'seen');
    let sent = await ids('Sent');
    for (const i of [1, 3]) assert.ok(sent.get(idOf('Sent read too', i))?.has('\\Seen'), `own reply ${i} marked read`);

    await post(read, 'label', { label: '$label2' });
    sent = await ids('Sent');
    for (const i of [1, 3]) assert.ok(sent.get(idOf('Sent read too', i))?.has('$label2'), `own reply ${i} labelled`);
    const inboxFlags = await ids('INBOX');
    for (const i of [0, 2]) assert.ok(inboxFlags.get(idOf('Sent read too', i))?.has('$label2'), `message ${i} labelled`);
    await post(read, 'unlabel', { label: '$label2' });
    assert.ok(!(await ids('Sent')).get(idOf('Sent read too', 1))?.has('$label2'), 'and unlabelled');

    const archived = await setUp('Sent stays on archive');
    await post(archived, 'archive');
    sent = await ids('Sent');
    for (const i of [1, 3]) assert.ok(sent.has(idOf('Sent stays on archive', i)), `own reply ${i} still in Sent`);
    const archive = await ids('Archive');
    for (const i of [0, 2]) assert.ok(archive.has(idOf('Sent stays on archive', i)));
    assert.ok(!archive.has(idOf('Sent stays on archive', 1)));

    const deleted = await setUp('Sent goes on delete');
    assert.equal(await post(deleted, 'delete'), '/mailbox/INBOX');
    sent = await ids('Sent');
    const trash = await ids('Trash');
    for (const i of [0, 1, 2, 3]) assert.ok(trash.has(idOf('Sent goes on delete', i)), `message ${i} in Trash`);
    for (const i of [1, 3]) assert.ok(!sent.has(idOf('Sent goes on delete', i)), `own reply ${i} gone from Sent`);
    // The page's flash counts all four.
    assert.match(decode((await agent.get('/mailbox/INBOX').expect(200)).text), /Moved 4 messages to Trash/);
    // A message acted on alone (the list of messages, no conversation field) stays a message.
    const alone = await setUp('Only this one');
    await agent.post('/mailbox/INBOX/messages').type('form').send({ _csrf: alone.token, uid: alone.fields.uid, action: 'seen' }).expect(303);
    assert.ok(!(await ids('Sent')).get(idOf('Only this one', 1))?.has('\\Seen'));
  });

  it('makes the list of conversations\' action bar act on whole conversations, own replies included', async () => {
    await saveSettings(agent, { listMode: 'conversations' });
    try {
      const html = decode((await agent.get('/mailbox/INBOX').expect(200)).text);
      assert.match(html, /<input type="hidden" name="conversation" value="1">/);
    } finally {
      await saveSettings(agent, { listMode: 'messages' });
    }
    assert.doesNotMatch(decode((await agent.get('/mailbox/INBOX').expect(200)).text), /name="conversation"/);
  });

  it('answers a conversation of a message that is not there with a 404, not a 500', async () => {
    await agent.get('/conversation/INBOX/999999').expect(404);
    await agent.get('/conversation/INBOX/zero').expect(400);
  });
});
