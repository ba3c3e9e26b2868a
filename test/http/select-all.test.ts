// Selecting many, against Dovecot with 400 messages: every box of a page ticked without JavaScript, "all 400"
// (the server picks the UIDs of the folder or of the search, confirms the count, then acts on exactly those),
// mark all read, and emptying the Trash and Junk after a confirmation that counts what goes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, csrfFrom, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';
import { decodeHtml, listRows } from '../helpers/list.ts';
import { plainText } from '../fixtures/messages.ts';
import type { Agent } from '../compose/compose-helpers.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';

const flashes = (html: string) => [...html.matchAll(/<p class="flash (info|error)" role="status">([^<]*)<\/p>/g)].map((m) => decodeHtml(m[2]!));
/** The confirm page's hidden fields and its question. */
const confirmForm = (html: string) => ({
  question: decodeHtml(/<p class="question">([^<]*)<\/p>/.exec(html)?.[1] ?? ''),
  details: [...html.matchAll(/<p class="detail">([^<]*)<\/p>/g)].map((m) => decodeHtml(m[1]!)),
  action: decodeHtml(/<form method="post" action="([^"]+)" class="confirm">/.exec(html)![1]!),
  fields: Object.fromEntries([...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].filter((m) => m[1] !== '_csrf').map((m) => [m[1]!, decodeHtml(m[2]!)])),
});

