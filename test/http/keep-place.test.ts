// Keeping the reader's place, against Dovecot: a message opened from page 2 of a sorted search walks that list in
// its order and goes back to it; bulk actions, delete, move, archive, "mark unread" and replies all return to the
// list as it was (or to the next message), and say what they did.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, csrfFrom, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';
import { decodeHtml, listRows } from '../helpers/list.ts';
import { plainText } from '../fixtures/messages.ts';
import { formFields, postCompose, type Agent } from '../compose/compose-helpers.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';

const flashes = (html: string) => [...html.matchAll(/<p class="flash (info|error)" role="status">([^<]*)<\/p>/g)].map((m) => decodeHtml(m[2]!));
const link = (html: string, rel: string) => {
  const href = new RegExp(`<a class="[^"]*" href="([^"]+)" rel="${rel}"`).exec(html)?.[1];
  return href ? decodeHtml(href) : undefined;
};
const backLink = (html: string) => decodeHtml(/<a class="back" href="([^"]+)"/.exec(html)![1]!);
/** The hidden fields of the message page's delete form: the list and the message to show next. */
const deleteFields = (html: string) => {
  const form = /<form method="post" action="[^"]+\/delete"[^>]*>([\s\S]*?)<\/form>/.exec(html)![1]!;
  return Object.fromEntries([...form.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1]!, decodeHtml(m[2]!)]));
};

// 16 messages: subjects sort differently from arrival, and half of them say "lunch".
const SUBJECTS = Array.from({ length: 16 }, (_, i) => `${String.fromCharCode(80 - i)}${i % 2 ? ' lunch' : ' note'} ${i}`);

