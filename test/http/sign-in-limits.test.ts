// Failed sign-ins are limited per client address and per user name; correct ones never are. The address is the
// one the configured proxy hops vouch for, and it travels on to the IMAP server (ID x-originating-ip), where
// Dovecot logs it and applies its own per-address penalties to it.
import { before, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { buildApp, csrfFrom, type TestApp } from '../helpers/app.ts';
import { logLines } from '../helpers/dovecot-log.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';

/** A browser: keeps its cookies, fetches the login form once, and tries passwords from `address` (via the proxy). */
async function browser(t: TestApp) {
  const agent = supertest.agent(t.app);
  const token = csrfFrom((await agent.get('/login').expect(200)).text);
  return (username: string, password: string, forwardedFor?: string) => {
    const req = agent.post('/login').type('form');
    if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
    return req.send({ _csrf: token, username, password });
  };
}

async function withApp<T>(overrides: Record<string, string>, failures: number, fn: (t: TestApp) => Promise<T>): Promise<T> {
  const t = buildApp(await sandbox(), overrides, { loginFailuresPerWindow: failures });
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}

describe('sign-in limits', () => {
  let user: TestUser;
  before(async () => {
    await sandbox();
    user = await newUser('limit');
  });

  it('never limits correct sign-ins: 30 people behind one address all get in', async () => {
    await withApp({}, 20, async (t) => {
      for (let i = 1; i <= 30; i++) {
        const attempt = await browser(t);
        const res = await attempt(user.name, user.password);
        assert.equal(res.status, 303, `sign-in ${i}`);
      }
    });
  });

  it('answers 429 with the login form after too many wrong passwords from one address', async () => {
    await withApp({ TRUST_PROXY: '1' }, 3, async (t) => {
      const attempt = await browser(t);
      for (let i = 0; i < 3; i++) assert.equal((await attempt(`other${i}`, 'wrong', '192.0.2.1')).status, 401);
      const limited = await attempt(user.name, user.password, '192.0.2.1');
      assert.equal(limited.status, 429);
      assert.match(limited.text, /Too many failed sign-ins/);
      assert.match(limited.text, new RegExp(`value="${user.name}"`));
      csrfFrom(limited.text); // the form is there, ready for later
      // Another address is not held back by this one's failures.
      assert.equal((await attempt(user.name, user.password, '192.0.2.2')).status, 303);
    });
  });

  it('limits wrong passwords for one user name from many addresses, whatever its case and spaces', async () => {
    await withApp({ TRUST_PROXY: '1' }, 3, async (t) => {
      const attempt = await browser(t);
      const variants = [user.name, ` ${user.name.toUpperCase()}`, `${user.name} `];
      for (const [i, name] of variants.entries()) assert.equal((await attempt(name, 'wrong', `198.51.100.${i + 1}`)).status, 401);
      assert.equal((await attempt(user.name, 'wrong', '198.51.100.99')).status, 429);
      // Another account from the same addresses is not affected.
      const other = await newUser('other');
      assert.equal((await attempt(other.name, other.password, '198.51.100.1')).status, 303);
    });
  });

  it('sees the address the trusted hop added, so a forged X-Forwarded-For does not reset the count', async () => {
    const warnings = [mock.method(console, 'warn'), mock.method(console, 'error')];
    try {
      await withApp({ TRUST_PROXY: '1' }, 3, async (t) => {
        const attempt = await browser(t);
        // What a client sending its own X-Forwarded-For looks like after one proxy appended the real address.
        const through = (i: number) => `203.0.113.${i}, 192.0.2.10`;
        for (let i = 1; i <= 3; i++) assert.equal((await attempt(`guess${i}`, 'wrong', through(i))).status, 401);
        assert.equal((await attempt('guess4', 'wrong', through(4))).status, 429);
      });
      const said = warnings.flatMap((w) => w.mock.calls.map((c) => c.arguments.map(String).join(' ')));
      assert.deepEqual(said.filter((s) => s.includes('ERR_ERL')), [], 'express-rate-limit accepts the proxy settings');
    } finally {
      for (const w of warnings) w.mock.restore();
    }
  });

  it('passes the client address to the IMAP server, which logs it as the remote address', async () => {
    const info = await sandbox();
    const visitor = await newUser('rip');
    await withApp({ TRUST_PROXY: '1' }, 20, async (t) => {
      const attempt = await browser(t);
      assert.equal((await attempt(visitor.name, 'wrong', '203.0.113.77')).status, 401);
      assert.equal((await attempt(visitor.name, visitor.password, '203.0.113.78')).status, 303);
    });
    const mine = (l: string) => l.includes(`user=<${visitor.name}>`);
    const [login] = await logLines(info, (l) => mine(l) && / Login: /.test(l));
    assert.match(login!, /rip=203\.0\.113\.78,/);
    const [failed] = await logLines(info, (l) => mine(l) && /auth failed/.test(l));
    assert.match(failed!, /rip=203\.0\.113\.77,/);
  });
});
