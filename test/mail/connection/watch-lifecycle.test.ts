// The watch over a session's lifetime, against a private Dovecot this file may restart: a push subscriber keeps the
// session open past SESSION_IDLE_MINUTES and reconnects it after Dovecot restarts (announcing 'reset', then new mail
// again); events can be resumed by id; once nobody listens or uses the session, the idle sweep closes it, IDLE and all.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { startSandbox, type Sandbox } from '../../../sandbox/sandbox.ts';
import type { ImapSettings } from '../../../src/mail/connection/mail-session.ts';
import { SessionRegistry } from '../../../src/mail/connection/session-registry.ts';
import { listMessages } from '../../../src/mail/reading/messages.ts';
import { appendAll } from '../../helpers/imap.ts';
import { eventually } from '../../helpers/live.ts';
import { watchEvents } from '../../helpers/watch.ts';
import { plainText } from '../../fixtures/messages.ts';

const logger = pino({ level: 'silent' });
const user = { name: 'watcher', password: 'watcher-password', address: 'watcher@postern.test' };

describe('a watched session over its lifetime, against a Dovecot that restarts', () => {
  let box: Sandbox;
  let settings: ImapSettings;
  before(async () => {
    box = await startSandbox({ users: [user], smtp: false });
    settings = { host: '127.0.0.1', port: box.imapPort, secure: false, startTls: true, tlsCa: readFileSync(box.caFile), socketTimeoutMs: 60_000 };
    await appendAll(box, user, 'INBOX', [plainText('First'), plainText('Second')]);
  });
  after(() => box.stop());

  it('reconnects a watched session after a Dovecot restart: reset, then new mail announced again, and the page is right', async () => {
    const registry = new SessionRegistry({ settings, idleMs: 60_000, maxSessions: 10, logger });
    const session = registry.attach('sid', user.name, user.password);
    try {
      const watch = watchEvents(session, 'INBOX');
      await eventually(10_000, 'the session watching INBOX', () => session.watching === 'INBOX');
      await box.restartDovecot();
      await watch.next((e) => e.type === 'reset' && e.mailbox === 'INBOX', 'the reset after the restart');
      await eventually(15_000, 'the session watching INBOX again on its own', () => session.watching === 'INBOX');
      await appendAll(box, user, 'INBOX', [plainText('After the restart')]);
      const added = await watch.next((e) => e.type === 'added', 'new mail on the new connection');
      assert.equal(added.type === 'added' && added.summaries[0]?.subject, 'After the restart');
      const page = await listMessages(session, 'INBOX', { page: 1, pageSize: 10 });
      assert.deepEqual(page.messages.map((m) => m.subject), ['After the restart', 'Second', 'First']);
      watch.stop();
    } finally {
      await registry.closeAll();
    }
  });

  it('gives the events after a Last-Event-ID again, and nothing it cannot vouch for', async () => {
    const registry = new SessionRegistry({ settings, idleMs: 60_000, maxSessions: 10, logger });
    const session = registry.attach('sid', user.name, user.password);
    try {
      const first = watchEvents(session, 'INBOX');
      const second = watchEvents(session, 'INBOX');
      await eventually(10_000, 'the session watching INBOX', () => session.watching === 'INBOX');
      const seenUpTo = session.watch.lastId;
      await appendAll(box, user, 'INBOX', [plainText('Missed one'), plainText('Missed two')]);
      const added = await first.next((e) => e.type === 'added', 'the arrival');
      await second.next((e) => e.type === 'added', 'the same arrival, to the second subscriber');
      const missed = session.watch.since(seenUpTo, 'INBOX') ?? [];
      assert.ok(missed.some((e) => e.id === added.id), 'a browser that saw up to before the arrival gets it again');
      const later = session.watch.since(added.id, 'INBOX');
      assert.ok(later && !later.some((e) => e.id === added.id), 'one that saw the arrival does not get it twice');
      assert.equal(session.watch.since('0000-1'), undefined, 'another session epoch');
      assert.equal(session.watch.since('garbage'), undefined);
      first.stop();
      second.stop();
    } finally {
      await registry.closeAll();
    }
  });

  it('keeps a session someone listens to past the idle sweep, and closes it, IDLE and all, once nobody does', async () => {
    const registry = new SessionRegistry({ settings, idleMs: 50, maxSessions: 10, logger });
    const session = registry.attach('sid', user.name, user.password);
    try {
      const watch = watchEvents(session, 'INBOX');
      await eventually(10_000, 'the session watching INBOX', () => session.watching === 'INBOX');
      assert.equal(session.busy, false, 'IDLE is not a call: the session is not busy');
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(await registry.sweep(), 0, 'a subscriber holds it');
      assert.equal(session.connected, true);
      watch.stop();
      assert.equal(await registry.sweep(Date.now() + 1000), 1);
      assert.equal(session.connected, false);
      assert.equal(session.watching, undefined);
    } finally {
      await registry.closeAll();
    }
  });
});
