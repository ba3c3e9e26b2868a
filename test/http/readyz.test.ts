// GET /readyz reads the IMAP and SMTP greetings (no login) within a deadline, and keeps the answer a few seconds
// with concurrent callers sharing one probe: anonymous traffic cannot make Postern open mail connections at will.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { buildApp } from '../helpers/app.ts';
import { sandbox } from '../helpers/env.ts';
import { hangGuard } from '../helpers/live.ts';
import { startProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';

describe('readiness', () => {
  let imap: TcpProxy;
  let smtp: TcpProxy;
  const app = async () => buildApp(await sandbox(), {
    IMAP_URL: `imap+insecure://127.0.0.1:${imap.port}`, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
  });

  before(async () => {
    const info = await sandbox();
    imap = await startProxy({ port: info.imapPort });
    smtp = await startProxy({ port: info.submissionPort! });
  });
  after(async () => {
    await imap?.close();
    await smtp?.close();
  });

  it('is ready when both servers greet, and fifty callers at once cost one connection to each', async () => {
    const t = await app();
    imap.reset();
    smtp.reset();
    const answers = await Promise.all(Array.from({ length: 50 }, () => supertest(t.app).get('/readyz')));
    for (const res of answers) {
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { status: 'ok', imap: true, smtp: true });
    }
    assert.equal((await supertest(t.app).get('/readyz')).status, 200);
    assert.equal(imap.stats.connections, 1);
    assert.equal(smtp.stats.connections, 1);
    assert.equal(imap.stats.bytesToServer, 0, 'no login, not even a command');
  });

  it('answers 503 with a short reason when IMAP accepts the connection but never greets', async () => {
    const t = await app();
    imap.freeze();
    try {
      const res = await hangGuard(10_000, '/readyz with a silent IMAP server', Promise.resolve(supertest(t.app).get('/readyz')));
      assert.equal(res.status, 503);
      assert.deepEqual(res.body, { status: 'unavailable', imap: false, smtp: true, reason: 'imap: no greeting within 3 s' });
    } finally {
      imap.thaw();
    }
  });

  it('answers 503 when the SMTP server is not there at all', async () => {
    const info = await sandbox();
    const t = buildApp(info, { IMAP_URL: `imap://127.0.0.1:${info.imapPort}`, SMTP_URL: 'smtp+insecure://127.0.0.1:1' });
    const res = await supertest(t.app).get('/readyz');
    assert.equal(res.status, 503);
    assert.deepEqual(res.body, { status: 'unavailable', imap: true, smtp: false, reason: 'smtp: ECONNREFUSED' });
  });
});
