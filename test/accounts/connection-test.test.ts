// "Test connection" says exactly what failed: the name (DNS), nothing answering, the TLS mode, the password, no
// UIDL; and what works. Against the sandbox Dovecot's POP3 (STLS) and POP3S ports, a closed port, and the fault proxy
// for a server without UIDL. Nothing is fetched.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import supertest from 'supertest';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { pop3Count, pop3Message, seedPop3 } from '../helpers/pop3.ts';
import { startPop3Proxy, type Pop3Proxy } from '../helpers/pop3-proxy.ts';
import { accountForm, flashes, postAction, postAdd, redirected, shownIds } from './accounts-helpers.ts';

type Agent = ReturnType<typeof supertest.agent>;

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('Test connection', () => {
  let info: Awaited<ReturnType<typeof sandbox>>;
  let t: TestApp;
  let agent: Agent;
  let source: TestUser;
  let proxy: Pop3Proxy;
  let owner: TestUser;
  const logs: string[] = [];

  before(async () => {
    info = await sandbox();
    // Every line Postern logs, down to debug: none may carry a password.
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
    t = buildApp(info, { POP3_ALLOW_PRIVATE_HOSTS: '1', POP3_TIMEOUT_SECONDS: '5', LOG_LEVEL: 'debug' }, { logger });
    owner = await newUser('testown');
    source = await newUser('testsrc');
    await seedPop3(info, source, [pop3Message('probe', 1), pop3Message('probe', 2)]);
    agent = await signIn(t.app, owner);
    proxy = await startPop3Proxy(info.pop3Port, { onCommand: (line) => (line === 'UIDL' ? { reply: '-ERR Unknown command: UIDL\r\n' } : 'forward') });
  });
  after(async () => {
    await proxy?.close();
    await t?.close();
  });

  /** Adds an account (not fetched automatically), presses Test connection, and returns the flash it lands on. */
  async function tested(fields: Record<string, string>): Promise<string> {
    const before = new Set(shownIds((await agent.get('/settings/accounts').expect(200)).text));
    await redirected(postAdd(agent, accountForm(info, source, { auto: '0', ...fields })));
    const id = shownIds((await agent.get('/settings/accounts').expect(200)).text).find((i) => !before.has(i))!;
    const res = await postAction(agent, id, 'test');
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/settings/accounts');
    const [flash] = flashes((await agent.get('/settings/accounts').expect(200)).text);
    await redirected(postAction(agent, id, 'delete'));
    return flash ?? '';
  }

  it('says the connection works, and fetches nothing', async () => {
    const flash = await tested({ name: 'Works' });
    assert.equal(flash, 'The connection to Works works: signed in, 2 messages on the server.');
    assert.equal(await pop3Count(info, source), 2);
  });

  it('works over pop3s too', async () => {
    assert.equal(await tested({ name: 'TLS', port: String(info.pop3sPort), security: 'pop3s' }), 'The connection to TLS works: signed in, 2 messages on the server.');
  });

  it('names a refused password', async () => {
    assert.match(await tested({ name: 'Wrong', password: 'not-the-password' }), /^Testing Wrong failed: The server did not accept the user name and password\./);
  });

  it('names the wrong TLS mode: pop3s to the STLS port, STARTTLS to the pop3s port, STLS where the server offers none', async () => {
    assert.equal(await tested({ name: 'Mode', security: 'pop3s' }),
      'Testing Mode failed: The server did not answer in TLS: this port expects STARTTLS or no encryption.');
    // STARTTLS to the pop3s port: the server waits for a TLS handshake and never greets in plain text.
    assert.equal(await tested({ name: 'Mode2', port: String(info.pop3sPort), security: 'starttls' }),
      'Testing Mode2 failed: The server did not greet: if this port expects TLS from the start (pop3s, usually port 995), choose TLS.');
    // A server without STLS refuses it as unknown: no silent fall-back to plain text.
    const before = proxy.rules.onCommand;
    proxy.rules.onCommand = (line) => (line === 'STLS' ? { reply: '-ERR Unknown command: STLS\r\n' } : 'forward');
    const viaProxy = await tested({ name: 'NoStls', port: String(proxy.port) });
    proxy.rules.onCommand = before;
    assert.equal(viaProxy, 'Testing NoStls failed: The server does not offer STARTTLS on this port: choose TLS (pop3s, usually port 995). '
      + 'The server said: “Unknown command: STLS”');
    assert.ok(!proxy.commands.includes('USER') && !proxy.commands.some((c) => c.startsWith('AUTH')), 'nothing was sent in clear after the refusal');
  });

  it('names a host nothing answers on, and a name that does not resolve', async () => {
    assert.equal(await tested({ name: 'Closed', port: String(await closedPort()) }), 'Testing Closed failed: Nothing answered at that server and port.');
    assert.match(await tested({ name: 'Nowhere', host: 'no-such-host.invalid' }), /^Testing Nowhere failed: The server’s name could not be found \(DNS\)\./);
  });

  it('names a server without UIDL for "keep", and lets "delete" do without it', async () => {
    const keep = await tested({ name: 'NoUidl', port: String(proxy.port), security: 'plain' });
    assert.match(keep, /^Testing NoUidl failed: The server gives messages no unique ids \(UIDL\)/);
    const del = await tested({ name: 'NoUidlDelete', port: String(proxy.port), security: 'plain', mode: 'delete' });
    assert.match(del, /^The connection to NoUidlDelete works: signed in, 2 messages on the server\. The server gives no unique ids/);
    assert.equal(await pop3Count(info, source), 2, 'testing deletes nothing');
  });

  it('logs no password, neither the POP3 nor the IMAP one, whatever failed', () => {
    assert.ok(logs.length > 10, `Postern logged (${logs.length} lines)`);
    for (const secret of [source.password, owner.password, 'not-the-password']) {
      assert.deepEqual(logs.filter((line) => line.includes(secret)), [], 'a password in the log');
    }
  });

  it('refuses a private address unless the admin allows it', async () => {
    const strict = buildApp(info, {});
    try {
      const owner = await newUser('teststrict');
      const other = await signIn(strict.app, owner);
      await redirected(postAdd(other, accountForm(info, source, { name: 'Local', auto: '0' })));
      const [id] = shownIds((await other.get('/settings/accounts').expect(200)).text);
      await redirected(postAction(other, id!, 'test'));
      const [flash] = flashes((await other.get('/settings/accounts').expect(200)).text);
      assert.equal(flash, 'Testing Local failed: That server is on a private or local network, which Postern may not reach.');
    } finally {
      await strict.close();
    }
  });
});
