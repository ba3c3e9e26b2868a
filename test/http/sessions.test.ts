// Sessions and sign-in (issue 7): anonymous traffic stores nothing, the memory store forgets expired sessions, the
// session cookie alone opens nothing, and signing in again closes the connection it replaces.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import session, { type Store } from 'express-session';
import supertest from 'supertest';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMemorySessionStore } from '../../src/http/sessions/memory-session-store.ts';
import { buildApp, csrfFrom, signIn, type TestApp } from '../helpers/app.ts';
import { logLines } from '../helpers/dovecot-log.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';

const HOUR = 60 * 60 * 1000;

function storedSessions(store: Store): Promise<number> {
  return new Promise((resolve, reject) => store.length!((err, n) => (err ? reject(err) : resolve(n ?? 0))));
}

/** The name=value pairs a response sets. */
function setCookies(res: { headers: Record<string, unknown> }): string[] {
  return ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).map((c) => c.split(';')[0]!);
}

/** Signs in with bare requests and returns the session and key cookies separately, as a thief would hold them. */
async function signInCookies(t: TestApp, user: TestUser): Promise<{ sid: string; key: string }> {
  const form = await supertest(t.app).get('/login').expect(200);
  const res = await supertest(t.app).post('/login').set('Cookie', setCookies(form).join('; ')).type('form')
    .send({ _csrf: csrfFrom(form.text), username: user.name, password: user.password }).expect(303);
  const cookies = setCookies(res);
  return { sid: cookies.find((c) => c.startsWith('postern.sid='))!, key: cookies.find((c) => c.startsWith('postern.key='))! };
}

