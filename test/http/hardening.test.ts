// Smaller things from issue 7: /metrics needs a bearer token, HSTS goes out over TLS only, and request logs carry
// no query strings (search terms, addresses).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import supertest from 'supertest';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox } from '../helpers/env.ts';

const TOKEN = 'metrics-token-0123456789abcdef';

async function withApp<T>(overrides: Record<string, string>, fn: (t: TestApp) => Promise<T>, deps = {}): Promise<T> {
  const t = buildApp(await sandbox(), overrides, deps);
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}

describe('hardening', () => {
  it('keeps /metrics closed without METRICS_TOKEN', async () => {
    await withApp({}, async (t) => {
      const res = await supertest(t.app).get('/metrics').expect(404);
      assert.doesNotMatch(res.text, /postern_|process_cpu/);
      assert.match(res.text, /METRICS_TOKEN/);
    });
  });

  it('opens /metrics only to the bearer of METRICS_TOKEN', async () => {
    await withApp({ METRICS_TOKEN: TOKEN }, async (t) => {
      await supertest(t.app).get('/metrics').expect(401).expect('www-authenticate', /Bearer/);
      await supertest(t.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
      await supertest(t.app).get('/metrics').set('Authorization', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`).expect(401);
      const res = await supertest(t.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      assert.match(res.text, /postern_imap_sessions/);
      assert.match(res.text, /^postern_cache_bytes \d+$/m, 'the session caches\' bytes, for the CACHE_MAX_MB bound');
      assert.match(res.text, /^postern_cache_evictions_total \d+$/m);
      assert.match(res.text, /^postern_event_streams 0$/m, 'the live mail streams, for the MAX_EVENT_STREAMS bound');
    });
  });

  it('sends HSTS only on requests that came over TLS', async () => {
    await withApp({}, async (t) => {
      const plain = await supertest(t.app).get('/login').expect(200);
      assert.equal(plain.headers['strict-transport-security'], undefined);
      // Without a trusted proxy, a client's own X-Forwarded-Proto means nothing.
      const claimed = await supertest(t.app).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
      assert.equal(claimed.headers['strict-transport-security'], undefined);
    });
    await withApp({ TRUST_PROXY: '1' }, async (t) => {
      const proxied = await supertest(t.app).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
      assert.match(proxied.headers['strict-transport-security'] ?? '', /max-age=\d+/);
    });
  });

  it('logs request URLs without their query strings', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const logger = pino({ level: 'info' }, sink);
    const user = await newUser('logs');
    await withApp({}, async (t) => {
      const agent = await signIn(t.app, user);
      await agent.get('/mailbox/INBOX?q=secretsearchword&sort=from').set('Referer', 'http://127.0.0.1/mailbox/INBOX?q=secretreferrer').expect(200);
      await agent.get('/compose?to=secretrecipient%40example.com').expect(200);
      // A redirect's Location carries the query of where the visitor was going.
      await supertest(t.app).get('/mailbox/Sent?q=secretlocation').expect(302);
    }, { logger });
    const log = lines.join('');
    assert.match(log, /"url":"\/mailbox\/INBOX\?…"/);
    // The answer's line names its status and where it sends the browser, not the security headers every page carries.
    assert.match(log, /"statusCode":302,"headers":\{[^}]*"location":"\/login\?…"/);
    assert.doesNotMatch(log, /content-security-policy/i);
    assert.doesNotMatch(log, /secret(searchword|referrer|recipient|location)/);
    assert.doesNotMatch(log, new RegExp(user.password));
  });
});
