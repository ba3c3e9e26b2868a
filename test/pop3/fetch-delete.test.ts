// "Download and delete" against the sandbox's Dovecot: the POP3 mailbox ends empty, and each DELE is sent only
// after its message is in IMAP. Also without UIDL (delete mode needs none) and with the per-message size cap.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { MailSession } from '../../src/mail/connection/mail-session.ts';
import { fetchAccount } from '../../src/pop3/fetch-account.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { accountFor, depsFor, fetchOk, imapSession, messageIds, pop3Count, pop3Message, seedPop3, targetOf } from '../helpers/pop3.ts';
import { startPop3Proxy } from '../helpers/pop3-proxy.ts';

describe('delete mode', () => {
  let info: Awaited<ReturnType<typeof sandbox>>;
  let owner: TestUser;
  let session: MailSession;

  before(async () => {
    info = await sandbox();
    owner = await newUser('popdst');
    session = imapSession(info, owner);
  });
  after(() => session?.close());

  it('empties the POP3 mailbox, deleting each message only after it is in IMAP', async () => {
    const source = await newUser('popsrc');
    await seedPop3(info, source, Array.from({ length: 30 }, (_, i) => pop3Message('del', i)));
    // One timeline for both sides: the proxy logs each DELE as the server gets it, the target each APPEND.
    const events: string[] = [];
    const proxy = await startPop3Proxy(info.pop3Port, {
      onCommand: (line) => {
        if (line.startsWith('DELE ') || line === 'QUIT') events.push(line);
        return 'forward';
      },
    });
    const target = targetOf(session);
    try {
      const report = await fetchOk(accountFor(info, source, { mode: 'delete', port: proxy.port, security: 'plain' }), depsFor(info, {
        ...target,
        append: async (folder, file, options) => {
          await target.append(folder, file, options);
          // Seeded in order, so <del-i@...> is message number i + 1.
          events.push(`APPEND ${Number(/<del-(\d+)@/.exec(readFileSync(file, 'latin1'))?.[1]) + 1}`);
        },
      }));
      assert.deepEqual([report.retrieved, report.appended, report.deleted], [30, 30, 30]);
    } finally {
      await proxy.close();
    }
    assert.equal(await pop3Count(info, source), 0);
    const ids = await messageIds(info, owner);
    for (let i = 0; i < 30; i++) assert.equal(ids.get(`<del-${i}@pop3.test>`), 1);
    for (let n = 1; n <= 30; n++) {
      assert.ok(events.indexOf(`APPEND ${n}`) >= 0 && events.indexOf(`DELE ${n}`) > events.indexOf(`APPEND ${n}`), `DELE ${n} after its APPEND: ${events.join(', ')}`);
    }
    assert.equal(events.at(-1), 'QUIT');
  });

  it('works on a server without UIDL', async () => {
    const source = await newUser('popsrc');
    await seedPop3(info, source, Array.from({ length: 5 }, (_, i) => pop3Message('nouidl', i)));
    const proxy = await startPop3Proxy(info.pop3Port, {
      hideCapabilities: ['UIDL'],
      onCommand: (line) => (line === 'UIDL' ? { reply: '-ERR Unknown command: UIDL\r\n' } : 'forward'),
    });
    try {
      const report = await fetchOk(accountFor(info, source, { mode: 'delete', port: proxy.port, security: 'plain' }), depsFor(info, targetOf(session)));
      assert.deepEqual([report.appended, report.deleted], [5, 5]);
      assert.ok(proxy.commands.includes('UIDL'));
    } finally {
      await proxy.close();
    }
    assert.equal(await pop3Count(info, source), 0);
  });

  it('leaves a message over the size cap on the server and reports it', async () => {
    const source = await newUser('popsrc');
    const big = Buffer.concat([pop3Message('cap', 1), Buffer.from(`${'x'.repeat(998)}\r\n`.repeat(200))]);
    await seedPop3(info, source, [pop3Message('cap', 0), big, pop3Message('cap', 2)]);
    const report = await fetchOk(accountFor(info, source, { mode: 'delete' }), depsFor(info, targetOf(session), {
      limits: { maxMessageBytes: 100_000, maxPerRun: 100, timeoutMs: 10_000 },
    }));
    assert.deepEqual([report.appended, report.deleted], [2, 2]);
    assert.deepEqual(report.tooLarge, [{ number: 2, size: big.length }]);
    assert.equal(await pop3Count(info, source), 1);
  });

  it('reports progress, and when asked to stop, commits what is done at QUIT and leaves the rest', async () => {
    const source = await newUser('popsrc');
    await seedPop3(info, source, Array.from({ length: 10 }, (_, i) => pop3Message('stop', i)));
    const stop = new AbortController();
    const seen: string[] = [];
    const report = await fetchAccount(accountFor(info, source, { mode: 'delete' }), depsFor(info, targetOf(session), {
      signal: stop.signal,
      onProgress: (p) => {
        seen.push(`${p.phase} ${p.done}/${p.total}`);
        if (p.done === 3) stop.abort();
      },
    }));
    // The fourth message was already retrieved when the stop came: it is stored too, then the run ends.
    assert.deepEqual([report.outcome, report.appended, report.deleted, report.remaining], ['stopped', 4, 4, 6]);
    assert.deepEqual(seen, ['connecting 0/0', 'fetching 0/10', 'fetching 1/10', 'fetching 2/10', 'fetching 3/10', 'fetching 4/10', 'finishing 4/10']);
    assert.equal(await pop3Count(info, source), 6);
  });
});
