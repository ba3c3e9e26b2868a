// One Postern instance (no Redis: the in-process lock), the same user signed in twice: the schedule's first run,
// "Fetch now" in the session that runs it (joins the run) and in the other session (told busy), and both schedules
// ticking every 300 ms never open a second POP3 connection to the account, and every message arrives once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { messageIds, pop3Message, seedPop3 } from '../helpers/pop3.ts';
import { startPop3Proxy, type Pop3Proxy } from '../helpers/pop3-proxy.ts';
import { accountForm, postAction, postAdd, redirected, shownIds, signInWithId, waitFor } from './accounts-helpers.ts';

const COUNT = 20;
const FOLDER = 'Twice';

describe('never twice at once, in one instance', () => {
  let info: Awaited<ReturnType<typeof sandbox>>;
  let t: TestApp;
  let owner: TestUser;
  let source: TestUser;
  let proxy: Pop3Proxy;

  before(async () => {
    info = await sandbox();
    t = buildApp(info, { POP3_ALLOW_PRIVATE_HOSTS: '1', POP3_MAX_PER_RUN: '5' }, {}, { fetchIntervalMs: 300 });
    [owner, source] = await Promise.all([newUser('twiceown'), newUser('twicesrc')]);
    await seedPop3(info, source, Array.from({ length: COUNT }, (_, i) => pop3Message('twice', i)));
    proxy = await startPop3Proxy(info.pop3Port);
  });
  after(async () => {
    await t?.close();
    await proxy?.close();
  });

  it('runs one account once at a time across the schedule, "Fetch now" and two sessions of the user', async () => {
    const one = await signInWithId(t.app, owner);
    const two = await signInWithId(t.app, owner);
    await two.agent.get('/mailbox/INBOX').expect(200); // the second session's schedule
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    proxy.rules.onCommand = (line) => (line === 'RETR 1' ? { hold: held } : 'forward');
    try {
      // Automatic: adding it starts a run at once, which the proxy holds at its first message.
      await redirected(postAdd(one.agent, accountForm(info, source, { name: FOLDER, port: String(proxy.port), security: 'plain', auto: '1' })));
      const [id] = shownIds((await one.agent.get('/settings/accounts').expect(200)).text);
      await waitFor('the first run to reach RETR 1', async () => (proxy.commands.includes('RETR 1') ? true : undefined));

      await redirected(postAction(one.agent, id!, 'fetch'));
      await redirected(postAction(two.agent, id!, 'fetch'));
      const busy = await waitFor('the other session’s attempt', async () => t.accounts.schedule.lastOutcome(two.sid, id!));
      assert.equal(busy.kind, 'busy');
      // Both schedules tick (every 300 ms) while the run is held: the second session's ticks try again and are told
      // busy again, each time a new outcome; the first session's see the run going on and leave it.
      const connections = proxy.connections;
      let seen = busy as NonNullable<ReturnType<typeof t.accounts.schedule.lastOutcome>>;
      for (let tick = 0; tick < 3; tick++) {
        seen = await waitFor('a later tick of the other session', async () => {
          const last = t.accounts.schedule.lastOutcome(two.sid, id!);
          return last !== seen ? last : undefined;
        });
        assert.equal(seen.kind, 'busy');
      }
      assert.equal(proxy.connections, connections, 'no tick, and no "Fetch now", opened another POP3 connection meanwhile');
      assert.equal(proxy.maxActive, 1);
      assert.equal(t.accounts.schedule.running(one.sid).size, 1, '"Fetch now" joined the running fetch');
    } finally {
      release();
      proxy.rules.onCommand = undefined;
    }
    await waitFor('every message', async () => {
      const ids = await messageIds(info, owner, FOLDER).catch(() => new Map<string, number>());
      return ids.size === COUNT ? true : undefined;
    });
    // Runs of five, on both schedules, for a while longer: still one at a time, still each message once.
    const after = proxy.connections;
    await waitFor('more scheduled runs', async () => (proxy.connections >= after + 4 ? true : undefined));
    assert.equal(proxy.maxActive, 1);
    const ids = await messageIds(info, owner, FOLDER);
    assert.deepEqual([...ids.values()], Array(COUNT).fill(1));
  });
});
