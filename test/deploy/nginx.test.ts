// docs/examples/nginx/postern.conf proved: the file itself (only ports, certificate and paths swapped) in front of two
// Postern instances started from docs/examples/postern@.service and postern.env against the sandbox Dovecot, Postfix
// and Redis, driven over HTTPS from 127.0.0.2 so that the browser's address differs from nginx's. The push channel
// (GET /events) too: mail Postfix delivers reaches a stream open through nginx at once and uncompressed, and SIGTERM
// ends the stream within the grace period. Postern's own `X-Accel-Buffering: no` keeps nginx from buffering it even
// without the location's `proxy_buffering off`: nginx-events.test.ts proves that directive, and heartbeats.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { pickFreePorts } from '../../sandbox/ports.ts';
import { fieldAllowance } from '../../src/http/forms/multipart.ts';
import { COMPOSE_FIELDS } from '../../src/http/writing/compose-form.ts';
import { NGINX_FILE, envFile, unitEnvironment } from '../helpers/deploy-examples.ts';
import { logLines } from '../helpers/dovecot-log.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { csrfOf, httpsBrowser, signInThrough, type HttpsBrowser } from '../helpers/https-browser.ts';
import { withImap } from '../helpers/imap.ts';
import { eventually, hangGuard } from '../helpers/live.ts';
import { startMain, type MainProcess } from '../helpers/main-process.ts';
import { nginxMissing, startNginx, type Nginx } from '../helpers/nginx.ts';
import { BOUNDARY, closing, field, partHead } from '../helpers/raw-upload.ts';

const conf = readFileSync(NGINX_FILE, 'utf8');
const TOKEN = randomBytes(16).toString('hex');
/** where the sign-in limits and Dovecot must see the browser: not nginx's 127.0.0.1, not what the browser claims */
const BROWSER = '127.0.0.2';
const FORGED = '203.0.113.9';
// Skipped test by test (not the suite), so the run's summary counts them and says why.
const missing = nginxMissing();
const needsNginx = { skip: missing ?? false };

describe('the nginx example agrees with Postern', () => {
  it('lets a compose request of MAX_UPLOAD_MB plus the form text through, so Postern answers anything larger itself', () => {
    const mib = Number(/client_max_body_size (\d+)m;/.exec(conf)?.[1]);
    const maxUploadMb = Number(unitEnvironment('8081').MAX_UPLOAD_MB ?? 25);
    assert.ok(mib * 1048576 >= maxUploadMb * 1048576 + fieldAllowance(COMPOSE_FIELDS), `client_max_body_size ${mib}m is below MAX_UPLOAD_MB ${maxUploadMb} + the form text`);
  });
});

