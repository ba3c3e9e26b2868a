// A signed-in session is saved (its life in the store extended, its cookie sent again) at most once a minute, not on
// every request as express-session's rolling sessions did: a Redis write per page, a new cookie per response. It
// still ends 12 hours after its last refresh, and only a request that proves its key cookie refreshes it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import session from 'express-session';
import supertest from 'supertest';
import { SESSION_MAX_AGE_MS } from '../../src/http/sessions/session.ts';
import { buildApp, csrfFrom, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';

const SECOND = 1000;

function setCookies(res: { headers: Record<string, unknown> }): string[] {
  return ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);
}
const sessionCookie = (res: { headers: Record<string, unknown> }) => setCookies(res).find((c) => c.startsWith('postern.sid='));

describe('keeping a session alive', () => {
  let t: TestApp;
  let user: TestUser;
  let writes = 0;
  const store = new session.MemoryStore();
  const set = store.set.bind(store);
  store.set = (sid, data, cb) => {
    writes++;
    set(sid, data, cb);
  };

  before(async () => {
    t = buildApp(await sandbox(), {}, { sessionStore: store });
    user = await newUser('refresh');
  });
  after(() => t.close());

  async function signIn(): Promise<{ sid: string; key: string }> {
    const form = await supertest(t.app).get('/login').expect(200);
    const res = await supertest(t.app).post('/login').set('Cookie', setCookies(form).map((c) => c.split(';')[0]).join('; ')).type('form')
      .send({ _csrf: csrfFrom(form.text), username: user.name, password: user.password }).expect(303);
    const pairs = setCookies(res).map((c) => c.split(';')[0]!);
    return { sid: pairs.find((c) => c.startsWith('postern.sid='))!, key: pairs.find((c) => c.startsWith('postern.key='))! };
  }
  const inbox = (cookies: string) => supertest(t.app).get('/mailbox/INBOX').set('Cookie', cookies);

  it('saves a session in use at most once a minute, and sends its cookie only then', async (ctx) => {
    ctx.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    try {
      const c = await signIn();
      await inbox(`${c.sid}; ${c.key}`).expect(200);
      writes = 0;
      for (let i = 0; i < 5; i++) {
        ctx.mock.timers.tick(10 * SECOND);
        const res = await inbox(`${c.sid}; ${c.key}`).expect(200);
        assert.equal(sessionCookie(res), undefined, `no new session cookie ${(i + 1) * 10} s after the last refresh`);
      }
      assert.equal(writes, 0, 'nothing written to the store within the minute');
      ctx.mock.timers.tick(11 * SECOND);
      const res = await inbox(`${c.sid}; ${c.key}`).expect(200);
      assert.equal(writes, 1, 'saved once the minute was over');
      const expires = Date.parse(/Expires=([^;]+)/.exec(sessionCookie(res) ?? '')?.[1] ?? '');
      assert.ok(Math.abs(expires - (Date.now() + SESSION_MAX_AGE_MS)) < 2 * SECOND, 'the cookie runs 12 hours from now');
    } finally {
      ctx.mock.timers.reset();
    }
  });

  it('ends a session 12 hours after its last refresh, however many requests without its key cookie came since', async (ctx) => {
    ctx.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    try {
      const c = await signIn();
      await inbox(`${c.sid}; ${c.key}`).expect(200);
      writes = 0;
      // Someone holding only the session id (a log, a proxy) keeps asking: answered as signed out, nothing kept alive.
      for (let i = 0; i < 5; i++) {
        ctx.mock.timers.tick(2 * 60 * SECOND);
        const res = await inbox(c.sid).expect(302);
        assert.equal(sessionCookie(res), undefined);
      }
      assert.equal(writes, 0, 'requests without the key cookie wrote nothing');
      // 12 hours and a second after the last refresh; the last request without the key was 10 minutes after it.
      ctx.mock.timers.tick(SESSION_MAX_AGE_MS - 10 * 60 * SECOND + SECOND);
      const gone = await inbox(`${c.sid}; ${c.key}`).expect(302);
      assert.equal(gone.headers.location, '/login?next=%2Fmailbox%2FINBOX');
    } finally {
      ctx.mock.timers.reset();
    }
  });
});
