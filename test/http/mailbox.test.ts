import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { DEMO } from '../../sandbox/demo-mail.ts';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { demoUser } from '../helpers/demo.ts';
import { sandbox, type TestUser } from '../helpers/env.ts';
import { withImap } from '../helpers/imap.ts';
import { listRows } from '../helpers/list.ts';

type Agent = ReturnType<typeof supertest.agent>;

const rows = listRows;

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#34;/g, '"');

describe('the mailbox page against the seeded demo account', () => {
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;
  let inbox: { exists: number; unseen: number; newest: number[] };

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await demoUser();
    inbox = await withImap(info, user, async (c) => {
      const box = await c.mailboxOpen('INBOX');
      const unseen = (await c.search({ seen: false }, { uid: true })) || [];
      const newest: number[] = [];
      for await (const m of c.fetch(`${box.exists - 49}:*`, { uid: true })) newest.push(m.uid);
      return { exists: box.exists, unseen: unseen.length, newest: newest.sort((a, b) => b - a) };
    });
    agent = await signIn(t.app, user);
  });
  after(() => t.close());

  it('shows INBOX newest first, 50 to a page, with read/unread state from the server', async () => {
    const res = await agent.get('/mailbox/INBOX').expect(200);
    const list = rows(res.text);
    assert.equal(list.length, 50);
    assert.deepEqual(list.map((r) => r.uid), inbox.newest);
    assert.match(res.text, new RegExp(`${inbox.exists} messages`));
    assert.match(res.text, new RegExp(`Page 1 of ${Math.ceil(inbox.exists / 50)}`));
    assert.ok(list.some((r) => r.unread) && list.some((r) => !r.unread));
  });

  it('shows the folder tree with special-use folders first, nested user folders and unread counts', async () => {
    const res = await agent.get('/mailbox/INBOX').expect(200);
    const nav = /<nav class="folders"[\s\S]*?<\/nav>/.exec(res.text)![0];
    const names = [...nav.matchAll(/<li class="depth-(\d)[^"]*">\s*<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [Number(m[1]), decode(m[3]!), m[2]]);
    assert.deepEqual(names.slice(0, 6).map((n) => n[1]), ['Inbox', 'Drafts', 'Sent', 'Archive', 'Junk', 'Trash']);
    assert.ok(names.some(([depth, name, href]) => depth === 1 && name === 'Postern' && href === '/mailbox/Projects%2FPostern'));
    assert.ok(names.some(([, name]) => name === 'Reisen – Zürich'));
    assert.match(nav, new RegExp(`<span class="unseen" title="${inbox.unseen} unread">${inbox.unseen}</span>`));
  });

  it('pages through the whole mailbox without gaps or repeats', async () => {
    const pages = Math.ceil(inbox.exists / 50);
    const seen = new Set<number>();
    for (let page = 1; page <= pages; page++) {
      const res = await agent.get(`/mailbox/INBOX${page > 1 ? `?page=${page}` : ''}`).expect(200);
      for (const r of rows(res.text)) {
        assert.ok(!seen.has(r.uid), `UID ${r.uid} repeated`);
        seen.add(r.uid);
      }
      if (page < pages) assert.match(res.text, /rel="next"/);
      else assert.doesNotMatch(res.text, /rel="next"/);
    }
    assert.equal(seen.size, inbox.exists);
  });

  it('sends a page past the end to the last page of the same list, not to an error', async () => {
    const last = Math.ceil(inbox.exists / 50);
    const res = await agent.get('/mailbox/INBOX?page=999&sort=from').expect(302);
    assert.equal(res.headers.location, `/mailbox/INBOX?sort=from&page=${last}`);
    assert.ok(rows((await agent.get(res.headers.location!).expect(200)).text).length > 0);
  });

  it('opens nested and non-ASCII folders by their percent-encoded path', async () => {
    const nested = await agent.get('/mailbox/Projects%2FPostern').expect(200);
    assert.ok(rows(nested.text).length > 0);
    const zurich = await agent.get(`/mailbox/${encodeURIComponent('Reisen – Zürich')}`).expect(200);
    assert.ok(rows(zurich.text).length > 0);
    const empty = await agent.get('/mailbox/Projects%2FIdeas').expect(200);
    assert.match(empty.text, /This folder is empty/);
  });

  it('shows recipients in Sent and RFC 2047 subjects decoded', async () => {
    const sent = await agent.get('/mailbox/Sent').expect(200);
    assert.match(sent.text, /<span class="party"[^>]*>To: /);
    const all = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9].map((p) => agent.get(`/mailbox/INBOX?page=${p}`)));
    assert.ok(all.some((r) => decode(r.text).includes(DEMO.subjects.nonAscii)), 'the non-ASCII subject is shown decoded');
  });

  it('marks attachments and flags in the list', async () => {
    const all = (await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9].map((p) => agent.get(`/mailbox/INBOX?page=${p}`)))).map((r) => r.text).join('');
    assert.match(all, /attachment-mark/);
    assert.match(all, /flag-mark/);
  });

  const bad: [string, string, number][] = [
    ['a folder that does not exist', '/mailbox/Nope', 404],
    ['page 0', '/mailbox/INBOX?page=0', 400],
    ['a non-numeric page', '/mailbox/INBOX?page=two', 400],
    ['a folder name with a NUL', '/mailbox/IN%00BOX', 400],
  ];
  for (const [what, url, status] of bad) {
    it(`answers ${status} to ${what}`, async () => {
      const res = await agent.get(url).expect(status);
      assert.doesNotMatch(res.text, /at .*\.ts:\d+/);
    });
  }
});
