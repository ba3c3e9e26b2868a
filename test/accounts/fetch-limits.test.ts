// The limits as the user meets them, against the sandbox Dovecot: a message over POP3_MAX_MESSAGE_MB stays on the
// POP3 server and the page says so; POP3_MAX_PER_RUN bounds each run, "Fetch now" goes on run after run (at most
// 20 in a row) and the page says how many wait for the next fetch, which then brings them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { messageIds, pop3Count, pop3Message, seedPop3 } from '../helpers/pop3.ts';
import { accountForm, postAction, postAdd, redirected, shownIds, signInWithId, waitFor } from './accounts-helpers.ts';

const SMALL = 24;

describe('fetch limits', () => {
  let info: Awaited<ReturnType<typeof sandbox>>;
  let t: TestApp;
  let owner: TestUser;
  let source: TestUser;
  let big: Buffer;

  before(async () => {
    info = await sandbox();
    t = buildApp(info, { POP3_ALLOW_PRIVATE_HOSTS: '1', POP3_MAX_MESSAGE_MB: '1', POP3_MAX_PER_RUN: '1' });
    [owner, source] = await Promise.all([newUser('limown'), newUser('limsrc')]);
    // 1.2 MB: over the 1 MB cap, as the server's LIST says before a byte of it is fetched.
    big = Buffer.concat([pop3Message('limit', 999), Buffer.from(`${'y'.repeat(998)}\r\n`.repeat(1200))]);
    await seedPop3(info, source, [big, ...Array.from({ length: SMALL }, (_, i) => pop3Message('limit', i))]);
  });
  after(async () => {
    await t?.close();
  });

  async function fetched(agent: Parameters<typeof postAction>[0], sid: string, id: string): Promise<string> {
    const before = t.accounts.schedule.lastOutcome(sid, id);
    await redirected(postAction(agent, id, 'fetch'));
    await waitFor('the fetch to end', async () => {
      const last = t.accounts.schedule.lastOutcome(sid, id);
      return last && last !== before && !t.accounts.schedule.running(sid).size ? last : undefined;
    }, 60_000);
    return (await agent.get('/settings/accounts').expect(200)).text;
  }

  it('leaves a message over the size cap on the server, fetches one message per run, and says what waits', async () => {
    const { agent, sid } = await signInWithId(t.app, owner);
    await redirected(postAdd(agent, accountForm(info, source, { name: 'Capped', mode: 'delete', auto: '0' })));
    const [id] = shownIds((await agent.get('/settings/accounts').expect(200)).text);

    const first = await fetched(agent, sid, id!);
    // Twenty runs of one message each in a row, then the fetch ends and the rest waits.
    assert.match(first, /20 new messages\./);
    assert.match(first, /4 more messages wait for the next fetch\./);
    assert.match(first, /1 message is larger than this server fetches; it stays on the POP3 server\./);
    assert.equal(await pop3Count(info, source), 5, 'four waiting and the large one');

    const second = await fetched(agent, sid, id!);
    assert.match(second, /4 new messages\./);
    assert.ok(!second.includes('more messages wait'));
    assert.match(second, /1 message is larger than this server fetches/);
    assert.equal(await pop3Count(info, source), 1, 'only the large one is left');

    const ids = await messageIds(info, owner, 'Capped');
    assert.equal(ids.size, SMALL);
    assert.ok([...ids.values()].every((n) => n === 1), 'each message once');
    assert.ok(!ids.has('<limit-999@pop3.test>'), 'the large one was not fetched');
  });
});
