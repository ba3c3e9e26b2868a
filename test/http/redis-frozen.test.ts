// SESSION_STORE_TIMEOUT_SECONDS: a Redis that freezes (here SIGSTOPped: a private sandbox, never the shared one)
// makes pages answer 503 with a clear message within the deadline instead of waiting as long as it stays frozen,
// and once it thaws the same session works again.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { startSandbox, type Sandbox } from '../../sandbox/sandbox.ts';
import { createSessionStore } from '../../src/http/sessions/session-store.ts';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { hangGuard, listen, signInLive, type Live } from '../helpers/live.ts';

const user = { name: 'frozen', password: 'frozen-password', address: 'frozen@postern.test' };

describe('a frozen Redis session store', () => {
  let box: Sandbox;
  let t: TestApp;
  let live: Live;
  let close: () => Promise<void>;
  let redisPid: number;

  before(async () => {
    box = await startSandbox({ users: [user], smtp: false, redis: true });
    redisPid = box.pids().find((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'redis-server';
      } catch {
        return false;
      }
    })!;
    assert.ok(redisPid, 'found the sandbox redis-server');
    const url = `redis://127.0.0.1:${box.redisPort}`;
    const store = await createSessionStore(url, pino({ level: 'silent' }), { timeoutMs: 1000 });
    close = store.close;
    t = buildApp(box, { SESSION_STORE_URL: url }, { sessionStore: store.store });
    live = await listen(t.app);
  });
  after(async () => {
    if (redisPid) process.kill(redisPid, 'SIGCONT');
    await live?.close();
    await t?.close();
    await close?.();
    await box?.stop();
  });

  it('answers 503 "session store did not answer" while Redis is stopped, and serves again once it resumes', async () => {
    const go = await signInLive(live.base, user);
    assert.equal((await go('/mailbox/INBOX')).status, 200);
    process.kill(redisPid, 'SIGSTOP');
    let frozen: Response[];
    try {
      frozen = await hangGuard(10_000, 'pages while Redis is frozen', Promise.all([go('/mailbox/INBOX'), go('/compose')]));
    } finally {
      process.kill(redisPid, 'SIGCONT');
    }
    for (const res of frozen) {
      assert.equal(res.status, 503);
      assert.match(await res.text(), /the session store did not answer/);
    }
    const again = await hangGuard(10_000, 'a page after Redis resumed', go('/mailbox/INBOX'));
    assert.equal(again.status, 200);
  });
});
