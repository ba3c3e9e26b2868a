// MailSession against a private Dovecot, so this file can restart it without disturbing other test files.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { startSandbox, type Sandbox } from '../../../sandbox/sandbox.ts';
import { MailError } from '../../../src/mail/errors/mail-errors.ts';
import { MailSession, type ImapSettings } from '../../../src/mail/connection/mail-session.ts';
import { SessionRegistry } from '../../../src/mail/connection/session-registry.ts';
import { listMessages } from '../../../src/mail/reading/messages.ts';
import { appendAll } from '../../helpers/imap.ts';
import { plainText } from '../../fixtures/messages.ts';

const logger = pino({ level: 'silent' });
const user = { name: 'sess', password: 'sess-password', address: 'sess@postern.test' };

describe('MailSession against a Dovecot that restarts', () => {
  let box: Sandbox;
  let settings: ImapSettings;
  before(async () => {
    box = await startSandbox({ users: [user], smtp: false });
    settings = { host: '127.0.0.1', port: box.imapPort, secure: false, startTls: true, tlsCa: readFileSync(box.caFile), socketTimeoutMs: 60_000 };
    await appendAll(box, user, 'INBOX', [plainText('First'), plainText('Second')]);
  });
  after(() => box.stop());

  it('survives a Dovecot restart: the next call reconnects transparently', async () => {
    const session = new MailSession(settings, user.name, user.password, logger);
    try {
      const before = await listMessages(session, 'INBOX', { page: 1, pageSize: 10 });
      assert.equal(before.total, 2);
      await box.restartDovecot();
      const afterRestart = await listMessages(session, 'INBOX', { page: 1, pageSize: 10 });
      assert.deepEqual(afterRestart.messages.map((m) => m.subject), ['Second', 'First']);
    } finally {
      await session.close();
    }
  });

  it('serializes concurrent calls on one connection', async () => {
    const session = new MailSession(settings, user.name, user.password, logger);
    try {
      let active = 0;
      let maxActive = 0;
      const call = () => session.withMailbox('INBOX', async (client) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await client.noop();
        await new Promise((r) => setTimeout(r, 5));
        active--;
        return client.mailbox ? client.mailbox.exists : -1;
      });
      const results = await Promise.all(Array.from({ length: 8 }, call));
      assert.deepEqual(results, Array(8).fill(2));
      assert.equal(maxActive, 1);
    } finally {
      await session.close();
    }
  });

  it('releases the mailbox lock when the callback throws, and the session stays usable', async () => {
    const session = new MailSession(settings, user.name, user.password, logger);
    try {
      await assert.rejects(session.withMailbox('INBOX', async () => {
        throw new Error('boom');
      }), /boom/);
      const page = await listMessages(session, 'INBOX', { page: 1, pageSize: 10 });
      assert.equal(page.total, 2);
    } finally {
      await session.close();
    }
  });

  it('turns a wrong password into MailError auth and a missing folder into not-found', async () => {
    const wrong = new MailSession(settings, user.name, 'nope', logger);
    await assert.rejects(wrong.open(), (err: unknown) => err instanceof MailError && err.kind === 'auth');
    const session = new MailSession(settings, user.name, user.password, logger);
    try {
      await assert.rejects(listMessages(session, 'Nope/Nothing', { page: 1, pageSize: 10 }),
        (err: unknown) => err instanceof MailError && err.kind === 'not-found');
    } finally {
      await session.close();
    }
  });

  it('reports an unreachable server as MailError unavailable', async () => {
    const session = new MailSession({ ...settings, port: 1 }, user.name, user.password, logger);
    await assert.rejects(session.open(), (err: unknown) => err instanceof MailError && err.kind === 'unavailable');
  });

  it('refuses a server certificate it was not told to trust', async () => {
    const { tlsCa: _ca, ...untrusted } = settings;
    const session = new MailSession(untrusted, user.name, user.password, logger);
    await assert.rejects(session.open(), (err: unknown) => err instanceof MailError && err.kind === 'unavailable' && /certificate/.test(err.message));
  });

  it('works over implicit TLS (imaps) with the CA file', async () => {
    const session = new MailSession({ ...settings, port: box.imapsPort, secure: true, startTls: false }, user.name, user.password, logger);
    try {
      assert.equal((await listMessages(session, 'INBOX', { page: 1, pageSize: 10 })).total, 2);
    } finally {
      await session.close();
    }
  });

  it('closes connections idle past SESSION_IDLE_MINUTES and rebuilds them on demand', async () => {
    const registry = new SessionRegistry({ settings, idleMs: 50, maxSessions: 10, logger });
    const session = registry.attach('sid-1', user.name, user.password);
    await session.open();
    assert.equal(session.connected, true);
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(await registry.sweep(), 1);
    assert.equal(registry.size, 0);
    assert.equal(session.connected, false);
    const again = registry.attach('sid-1', user.name, user.password);
    assert.equal((await listMessages(again, 'INBOX', { page: 1, pageSize: 10 })).total, 2);
    await registry.closeAll();
  });

  it('caps live connections per process, closing the least recently used', async () => {
    const registry = new SessionRegistry({ settings, idleMs: 60_000, maxSessions: 2, logger });
    const a = registry.attach('a', user.name, user.password);
    await a.open();
    const b = registry.attach('b', user.name, user.password);
    await b.open();
    registry.attach('c', user.name, user.password);
    assert.equal(registry.size, 2);
    assert.equal(registry.get('a'), undefined);
    await registry.closeAll();
  });
});
