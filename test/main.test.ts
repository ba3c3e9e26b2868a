// src/main.ts as an admin runs it: configuration from the environment, one clear line on a bad value, and a
// graceful shutdown on SIGTERM: live mail streams end, requests in flight finish, then every open IMAP connection
// logs out.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { newUser, sandbox, type TestUser } from './helpers/env.ts';
import { hangGuard, signInLive } from './helpers/live.ts';
import { openEvents } from './helpers/sse.ts';
import { startProxy } from './helpers/tcp-proxy.ts';

const MAIN = path.join(import.meta.dirname, '..', 'src', 'main.ts');

// Every Postern started here, until it exits: a test that fails before its SIGTERM must not leave one running.
const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

/** Cookie-keeping fetch, enough to sign in through the real form. */
function browserish(base: string) {
  const jar = new Map<string, string>();
  return async (url: string, init: RequestInit = {}) => {
    const res = await fetch(base + url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      jar.set(k!, v!);
    }
    return res;
  };
}

async function listening(run: ReturnType<typeof start>): Promise<string> {
  for await (const line of createInterface({ input: run.child.stdout })) {
    const m = /listening on (http:\/\/\S+)\//.exec(line);
    if (m) return m[1]!;
  }
  throw new Error(`postern did not start: ${run.stderr()}`);
}

/** Dovecot's lines about this user's IMAP sessions. */
function dovecotLines(dir: string, user: TestUser): string[] {
  return readFileSync(path.join(dir, 'dovecot.log'), 'utf8').split('\n').filter((l) => l.includes(`imap(${user.name})`));
}

describe('postern main', () => {
  it('refuses to boot with one clear line when a setting is wrong', async () => {
    const run = start({ IMAP_URL: 'http://mail.example.com', SMTP_URL: 'smtp://x', SESSION_SECRET: 'x'.repeat(32) });
    assert.equal(await run.exited, 78);
    assert.equal(run.stderr().trim(), 'postern: IMAP_URL has scheme "http:": use imaps://host:993 (TLS), imap://host:143 (STARTTLS) or imap+insecure://127.0.0.1:143 (plain, loopback only)');
  });

  it('serves, then on SIGTERM logs every IMAP connection out and exits 0', async () => {
    const info = await sandbox();
    const user = await newUser('main');
    const run = start({
      IMAP_URL: `imap://127.0.0.1:${info.imapPort}`, SMTP_URL: `smtp://127.0.0.1:${info.submissionPort}`,
      TLS_CA_FILE: info.caFile, SESSION_SECRET: 's'.repeat(40), PORT: '0', LOG_LEVEL: 'silent',
    });
    let base = '';
    for await (const line of createInterface({ input: run.child.stdout })) {
      const m = /listening on (http:\/\/\S+)\//.exec(line);
      if (m) {
        base = m[1]!;
        break;
      }
    }
    assert.ok(base, 'printed its address');
    const go = browserish(base);
    const form = await (await go('/login')).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
    const login = await go('/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, username: user.name, password: user.password }).toString() });
    assert.equal(login.status, 303);
    assert.equal((await go('/mailbox/INBOX')).status, 200);
    // Idle connections outlive a proxy's idle upstream ones (nginx: 60 s), as Node's Keep-Alive header says.
    const keepAlive = await new Promise<string | undefined>((resolve, reject) => {
      http.get(`${base}/healthz`, { agent: new http.Agent({ keepAlive: true }) }, (res) => {
        res.resume();
        resolve(String(res.headers['keep-alive']));
      }).on('error', reject);
    });
    assert.equal(keepAlive, 'timeout=65');

    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0);
    // Dovecot says "Disconnected: Logged out" only for a client that sent LOGOUT; a dropped socket is
    // "Disconnected: Connection closed".
    const log = readFileSync(path.join(info.dir, 'dovecot.log'), 'utf8').split('\n').filter((l) => l.includes(`imap(${user.name})`));
    assert.ok(log.some((l) => /Logged out in=\d+ out=\d+/.test(l)), log.join('\n'));
    assert.ok(!log.some((l) => /Connection closed/.test(l)), log.join('\n'));
  });

  it('on SIGTERM ends the live mail streams at once rather than wait out the grace period for them, and exits 0', async () => {
    const info = await sandbox();
    const user = await newUser('stream');
    const run = start({
      IMAP_URL: `imap://127.0.0.1:${info.imapPort}`, SMTP_URL: `smtp://127.0.0.1:${info.submissionPort}`,
      TLS_CA_FILE: info.caFile, SESSION_SECRET: 's'.repeat(40), PORT: '0', LOG_LEVEL: 'silent', SHUTDOWN_GRACE_SECONDS: '600',
    });
    try {
      const base = await listening(run);
      const go = await signInLive(base, user);
      const events = await openEvents(base, '/events?mailbox=INBOX', go.cookie());
      assert.equal(events.status, 200);
      run.child.kill('SIGTERM');
      // With the stream left open, the process would wait the whole 600 s grace period for it.
      await hangGuard(30_000, 'the stream ending at SIGTERM', events.ended);
      assert.equal(await hangGuard(30_000, 'the process exiting', run.exited), 0, run.stderr());
      const log = dovecotLines(info.dir, user);
      assert.ok(log.some((l) => /Logged out in=\d+ out=\d+/.test(l)), log.join('\n'));
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('on SIGTERM under load finishes every request in flight (Redis sessions, slow IMAP), then logs out and exits 0', async () => {
    const info = await sandbox();
    // 150 ms per chunk each way: every page takes seconds, so the requests are surely in flight at SIGTERM.
    const proxy = await startProxy({ port: info.imapPort });
    const users = await Promise.all([1, 2, 3, 4].map(() => newUser('drain')));
    const run = start({
      IMAP_URL: `imap+insecure://127.0.0.1:${proxy.port}`, SMTP_URL: `smtp://127.0.0.1:${info.submissionPort}`,
      TLS_CA_FILE: info.caFile, SESSION_SECRET: 's'.repeat(40), PORT: '0', LOG_LEVEL: 'silent',
      SESSION_STORE_URL: `redis://127.0.0.1:${info.redisPort}`, SHUTDOWN_GRACE_SECONDS: '60',
    });
    try {
      const base = await listening(run);
      const browsers = await Promise.all(users.map((u) => signInLive(base, u)));
      proxy.latencyMs = 150;
      let stopped = false;
      const requests = browsers.flatMap((go) => ['/mailbox/INBOX', '/mailboxes', '/compose'].map(async (page) => {
        const res = await go(page);
        const body = await res.text();
        return { page, status: res.status, afterSigterm: stopped, complete: body.includes('</html>') };
      }));
      await new Promise((r) => setTimeout(r, 300));
      stopped = true;
      run.child.kill('SIGTERM');
      const answers = await Promise.all(requests);
      for (const a of answers) {
        assert.deepEqual(a, { page: a.page, status: 200, afterSigterm: true, complete: true });
      }
      assert.equal(await run.exited, 0, run.stderr());
      await assert.rejects(fetch(`${base}/healthz`), 'no longer accepting');
      for (const user of users) {
        const log = dovecotLines(info.dir, user);
        assert.ok(log.some((l) => /Logged out in=\d+ out=\d+/.test(l)), log.join('\n'));
        assert.ok(!log.some((l) => /Connection closed/.test(l)), log.join('\n'));
      }
    } finally {
      run.child.kill('SIGKILL');
      await proxy.close();
    }
  });
});
