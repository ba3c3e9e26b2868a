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
    assert.equal(c.settingsStore, 'auto');
  });

  it('takes SETTINGS_STORE=folder for servers whose METADATA is missing or broken', () => {
    assert.equal(loadConfig({ ...base, SETTINGS_STORE: 'folder' }).settingsStore, 'folder');
    assert.equal(loadConfig({ ...base, SETTINGS_STORE: 'metadata' }).settingsStore, 'metadata');
  });

  it('lets users send as any address unless IDENTITY_POLICY restricts it to the sign-in\'s domain or address', () => {
    assert.equal(loadConfig(base).identityPolicy, 'any');
    assert.equal(loadConfig({ ...base, IDENTITY_POLICY: 'own-domain' }).identityPolicy, 'domain');
    assert.equal(loadConfig({ ...base, IDENTITY_POLICY: 'own-address' }).identityPolicy, 'login');
    assert.match(failure({ ...base, IDENTITY_POLICY: 'everyone' }), /^IDENTITY_POLICY must be any, own-domain .* or own-address .*\)$/);
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
    // express-rate-limit calls this ERR_ERL_PERMISSIVE_TRUST_PROXY: every client could pick its own address.
    ['TRUST_PROXY=true', { ...base, TRUST_PROXY: 'true' }, /TRUST_PROXY=true would let any client forge its address: set the number of proxies/],
    ['a short METRICS_TOKEN', { ...base, METRICS_TOKEN: 'short' }, /METRICS_TOKEN is too short/],
    ['an unknown SETTINGS_STORE', { ...base, SETTINGS_STORE: 'redis' }, /SETTINGS_STORE must be auto .*, metadata or folder/],
    ['an IMAGE_PROXY_ALLOW_LOOPBACK other than 0 or 1', { ...base, IMAGE_PROXY_ALLOW_LOOPBACK: 'yes' }, /IMAGE_PROXY_ALLOW_LOOPBACK must be 0 or 1; 1 is for tests/],
    ['an IMAGE_PROXY_MAX_MB past 100', { ...base, IMAGE_PROXY_MAX_MB: '500' }, /IMAGE_PROXY_MAX_MB/],
    ['a zero IMAGE_PROXY_TIMEOUT_SECONDS', { ...base, IMAGE_PROXY_TIMEOUT_SECONDS: '0' }, /IMAGE_PROXY_TIMEOUT_SECONDS/],
    ['a POP3_MAX_PER_RUN of zero', { ...base, POP3_MAX_PER_RUN: '0' }, /POP3_MAX_PER_RUN/],
    ['a POP3_TIMEOUT_SECONDS that is not a number', { ...base, POP3_TIMEOUT_SECONDS: 'long' }, /POP3_TIMEOUT_SECONDS/],
    ['a POP3_ALLOW_INSECURE that is not 0 or 1', { ...base, POP3_ALLOW_INSECURE: 'yes' }, /POP3_ALLOW_INSECURE must be 0 or 1/],
    ['a POP3_FETCH_MINUTES of zero', { ...base, POP3_FETCH_MINUTES: '0' }, /POP3_FETCH_MINUTES/],
    ['an IMAP_TIMEOUT_SECONDS of zero', { ...base, IMAP_TIMEOUT_SECONDS: '0' }, /IMAP_TIMEOUT_SECONDS/],
    ['a LOGIN_TIMEOUT_SECONDS that is not a number', { ...base, LOGIN_TIMEOUT_SECONDS: 'soon' }, /LOGIN_TIMEOUT_SECONDS/],
    ['a MAX_DOWNLOADS_PER_USER of zero', { ...base, MAX_DOWNLOADS_PER_USER: '0' }, /MAX_DOWNLOADS_PER_USER/],
    ['a FOLDER_COUNTS_SECONDS of zero', { ...base, FOLDER_COUNTS_SECONDS: '0' }, /FOLDER_COUNTS_SECONDS must be at least 1/],
    ['a CACHE_MAX_MB that is not a number', { ...base, CACHE_MAX_MB: 'lots' }, /CACHE_MAX_MB must be a number of megabytes/],
    ['a CACHE_SESSION_KB under 16', { ...base, CACHE_SESSION_KB: '8' }, /CACHE_SESSION_KB must be at least 16/],
    ['a CACHE_TEXTS_KB that is not a number', { ...base, CACHE_TEXTS_KB: 'lots' }, /CACHE_TEXTS_KB must be a number of kilobytes/],
    ['a MAX_EVENT_STREAMS that is not a number', { ...base, MAX_EVENT_STREAMS: 'many' }, /MAX_EVENT_STREAMS must be a number of streams/],
    ['a MAX_EVENT_STREAMS_PER_SESSION of zero', { ...base, MAX_EVENT_STREAMS_PER_SESSION: '0' }, /MAX_EVENT_STREAMS_PER_SESSION must be at least 1/],
  ];
  for (const [what, env, message] of bad) {
    it(`stops boot with one clear line on ${what}`, () => {
      assert.match(failure(env), message);
    });
  }

  it('takes TRUST_PROXY as a hop count or a list of proxy addresses, and off by default', () => {
    assert.equal(loadConfig(base).trustProxy, false);
    assert.equal(loadConfig({ ...base, TRUST_PROXY: '0' }).trustProxy, false);
    assert.equal(loadConfig({ ...base, TRUST_PROXY: '2' }).trustProxy, 2);
    assert.equal(loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy, 'loopback, 10.0.0.0/8');
  });

  it('keeps METRICS_TOKEN when given and leaves it unset otherwise', () => {
    assert.equal(loadConfig(base).metricsToken, undefined);
    assert.equal(loadConfig({ ...base, METRICS_TOKEN: 'm'.repeat(32) }).metricsToken, 'm'.repeat(32));
  });

  it('loads remote images with a 5 MB cap in 10 s and never from loopback unless explicitly allowed', () => {
    assert.deepEqual(loadConfig(base).imageProxy, { maxBytes: 5 * 1024 * 1024, timeoutMs: 10_000, allowLoopback: false });
    const c = loadConfig({ ...base, IMAGE_PROXY_MAX_MB: '2', IMAGE_PROXY_TIMEOUT_SECONDS: '3', IMAGE_PROXY_ALLOW_LOOPBACK: '1' });
    assert.deepEqual(c.imageProxy, { maxBytes: 2 * 1024 * 1024, timeoutMs: 3000, allowLoopback: true });
  });

  it('has safe POP3 defaults and reads the POP3 limits', () => {
    assert.deepEqual(loadConfig(base).pop3, {
      maxMessageBytes: 50 * 1024 * 1024, maxPerRun: 500, timeoutMs: 60_000, allowInsecure: false, allowPrivateHosts: false, fetchMinutes: 5,
    });
    const c = loadConfig({
      ...base, POP3_MAX_MESSAGE_MB: '10', POP3_MAX_PER_RUN: '20', POP3_TIMEOUT_SECONDS: '15', POP3_ALLOW_INSECURE: '1', POP3_ALLOW_PRIVATE_HOSTS: 'true',
      POP3_FETCH_MINUTES: '15',
    });
    assert.deepEqual(c.pop3, { maxMessageBytes: 10 * 1024 * 1024, maxPerRun: 20, timeoutMs: 15_000, allowInsecure: true, allowPrivateHosts: true, fetchMinutes: 15 });
  });

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

  it('has folder counts at most 30 s old and 256 MB / 128 KB / 512 KB of mail cache by default, and takes other values', () => {
    const c = loadConfig(base);
    assert.deepEqual([c.folderCountsMs, c.cache], [30_000, { maxBytes: 256 * 1024 * 1024, sessionBytes: 128 * 1024, textBytes: 512 * 1024 }]);
    const d = loadConfig({ ...base, FOLDER_COUNTS_SECONDS: '5', CACHE_MAX_MB: '64', CACHE_SESSION_KB: '512', CACHE_TEXTS_KB: '0' });
    assert.deepEqual([d.folderCountsMs, d.cache], [5000, { maxBytes: 64 * 1024 * 1024, sessionBytes: 512 * 1024, textBytes: 0 }]);
  });

  it('holds 1000 event streams per process and 4 per session by default, and takes other values', () => {
    assert.deepEqual(loadConfig(base).eventStreams, { maxStreams: 1000, maxPerSession: 4 });
    assert.deepEqual(loadConfig({ ...base, MAX_EVENT_STREAMS: '0', MAX_EVENT_STREAMS_PER_SESSION: '2' }).eventStreams, { maxStreams: 0, maxPerSession: 2 });
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
