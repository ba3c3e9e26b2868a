// src/main.ts as an admin runs it: configuration from the environment, one clear line on a bad value, and a
// graceful shutdown on SIGTERM that logs every open IMAP connection out.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { newUser, sandbox } from './helpers/env.ts';

const MAIN = path.join(import.meta.dirname, '..', 'src', 'main.ts');

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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

    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0);
    // Dovecot says "Disconnected: Logged out" only for a client that sent LOGOUT; a dropped socket is
    // "Disconnected: Connection closed".
    const log = readFileSync(path.join(info.dir, 'dovecot.log'), 'utf8').split('\n').filter((l) => l.includes(`imap(${user.name})`));
    assert.ok(log.some((l) => /Logged out in=\d+ out=\d+/.test(l)), log.join('\n'));
    assert.ok(!log.some((l) => /Connection closed/.test(l)), log.join('\n'));
  });
});