describe('keeping your place in the list', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;
  let csrf: string;
  const post = (path: string, fields: Record<string, string | string[] | undefined>) => agent.post(path).type('form').send({ _csrf: csrf, ...fields });

  /** Every row of a list, all pages, in order. */
  async function wholeList(query: string): Promise<number[]> {
    const uids: number[] = [];
    for (let page = 1; ; page++) {
      const html = (await agent.get(`/mailbox/INBOX?${query}${page > 1 ? `&page=${page}` : ''}`).expect(200)).text;
      uids.push(...listRows(html).map((r) => r.uid));
      if (!/rel="next"/.test(html)) break;
    }
    return uids;
  }

  before(async () => {
    info = await sandbox();
    t = buildApp(info, { PAGE_SIZE: '5', MAIL_DOMAIN: info.mailDomain });
    user = await newUser('place');
    await appendAll(info, user, 'INBOX', SUBJECTS.map((s) => plainText(s)));
    await withImap(info, user, async (c) => {
      await c.mailboxCreate('Archive');
      await c.mailboxCreate('Later');
    });
    agent = await signIn(t.app, user);
    csrf = csrfFrom((await agent.get('/mailbox/INBOX').expect(200)).text);
  });
  after(() => t.close());

  it('opens a message from page 2 of a sorted search, walks the list in its order and goes back to the right page', async () => {
    const order = await wholeList('q=lunch&sort=subject');
    assert.equal(order.length, 8);
    const page2 = listRows((await agent.get('/mailbox/INBOX?q=lunch&sort=subject&page=2').expect(200)).text);
    assert.deepEqual(page2.map((r) => r.uid), order.slice(5));
    assert.equal(page2[0]!.href, `/message/INBOX/${order[5]}?list=${encodeURIComponent('q=lunch&sort=subject&page=2')}`);

    const first = (await agent.get(page2[0]!.href).expect(200)).text;
    assert.match(first, /6 of 8/);
    assert.equal(backLink(first), `/mailbox/INBOX?q=lunch&sort=subject&page=2#m-${order[5]}`);
    // Previous crosses back to page 1; walking with "previous" to the top of the list and back down with "next"
    // meets every message in the list's order, and "back" always names the page that holds the message.
    const walked: number[] = [];
    let href: string | undefined = link(first, 'prev');
    assert.equal(href, `/message/INBOX/${order[4]}?list=${encodeURIComponent('q=lunch&sort=subject&page=2')}`);
    let html = first;
    while (href) {
      html = (await agent.get(href).expect(200)).text;
      href = link(html, 'prev');
    }
    assert.equal(link(html, 'prev'), undefined, 'the first message has no previous');
    assert.match(backLink(html), /sort=subject#m-/, 'page 1 is left out of the link');
    for (href = `/message/INBOX/${order[0]}?list=${encodeURIComponent('q=lunch&sort=subject')}`; href; href = link(html, 'next')) {
      html = (await agent.get(href).expect(200)).text;
      walked.push(Number(/\/message\/INBOX\/(\d+)/.exec(href)![1]));
    }
    assert.deepEqual(walked, order);
    assert.equal(backLink(html), `/mailbox/INBOX?q=lunch&sort=subject&page=2#m-${order[7]}`);
  });

  it('a bulk action on page 3 of a sorted list returns to page 3 and says what it did', async () => {
    const rows = listRows((await agent.get('/mailbox/INBOX?sort=subject&page=2').expect(200)).text);
    const res = await post('/mailbox/INBOX/messages', { uid: [String(rows[0]!.uid), String(rows[1]!.uid)], action: 'seen', list: 'sort=subject&page=2' }).expect(303);
    assert.equal(res.headers.location, '/mailbox/INBOX?sort=subject&page=2');
    assert.deepEqual(flashes((await agent.get(res.headers.location!).expect(200)).text), ['Marked 2 messages as read.']);
    const moved = await post('/mailbox/INBOX/messages', { uid: String(rows[2]!.uid), action: 'move', to: 'Later', list: 'sort=subject&page=2' }).expect(303);
    assert.equal(moved.headers.location, '/mailbox/INBOX?sort=subject&page=2');
    assert.deepEqual(flashes((await agent.get(moved.headers.location!).expect(200)).text), ['Moved 1 message to Later.']);
  });

  it('delete, move and archive from the message page land on the next message of the list', async () => {
    const order = await wholeList('q=lunch&sort=subject');
    const list = 'q=lunch&sort=subject';
    const open = async (uid: number) => (await agent.get(`/message/INBOX/${uid}?list=${encodeURIComponent(list)}`).expect(200)).text;

    const fields = deleteFields(await open(order[1]!));
    assert.deepEqual(fields.then, String(order[2]));
    const deleted = await post(`/message/INBOX/${order[1]}/delete`, fields).expect(303);
    assert.equal(deleted.headers.location, `/message/INBOX/${order[2]}?list=${encodeURIComponent(list)}`);
    assert.deepEqual(flashes((await agent.get(deleted.headers.location!).expect(200)).text), ['Moved 1 message to Trash.']);

    const moved = await post(`/message/INBOX/${order[2]}/move`, { ...deleteFields(await open(order[2]!)), to: 'Later' }).expect(303);
    assert.equal(moved.headers.location, `/message/INBOX/${order[3]}?list=${encodeURIComponent(list)}`);
    assert.deepEqual(flashes((await agent.get(moved.headers.location!).expect(200)).text), ['Moved 1 message to Later.']);

    const archived = await post('/mailbox/INBOX/messages', { uid: String(order[3]), action: 'archive', ...deleteFields(await open(order[3]!)) }).expect(303);
    assert.equal(archived.headers.location, `/message/INBOX/${order[4]}?list=${encodeURIComponent(list)}`);
    assert.deepEqual(flashes((await agent.get(archived.headers.location!).expect(200)).text), ['Moved 1 message to Archive.']);

    // The last message of the list has no next one: the list, as it was.
    const last = order[order.length - 1]!;
    const lastFields = deleteFields(await open(last));
    assert.equal(lastFields.then, undefined);
    const end = await post(`/message/INBOX/${last}/delete`, lastFields).expect(303);
    assert.equal(end.headers.location, `/mailbox/INBOX?${list}`);
  });

  it('does not land on a next message that has gone meanwhile: the list instead', async () => {
    const order = await wholeList('sort=subject');
    await withImap(info, user, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageMove(String(order[1]), 'Later', { uid: true });
    });
    const res = await post(`/message/INBOX/${order[0]}/delete`, { list: 'sort=subject', then: String(order[1]) }).expect(303);
    assert.equal(res.headers.location, '/mailbox/INBOX?sort=subject');
  });

  it('"mark unread" returns to the list, with the row named', async () => {
    const [row] = listRows((await agent.get('/mailbox/INBOX?sort=subject&page=2').expect(200)).text);
    const res = await post(`/message/INBOX/${row!.uid}/flags`, { seen: '0', list: 'sort=subject&page=2' }).expect(303);
    assert.equal(res.headers.location, `/mailbox/INBOX?sort=subject&page=2#m-${row!.uid}`);
  });

  it('a reply carries the list, and sending returns to the message within it', async () => {
    const [row] = listRows((await agent.get('/mailbox/INBOX?q=lunch&page=1').expect(200)).text);
    const message = (await agent.get(row!.href).expect(200)).text;
    const replyHref = decodeHtml(/<a class="button" href="([^"]+)" data-hotkey="r">Reply</.exec(message)![1]!);
    assert.equal(replyHref, `/message/INBOX/${row!.uid}/reply?list=q%3Dlunch`);
    const form = formFields((await agent.get(replyHref).expect(200)).text);
    assert.equal(form.list, 'q=lunch');
    const saved = await postCompose(agent, { ...form, action: 'save' });
    assert.equal(saved.status, 303, saved.text.match(/class="(?:flash error|field-error)"[^>]*>([^<]*)/g)?.join(' | '));
    assert.match(saved.headers.location!, /^\/compose\?draft=\d+&origMailbox=INBOX&origUid=\d+&mode=reply&list=q%3Dlunch$/);
    const again = formFields((await agent.get(saved.headers.location!).expect(200)).text);
    assert.equal(again.list, 'q=lunch');
    const sent = await postCompose(agent, { ...again, to: user.address, action: 'send' }).expect(303);
    assert.equal(sent.headers.location, `/message/INBOX/${row!.uid}?list=q%3Dlunch`);
  });

  it('answers a malformed list with a 400 that says so, not a 500', async () => {
    const [row] = listRows((await agent.get('/mailbox/INBOX').expect(200)).text);
    const bad = await agent.get(`/message/INBOX/${row!.uid}?list=${encodeURIComponent('sort=sideways')}`).expect(400);
    assert.match(bad.text, /Sort by date, from, subject or size/);
    await post('/mailbox/INBOX/messages', { uid: String(row!.uid), action: 'seen', list: 'page=0' }).expect(400);
    await post('/mailbox/INBOX/messages', { uid: String(row!.uid), action: 'seen', then: 'x' }).expect(400);
  });
});
