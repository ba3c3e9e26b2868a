// The sandbox mail servers themselves, against real Dovecot, Postfix and Redis on loopback.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { isPortClosed } from '../../sandbox/ports.ts';
import { addUserToPasswdFile, readSandboxInfo, startSandbox, type Sandbox } from '../../sandbox/sandbox.ts';
import { isAlive } from './process-state.ts';

const alice = { name: 'alice', password: 'alice-pw' };
const bob = { name: 'bob', password: 'bob-pw' };

describe('sandbox', () => {
  let sandbox: Sandbox;
  let ca: Buffer;
  let startMs = 0;

  before(async () => {
    const began = Date.now();
    sandbox = await startSandbox({ users: [alice, bob], redis: true });
    startMs = Date.now() - began;
    ca = fs.readFileSync(sandbox.caFile);
  });
  after(() => sandbox?.stop());

  const imap = (user: { name: string; password: string }, implicitTls = false) =>
    new ImapFlow({
      host: sandbox.host,
      port: implicitTls ? sandbox.imapsPort : sandbox.imapPort,
      secure: implicitTls,
      doSTARTTLS: implicitTls ? undefined : true,
      tls: { ca: [ca] },
      auth: { user: user.name, pass: user.password },
      logger: false,
    });

  const canLogIn = async (user: { name: string; password: string }, implicitTls = false) => {
    const client = imap(user, implicitTls);
    try {
      await client.connect();
      await client.logout();
      return true;
    } catch (err) {
      client.close();
      if ((err as { authenticationFailed?: boolean }).authenticationFailed) return false;
      throw err;
    }
  };

  const submission = (user?: { name: string; password: string }) =>
    nodemailer.createTransport({
      host: sandbox.host,
      port: sandbox.submissionPort,
      secure: false,
      requireTLS: true,
      tls: { ca: [ca] },
      ...(user ? { auth: { user: user.name, pass: user.password } } : {}),
      connectionTimeout: 3000,
    });

  const waitForSubject = async (user: { name: string; password: string }, subject: string) => {
    const client = imap(user);
    await client.connect();
    try {
      await client.mailboxOpen('INBOX');
      for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
        await client.noop(); // lets Dovecot report new messages (EXISTS) on the selected INBOX
        if (client.mailbox && client.mailbox.exists > 0) {
          for await (const message of client.fetch('1:*', { envelope: true })) {
            if (message.envelope?.subject === subject) return message;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no message "${subject}" in ${user.name}'s INBOX after 5 s`);
    } finally {
      await client.logout();
    }
  };

  it('starts Dovecot, Postfix and Redis within 3 s and writes sandbox.json', () => {
    assert.ok(startMs < 3000, `start took ${startMs} ms`);
    const info = readSandboxInfo(path.join(sandbox.dir, 'sandbox.json'));
    assert.equal(info.imapPort, sandbox.imapPort);
    assert.equal(info.submissionPort, sandbox.submissionPort);
    assert.equal(info.redisPort, sandbox.redisPort);
    assert.equal(info.mailDomain, 'postern.test');
    assert.match(fs.readFileSync(info.caFile, 'utf8'), /BEGIN CERTIFICATE/);
  });

  it('logs in with STARTTLS on the IMAP port and shows the special-use folders', async () => {
    const client = imap(alice);
    await client.connect();
    try {
      assert.ok(client.secureConnection, 'upgraded to TLS');
      const byUse = new Map((await client.list()).map((box) => [box.specialUse, box.path]));
      for (const [use, name] of [['\\Drafts', 'Drafts'], ['\\Sent', 'Sent'], ['\\Trash', 'Trash'], ['\\Junk', 'Junk'], ['\\Archive', 'Archive']]) {
        assert.equal(byUse.get(use), name);
      }
      for (const capability of ['MOVE', 'SORT', 'ESEARCH', 'CONDSTORE', 'SPECIAL-USE']) {
        assert.ok(client.capabilities.has(capability), `capability ${capability}`);
      }
    } finally {
      await client.logout();
    }
    // imap_logout_format: the session's byte counts, for tests that prove a partial fetch stayed small.
    const log = path.join(sandbox.dir, 'dovecot.log');
    const logged = () => /imap\(alice\).*Logged out in=\d+ out=\d+/.test(fs.readFileSync(log, 'utf8'));
    for (const deadline = Date.now() + 2000; !logged() && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(logged(), 'logout line with byte counts in dovecot.log');
  });

  it('logs in with implicit TLS on the IMAPS port and refuses a wrong password', async () => {
    assert.equal(await canLogIn(bob, true), true);
    assert.equal(await canLogIn({ name: 'bob@postern.test', password: bob.password }, true), true);
    assert.equal(await canLogIn({ name: 'bob', password: 'wrong' }, true), false);
  });

  it('accepts users added at run time, from this process and from another holding sandbox.json', async () => {
    assert.equal(await canLogIn({ name: 'carol', password: 'carol-pw' }), false);
    await sandbox.addUser('carol', 'carol-pw');
    assert.equal(await canLogIn({ name: 'carol', password: 'carol-pw' }), true);
    const info = readSandboxInfo(path.join(sandbox.dir, 'sandbox.json'));
    await addUserToPasswdFile(info, 'dave', 'dave-pw');
    assert.equal(await canLogIn({ name: 'dave', password: 'dave-pw' }, true), true);
  });

  it('delivers mail submitted with AUTH from alice to bob@postern.test into bob\'s INBOX', async () => {
    const subject = `hello bob ${Date.now()}`;
    const info = await submission(alice).sendMail({
      from: 'alice@postern.test', to: 'bob@postern.test', subject, text: 'Over Postfix and LMTP.',
    });
    assert.deepEqual(info.accepted, ['bob@postern.test']);
    const message = await waitForSubject(bob, subject);
    assert.equal(message.envelope?.from?.[0]?.address, 'alice@postern.test');
  });

  it('refuses to take mail without AUTH', async () => {
    await assert.rejects(
      submission().sendMail({ from: 'x@postern.test', to: 'bob@postern.test', subject: 'anon', text: 'no' }),
      (err: { responseCode?: number }) => err.responseCode !== undefined && err.responseCode >= 500,
    );
  });

  it('refuses recipients outside the mail domain at RCPT time, so nothing leaves the machine', async () => {
    await assert.rejects(
      submission(alice).sendMail({ from: 'alice@postern.test', to: 'someone@example.com', subject: 'out', text: 'x' }),
      (err: { responseCode?: number; rejected?: string[] }) =>
        err.responseCode === 550 && err.rejected?.[0] === 'someone@example.com',
    );
  });

  it('runs Redis on its port', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: sandbox.host, port: sandbox.redisPort! }, () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString());
      });
      socket.once('error', reject);
    });
    assert.equal(reply, '+PONG\r\n');
  });

  it('drops open IMAP connections on restartDovecot() and accepts new ones on the same ports', async () => {
    const client = imap(alice);
    await client.connect();
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', () => {}); // the dropped connection may also report an error
    const began = Date.now();
    await sandbox.restartDovecot();
    const restartMs = Date.now() - began;
    await closed;
    assert.equal(client.usable, false);
    assert.ok(restartMs < 3000, `restart took ${restartMs} ms`);
    assert.equal(await canLogIn(alice), true);
    assert.equal(await canLogIn(alice, true), true);
  });

  it('fails sends with a connection error while SMTP is stopped, and sends again after startSmtp()', async () => {
    await sandbox.stopSmtp();
    await assert.rejects(
      submission(alice).sendMail({ from: 'alice@postern.test', to: 'bob@postern.test', subject: 'down', text: 'x' }),
      (err: { code?: string }) => err.code === 'ECONNECTION' || err.code === 'ESOCKET',
    );
    await sandbox.startSmtp();
    const subject = `back ${Date.now()}`;
    await submission(alice).sendMail({ from: 'alice@postern.test', to: 'bob@postern.test', subject, text: 'x' });
    await waitForSubject(bob, subject);
  });

  it('leaves no process, no open port and no working dir after stop()', async () => {
    const pids = sandbox.pids();
    assert.ok(pids.length >= 4, `expected Dovecot, Postfix and Redis processes, got ${pids}`);
    const ports = [sandbox.imapPort, sandbox.imapsPort, sandbox.lmtpPort, sandbox.authPort, sandbox.pop3Port, sandbox.pop3sPort, sandbox.submissionPort!, sandbox.redisPort!];
    await sandbox.stop();
    await sandbox.stop(); // idempotent
    assert.deepEqual(pids.filter(isAlive), []);
    for (const port of ports) assert.equal(await isPortClosed(port), true, `port ${port} still open`);
    assert.equal(fs.existsSync(sandbox.dir), false);
  });
});

