// Runs that break mid-way (the fault proxy, test/helpers/tcp-proxy.ts, cuts the connection on cue, the servers
// being the real Dovecot; or IMAP refuses a message): nothing is lost, since DELE takes effect only at QUIT, and
// nothing is duplicated, since the next run knows what was stored by UIDL, or by Message-ID when the UIDL records
// are gone too. A server without UIDL is Dovecot behind the POP3 proxy, which answers UIDL in its place.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { MailError } from '../../src/mail/errors/mail-errors.ts';
import { fetchAccount } from '../../src/pop3/fetch-account.ts';
import { MemoryUidlStore } from '../../src/pop3/uidl-store.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { accountFor, depsFor, fetchOk, imapSession, messageIds, pop3Count, pop3Message, seedPop3, targetOf } from '../helpers/pop3.ts';
import { startPop3Proxy } from '../helpers/pop3-proxy.ts';
import { startProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';

const COUNT = 10;

describe('a run that breaks mid-way', () => {
  let info: Awaited<ReturnType<typeof sandbox>>;

  before(async () => {
    info = await sandbox();
  });

  /** Seeds a fresh POP3 mailbox and IMAP target, runs once through the fault proxy armed by `arm`, then once cleanly. */
  async function cutThenResume(tag: string, arm: (proxy: TcpProxy) => void, options: { mode: 'keep' | 'delete'; loseState?: boolean; noUidl?: boolean }) {
    const [source, owner] = await Promise.all([newUser('popsrc'), newUser('popdst')]);
    await seedPop3(info, source, Array.from({ length: COUNT }, (_, i) => pop3Message(tag, i)));
    const session = imapSession(info, owner);
    const store = new MemoryUidlStore();
    const noUidl = options.noUidl ? await startPop3Proxy(info.pop3Port, {
      hideCapabilities: ['UIDL'],
      onCommand: (line) => (line === 'UIDL' ? { reply: '-ERR Unknown command: UIDL\r\n' } : 'forward'),
    }) : undefined;
    const proxy = await startProxy({ port: noUidl?.port ?? info.pop3Port });
    try {
      const account = accountFor(info, source, { mode: options.mode, port: proxy.port, security: 'plain' });
      arm(proxy);
      const broken = await fetchAccount(account, depsFor(info, targetOf(session), { store }));
      const afterCut = { pop3: await pop3Count(info, source), imap: (await messageIds(info, owner)).size, cuts: proxy.stats.cuts };
      proxy.onClientLine = undefined;
      const resumed = await fetchOk(account, depsFor(info, targetOf(session), { store: options.loseState ? new MemoryUidlStore() : store }));
      return { broken, afterCut, resumed, source, owner, commands: proxy.commands(/./) };
    } finally {
      await proxy.close();
      await noUidl?.close();
      await session.close();
    }
  }

  async function assertWhole(source: TestUser, owner: TestUser, tag: string, pop3Left: number) {
    const ids = await messageIds(info, owner);
    assert.equal(ids.size, COUNT, 'every message is in IMAP');
    for (let i = 0; i < COUNT; i++) assert.equal(ids.get(`<${tag}-${i}@pop3.test>`), 1, `message ${i} exactly once`);
    assert.equal(await pop3Count(info, source), pop3Left);
  }

  /** The `nth` time the client sends `command`, the server's answer is cut after `bytes` (0: as it starts). */
  const cutAnswer = (command: string, nth: number, bytes: number) => (proxy: TcpProxy) => {
    let seen = 0;
    proxy.onClientLine = (line) => {
      if (line.startsWith(`${command} `) && ++seen === nth) proxy.cutAfterServerBytes(bytes);
    };
  };
  // The fourth RETR's answer breaks off after its status line and a few header bytes.
  const cutFourthRetr = cutAnswer('RETR', 4, 120);
  // The server takes the third DELE (it answers) but the client never hears: a break after the server acted.
  const cutThirdDele = cutAnswer('DELE', 3, 0);

  it('during RETR in delete mode: nothing deleted, then resumed without a duplicate', async () => {
    const r = await cutThenResume('retrcut', cutFourthRetr, { mode: 'delete' });
    assert.equal(r.broken.outcome, 'failed');
    assert.equal(r.broken.error?.kind, 'connect');
    assert.deepEqual(r.afterCut, { pop3: COUNT, imap: 3, cuts: 1 }, 'three stored, none deleted (no QUIT)');
    // The three stored ones are known by UIDL: deleted without fetching them again.
    assert.deepEqual([r.resumed.retrieved, r.resumed.appended, r.resumed.duplicates, r.resumed.deleted], [COUNT - 3, COUNT - 3, 0, COUNT]);
    await assertWhole(r.source, r.owner, 'retrcut', 0);
  });

  it('during RETR in keep mode, with the UIDL records lost too: recognised by Message-ID', async () => {
    const r = await cutThenResume('retrlost', cutFourthRetr, { mode: 'keep', loseState: true });
    assert.equal(r.broken.outcome, 'failed');
    assert.deepEqual(r.afterCut, { pop3: COUNT, imap: 3, cuts: 1 });
    assert.deepEqual([r.resumed.retrieved, r.resumed.appended, r.resumed.duplicates], [COUNT, COUNT - 3, 3]);
    assert.ok(!r.commands.some((c) => c.startsWith('DELE')), 'keep mode never deletes');
    await assertWhole(r.source, r.owner, 'retrlost', COUNT);
  });

  it('during DELE: the server never deletes without QUIT, and the next run finishes the job', async () => {
    const r = await cutThenResume('delecut', cutThirdDele, { mode: 'delete' });
    assert.equal(r.broken.outcome, 'failed');
    assert.deepEqual(r.afterCut, { pop3: COUNT, imap: 3, cuts: 1 }, 'the server took DELE 3 but dropped it with the connection');
    assert.deepEqual([r.resumed.appended, r.resumed.duplicates, r.resumed.deleted], [COUNT - 3, 0, COUNT]);
    await assertWhole(r.source, r.owner, 'delecut', 0);
  });

  it('during DELE on a server without UIDL: recognised by Message-ID', async () => {
    const r = await cutThenResume('delenouidl', cutThirdDele, { mode: 'delete', noUidl: true });
    assert.equal(r.broken.outcome, 'failed');
    assert.deepEqual(r.afterCut, { pop3: COUNT, imap: 3, cuts: 1 });
    assert.deepEqual([r.resumed.retrieved, r.resumed.appended, r.resumed.duplicates, r.resumed.deleted], [COUNT, COUNT - 3, 3, COUNT]);
    await assertWhole(r.source, r.owner, 'delenouidl', 0);
  });

  /** Runs once with the third APPEND failing as `failure`, then once with the real target. */
  async function failThirdAppend(tag: string, failure: MailError) {
    const [source, owner] = await Promise.all([newUser('popsrc'), newUser('popdst')]);
    await seedPop3(info, source, Array.from({ length: COUNT }, (_, i) => pop3Message(tag, i)));
    const session = imapSession(info, owner);
    const store = new MemoryUidlStore();
    try {
      const real = targetOf(session);
      let appends = 0;
      const failing = { ...real, append: async (folder: string, file: string, o: { internalDate: Date }) => {
        if (++appends === 3) throw failure;
        return real.append(folder, file, o);
      } };
      const account = accountFor(info, source, { mode: 'delete' });
      const broken = await fetchAccount(account, depsFor(info, failing, { store }));
      const pop3Left = await pop3Count(info, source);
      const recordedAfterBreak = store.saved().size;
      const resumed = await fetchOk(account, depsFor(info, real, { store }));
      await assertWhole(source, owner, tag, 0);
      return { broken, pop3Left, resumed, recordedAfterBreak };
    } finally {
      await session.close();
    }
  }

  it('when IMAP refuses one message: the others go on, that one stays on the server for the next run', async () => {
    // The NO an IMAP server gives a message it will not take (imapflow's error, classified by src/mail).
    const r = await failThirdAppend('refused', new MailError('too-large', 'The mail server refused it as too large or over quota.', { serverText: 'Message too large' }));
    assert.deepEqual([r.broken.outcome, r.broken.appended, r.broken.deleted], ['done', COUNT - 1, COUNT - 1]);
    assert.deepEqual(r.broken.refused.map((m) => [m.number, m.serverText]), [[3, 'Message too large']]);
    assert.deepEqual([r.broken.error?.kind, r.broken.error?.serverText], ['target', 'Message too large']);
    assert.equal(r.pop3Left, 1);
    assert.equal(r.recordedAfterBreak, COUNT - 1, 'the refused one is not recorded');
    assert.deepEqual([r.resumed.retrieved, r.resumed.appended, r.resumed.deleted], [1, 1, 1]);
  });

  it('when IMAP goes away: the run stops, nothing is deleted, and the next run fetches the rest', async () => {
    const r = await failThirdAppend('imapdown', new MailError('unavailable', 'The mail server cannot be reached right now.'));
    assert.deepEqual([r.broken.outcome, r.broken.error?.kind, r.broken.appended, r.broken.deleted], ['failed', 'target', 2, 0]);
    assert.equal(r.pop3Left, COUNT);
    assert.equal(r.recordedAfterBreak, 2, 'exactly what is in IMAP is recorded');
    assert.deepEqual([r.resumed.appended, r.resumed.duplicates, r.resumed.deleted], [COUNT - 2, 0, COUNT]);
  });
});
