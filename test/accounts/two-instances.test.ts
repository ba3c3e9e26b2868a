// Two Postern instances sharing the sandbox's Redis (sessions and the fetch lock), the same user signed in on both:
// one account is never fetched by both at once, whatever each instance's schedule and "Fetch now" ask; every
// message arrives once; and an instance stops a session's schedule once the session ended on the other.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createClient } from 'redis';
import supertest from 'supertest';
import { createSessionStore } from '../../src/http/sessions/session-store.ts';
import { buildApp, csrfFrom, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { messageIds, pop3Message, seedPop3 } from '../helpers/pop3.ts';
import { startPop3Proxy, type Pop3Proxy } from '../helpers/pop3-proxy.ts';
import { accountForm, postAction, postAdd, postEdit, redirected, shownIds, signInWithId, waitFor } from './accounts-helpers.ts';

const COUNT = 40;
const FOLDER = 'Shared';

describe('two instances sharing Redis', () => {
  let info: Awaited<ReturnType<typeof sandbox>>;
  let a: TestApp;
  let b: TestApp;
  let owner: TestUser;
  let source: TestUser;
  let proxy: Pop3Proxy;
  let redis: ReturnType<typeof createClient>;
  const closers: (() => Promise<void>)[] = [];

  before(async () => {
    info = await sandbox();
    const url = `redis://127.0.0.1:${info.redisPort}`;
    const env = { SESSION_STORE_URL: url, POP3_ALLOW_PRIVATE_HOSTS: '1', POP3_MAX_PER_RUN: '10' };
    const [storeA, storeB] = await Promise.all([createSessionStore(url, pino({ level: 'silent' })), createSessionStore(url, pino({ level: 'silent' }))]);
    closers.push(storeA.close, storeB.close);
    redis = createClient({ url });
    await redis.connect();
    closers.push(async () => redis.destroy());
    a = buildApp(info, env, { sessionStore: storeA.store }, { fetchIntervalMs: 300 });
    b = buildApp(info, env, { sessionStore: storeB.store }, { fetchIntervalMs: 300 });
    [owner, source] = await Promise.all([newUser('twoown'), newUser('twosrc')]);
    await seedPop3(info, source, Array.from({ length: COUNT }, (_, i) => pop3Message('shared', i)));
    proxy = await startPop3Proxy(info.pop3Port);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await proxy?.close();
    for (const close of closers) await close();
  });

  /** How many fetch leases of the account are held in Redis, by any instance. */
  const leases = async (id: string) => (await redis.keys(`postern:pop3-lock:*/${id}`)).length;

  async function shared(): Promise<number[]> {
    return [...(await messageIds(info, owner, FOLDER))].filter(([id]) => id.startsWith('<shared-')).map(([, n]) => n);
  }

  it('never runs one account on both at once: the second is told busy while the first holds the lock', async () => {
    const onA = await signInWithId(a.app, owner);
    const onB = await signInWithId(b.app, owner);
    await onB.agent.get('/mailbox/INBOX').expect(200); // B's schedule for its session
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    proxy.rules.onCommand = (line) => (line === 'RETR 1' ? { hold: held } : 'forward');
    await redirected(postAdd(onA.agent, accountForm(info, source, { name: FOLDER, port: String(proxy.port), security: 'plain', auto: '0' })));
    const [id] = shownIds((await onA.agent.get('/settings/accounts').expect(200)).text);
    await redirected(postAction(onA.agent, id!, 'fetch'));
    await waitFor('A holding its first RETR', async () => (proxy.commands.includes('RETR 1') ? true : undefined));

    await redirected(postAction(onB.agent, id!, 'fetch'));
    const outcome = await waitFor('B’s attempt', async () => b.accounts.schedule.lastOutcome(onB.sid, id!));
    assert.equal(outcome.kind, 'busy', 'B was told the account is being fetched');
    assert.equal(proxy.maxActive, 1, 'B never opened a POP3 connection of its own');
    const page = await onB.agent.get('/settings/accounts').expect(200);
    assert.match(page.text, /the account was being fetched elsewhere/);

    release();
    proxy.rules.onCommand = undefined;
    // A's fetch ends (its runs in a row work off the backlog 10 at a time): its promise, not a clock, says when.
    assert.deepEqual(await a.accounts.schedule.running(onA.sid).get(id!)?.finished.then((o) => o?.kind), 'fetched');
    assert.equal((await shared()).length, COUNT, 'every message arrived');
    // A released its lease when it ended; if Redis was too slow to take the release (a loaded machine), the lease
    // runs out on its own (60 s) and B would rightly be told busy. B's fetch waits for the lease to be gone.
    await waitFor('A’s lease to be gone', async () => ((await leases(id!)) ? undefined : true), 90_000);

    // B fetches next: it reads the UIDLs A stored, not a copy of its own, and stores nothing twice.
    await redirected(postAction(onB.agent, id!, 'fetch'));
    const again = await (b.accounts.schedule.running(onB.sid).get(id!)?.finished ?? b.accounts.schedule.lastOutcome(onB.sid, id!));
    assert.ok(again?.kind === 'fetched', `B's run came to ${JSON.stringify(again)}`);
    assert.equal(again.status.appended, 0);

    // Both schedules every 300 ms for a while, then: still never two at once, still each message once.
    await redirected(postEdit(onA.agent, id!, accountForm(info, source, { name: FOLDER, port: String(proxy.port), security: 'plain', auto: '1', password: '' })));
    await onB.agent.get('/settings/accounts').expect(200);
    const start = proxy.connections;
    await waitFor('several scheduled runs', async () => (proxy.connections >= start + 6 ? true : undefined));
    assert.equal(proxy.maxActive, 1);
    assert.deepEqual(await shared(), Array(COUNT).fill(1));
  });

  it('stops a session’s schedule once the session was signed out on the other instance', async () => {
    const onB = await signInWithId(b.app, owner);
    await onB.agent.get('/settings/accounts').expect(200);
    assert.ok(b.accounts.schedule.secretsOf(onB.sid), 'B runs a schedule for the session');
    const page = await supertest(a.app).get('/settings').set('Cookie', onB.cookies).expect(200);
    await supertest(a.app).post('/logout').set('Cookie', onB.cookies).type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);
    await waitFor('B to notice', async () => (b.accounts.schedule.secretsOf(onB.sid) ? undefined : true));
  });
});