describe('sessions and sign-in', () => {
  let alice: TestUser;
  let mallory: TestUser;
  before(async () => {
    await sandbox();
    alice = await newUser('alice');
    mallory = await newUser('mallory');
  });

  describe('anonymous traffic', () => {
    let t: TestApp;
    // express-session's own MemoryStore, so that this test tells the same story about any Postern version.
    const store = new session.MemoryStore();
    before(async () => {
      t = buildApp(await sandbox(), {}, { sessionStore: store });
    });
    after(() => t.close());

    it('stores nothing and sets no session cookie for login forms and refused sign-ins', async () => {
      for (let i = 0; i < 100; i++) {
        const res = await supertest(t.app).get('/login').expect(200);
        assert.ok(!setCookies(res).some((c) => c.startsWith('postern.sid=')), 'no session cookie for a login form');
      }
      const form = await supertest(t.app).get('/login');
      for (let i = 0; i < 5; i++) {
        const refused = await supertest(t.app).post('/login').set('Cookie', setCookies(form).join('; ')).type('form')
          .send({ _csrf: csrfFrom(form.text), username: alice.name, password: 'wrong' }).expect(401);
        assert.ok(!setCookies(refused).some((c) => c.startsWith('postern.sid=')), 'no session cookie for a refused sign-in');
      }
      await supertest(t.app).post('/login').type('form').send({ _csrf: 'forged', username: alice.name, password: 'x' }).expect(403);
      await supertest(t.app).get('/mailbox/INBOX?q=x').expect(302);
      assert.equal(await storedSessions(store), 0);
    });

    it('still refuses a sign-in whose token is not the one in its cookie', async () => {
      const mine = await supertest(t.app).get('/login');
      const theirs = await supertest(t.app).get('/login');
      const res = await supertest(t.app).post('/login').set('Cookie', setCookies(mine).join('; ')).type('form')
        .send({ _csrf: csrfFrom(theirs.text), username: alice.name, password: alice.password }).expect(403);
      assert.match(res.text, /form has expired/);
      const unsigned = await supertest(t.app).post('/login').set('Cookie', 'postern.login=abc.def').type('form')
        .send({ _csrf: 'abc.def', username: alice.name, password: alice.password }).expect(403);
      assert.match(unsigned.text, /form has expired/);
    });
  });

  it('prunes a session 12 hours after its last request and keeps one still in use', async (ctx) => {
    const store = createMemorySessionStore({ checkPeriodMs: 20 });
    const t = buildApp(await sandbox(), {}, { sessionStore: store });
    // Only the clock is mocked: the store's expiry reads Date.now, the sweep runs on a real 20 ms interval.
    ctx.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    try {
      const idle = await signInCookies(t, alice);
      const busy = await signInCookies(t, alice);
      const inbox = (c: { sid: string; key: string }) => supertest(t.app).get('/mailbox/INBOX').set('Cookie', `${c.sid}; ${c.key}`);
      await inbox(idle).expect(200);
      assert.equal(await storedSessions(store), 2);
      ctx.mock.timers.tick(3 * HOUR);
      await inbox(busy).expect(200); // over a minute since its last refresh: this request renews its lifetime
      ctx.mock.timers.tick(10 * HOUR);
      let left = 2;
      for (let i = 0; i < 200 && left > 1; i++) {
        await sleep(10);
        left = await storedSessions(store);
      }
      assert.equal(left, 1, 'the sweep dropped the idle session without anyone asking for it');
      // The cookies themselves are sent as they are: the browser's cookie expiry is not what is tested here.
      await inbox(busy).expect(200);
      await inbox(idle).expect(302);
    } finally {
      ctx.mock.timers.reset();
      await t.close();
    }
  });

  describe('the key cookie', () => {
    let t: TestApp;
    before(async () => {
      t = buildApp(await sandbox());
    });
    after(() => t.close());

    it('refuses the session cookie alone or with another user\'s key, and the victim stays signed in', async () => {
      const victim = await signInCookies(t, alice);
      const thief = await signInCookies(t, mallory);
      const inbox = () => supertest(t.app).get('/mailbox/INBOX');
      const page = await inbox().set('Cookie', `${victim.sid}; ${victim.key}`).expect(200);
      assert.match(page.text, new RegExp(alice.name));
      const token = csrfFrom(page.text);

      // The victim's IMAP connection is live: the old code let the session cookie alone use it.
      for (const cookies of [victim.sid, `${victim.sid}; ${thief.key}`]) {
        const res = await inbox().set('Cookie', cookies).expect(302);
        assert.equal(res.headers.location, '/login?next=%2Fmailbox%2FINBOX');
        await supertest(t.app).get('/message/INBOX/1/raw').set('Cookie', cookies).expect(302);
        // Even with the victim's CSRF token (say, read off a page): no logout, no action.
        const out = await supertest(t.app).post('/logout').set('Cookie', cookies).type('form').send({ _csrf: token });
        assert.equal(out.status, 401);
        assert.doesNotMatch(out.text, new RegExp(alice.name));
      }
      // Without a live connection (another instance, a restart), the foreign key must not end the session either.
      await t.registry.closeAll();
      await inbox().set('Cookie', `${victim.sid}; ${thief.key}`).expect(302);
      // The thief signs in to their own account from the browser holding the stolen id: a new session, not the
      // victim's destroyed.
      const form = await supertest(t.app).get('/login').set('Cookie', `${victim.sid}; ${thief.key}`).expect(200);
      const own = await supertest(t.app).post('/login').set('Cookie', [victim.sid, thief.key, ...setCookies(form)].join('; ')).type('form')
        .send({ _csrf: csrfFrom(form.text), username: mallory.name, password: mallory.password }).expect(303);
      assert.ok(!setCookies(own).includes(victim.sid), 'the thief got a session id of their own');

      const still = await inbox().set('Cookie', `${victim.sid}; ${victim.key}`).expect(200);
      assert.match(still.text, new RegExp(alice.name));
    });
  });

  it('closes the old IMAP connection when a signed-in browser signs in again', async () => {
    const t = buildApp(await sandbox());
    const user = await newUser('again');
    try {
      const agent = supertest.agent(t.app);
      const form = await agent.get('/login').expect(200);
      const signInOnce = () => agent.post('/login').type('form')
        .send({ _csrf: csrfFrom(form.text), username: user.name, password: user.password }).expect(303);
      await signInOnce();
      await agent.get('/mailbox/INBOX').expect(200);
      assert.equal(t.registry.size, 1);
      await signInOnce();
      assert.equal(t.registry.size, 1, 'the replaced connection left the registry');
      // Dovecot logs "Logged out" only for a client that sent LOGOUT.
      const out = await logLines(await sandbox(), (l) => l.includes(`imap(${user.name})`) && /Logged out in=/.test(l));
      assert.equal(out.length, 1);
      await agent.get('/mailbox/INBOX').expect(200);
    } finally {
      await t.close();
    }
  });
});
