// A Dovecot without METADATA (imap_metadata off, as by default): in auto mode the store picks the hidden folder
// by itself, from CAPABILITY, with nothing configured; forcing metadata fails clearly instead of silently.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { startSandbox, type Sandbox } from '../../sandbox/sandbox.ts';
import { MailError } from '../../src/mail/errors/mail-errors.ts';
import { USER_SETTINGS } from '../../src/settings/user-settings.ts';
import { withImap } from '../helpers/imap.ts';
import { instance } from './settings-helpers.ts';

const user = { name: 'nometa', password: 'nometa-password', address: 'nometa@postern.test' };

describe('settings on a server without METADATA', () => {
  let box: Sandbox;

  before(async () => {
    box = await startSandbox({ users: [user], smtp: false });
    const conf = readFileSync(box.dovecotConf, 'utf8').replace(/^\s*imap_metadata = yes\n/m, '');
    assert.doesNotMatch(conf, /^\s*imap_metadata\s*=/m);
    writeFileSync(box.dovecotConf, conf);
    await box.restartDovecot();
  });
  after(async () => {
    await box?.stop();
  });

  it('does not offer METADATA', async () => {
    const caps = await withImap(box, user, async (c) => [...c.capabilities.keys()]);
    assert.ok(caps.includes('UIDPLUS'));
    assert.ok(!caps.some((c) => c.startsWith('METADATA')), caps.join(' '));
  });

  it('falls back to the hidden folder in auto mode, and a second instance reads what the first wrote', async () => {
    const a = await instance(box, user, 'auto');
    const b = await instance(box, user, 'auto');
    try {
      assert.equal(await a.store.backendKind(a.session), 'folder');
      assert.deepEqual(await a.store.read(a.session, USER_SETTINGS), USER_SETTINGS.empty());
      const settings = { ...USER_SETTINGS.empty(), theme: 'dark' as const, timeZone: 'Asia/Tokyo' };
      await a.store.write(a.session, USER_SETTINGS, settings);
      assert.deepEqual(await b.store.read(b.session, USER_SETTINGS), settings);
      const folders = await withImap(box, user, async (c) => (await c.list()).map((m) => m.path));
      assert.ok(folders.includes('Postern Settings'));
      assert.deepEqual(a.logs, []);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses SETTINGS_STORE=metadata with a clear error, and logs how to fix it', async () => {
    const forced = await instance(box, user, 'metadata');
    try {
      await assert.rejects(forced.store.read(forced.session, USER_SETTINGS), (err) => err instanceof MailError && err.kind === 'unavailable');
      assert.match(String(forced.logs[0]?.msg), /SETTINGS_STORE=metadata, but the IMAP server does not offer METADATA/);
    } finally {
      await forced.close();
    }
  });
});
