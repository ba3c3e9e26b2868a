import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPassword, sealPassword } from '../../src/http/sessions/sealed-password.ts';

describe('sealed password', () => {
  it('opens with its own key and never contains the password', () => {
    for (const password of ['hunter2', 'pässwörd ✓ 密码', ' spaces around ', 'x'.repeat(1024)]) {
      const { sealed, key } = sealPassword(password);
      assert.equal(openPassword(sealed, key), password);
      assert.ok(!sealed.includes(password) && !key.includes(password));
    }
  });

  it('does not open with another login\'s key, a tampered value or garbage', () => {
    const a = sealPassword('secret-a');
    const b = sealPassword('secret-a');
    assert.notEqual(a.sealed, b.sealed, 'fresh IV and key per login');
    assert.equal(openPassword(a.sealed, b.key), undefined);
    const [iv, tag, body] = a.sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0]! ^= 1;
    assert.equal(openPassword([iv, tag, flipped.toString('base64url')].join('.'), a.key), undefined);
    for (const junk of ['', '...', 'a.b.c', 'not-sealed']) assert.equal(openPassword(junk, a.key), undefined);
    assert.equal(openPassword(a.sealed, ''), undefined);
    assert.equal(openPassword(a.sealed, 'short'), undefined);
  });
});
