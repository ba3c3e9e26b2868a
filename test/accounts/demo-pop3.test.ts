// `npm run demo` as a new user meets it (issue 11): the demo prints a POP3 mailbox (`pop3: host:port user
// password`); signed in to the demo's Postern with the printed login, the user adds that mailbox as an account,
// "Test connection" works, and "Fetch now" brings every message on it. The demo runs as its own process with its
// own sandbox, exactly as `npm run demo` starts it (scripts/demo.ts), and is stopped with SIGTERM like Ctrl-C.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import supertest from 'supertest';
import { csrfFrom } from '../helpers/app.ts';
import { flashes, redirected, shownIds, waitFor } from './accounts-helpers.ts';

const DEMO = path.join(import.meta.dirname, '..', '..', 'scripts', 'demo.ts');

interface Printed {
  url: string;
  user: string;
  password: string;
  pop3: { host: string; port: string; user: string; password: string };
}

describe('the demo’s POP3 mailbox', () => {
  let demo: ChildProcess;
  let printed: Printed;

  before(async () => {
    // PORT unset: the demo picks a free one. Its own sandbox: the test sandbox's users are not the demo's.
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
    delete env.PORT;
    demo = spawn(process.execPath, [DEMO], { stdio: ['ignore', 'pipe', 'inherit'], env });
    const lines: Record<string, string> = {};
    const ready = (async () => {
      for await (const line of createInterface({ input: demo.stdout! })) {
        const m = /^(url|user|password|pop3): (.*)$/.exec(line);
        if (m) lines[m[1]!] = m[2]!;
        if (m?.[1] === 'pop3') return;
      }
      throw new Error('the demo ended before printing its POP3 mailbox');
    })();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ready, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no pop3: line within 150 s')), 150_000)))])
      .finally(() => clearTimeout(timer));
    const [hostPort, user, password] = lines.pop3!.split(' ');
    const [host, port] = hostPort!.split(':');
    printed = { url: lines.url!.replace(/\/$/, ''), user: lines.user!, password: lines.password!, pop3: { host: host!, port: port!, user: user!, password: password! } };
  });
  after(async () => {
    if (!demo || demo.exitCode !== null) return;
    const exited = new Promise((resolve) => demo.once('exit', resolve));
    demo.kill('SIGTERM');
    await exited;
  });

  it('prints a mailbox that the demo’s Postern adds, tests and fetches in full', async () => {
    assert.match(printed.pop3.host, /^127\.0\.0\.1$/);
    assert.match(printed.pop3.port, /^\d+$/);
    const agent = supertest.agent(printed.url);
    const login = await agent.get('/login').expect(200);
    await agent.post('/login').type('form').send({ _csrf: csrfFrom(login.text), username: printed.user, password: printed.password }).expect(303);

    const form = await agent.get('/settings/accounts/new').expect(200);
    await redirected(agent.post('/settings/accounts').type('form').send({
      _csrf: csrfFrom(form.text), name: 'Old ISP', host: printed.pop3.host, port: printed.pop3.port, security: 'starttls',
      user: printed.pop3.user, password: printed.pop3.password, mode: 'keep', target: 'folder',
    }));
    const list = await agent.get('/settings/accounts').expect(200);
    const [id] = shownIds(list.text);
    await redirected(agent.post(`/settings/accounts/${id}/test`).type('form').send({ _csrf: csrfFrom(list.text) }));
    const [tested] = flashes((await agent.get('/settings/accounts').expect(200)).text);
    const count = Number(/^The connection to Old ISP works: signed in, (\d+) messages? on the server\.$/.exec(tested ?? '')?.[1]);
    assert.ok(count > 0, `Test connection: ${tested}`);

    const page = await agent.get('/settings/accounts').expect(200);
    await redirected(agent.post(`/settings/accounts/${id}/fetch`).type('form').send({ _csrf: csrfFrom(page.text) }));
    const done = await waitFor('the fetch', async () => {
      const res = await agent.get('/settings/accounts').expect(200);
      return res.text.includes('data-state="running"') ? undefined : res.text;
    }, 120_000);
    assert.match(done, new RegExp(`${count} new messages?\\.`));
    const folder = await agent.get('/mailbox/Old%20ISP').expect(200);
    assert.match(folder.text, /<title>[^<]*Old ISP/);
    assert.ok(/data-uid="\d+"/.test(folder.text), 'the folder lists the fetched mail');
  });
});
