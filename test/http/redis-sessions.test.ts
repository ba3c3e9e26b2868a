// Two Postern instances behind a load balancer share sessions through Redis: a user signed in on one is served
// by the other, which rebuilds the IMAP connection from the sealed password. The store alone never holds the
// password in the clear.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { createClient } from 'redis';
import supertest from 'supertest';
import { createSessionStore } from '../../src/http/sessions/session-store.ts';
import { buildApp, csrfFrom, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll } from '../helpers/imap.ts';
import { eventually } from '../helpers/live.ts';
import { plainText } from '../fixtures/messages.ts';

describe('sessions in Redis', () => {
  let a: TestApp;
  let b: TestApp;
  let user: TestUser;
  const closers: (() => Promise<void>)[] = [];

  before(async () => {
    const info = await sandbox();
    assert.ok(info.redisPort, 'the sandbox runs Redis');
    const url = `redis://127.0.0.1:${info.redisPort}`;
    const storeA = await createSessionStore(url, pino({ level: 'silent' }));
    const storeB = await createSessionStore(url, pino({ level: 'silent' }));
    closers.push(storeA.close, storeB.close);
    a = buildApp(info, { SESSION_STORE_URL: url }, { sessionStore: storeA.store });
    b = buildApp(info, { SESSION_STORE_URL: url }, { sessionStore: storeB.store });
    user = await newUser('redis');
  });
  after(async () => {
    await a.close();
    await b.close();
    for (const close of closers) await close();
  });

  const cookies: string[] = [];
  const keep = (res: { headers: Record<string, unknown> }) => {
    for (const c of ([] as string[]).concat((res.headers['set-cookie'] as string[]) ?? [])) {
      const pair = c.split(';')[0]!;
      const name = pair.split('=')[0];
      const i = cookies.findIndex((x) => x.startsWith(`${name}=`));
      if (i >= 0) cookies[i] = pair;
      else cookies.push(pair);
    }
  };

  it('serves on instance B a user who signed in on instance A', async () => {
    const form = await supertest(a.app).get('/login');
    keep(form);
    const login = await supertest(a.app).post('/login').set('Cookie', cookies.join('; ')).type('form')
      .send({ _csrf: csrfFrom(form.text), username: user.name, password: user.password }).expect(303);
    keep(login);
    assert.equal(b.registry.size, 0);
    const page = await supertest(b.app).get('/mailbox/INBOX').set('Cookie', cookies.join('; ')).expect(200);
    assert.match(page.text, /Inbox/);
    assert.equal(b.registry.size, 1, 'B opened its own IMAP connection');
  });

  it('never shows on instance B a message deleted through instance A a moment before, though B was watching', async () => {
    // B's connection IDLEs on INBOX with the page cached; Dovecot tells it of A's expunge only half a second later.
    const [, doomed] = await appendAll(await sandbox(), user, 'INBOX', [plainText('Keeper'), plainText('Doomed')]);
    const onA = await supertest(a.app).get('/mailbox/INBOX').set('Cookie', cookies.join('; ')).expect(200);
    // The arrival came from another client too: B shows it once its IDLE has been told.
    await eventually(10_000, 'B showing the new mail', async () =>
      /Doomed/.test((await supertest(b.app).get('/mailbox/INBOX').set('Cookie', cookies.join('; ')).expect(200)).text));
    keep(await supertest(a.app).post(`/message/INBOX/${doomed}/delete`).set('Cookie', cookies.join('; ')).type('form')
      .send({ _csrf: csrfFrom(onA.text) }).expect(303));
    const after = await supertest(b.app).get('/mailbox/INBOX').set('Cookie', cookies.join('; ')).expect(200);
    assert.doesNotMatch(after.text, /Doomed/);
    assert.match(after.text, /Keeper/);
  });

  it('keeps the password out of Redis in the clear', async () => {
    const info = await sandbox();
    const client = createClient({ url: `redis://127.0.0.1:${info.redisPort}` });
    await client.connect();
    try {
      const keys = await client.keys('postern:sess:*');
      assert.ok(keys.length > 0);
      for (const key of keys) {
        const value = (await client.get(key)) ?? '';
        assert.ok(!value.includes(user.password), 'no plaintext password in the store');
      }
    } finally {
      await client.quit();
    }
  });
});
