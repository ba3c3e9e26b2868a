// An account added in one session reaches the schedule of the user's other session with that session's next request
// after an interval, although the other session had read the (then empty) list moments before: the schedule's
// refresh asks the server, not the settings store's per-session cache (60 s), which once kept the second session's
// schedule on the empty list (and dropped it as having nothing to fetch) while the account page of that very
// session showed the account (test/accounts/never-twice.test.ts then waited in vain for its ticks).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { pop3Message, seedPop3 } from '../helpers/pop3.ts';
import { accountForm, postAdd, redirected, shownIds, signInWithId, waitFor } from './accounts-helpers.ts';

const INTERVAL = 300;

describe('a list changed in another session', () => {
  let info: Awaited<ReturnType<typeof sandbox>>;
  let t: TestApp;
  let owner: TestUser;
  let source: TestUser;

  before(async () => {
    info = await sandbox();
    t = buildApp(info, { POP3_ALLOW_PRIVATE_HOSTS: '1' }, {}, { fetchIntervalMs: INTERVAL });
    [owner, source] = await Promise.all([newUser('otherown'), newUser('othersrc')]);
    await seedPop3(info, source, [pop3Message('other', 0), pop3Message('other', 1)]);
  });
  after(async () => {
    await t?.close();
  });

  it('is fetched by the other session’s schedule after that session’s next request', async () => {
    const one = await signInWithId(t.app, owner);
    const two = await signInWithId(t.app, owner);
    // The second session reads the list while it is empty (its schedule's first read), then the first adds to it.
    await two.agent.get('/mailbox/INBOX').expect(200);
    const firstRead = Date.now();
    await redirected(postAdd(one.agent, accountForm(info, source, { name: 'Other', auto: '1' })));
    const [id] = shownIds((await one.agent.get('/settings/accounts').expect(200)).text);
    assert.ok(id);
    // A refresh comes at most once per interval: the next request must come after one (not a timing claim).
    await sleep(Math.max(0, firstRead + 2 * INTERVAL - Date.now()));
    await two.agent.get('/mailbox/INBOX').expect(200);
    // Only the second session's own ticks can give it an outcome: it never pressed "Fetch now".
    const outcome = await waitFor('a run of the second session’s schedule', async () => t.accounts.schedule.lastOutcome(two.sid, id));
    assert.ok(outcome.kind === 'fetched' || outcome.kind === 'busy', outcome.kind);
  });
});
