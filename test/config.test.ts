import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config.ts';

const base = { IMAP_URL: 'imaps://mail.example.com', SMTP_URL: 'smtp://mail.example.com', SESSION_SECRET: 'x'.repeat(32) };

function failure(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.doesNotMatch(err.message, /\n/, 'the message is one line');
    return err.message;
  }
  assert.fail('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('takes TLS from the scheme and default ports from it', () => {
    const c = loadConfig(base);
    assert.deepEqual(c.imap, { host: 'mail.example.com', port: 993, secure: true, startTls: false });
    assert.deepEqual(c.smtp, { host: 'mail.example.com', port: 587, secure: false, startTls: true });
    assert.equal(c.port, 8080);
    assert.equal(c.sessionIdleMinutes, 10);
  });

  it('requires STARTTLS for imap:// and keeps explicit ports', () => {
    const c = loadConfig({ ...base, IMAP_URL: 'imap://127.0.0.1:1143', SMTP_URL: 'smtps://[::1]:4650' });
    assert.deepEqual(c.imap, { host: '127.0.0.1', port: 1143, secure: false, startTls: true });
    assert.deepEqual(c.smtp, { host: '::1', port: 4650, secure: true, startTls: false });
  });

  it('allows plain text only to loopback unless ALLOW_INSECURE is set', () => {
    assert.equal(loadConfig({ ...base, IMAP_URL: 'imap+insecure://localhost:143' }).imap.startTls, false);
    assert.match(failure({ ...base, IMAP_URL: 'imap+insecure://mail.example.com' }), /ALLOW_INSECURE/);
    assert.equal(loadConfig({ ...base, IMAP_URL: 'imap+insecure://mail.example.com', ALLOW_INSECURE: '1' }).imap.secure, false);
  });

  const bad: [string, Record<string, string | undefined>, RegExp][] = [
    ['a missing IMAP_URL', { ...base, IMAP_URL: undefined }, /IMAP_URL is required/],
    ['a missing SESSION_SECRET', { ...base, SESSION_SECRET: undefined }, /SESSION_SECRET is required/],
    ['a short SESSION_SECRET', { ...base, SESSION_SECRET: 'short' }, /too short/],
    ['an IMAP_URL that is not a URL', { ...base, IMAP_URL: 'mail.example.com' }, /not a URL/],
    ['an http:// IMAP_URL', { ...base, IMAP_URL: 'http://mail.example.com' }, /scheme "http:"/],
    ['an smtp:// IMAP_URL', { ...base, IMAP_URL: 'smtp://mail.example.com' }, /scheme "smtp:"/],
    ['credentials in the URL', { ...base, IMAP_URL: 'imaps://bob:secret@mail.example.com' }, /must not carry credentials/],
    ['a non-numeric PORT', { ...base, PORT: 'eighty' }, /PORT/],
    ['an unknown LOG_LEVEL', { ...base, LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    ['a non-redis session store', { ...base, SESSION_STORE_URL: 'memcached://x' }, /redis/],
    ['a TLS_CA_FILE that does not exist', { ...base, TLS_CA_FILE: '/nonexistent/ca.pem' }, /cannot be read/],
    ['a TRUST_PROXY that is not a proxy list', { ...base, TRUST_PROXY: 'everyone' }, /TRUST_PROXY/],
    ['an IMAP_TIMEOUT_SECONDS of zero', { ...base, IMAP_TIMEOUT_SECONDS: '0' }, /IMAP_TIMEOUT_SECONDS/],
    ['a LOGIN_TIMEOUT_SECONDS that is not a number', { ...base, LOGIN_TIMEOUT_SECONDS: 'soon' }, /LOGIN_TIMEOUT_SECONDS/],
    ['a MAX_DOWNLOADS_PER_USER of zero', { ...base, MAX_DOWNLOADS_PER_USER: '0' }, /MAX_DOWNLOADS_PER_USER/],
  ];
  for (const [what, env, message] of bad) {
    it(`stops boot with one clear line on ${what}`, () => {
      assert.match(failure(env), message);
    });
  }

  it('has deadlines, download and shutdown limits by default, and takes them in seconds', () => {
    const c = loadConfig(base);
    assert.deepEqual(
      [c.imapTimeoutMs, c.loginTimeoutMs, c.smtpTimeoutMs, c.sessionStoreTimeoutMs, c.maxDownloadsPerUser, c.shutdownGraceMs],
      [30_000, 15_000, 30_000, 5000, 2, 10_000],
    );
    const d = loadConfig({ ...base, IMAP_TIMEOUT_SECONDS: '5', LOGIN_TIMEOUT_SECONDS: '3', SMTP_TIMEOUT_SECONDS: '7', SESSION_STORE_TIMEOUT_SECONDS: '1', MAX_DOWNLOADS_PER_USER: '4', SHUTDOWN_GRACE_SECONDS: '0' });
    assert.deepEqual(
      [d.imapTimeoutMs, d.loginTimeoutMs, d.smtpTimeoutMs, d.sessionStoreTimeoutMs, d.maxDownloadsPerUser, d.shutdownGraceMs],
      [5000, 3000, 7000, 1000, 4, 0],
    );
  });

  it('reads a PEM CA file and refuses a file without a certificate', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'postern-config-'));
    const pem = path.join(dir, 'ca.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    assert.ok(loadConfig({ ...base, TLS_CA_FILE: pem }).tlsCa);
    const junk = path.join(dir, 'junk.txt');
    writeFileSync(junk, 'hello');
    assert.match(failure({ ...base, TLS_CA_FILE: junk }), /no PEM certificate/);
  });
});
