// Nothing behind sign-in stays in the browser's cache: every route family, its redirects and its error pages carry
// Cache-Control: no-store (and no ETag), and so does the sign-in page; static files keep their caching.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { buildApp, csrfFrom, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll } from '../helpers/imap.ts';
import { htmlWithInlineImage } from '../fixtures/messages.ts';
import { postCompose } from '../compose/compose-helpers.ts';

type Agent = ReturnType<typeof supertest.agent>;

describe('Cache-Control on everything behind sign-in', () => {
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;
  let uid: number;

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await newUser('nostore');
    [uid] = await appendAll(info, user, 'INBOX', [htmlWithInlineImage('Cached?')]) as [number];
    agent = await signIn(t.app, user);
  });
  after(() => t.close());

  const gets: [string, number][] = [
    ['/', 302],
    ['/mailbox/INBOX', 200],
    ['/mailbox/INBOX?q=cached', 200],
    ['/message/INBOX/UID', 200],
    ['/message/INBOX/UID/body', 200],
    ['/message/INBOX/UID/body?remote=1', 200],
    ['/message/INBOX/UID/part/1.2', 200], // the cid image, served inline
    ['/message/INBOX/UID/part/2', 200], // the PDF download
    ['/message/INBOX/UID/raw', 200],
    ['/message/INBOX/UID/reply', 200],
    ['/message/INBOX/UID/reply-all', 200],
    ['/message/INBOX/UID/forward', 200],
    ['/compose', 200],
    ['/mailboxes', 200],
    ['/message/INBOX/999999', 404],
    ['/message/INBOX/abc', 400],
    ['/no/such/page', 404],
  ];
  for (const [path, status] of gets) {
    it(`sends no-store with GET ${path} (${status})`, async () => {
      const res = await agent.get(path.replace('UID', String(uid))).expect(status);
      assert.equal(res.headers['cache-control'], 'no-store');
      // Nothing revalidates what was never stored: no ETag (a SHA-1 of every page, for nothing).
      assert.equal(res.headers.etag, undefined);
    });
  }

  it('sends no-store with the redirects after a POST', async () => {
    const token = await tokenOf(agent);
    const flags = await agent.post(`/message/INBOX/${uid}/flags`).type('form').send({ _csrf: token, flagged: '1' }).expect(303);
    assert.equal(flags.headers['cache-control'], 'no-store');
    const bulk = await agent.post('/mailbox/INBOX/messages').type('form').send({ _csrf: token, uid: String(uid), action: 'seen' }).expect(303);
    assert.equal(bulk.headers['cache-control'], 'no-store');
    const folder = await agent.post('/mailboxes').type('form').send({ _csrf: token, name: 'Kept' }).expect(303);
    assert.equal(folder.headers['cache-control'], 'no-store');
    const draft = await postCompose(agent, { _csrf: token, to: 'x@example.com', subject: 'd', body: 'b', action: 'save' }).expect(303);
    assert.equal(draft.headers['cache-control'], 'no-store');
  });

  it('sends no-store with the sign-in page, the way there and the way out', async () => {
    const anonymous = supertest.agent(t.app);
    const redirect = await anonymous.get(`/message/INBOX/${uid}`).expect(302);
    assert.equal(redirect.headers['cache-control'], 'no-store');
    const login = await anonymous.get('/login').expect(200);
    assert.equal(login.headers['cache-control'], 'no-store');
    const failed = await anonymous.post('/login').type('form').send({ _csrf: csrfFrom(login.text), username: user.name, password: 'wrong' }).expect(401);
    assert.equal(failed.headers['cache-control'], 'no-store');
    const other = await signIn(t.app, user);
    const out = await other.post('/logout').type('form').send({ _csrf: await tokenOf(other) }).expect(303);
    assert.equal(out.headers['cache-control'], 'no-store');
  });

  it('lets static files keep their caching', async () => {
    const res = await agent.get('/static/style.css').expect(200);
    assert.match(res.headers['cache-control']!, /max-age=3600/);
    assert.ok(res.headers.etag, 'static files are revalidated by their ETag');
  });
});
