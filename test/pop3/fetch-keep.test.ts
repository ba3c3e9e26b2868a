// "Download and keep" against the sandbox's Dovecot POP3 (source) and IMAP (target): each message once and only
// once, by UIDL, across runs, a per-run cap and a new arrival; nothing is ever deleted from the server. The UIDLs
// live where Postern keeps them (the settings store on the IMAP server), and each run reads them afresh on a
// connection of its own, as Postern's runs do: what the runs share is only what the server stored.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { SettingsUidlStore } from '../../src/accounts/fetch-state.ts';
import type { MailSession } from '../../src/mail/connection/mail-session.ts';
import { fetchAccount } from '../../src/pop3/fetch-account.ts';
import { MemoryUidlStore } from '../../src/pop3/uidl-store.ts';
import { SettingsStore } from '../../src/settings/settings-store.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { accountFor, depsFor, fetchOk, imapSession, messageIds, pop3Count, pop3Message, seedPop3, targetOf } from '../helpers/pop3.ts';
import { startPop3Proxy } from '../helpers/pop3-proxy.ts';

describe('keep mode', () => {
  let info: Awaited<ReturnType<typeof sandbox>>;
  let source: TestUser;
  let owner: TestUser;
  let session: MailSession;
  const COUNT = 1000;
  const logger = pino({ level: 'silent' });

  before(async () => {
    info = await sandbox();
    [source, owner] = await Promise.all([newUser('popsrc'), newUser('popdst')]);
    await seedPop3(info, source, Array.from({ length: COUNT }, (_, i) => pop3Message('keep', i)));
    session = imapSession(info, owner);
  });
  after(() => session?.close());

  it('fetches 1,000 messages once and only once across runs, a per-run cap and a new arrival', async () => {
    const account = accountFor(info, source);
    const uidlsOn = (mail: MailSession) => new SettingsUidlStore(new SettingsStore({ mode: 'metadata', logger }), mail, 'keep1000', logger);
    /** One run as Postern makes it: a new connection, the UIDLs as the IMAP server has them, then closed. */
    const run = async () => {
      const mail = imapSession(info, owner);
      try {
        return await fetchOk(account, depsFor(info, targetOf(session), {
          store: uidlsOn(mail), limits: { maxMessageBytes: 1 << 20, maxPerRun: 400, timeoutMs: 10_000 },
        }));
      } finally {
        await mail.close();
      }
    };

    const first = await run();
    assert.deepEqual([first.onServer, first.retrieved, first.appended, first.remaining], [COUNT, 400, 400, 600]);
    await seedPop3(info, source, [pop3Message('keep', COUNT)], { fresh: true });
    const second = await run();
    assert.deepEqual([second.onServer, second.retrieved, second.appended, second.duplicates, second.remaining], [COUNT + 1, 400, 400, 0, 201]);
    const third = await run();
    assert.deepEqual([third.retrieved, third.appended, third.duplicates, third.remaining], [201, 201, 0, 0]);
    const fourth = await run();
    assert.deepEqual([fourth.onServer, fourth.retrieved, fourth.appended, fourth.duplicates], [COUNT + 1, 0, 0, 0]);

    const ids = await messageIds(info, owner);
    assert.equal(ids.size, COUNT + 1);
    assert.ok([...ids.values()].every((n) => n === 1), 'no message twice');
    assert.ok(ids.has(`<keep-${COUNT}@pop3.test>`));
    // Keep mode never deletes: the POP3 mailbox is whole.
    assert.equal(await pop3Count(info, source), COUNT + 1);
    const mail = imapSession(info, owner);
    try {
      assert.equal((await uidlsOn(mail).load()).size, COUNT + 1, 'every UIDL is stored on the IMAP server');
    } finally {
      await mail.close();
    }
  });

  it('recognises by Message-ID what was appended when the UIDL record was lost', async () => {
    // A store that never saw the earlier runs: every message is new by UIDL, and already there by Message-ID.
    const deps = depsFor(info, targetOf(session), { store: new MemoryUidlStore(), limits: { maxMessageBytes: 1 << 20, maxPerRun: 50, timeoutMs: 10_000 } });
    const report = await fetchOk(accountFor(info, source), deps);
    assert.deepEqual([report.retrieved, report.appended, report.duplicates], [50, 0, 50]);
  });

  it('refuses keep mode on a server without UIDL, and fetches nothing', async () => {
    const proxy = await startPop3Proxy(info.pop3Port, {
      hideCapabilities: ['UIDL'],
      onCommand: (line) => (line === 'UIDL' ? { reply: '-ERR Unknown command: UIDL\r\n' } : 'forward'),
    });
    try {
      const report = await fetchAccount(accountFor(info, source, { port: proxy.port, security: 'plain' }), depsFor(info, targetOf(session)));
      assert.equal(report.outcome, 'failed');
      assert.equal(report.error?.kind, 'no-uidl');
      assert.match(report.error?.message ?? '', /unique ids/);
      assert.ok(!proxy.commands.some((c) => /^(RETR|DELE)/.test(c)), proxy.commands.join(', '));
    } finally {
      await proxy.close();
    }
  });
});
