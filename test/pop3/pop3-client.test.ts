// The POP3 client against the sandbox's Dovecot: the three ways to secure a connection, both ways to sign in, every
// byte value through RETR, and each failure the settings page must explain, classified into its kind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { Pop3Client, type Pop3ConnectOptions } from '../../src/pop3/pop3-client.ts';
import { Pop3Error, type Pop3ErrorKind } from '../../src/pop3/pop3-error.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { pop3Message, seedPop3 } from '../helpers/pop3.ts';
import { startPop3Proxy } from '../helpers/pop3-proxy.ts';

// Every byte value but CR and LF (a POP3 server sends lines, so it turns a bare LF into CRLF), NUL included.
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i).filter((b) => b !== 0x0a && b !== 0x0d));
const BINARY = Buffer.concat([Buffer.from('Message-ID: <bytes@pop3.test>\r\n\r\n'), ALL_BYTES, Buffer.from('\r\n.\r\n..\r\n'), ALL_BYTES, Buffer.from('\r\n')]);

describe('Pop3Client', () => {
  let info: Awaited<ReturnType<typeof sandbox>>;
  let user: TestUser;
  let options: Pop3ConnectOptions;

  before(async () => {
    info = await sandbox();
    user = await newUser('popcli');
    await seedPop3(info, user, [BINARY, pop3Message('cli', 1)]);
    options = {
      host: '127.0.0.1', port: info.pop3Port, security: 'starttls', user: user.name, password: user.password, timeoutMs: 5000,
      tlsCa: readFileSync(info.caFile), allowInsecure: false, allowPrivateHosts: true,
    };
  });

  async function retrieve(client: Pop3Client, number: number, max = 1 << 20): Promise<Buffer> {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    await client.retr(number, out, 0, max);
    return Buffer.concat(chunks);
  }

  async function failure(overrides: Partial<Pop3ConnectOptions>): Promise<Pop3Error> {
    try {
      const client = await Pop3Client.connect({ ...options, ...overrides });
      client.close();
    } catch (err) {
      assert.ok(err instanceof Pop3Error, `a Pop3Error, not ${String(err)}`);
      assert.ok(!err.message.includes(options.password), 'the password never appears in an error');
      return err;
    }
    assert.fail('expected the connection to fail');
  }

  const kinds = async (overrides: Partial<Pop3ConnectOptions>): Promise<[Pop3ErrorKind, string]> => {
    const err = await failure(overrides);
    return [err.kind, err.message];
  };

  for (const [security, port] of [['starttls', 'pop3Port'], ['pop3s', 'pop3sPort'], ['plain', 'pop3Port']] as const) {
    it(`signs in with ${security}, lists, and retrieves every byte value exactly`, async () => {
      const client = await Pop3Client.connect({ ...options, security, port: info[port] });
      try {
        assert.deepEqual(await client.stat(), { count: 2, size: BINARY.length + pop3Message('cli', 1).length });
        assert.deepEqual((await client.list()).map((m) => m.number), [1, 2]);
        const uidls = await client.uidl();
        assert.equal(uidls.size, 2);
        assert.match(uidls.get(1) ?? '', /^[0-9a-f]{16}$/i);
        assert.ok((await retrieve(client, 1)).equals(BINARY));
        assert.ok((await retrieve(client, 2)).equals(pop3Message('cli', 1)));
      } finally {
        await client.quit();
      }
    });
  }

  it('deletes at QUIT only, and RSET takes a DELE back', async () => {
    const client = await Pop3Client.connect(options);
    await client.dele(1);
    assert.deepEqual((await client.list()).map((m) => m.number), [2], 'a DELEd message is no longer listed');
    await client.rset();
    assert.equal((await client.list()).length, 2);
    await client.dele(2);
    client.close(); // no QUIT: the server keeps it
    const again = await Pop3Client.connect(options);
    assert.equal((await again.stat()).count, 2);
    await again.quit();
  });

  it('signs in with AUTH PLAIN when offered, with USER/PASS otherwise', async () => {
    const proxy = await startPop3Proxy(info.pop3Port);
    try {
      (await Pop3Client.connect({ ...options, port: proxy.port, security: 'plain' })).close();
      assert.ok(proxy.commands.some((c) => c.startsWith('AUTH PLAIN')) && !proxy.commands.includes('PASS ***'), proxy.commands.join(', '));
      proxy.commands.length = 0;
      proxy.rules.hideCapabilities = ['SASL'];
      (await Pop3Client.connect({ ...options, port: proxy.port, security: 'plain' })).close();
      assert.ok(proxy.commands.includes('PASS ***') && !proxy.commands.some((c) => c.startsWith('AUTH')), proxy.commands.join(', '));
    } finally {
      await proxy.close();
    }
  });

  it('reports a wrong password as auth, with the server\'s words', async () => {
    const err = await failure({ password: 'wrong-password' });
    assert.equal(err.kind, 'auth');
    assert.match(err.serverText ?? '', /Authentication failed/);
  });

  it('explains the wrong TLS mode either way', async () => {
    assert.deepEqual(await kinds({ security: 'pop3s', port: info.pop3Port }), ['tls', 'The server did not answer in TLS: this port may expect STLS or plain POP3, not pop3s.']);
    const [kind, message] = await kinds({ security: 'starttls', port: info.pop3sPort, timeoutMs: 1000 });
    assert.equal(kind, 'timeout');
    assert.match(message, /pop3s/);
  });

  it('refuses to go on in plain text when STLS is missing', async () => {
    const proxy = await startPop3Proxy(info.pop3Port, {
      hideCapabilities: ['STLS'],
      onCommand: (line) => (line === 'STLS' ? { reply: '-ERR Unknown command\r\n' } : 'forward'),
    });
    try {
      assert.equal((await failure({ port: proxy.port })).kind, 'tls');
      assert.ok(!proxy.commands.some((c) => /^(USER|PASS|AUTH)/.test(c)), 'no credentials sent');
    } finally {
      await proxy.close();
    }
  });

  it('refuses plain text to a host that is not loopback unless allowed, before connecting', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): refused before any packet is sent.
    assert.equal((await failure({ host: '192.0.2.1', security: 'plain' })).kind, 'tls');
  });

  it('tells an unknown host, a closed port, a private address and a silent or foreign server apart', async () => {
    assert.equal((await failure({ host: 'pop3.postern.invalid' })).kind, 'dns');
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    assert.equal((await failure({ port: closedPort })).kind, 'connect');
    assert.equal((await failure({ allowPrivateHosts: false })).kind, 'blocked');
    assert.equal((await failure({ port: info.imapPort })).kind, 'protocol');
  });

  describe('with a server that accepts and says nothing', () => {
    let silent: net.Server;
    before(async () => {
      silent = net.createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    });
    after(() => new Promise((resolve) => silent.close(resolve)));

    it('gives up at the deadline', async () => {
      const err = await failure({ port: (silent.address() as net.AddressInfo).port, security: 'plain', timeoutMs: 300 });
      assert.equal(err.kind, 'timeout');
    });
  });

  it('stops a message larger than the cap and refuses characters that would split a command', async () => {
    const client = await Pop3Client.connect(options);
    await assert.rejects(retrieve(client, 1, 100), (err: Pop3Error) => err.kind === 'too-large');
    assert.equal((await failure({ password: 'pw\r\nDELE 1' })).kind, 'auth');
  });
});
