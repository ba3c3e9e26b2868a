// Fetching other accounts while the user is signed in, against the sandbox Dovecot (POP3 and IMAP): a run on
// sign-in and on the schedule (a short interval injected), "Fetch now" with progress that can be left, the folder
// named after the account created on first use, an IMAP password changed since the POP3 password was sealed (asked
// again, not fetched), and sign-out stopping the schedule.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { POP3_ACCOUNTS } from '../../src/accounts/account-list.ts';
import { SettingsStore } from '../../src/settings/settings-store.ts';
import { sealWithPassword } from '../../src/settings/password-seal.ts';
import { getMetadata } from '../../src/mail/private-storage/metadata.ts';
import { buildApp, csrfFrom, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { withImap } from '../helpers/imap.ts';
import { imapSession, messageIds, pop3Message, seedPop3 } from '../helpers/pop3.ts';
import { startPop3Proxy, type Pop3Proxy } from '../helpers/pop3-proxy.ts';
import { pino } from 'pino';
import { accountForm, flashes, postAction, postAdd, postEdit, redirected, shownIds, signInWithId, waitFor } from './accounts-helpers.ts';

const FOLDER = 'Old ISP';

describe('fetching other accounts', () => {
  let info: Awaited<ReturnType<typeof sandbox>>;
  let proxy: Pop3Proxy;

  before(async () => {
    info = await sandbox();
    proxy = await startPop3Proxy(info.pop3Port);
  });
  after(async () => {
    await proxy?.close();
  });

  /** How many messages of `tag` the folder holds, each counted once; undefined while the folder is missing. */
  async function arrived(owner: TestUser, tag: string, folder = FOLDER): Promise<Map<string, number> | undefined> {
    const exists = await withImap(info, owner, async (c) => (await c.list()).some((f) => f.path === folder));
    if (!exists) return undefined;
    const ids = await messageIds(info, owner, folder);
    return new Map([...ids].filter(([id]) => id.startsWith(`<${tag}-`)));
  }

  describe('on sign-in', () => {
    let t: TestApp;
    let owner: TestUser;
    let source: TestUser;

    before(async () => {
      t = buildApp(info, { POP3_ALLOW_PRIVATE_HOSTS: '1' });
      [owner, source] = await Promise.all([newUser('signown'), newUser('signsrc')]);
    });
    after(async () => {
      await t?.close();
    });

    it('fetches an automatic account on sign-in, into a folder named after it, without "Fetch now"', async () => {
      // Stored while nothing is waiting, then signed out: the next sign-in must fetch by itself.
      const first = await signInWithId(t.app, owner);
      await redirected(postAdd(first.agent, accountForm(info, source, { name: FOLDER, auto: '1' })));
      const [id] = shownIds((await first.agent.get('/settings/accounts')).text);
      await waitFor('the first (empty) run', async () => t.accounts.schedule.lastOutcome(first.sid, id!));
      await first.agent.post('/logout').type('form').send({ _csrf: csrfFrom((await first.agent.get('/settings').expect(200)).text) }).expect(303);
      await seedPop3(info, source, [1, 2, 3].map((i) => pop3Message('signin', i)));

      const { agent, sid } = await signInWithId(t.app, owner);
      await agent.get('/mailbox/INBOX').expect(200);
      const ids = await waitFor('the sign-in run', async () => ((await arrived(owner, 'signin'))?.size === 3 ? arrived(owner, 'signin') : undefined));
      assert.deepEqual([...ids.values()], [1, 1, 1], 'each message once');
      await waitFor('the run to end', async () => t.accounts.schedule.lastOutcome(sid, id!));
      const page = await agent.get('/settings/accounts').expect(200);
      assert.match(page.text, /Last fetch: <time datetime="[^"]+">[^<]+<\/time>/);
      assert.match(page.text, /3 new messages\./);
      const sidebar = await agent.get('/mailbox/INBOX').expect(200);
      assert.match(sidebar.text, /href="\/mailbox\/Old%20ISP"/, 'the new folder is subscribed and in the sidebar');
    });
  });

  describe('on the schedule', () => {
    it('fetches again every interval while the session lives, with no request needed', async () => {
      const t = buildApp(info, { POP3_ALLOW_PRIVATE_HOSTS: '1' }, {}, { fetchIntervalMs: 700 });
      try {
        const [owner, source] = await Promise.all([newUser('schedown'), newUser('schedsrc')]);
        await seedPop3(info, source, [1, 2].map((i) => pop3Message('early', i)));
        const { agent } = await signInWithId(t.app, owner);
        await redirected(postAdd(agent, accountForm(info, source, { name: FOLDER, auto: '1' })));
        await waitFor('the first run', async () => ((await arrived(owner, 'early'))?.size === 2 ? true : undefined));
        // From here on no request reaches Postern: only the schedule can fetch what arrives now.
        await seedPop3(info, source, [3, 4].map((i) => pop3Message('later', i)), { fresh: true });
        const ids = await waitFor('a scheduled run', async () => ((await arrived(owner, 'later'))?.size === 2 ? arrived(owner, 'later') : undefined));
        assert.deepEqual([...ids.values()], [1, 1]);
        assert.deepEqual([...(await arrived(owner, 'early'))!.values()], [1, 1], 'nothing fetched twice');
      } finally {
        await t.close();
      }
    });
  });

  describe('Fetch now', () => {
    let t: TestApp;
    let owner: TestUser;
    let source: TestUser;

    before(async () => {
      t = buildApp(info, { POP3_ALLOW_PRIVATE_HOSTS: '1', POP3_MAX_PER_RUN: '50' });
      [owner, source] = await Promise.all([newUser('nowown'), newUser('nowsrc')]);
      await seedPop3(info, source, Array.from({ length: 120 }, (_, i) => pop3Message('backlog', i)));
    });
    after(async () => {
      await t?.close();
    });

    it('works off a backlog larger than one run, shows "n of m" while it runs, and goes on when the page is left', async () => {
      const { agent } = await signInWithId(t.app, owner);
      // Plain POP3 through the proxy on loopback: the proxy holds one RETR of the second run until the test has looked.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      proxy.rules.onCommand = (line) => (line === 'RETR 60' ? { hold: held } : 'forward');
      try {
        await redirected(postAdd(agent, accountForm(info, source, { name: FOLDER, port: String(proxy.port), security: 'plain', auto: '0' })));
        const [id] = shownIds((await agent.get('/settings/accounts').expect(200)).text);
        await redirected(postAction(agent, id!, 'fetch'));
        const progress = await waitFor('progress in the second run', async () => {
          const res = await agent.get('/settings/accounts/progress').expect(200).expect('content-type', /json/);
          const run = (res.body as { accounts: { id: string; done: number; total: number; text: string }[] }).accounts[0];
          return run && run.done >= 50 ? run : undefined;
        });
        assert.equal(progress.total, 120, 'm counts every new message, not only this run’s 50');
        assert.match(progress.text, /^Fetching: \d+ of 120$/);
        const page = await agent.get('/settings/accounts').expect(200);
        assert.deepEqual(flashes(page.text), [`Fetching ${FOLDER}. You can leave this page: fetching goes on.`]);
        assert.match(page.text, /<noscript><meta http-equiv="refresh" content="3"><\/noscript>/);
        assert.match(page.text, /<progress aria-labelledby="account-[a-z0-9]+-name" max="120" value="\d+"><\/progress>/);
        assert.match(page.text, /You can leave this page: fetching goes on\./);
      } finally {
        // The page is left: nothing more is asked of Postern until the mail is there.
        release();
        proxy.rules.onCommand = undefined;
      }
      const ids = await waitFor('the whole backlog', async () => ((await arrived(owner, 'backlog'))?.size === 120 ? arrived(owner, 'backlog') : undefined));
      assert.ok([...ids.values()].every((n) => n === 1), 'each message once');
      const done = await waitFor('the run to end', async () => {
        const res = await agent.get('/settings/accounts/progress').expect(200);
        return (res.body as { running: boolean }).running ? undefined : agent.get('/settings/accounts').expect(200);
      });
      assert.match(done.text, /120 new messages\./);
      assert.ok(!done.text.includes('http-equiv="refresh"'), 'no reloading once nothing runs');
    });

    it('removes the account’s fetch state with the account', async () => {
      const { agent } = await signInWithId(t.app, owner);
      const [id] = shownIds((await agent.get('/settings/accounts').expect(200)).text);
      const names = [`/private/vendor/postern/pop3-uidls:${id}`, `/private/vendor/postern/pop3-status:${id}`];
      const stored = () => withImap(info, owner, async (c) => [...(await getMetadata(c as never, names, 1 << 20)).values.keys()]);
      assert.deepEqual((await stored()).sort(), [...names].sort(), 'a fetch leaves its UIDLs and its status');
      await redirected(postAction(agent, id!, 'delete'));
      assert.deepEqual(await stored(), []);
      assert.equal((await arrived(owner, 'backlog'))!.size, 120, 'the fetched mail stays');
    });
  });

  describe('a fetch that fails', () => {
    it('shows the last error in plain words, in the reader’s language, with the server’s own', async () => {
      const t = buildApp(info, { POP3_ALLOW_PRIVATE_HOSTS: '1' });
      try {
        const [owner, source] = await Promise.all([newUser('errown'), newUser('errsrc')]);
        const { agent, sid } = await signInWithId(t.app, owner);
        await redirected(postAdd(agent, accountForm(info, source, { name: 'Broken', password: 'not-the-password', auto: '0' })));
        const [id] = shownIds((await agent.get('/settings/accounts').expect(200)).text);
        await redirected(postAction(agent, id!, 'fetch'));
        await waitFor('the failed run', async () => t.accounts.schedule.lastOutcome(sid, id!));
        const page = await agent.get('/settings/accounts').expect(200);
        assert.match(page.text, /class="account-state state-status has-error"/);
        assert.match(page.text, /Last error: The server did not accept the user name and password\./);
        assert.match(page.text, /The server said: “\[AUTH\] Authentication failed\.”/);
        const german = await agent.get('/settings/accounts').set('Accept-Language', 'de-AT').expect(200);
        assert.match(german.text, /Letzter Fehler: Der Server hat Benutzername und Passwort nicht angenommen\./);
        assert.match(german.text, /Zuletzt abgeholt: <time datetime="[^"]+">[^<]*\d{4}/);
      } finally {
        await t.close();
      }
    });
  });

  describe('after the IMAP password changed', () => {
    let t: TestApp;
    let owner: TestUser;
    let source: TestUser;

    before(async () => {
      t = buildApp(info, { POP3_ALLOW_PRIVATE_HOSTS: '1' });
      [owner, source] = await Promise.all([newUser('pwown'), newUser('pwsrc')]);
      await seedPop3(info, source, [pop3Message('repw', 1), pop3Message('repw', 2)]);
      // The account as a Postern stored it while the IMAP password was another one.
      const mail = imapSession(info, owner);
      try {
        const store = new SettingsStore({ mode: 'auto', logger: pino({ level: 'silent' }) });
        await store.write(mail, POP3_ACCOUNTS, {
          accounts: [{
            id: 'a1b2c3d4e5f60718', name: FOLDER, host: '127.0.0.1', port: proxy.port, security: 'plain', user: source.name,
            sealedPassword: await sealWithPassword(source.password, 'the-old-imap-password'), mode: 'keep', target: 'folder', auto: true,
          }],
        });
      } finally {
        await mail.close();
      }
    });
    after(async () => {
      await t?.close();
    });

    it('asks for the POP3 password again and fetches nothing until it is given', async () => {
      const before = proxy.connections;
      const { agent, sid } = await signInWithId(t.app, owner);
      await agent.get('/mailbox/INBOX').expect(200);
      const outcome = await waitFor('the sign-in run', async () => t.accounts.schedule.lastOutcome(sid, 'a1b2c3d4e5f60718'));
      assert.equal(outcome.kind, 'wrong-password');
      const page = await agent.get('/settings/accounts').expect(200);
      assert.match(page.text, /Your mail password has changed since this account’s password was stored: enter the POP3 password again\./);
      assert.match(page.text, /<a href="\/settings\/accounts\/a1b2c3d4e5f60718">Enter the POP3 password again/);
      await redirected(postAction(agent, 'a1b2c3d4e5f60718', 'fetch'));
      await waitFor('the refused fetch', async () => (t.accounts.schedule.running(sid).size ? undefined : true));
      const form = await agent.get('/settings/accounts/a1b2c3d4e5f60718').expect(200);
      assert.match(form.text, /id="password"[^>]* required/);
      assert.equal(proxy.connections, before, 'no POP3 connection was made');
      assert.equal(await arrived(owner, 'repw'), undefined, 'nothing was fetched');

      await redirected(postEdit(agent, 'a1b2c3d4e5f60718', accountForm(info, source, { name: FOLDER, port: String(proxy.port), security: 'plain', auto: '1' })));
      const fixed = await agent.get('/settings/accounts').expect(200);
      assert.ok(!fixed.text.includes('enter the POP3 password again'));
      await redirected(postAction(agent, 'a1b2c3d4e5f60718', 'fetch'));
      await waitFor('the fetch', async () => ((await arrived(owner, 'repw'))?.size === 2 ? true : undefined));
    });
  });

  describe('sign-out', () => {
    it('stops the schedule: no more runs, and the IMAP password leaves the schedule', async () => {
      const t = buildApp(info, { POP3_ALLOW_PRIVATE_HOSTS: '1' }, {}, { fetchIntervalMs: 300 });
      try {
        const [owner, source] = await Promise.all([newUser('outown'), newUser('outsrc')]);
        const { agent, sid } = await signInWithId(t.app, owner);
        await redirected(postAdd(agent, accountForm(info, source, { name: FOLDER, port: String(proxy.port), security: 'plain', auto: '1' })));
        const [id] = shownIds((await agent.get('/settings/accounts').expect(200)).text);
        await waitFor('a scheduled run', async () => t.accounts.schedule.lastOutcome(sid, id!));
        assert.ok(t.accounts.schedule.secretsOf(sid), 'the session has a schedule');
        await agent.post('/logout').type('form').send({ _csrf: csrfFrom((await agent.get('/settings').expect(200)).text) }).expect(303);
        assert.equal(t.accounts.schedule.secretsOf(sid), undefined);
        assert.equal(t.accounts.schedule.size, 0);
        // A run that had connected before the sign-out finishes (between messages, with QUIT); none starts after.
        await waitFor('the last run to close', async () => (proxy.active === 0 ? true : undefined));
        const before = proxy.connections;
        await new Promise((resolve) => setTimeout(resolve, 1500)); // five intervals
        assert.equal(proxy.connections, before, 'no run after sign-out');
      } finally {
        await t.close();
      }
    });
  });
});
