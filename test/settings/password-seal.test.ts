import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openWithPassword, sealWithPassword } from '../../src/settings/password-seal.ts';

describe('sealWithPassword / openWithPassword', () => {
  it('opens with the IMAP password it was sealed under, and names its version and parameters', async () => {
    const sealed = await sealWithPassword('pop3 sécret', 'imap-password');
    assert.match(sealed, /^pw1\.15\.8\.3\.[\w-]{22}\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    assert.deepEqual(await openWithPassword(sealed, 'imap-password'), { ok: true, secret: 'pop3 sécret' });
  });

  it('never shows the secret and seals the same secret differently each time (random salt and nonce)', async () => {
    const [a, b] = await Promise.all([sealWithPassword('hunter2', 'pw'), sealWithPassword('hunter2', 'pw')]);
    assert.notEqual(a, b);
    for (const s of [a, b]) assert.doesNotMatch(Buffer.from(s.split('.').slice(4).join(''), 'base64url').toString('latin1'), /hunter2/);
  });

  it('says "wrong-password" after the IMAP password changed, so the POP3 password can be asked for again', async () => {
    const sealed = await sealWithPassword('pop3-password', 'old-imap-password');
    assert.deepEqual(await openWithPassword(sealed, 'new-imap-password'), { ok: false, reason: 'wrong-password' });
  });

  it('fails the same way when the ciphertext or the parameters in the header were altered', async () => {
    const sealed = await sealWithPassword('pop3-password', 'pw');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[6]!, 'base64url');
    body[0]! ^= 1;
    const flipped = [...parts.slice(0, 6), body.toString('base64url'), parts[7]].join('.');
    assert.deepEqual(await openWithPassword(flipped, 'pw'), { ok: false, reason: 'wrong-password' });
    // p=3 -> p=2 still parses, but the header is authenticated data: the tag no longer fits.
    const weaker = ['pw1', '15', '8', '2', ...parts.slice(4)].join('.');
    assert.deepEqual(await openWithPassword(weaker, 'pw'), { ok: false, reason: 'wrong-password' });
  });

  it('refuses malformed values and costly parameters without deriving anything', async () => {
    const sealed = await sealWithPassword('x', 'pw');
    const parts = sealed.split('.');
    const malformed = [
      '', 'pw1', 'pw2.15.8.3.a.b.c.d', sealed.replace(/^pw1/, 'pw9'), `${sealed}.extra`,
      ['pw1', '30', '8', '3', ...parts.slice(4)].join('.'), // N = 2^30: minutes of work and 1 TiB
      ['pw1', '15', '8', '64', ...parts.slice(4)].join('.'),
      [...parts.slice(0, 4), 'c2FsdA', ...parts.slice(5)].join('.'), // a 4-byte salt
      [...parts.slice(0, 6), 'not base64!', parts[7]].join('.'),
    ];
    for (const value of malformed) assert.deepEqual(await openWithPassword(value, 'pw'), { ok: false, reason: 'malformed' }, value);
  });
});
