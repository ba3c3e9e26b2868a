import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { buildApp, csrfFrom, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';

describe('sign in and out against Dovecot', () => {
  let t: TestApp;
  let user: TestUser;
  before(async () => {
    t = buildApp(await sandbox());
    user = await newUser();
  });
  after(() => t.close());

  it('sends a visitor without a session to the login form, remembering where they were going', async () => {
    const res = await supertest(t.app).get('/mailbox/Sent?page=2').expect(302);
    assert.equal(res.headers.location, '/login?next=%2Fmailbox%2FSent%3Fpage%3D2');
    assert.equal((await supertest(t.app).get('/').expect(302)).headers.location, '/login');
  });

  it('serves a login form with a CSRF token and no-script CSP', async () => {
    const res = await supertest(t.app).get('/login').expect(200);
    assert.match(res.text, /name="username"/);
    csrfFrom(res.text);
    assert.match(res.headers['content-security-policy']!, /script-src 'self'/);
    assert.match(res.headers['content-security-policy']!, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });

  it('refuses a sign-in without the CSRF token', async () => {
    const agent = supertest.agent(t.app);
    await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ username: user.name, password: user.password }).expect(403);
    assert.match(res.text, /form has expired/);
  });

  it('answers a wrong password with 401, a clear message and the user name kept', async () => {
    const agent = supertest.agent(t.app);
    const form = await agent.get('/login');
    const res = await agent.post('/login').type('form')
      .send({ _csrf: csrfFrom(form.text), username: user.name, password: 'wrong-password' }).expect(401);
    assert.match(res.text, /Wrong user name or password/);
    assert.match(res.text, new RegExp(`value="${user.name}"`));
    assert.doesNotMatch(res.text, /wrong-password/);
  });

  it('answers empty fields with 400 naming the field', async () => {
    const agent = supertest.agent(t.app);
    const form = await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(form.text), username: user.name, password: '' }).expect(400);
    assert.match(res.text, /Enter your password/);
  });

  it('answers 503 with a clear message when the IMAP server cannot be reached', async () => {
    const info = await sandbox();
    const down = buildApp({ ...info, imapPort: 1 });
    try {
      const agent = supertest.agent(down.app);
      const form = await agent.get('/login');
      const res = await agent.post('/login').type('form')
        .send({ _csrf: csrfFrom(form.text), username: user.name, password: user.password }).expect(503);
      assert.match(res.text, /cannot be reached/);
      assert.doesNotMatch(res.text, /ECONNREFUSED|at .*\.ts:\d+/);
    } finally {
      await down.close();
    }
  });

  it('gives a new session id at every sign-in, keeps the password out of the store, and follows a same-origin next', async () => {
    const agent = supertest.agent(t.app);
    const form = await agent.get('/login?next=%2Fmailbox%2FTrash');
    assert.doesNotMatch(String(form.headers['set-cookie']), /postern\.sid=/, 'no session before sign-in');
    const res = await agent.post('/login').type('form')
      .send({ _csrf: csrfFrom(form.text), username: user.name, password: user.password, next: '/mailbox/Trash' }).expect(303);
    assert.equal(res.headers.location, '/mailbox/Trash');
    const cookies = String(res.headers['set-cookie']);
    const first = /postern\.sid=([^;]+)/.exec(cookies)?.[1];
    assert.match(cookies, /postern\.key=[^;]+;.*HttpOnly/);
    assert.doesNotMatch(cookies, new RegExp(user.password));
    const page = await agent.get('/mailbox/INBOX').expect(200);
    assert.match(page.text, new RegExp(user.name));
    assert.doesNotMatch(page.text, new RegExp(user.password));
    // The same form again (a second tab): a signed-in browser that signs in again gets yet another id.
    const again = await agent.post('/login').type('form')
      .send({ _csrf: csrfFrom(form.text), username: user.name, password: user.password }).expect(303);
    const second = /postern\.sid=([^;]+)/.exec(String(again.headers['set-cookie']))?.[1];
    assert.ok(first && second && first !== second, 'a new session id at each sign-in');
  });

  it('ignores a next that leaves the site', async () => {
    const agent = supertest.agent(t.app);
    const form = await agent.get('/login');
    const res = await agent.post('/login').type('form')
      .send({ _csrf: csrfFrom(form.text), username: user.name, password: user.password, next: '//evil.example/' }).expect(303);
    assert.equal(res.headers.location, '/mailbox/INBOX');
  });

  it('signs out: IMAP connection closed, session gone, pages need a login again', async () => {
    const agent = await signIn(t.app, user);
    const page = await agent.get('/mailbox/INBOX').expect(200);
    const before = t.registry.size;
    await agent.post('/logout').type('form').send({ _csrf: csrfFrom(page.text) }).expect(303).expect('location', '/login');
    assert.equal(t.registry.size, before - 1);
    await agent.get('/mailbox/INBOX').expect(302).expect('location', /^\/login/);
  });

  it('asks to sign in again when the password key cookie is missing', async () => {
    const pairs = (res: { headers: Record<string, unknown> }) =>
      ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).map((c) => c.split(';')[0]!);
    const form = await supertest(t.app).get('/login');
    const signedIn = await supertest(t.app).post('/login').set('Cookie', pairs(form).join('; ')).type('form')
      .send({ _csrf: csrfFrom(form.text), username: user.name, password: user.password }).expect(303);
    const sid = pairs(signedIn).find((c) => c.startsWith('postern.sid='))!;
    // Another instance (or this one after a restart) has no live connection and must rebuild it from the key.
    await t.registry.closeAll();
    const res = await supertest(t.app).get('/mailbox/INBOX').set('Cookie', sid).expect(302);
    assert.equal(res.headers.location, '/login?next=%2Fmailbox%2FINBOX');
  });

  it('rebuilds the IMAP connection from the sealed password when the process lost it', async () => {
    const agent = await signIn(t.app, user);
    await t.registry.closeAll();
    const page = await agent.get('/mailbox/INBOX').expect(200);
    assert.match(page.text, /Inbox/);
  });

  it('answers 429 after too many sign-in attempts from one address', async () => {
    const limited = buildApp(await sandbox(), {}, { loginFailuresPerWindow: 2 });
    try {
      const agent = supertest.agent(limited.app);
      const token = csrfFrom((await agent.get('/login')).text);
      const attempt = () => agent.post('/login').type('form').send({ _csrf: token, username: user.name, password: 'wrong' });
      assert.equal((await attempt()).status, 401);
      assert.equal((await attempt()).status, 401);
      const third = await attempt();
      assert.equal(third.status, 429);
      assert.match(third.text, /Too many failed sign-ins/);
    } finally {
      await limited.close();
    }
  });
});