describe('selecting many messages', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;
  let csrf: string;
  const post = (path: string, fields: Record<string, string | string[] | undefined>) => agent.post(path).type('form').send({ _csrf: csrf, ...fields });
  /** UIDs of a folder with and without \Seen, seen from another client. */
  const state = (mailbox: string) => withImap(info, user, async (c) => {
    const box = await c.mailboxOpen(mailbox, { readOnly: true });
    const seen: number[] = [];
    const unseen: number[] = [];
    if (box.exists) for await (const m of c.fetch('1:*', { uid: true, flags: true })) (m.flags?.has('\\Seen') ? seen : unseen).push(m.uid);
    return { seen, unseen, all: [...seen, ...unseen].sort((a, b) => a - b) };
  });

  before(async () => {
    info = await sandbox();
    t = buildApp(info);
    user = await newUser('many');
    // 400 messages; every fourth one is about lunch.
    await appendAll(info, user, 'INBOX', Array.from({ length: 400 }, (_, i) => plainText(`Bulk ${i}${i % 4 === 0 ? ' lunch' : ''}`)));
    await withImap(info, user, async (c) => {
      await c.mailboxCreate('Lunches');
    });
    agent = await signIn(t.app, user);
    csrf = csrfFrom((await agent.get('/mailbox/INBOX').expect(200)).text);
  });
  after(() => t.close());

  it('ticks every box of the page without JavaScript, and offers all 400', async () => {
    const plain = (await agent.get('/mailbox/INBOX').expect(200)).text;
    assert.doesNotMatch(plain, /name="uid" value="\d+"[^>]* checked/);
    assert.match(plain, /<label class="all-matching" hidden>/);
    const ticked = (await agent.get('/mailbox/INBOX?select=page').expect(200)).text;
    const boxes = [...ticked.matchAll(/<input type="checkbox" name="uid" value="\d+"[^>]*>/g)].map((m) => m[0]);
    assert.equal(boxes.length, 50);
    assert.ok(boxes.every((b) => b.endsWith(' checked>')));
    assert.match(ticked, /<label class="all-matching"><input type="checkbox" name="all" value="1"> Select all 400 messages in Inbox, on every page<\/label>/);
  });

  it('marks all 400 read after a confirmation with the count, and leaves mail that arrived meanwhile alone', async () => {
    const asked = await post('/mailbox/INBOX/messages', { all: '1', action: 'seen', uid: ['1', '2'] }).expect(200);
    const confirm = confirmForm(asked.text);
    assert.equal(confirm.question, 'Mark 400 messages in Inbox as read?');
    assert.equal(confirm.fields.all, '1');
    assert.equal(confirm.fields.upto, '400');
    assert.equal((await state('INBOX')).unseen.length, 400, 'nothing happens before the confirmation');
    const [late] = await appendAll(info, user, 'INBOX', [plainText('Arrived while you were reading the question')]);
    const res = await post(confirm.action, confirm.fields).expect(303);
    assert.equal(res.headers.location, '/mailbox/INBOX');
    assert.deepEqual(flashes((await agent.get('/mailbox/INBOX').expect(200)).text), ['Marked 400 messages as read.']);
    assert.deepEqual((await state('INBOX')).unseen, [late]);
  });

  it('moves every message of a search, on every page, and only those', async () => {
    const page = (await agent.get('/mailbox/INBOX?q=lunch&select=page').expect(200)).text;
    assert.match(page, /Select all 100 results, on every page/);
    assert.match(page, /<input type="hidden" name="list" value="q=lunch">/);
    const asked = await post('/mailbox/INBOX/messages', { all: '1', action: 'move', to: 'Lunches', list: 'q=lunch' }).expect(200);
    const confirm = confirmForm(asked.text);
    assert.equal(confirm.question, 'Move 100 messages from Inbox to Lunches?');
    assert.deepEqual(confirm.details[0], 'These are all the messages matching “lunch”, on every page.');
    assert.equal(confirm.fields.list, 'q=lunch');
    const res = await post(confirm.action, confirm.fields).expect(303);
    assert.equal(res.headers.location, '/mailbox/INBOX?q=lunch');
    assert.deepEqual(flashes((await agent.get(res.headers.location!).expect(200)).text), ['Moved 100 messages to Lunches.']);
    assert.equal((await state('Lunches')).all.length, 100);
    assert.equal((await state('INBOX')).all.length, 301);
  });

  it('asks for the folder of a move before confirming, and says when nothing matches', async () => {
    const noFolder = await post('/mailbox/INBOX/messages', { all: '1', action: 'move' }).expect(303);
    assert.deepEqual(flashes((await agent.get(noFolder.headers.location!).expect(200)).text), ['Choose the folder to move the messages to.']);
    const none = await post('/mailbox/INBOX/messages', { all: '1', action: 'seen', list: 'q=nothing+like+this' }).expect(303);
    assert.deepEqual(flashes((await agent.get(none.headers.location!).expect(200)).text), ['No messages match: nothing was done.']);
  });

  it('marks a whole folder read with one button', async () => {
    await withImap(info, user, async (c) => {
      await c.mailboxOpen('Lunches');
      await c.messageFlagsRemove('1:*', ['\\Seen']);
    });
    const page = (await agent.get('/mailbox/Lunches').expect(200)).text;
    assert.match(page, /action="\/mailbox\/Lunches\/read-all"/);
    const res = await post('/mailbox/Lunches/read-all', { list: 'sort=subject' }).expect(303);
    assert.equal(res.headers.location, '/mailbox/Lunches?sort=subject');
    assert.deepEqual(flashes((await agent.get(res.headers.location!).expect(200)).text), ['Marked 100 messages in Lunches as read.']);
    assert.equal((await state('Lunches')).unseen.length, 0);
    assert.doesNotMatch((await agent.get('/mailbox/Lunches').expect(200)).text, /read-all/, 'no button when nothing is unread');
  });

  it('empties the Trash after a confirmation that counts what goes, keeping mail that arrives meanwhile', async () => {
    await withImap(info, user, async (c) => {
      await c.mailboxOpen('Lunches');
      await c.messageMove('1:30', 'Trash');
      await c.mailboxOpen('Trash');
      await c.messageFlagsRemove('1:*', ['\\Seen']);
      await c.messageFlagsAdd('1:25', ['\\Seen']);
    });
    const page = (await agent.get('/mailbox/Trash').expect(200)).text;
    assert.match(page, />Empty Trash…<\/button>/);
    const asked = await post('/mailbox/Trash/empty', {}).expect(200);
    const confirm = confirmForm(asked.text);
    assert.equal(confirm.question, 'Delete all 30 messages in Trash for good?');
    assert.equal(confirm.details[0], '5 of them are unread.');
    assert.equal((await state('Trash')).all.length, 30, 'nothing is deleted before the confirmation');
    const [late] = await appendAll(info, user, 'Trash', [plainText('Deleted on the phone meanwhile')]);
    const res = await post(confirm.action, confirm.fields).expect(303);
    assert.deepEqual(flashes((await agent.get(res.headers.location!).expect(200)).text), ['Emptied Trash: deleted 30 messages for good.']);
    assert.deepEqual((await state('Trash')).all, [late]);
  });

  it('empties Junk too, and refuses to empty any other folder', async () => {
    await withImap(info, user, async (c) => {
      await c.mailboxOpen('Lunches');
      await c.messageMove('1:3', 'Junk');
    });
    const confirm = confirmForm((await post('/mailbox/Junk/empty', {}).expect(200)).text);
    assert.equal(confirm.question, 'Delete all 3 messages in Junk for good?');
    await post(confirm.action, confirm.fields).expect(303);
    assert.equal((await state('Junk')).all.length, 0);
    const refused = await post('/mailbox/INBOX/empty', { confirm: 'yes' }).expect(400);
    assert.match(refused.text, /Only the Trash and Junk folders can be emptied/);
    assert.equal((await state('INBOX')).all.length, 301);
  });
});
