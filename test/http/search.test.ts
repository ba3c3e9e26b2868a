// The mailbox page's search and sort against the seeded demo account: results checked against IMAP itself,
// links that carry the search on, and bad input answered with the form again.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { DEMO } from '../../sandbox/demo-mail.ts';
import { sortOnServer, sortOrder } from '../../src/mail/finding/sort.ts';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { demoUser } from '../helpers/demo.ts';
import { sandbox, type TestUser } from '../helpers/env.ts';
import { withImap } from '../helpers/imap.ts';
import { decodeHtml, listRows, sortHead } from '../helpers/list.ts';

type Agent = ReturnType<typeof supertest.agent>;

const decode = decodeHtml;
const rows = listRows;
const header = sortHead;
const nextLink = (html: string) => /<a href="([^"]+)" rel="next">/.exec(html)?.[1];
const url = (path: string, query: Record<string, string>) => `${path}?${new URLSearchParams(query)}`;

describe('searching and sorting the mailbox page', () => {
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;

  before(async () => {
    t = buildApp(await sandbox());
    user = await demoUser();
    agent = await signIn(t.app, user);
  });
  after(() => t.close());

  it('searches From, To, Subject and body with the one box, newest first, and says how many it found', async () => {
    const res = await agent.get(url('/mailbox/INBOX', { q: 'Grüße' })).expect(200);
    const found = rows(res.text);
    const expected = await withImap(await sandbox(), user, async (c) => {
      await c.mailboxOpen('INBOX');
      const uids = (await c.search({ or: [{ from: 'Grüße' }, { to: 'Grüße' }, { subject: 'Grüße' }, { body: 'Grüße' }] }, { uid: true })) || [];
      const dates = new Map<number, number>();
      for await (const m of c.fetch(uids.join(','), { uid: true, envelope: true }, { uid: true })) dates.set(m.uid, new Date(m.envelope?.date ?? 0).getTime());
      return { uids, dates };
    });
    assert.ok(expected.uids.length >= 2);
    assert.deepEqual(found.map((r) => r.uid).sort((a, b) => a - b), expected.uids);
    const dates = found.map((r) => expected.dates.get(r.uid)!);
    assert.deepEqual(dates, [...dates].sort((a, b) => b - a), 'newest Date header first');
    assert.ok(found.some((r) => r.subject === DEMO.subjects.nonAscii));
    assert.match(decode(res.text), new RegExp(`${expected.uids.length} results for “Grüße”`));
    assert.match(res.text, /<a class="clear-search" href="\/mailbox\/INBOX">Clear search<\/a>/);
  });

  it('finds Japanese text and a body phrase in a legacy charset', async () => {
    const tokyo = rows((await agent.get(url('/mailbox/INBOX', { q: '東京の会議' })).expect(200)).text);
    assert.deepEqual(tokyo.map((r) => r.subject), [DEMO.subjects.nonAscii]);
    const sample = DEMO.charsets.find((c) => c.charset === 'shift_jis')!;
    const estimate = rows((await agent.get(url('/mailbox/INBOX', { q: sample.phrase })).expect(200)).text);
    assert.deepEqual(estimate.map((r) => r.subject), [sample.subject]);
  });

  it('treats text that looks like IMAP or HTML as text: no error, escaped on the page', async () => {
    const imap = await agent.get(url('/mailbox/INBOX', { q: '"x" OR (ALL' })).expect(200);
    assert.match(decode(imap.text), /No results for “"x" OR \(ALL”/);
    assert.doesNotMatch(imap.text, /This folder is empty/, 'an empty result is not an empty folder');
    const html = await agent.get(url('/mailbox/INBOX', { q: '<script>alert(1)</script>' })).expect(200);
    assert.doesNotMatch(html.text, /<script>alert/);
    assert.match(html.text, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
  });

  it('narrows with the advanced fields, opens them when used and describes the search', async () => {
    const res = await agent.get(url('/mailbox/INBOX', { q: '', from: 'bob@example.net', attachment: '1', filter: '', sort: 'date', order: 'desc' })).expect(200);
    const expected = await withImap(await sandbox(), user, async (c) => {
      await c.mailboxOpen('INBOX');
      const fromBob = (await c.search({ from: 'bob@example.net' }, { uid: true })) || [];
      const withFiles: number[] = [];
      for await (const m of c.fetch(fromBob.join(','), { uid: true, headers: ['content-type'] }, { uid: true })) {
        if (/^content-type:\s*(multipart\/(mixed|report)|application\/)/im.test(m.headers?.toString() ?? '')) withFiles.push(m.uid);
      }
      return withFiles;
    });
    assert.ok(expected.length > 0);
    assert.deepEqual(rows(res.text).map((r) => r.uid).sort((a, b) => a - b), expected);
    assert.match(res.text, /<details class="search-more" open>/);
    assert.match(res.text, /name="from" value="bob@example.net"/);
    assert.match(res.text, /name="attachment" value="1" checked/);
    assert.match(decode(res.text), new RegExp(`${expected.length} results?: from “bob@example.net”, with attachments`));
    const plain = await agent.get('/mailbox/INBOX').expect(200);
    assert.match(plain.text, /<details class="search-more">/);
    assert.doesNotMatch(plain.text, /clear-search|search-summary/);
  });

  it('shows unread or flagged mail only, with the count the server has', async () => {
    const counts = await withImap(await sandbox(), user, async (c) => {
      await c.mailboxOpen('INBOX');
      return { unseen: ((await c.search({ seen: false }, { uid: true })) || []).length, flagged: ((await c.search({ flagged: true }, { uid: true })) || []).length };
    });
    const unread = await agent.get('/mailbox/INBOX?filter=unseen').expect(200);
    assert.equal(rows(unread.text).length, counts.unseen);
    assert.ok(!/<li class="msg read/.test(unread.text));
    assert.match(unread.text, new RegExp(`${counts.unseen} results: unread`));
    const flagged = await agent.get('/mailbox/INBOX?filter=flagged').expect(200);
    assert.equal(rows(flagged.text).length, counts.flagged);
  });

  it('sorts by a column header, turns the order round on a second click and keeps the search', async () => {
    const plain = await agent.get('/mailbox/INBOX').expect(200);
    assert.deepEqual(header(plain.text, 'Date'), { sorted: 'descending', href: '/mailbox/INBOX?sort=date&order=asc' });
    assert.deepEqual(header(plain.text, 'From'), { sorted: undefined, href: '/mailbox/INBOX?sort=from' });
    assert.deepEqual(header(plain.text, 'Size'), { sorted: undefined, href: '/mailbox/INBOX?sort=size' });
    const byFrom = await agent.get('/mailbox/INBOX?q=example&sort=from').expect(200);
    assert.deepEqual(header(byFrom.text, 'From'), { sorted: 'ascending', href: '/mailbox/INBOX?q=example&sort=from&order=desc' });
    assert.deepEqual(header(byFrom.text, 'Date'), { sorted: undefined, href: '/mailbox/INBOX?q=example' });
    assert.deepEqual(header(byFrom.text, 'Subject'), { sorted: undefined, href: '/mailbox/INBOX?q=example&sort=subject' });
    const sent = await agent.get('/mailbox/Sent').expect(200);
    assert.match(sent.text, /<span class="party">To<\/span>/, 'in Sent the party column shows recipients and is not a sender sort');
  });

  it('pages through a sorted search with every parameter in the links, in the order of the server\'s SORT', async () => {
    const expected = await withImap(await sandbox(), user, async (c) => {
      await c.mailboxOpen('INBOX');
      return sortOnServer(c, { text: 'example' }, sortOrder('subject', 'desc'));
    });
    assert.ok(expected.length > 100, 'several pages of results');
    const seen: number[] = [];
    let next: string | undefined = '/mailbox/INBOX?q=example&sort=subject&order=desc';
    for (let page = 1; next; page++) {
      const res = await agent.get(decode(next)).expect(200);
      seen.push(...rows(res.text).map((r) => r.uid));
      assert.match(res.text, new RegExp(`Page ${page} of ${Math.ceil(expected.length / 50)}`));
      next = nextLink(res.text);
      if (next) assert.equal(decode(next), `/mailbox/INBOX?q=example&sort=subject&order=desc&page=${page + 1}`);
    }
    assert.deepEqual(seen, expected);
  });

  const bad: [string, Record<string, string | string[]>, string, RegExp][] = [
    ['a day that is not in the calendar', { q: 'lunch', since: '2026-02-30' }, 'since', /&#34;Since&#34; is not a date in the calendar/],
    ['"Before" not after "Since"', { since: '2026-03-05', before: '2026-03-01' }, 'before', /&#34;Before&#34; must be a later day than &#34;Since&#34;/],
    ['a date in another format', { before: '05.03.2026' }, 'before', /written as YYYY-MM-DD/],
    ['search text with a line break', { q: 'lunch\r\nA1 LOGOUT' }, 'q', /control characters/],
    ['search text given twice', { q: ['a', 'b'] }, 'q', /given more than once/],
    ['search text of 201 characters', { q: 'x'.repeat(201) }, 'q', /200 characters at most/],
  ];
  for (const [what, query, field, message] of bad) {
    it(`answers ${what} with the form again: 400, the input kept and the error next to the field`, async () => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) for (const one of [v].flat()) params.append(k, one);
      const res = await agent.get(`/mailbox/INBOX?${params}`).expect(400);
      assert.match(res.text, message);
      assert.match(res.text, new RegExp(`id="search-${field}-error"`));
      assert.match(res.text, new RegExp(`name="${field}" value="[^"]*"[^>]* aria-invalid="true"`));
      if (query.q && !Array.isArray(query.q) && !/[\r\n]/.test(query.q)) assert.match(res.text, new RegExp(`name="q" value="${query.q}"`));
      assert.equal(rows(res.text).length, 0);
      assert.match(res.text, /<nav class="folders"/);
      assert.doesNotMatch(res.text, /at .*\.ts:\d+/);
    });
  }

  it('answers an unknown sort key or filter with 400 and says what is allowed', async () => {
    assert.match((await agent.get('/mailbox/INBOX?sort=sideways').expect(400)).text, /Sort by date, from, subject or size\./);
    assert.match((await agent.get('/mailbox/INBOX?filter=answered').expect(400)).text, /Show must be unseen or flagged/);
    assert.match((await agent.get('/mailbox/INBOX?order=up').expect(400)).text, /The order must be asc or desc\./);
  });
});