describe('docs/examples/nginx/postern.conf in front of two Postern instances', () => {
  let info: SandboxInfo;
  let user: TestUser;
  let writer: TestUser;
  let instances: MainProcess[] = [];
  let nginx: Nginx;
  const streams: { close(): void }[] = [];

  before(async () => {
    if (missing) return;
    info = await sandbox();
    [user, writer] = await Promise.all([newUser('nginx'), newUser('writer')]);
    const ports = await pickFreePorts(2);
    const env = (port: number) => ({
      ...unitEnvironment(String(port)),
      ...envFile(),
      IMAP_URL: `imap://127.0.0.1:${info.imapPort}`,
      SMTP_URL: `smtp://127.0.0.1:${info.submissionPort}`,
      TLS_CA_FILE: info.caFile,
      MAIL_DOMAIN: info.mailDomain,
      SESSION_STORE_URL: `redis://127.0.0.1:${info.redisPort}`,
      SESSION_SECRET: 'nginx-test-secret-0123456789-0123456789',
      METRICS_TOKEN: TOKEN,
      LOG_LEVEL: 'warn',
    });
    instances = await Promise.all(ports.map((port) => startMain(env(port))));
    nginx = await startNginx([instances[0]!.port, instances[1]!.port]);
  });

  after(async () => {
    for (const s of streams) s.close();
    await nginx?.stop();
    await Promise.all(instances.map((i) => i.stop()));
  });

  const browser = () => httpsBrowser(nginx.base, { ca: nginx.ca, localAddress: BROWSER });
  const upstreamOf = async (probe: string) => {
    let line: string | undefined;
    await eventually(5000, `nginx logged request ${probe}`, () => !!(line = nginx.accessLog().find((l) => l.startsWith(`${probe} `))));
    return line!.split(' ').at(-1)!;
  };
  const deliver = (subject: string) => nodemailer.createTransport({
    host: '127.0.0.1', port: info.submissionPort, secure: false, requireTLS: true,
    tls: { ca: [readFileSync(info.caFile)] }, auth: { user: writer.name, pass: writer.password },
  }).sendMail({ from: writer.address, to: user.address, subject, text: 'through Postfix and nginx' });
  const openStream = async (b: HttpsBrowser) => {
    const events = await hangGuard(10_000, 'the headers of /events through nginx', b.events('/events?mailbox=INBOX'));
    streams.push(events);
    assert.equal(events.status, 200);
    return events;
  };
  /** the instances holding an event stream now, by their own /metrics */
  const holding = async (among = instances) => {
    const out: MainProcess[] = [];
    for (const i of among) {
      const text = await (await fetch(`${i.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      const n = Number(/^postern_event_streams (\d+)$/m.exec(text)?.[1]);
      for (let k = 0; k < n; k++) out.push(i);
    }
    return out;
  };

  it('keeps a browser signed in whichever instance answers: sessions in Redis, round robin', needsNginx, async () => {
    const b = browser();
    const form = await b.go('/login', { headers: { 'x-probe': 'form' } });
    const login = await b.go('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-probe': 'login', 'x-forwarded-for': FORGED },
      body: new URLSearchParams({ _csrf: csrfOf(form.body), username: user.name, password: user.password }).toString(),
    });
    assert.equal(login.status, 303, 'signed in');
    // Postern believes nginx's X-Forwarded-Proto: its cookies and HSTS are those of an HTTPS site.
    assert.ok((login.headers['set-cookie'] ?? []).every((c) => /;\s*Secure/i.test(c)), 'cookies marked Secure');
    const served: string[] = [];
    for (let i = 0; i < 4; i++) {
      const page = await b.go('/mailbox/INBOX', { headers: { 'x-probe': `page${i}` } });
      assert.equal(page.status, 200);
      assert.match(page.body, /action="\/logout"/, 'still signed in');
      assert.match(String(page.headers['strict-transport-security']), /max-age=/);
      served.push(await upstreamOf(`page${i}`));
    }
    const both = instances.map((i) => `127.0.0.1:${i.port}`);
    assert.deepEqual(new Set(served), new Set(both), 'both instances served signed-in pages');
    const signedInOn = await upstreamOf('login');
    assert.ok(served.includes(both.find((u) => u !== signedInOn)!), 'the instance that did not sign the user in served them too');
  });

  it("gives Postern the browser's address, neither nginx's nor a forged one (TRUST_PROXY=1)", needsNginx, async () => {
    // Each instance logged in to Dovecot for this user, naming the browser's address in ID (x-originating-ip).
    const logins = await logLines(info, (l) => l.includes(`Login: user=<${user.name}>`), 2);
    for (const line of logins) assert.match(line, new RegExp(`rip=${BROWSER.replaceAll('.', '\\.')},`), line);
    assert.ok(!logins.some((l) => l.includes(FORGED)));
  });

  it("takes an upload larger than nginx's default 1 MB", needsNginx, async () => {
    const b = browser();
    await signInThrough(b, user);
    const compose = await b.go('/compose');
    const file = randomBytes(3 * 1048576);
    const body = Buffer.concat([
      Buffer.from(field('_csrf', csrfOf(compose.body)) + field('subject', 'through nginx') + field('body', 'three MiB attached') + field('action', 'save')),
      Buffer.from(partHead('attachments', { filename: 'big.bin', type: 'application/octet-stream' })), file, Buffer.from(`\r\n${closing}`),
    ]);
    const saved = await b.go('/compose', { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body });
    assert.equal(saved.status, 303, `saved (${saved.status})`);
    const sizes = await withImap(info, user, async (client) => {
      await client.mailboxOpen('Drafts');
      const out: number[] = [];
      for await (const m of client.fetch('1:*', { size: true })) out.push(m.size ?? 0);
      return out;
    });
    assert.ok(sizes.some((s) => s > file.length), `a draft holds the 3 MiB file (sizes ${sizes})`);
  });

  it('refuses /metrics, /readyz and /healthz from outside, however spelled, while each instance answers them', needsNginx, async () => {
    const b = browser();
    for (const path of ['/metrics', '/METRICS', '/metrics/', '/Metrics?x=1', '/readyz', '/healthz', '/HealthZ/']) {
      const res = await b.go(path, { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(res.status, 403, `${path} refused by nginx`);
    }
    for (const instance of instances) {
      // Postern itself matches /METRICS too: why the nginx rule ignores case.
      for (const path of ['/metrics', '/METRICS']) {
        const res = await fetch(instance.base + path, { headers: { authorization: `Bearer ${TOKEN}` } });
        assert.equal(res.status, 200);
        assert.match(await res.text(), /postern_imap_sessions/);
      }
      assert.equal((await fetch(`${instance.base}/readyz`)).status, 200);
    }
  });

  it('passes mail Postfix delivers to the open /events stream at once, uncompressed', needsNginx, async () => {
    const b = browser();
    await signInThrough(b, user);
    // Each instance lists INBOX first, so whichever one the stream reaches knows the list: mail arriving before its
    // IDLE starts is then still an arrival, where a first visit would read it into the list it starts from.
    const served = new Set<string>();
    for (let i = 0; served.size < 2; i++) {
      assert.ok(i < 8, 'both instances listed INBOX');
      assert.equal((await b.go('/mailbox/INBOX', { headers: { 'x-probe': `list${i}` } })).status, 200);
      served.add(await upstreamOf(`list${i}`));
    }
    const events = await openStream(b);
    assert.match(events.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(events.headers.get('content-encoding'), null, 'not compressed, though the browser asked for gzip');
    await deliver('Through nginx');
    const added = await events.nextData<{ rows: { html: string }[] }>('added', 'the delivery, through nginx');
    assert.match(added.rows[0]!.html, /Through nginx/);
    assert.equal(events.raw.complete, false, 'while the stream stays open');
    events.close();
  });

  // Last: it stops one of the two instances.
  it('ends an open stream at SIGTERM within the grace period, and the reconnect reaches the other instance', needsNginx, async () => {
    for (const s of streams.splice(0)) s.close();
    const b = browser();
    await signInThrough(b, user);
    const events = await openStream(b);
    // A stream closed by the browser may take a moment to close on its instance.
    let holders: MainProcess[] = [];
    await eventually(10_000, 'one instance holding the one stream', async () => (holders = await holding()).length === 1);
    const instance = holders[0]!;
    const code = await instance.stop();
    await hangGuard(10_000, 'the stream ending at the browser', events.ended);
    assert.ok(events.raw.complete, 'ended with its last chunk, not cut');
    assert.equal(code, 0, `exited 0:\n${instance.output()}`);
    // A stream left open would hold the shutdown to the end of SHUTDOWN_GRACE_SECONDS (10) and be cut.
    assert.doesNotMatch(instance.output(), /grace period over/);
    const again = await openStream(b);
    const other = instances.find((i) => i !== instance)!;
    await eventually(10_000, 'the other instance holding the new stream', async () => (await holding([other])).length === 1);
    again.close();
  });
});
