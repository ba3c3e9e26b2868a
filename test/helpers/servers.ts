// Cyrus and Courier for the test files that ask for them (test/servers/): started on first use, in this file's
// process, and stopped after its tests; the exit hook and the watchdog of sandbox/standalone.ts cover the rest.
// What comes back plugs into the usual helpers: buildApp(server.info) is Postern with IMAP_URL pointing at that
// server (SMTP stays the sandbox's Postfix), and withImap/appendAll(server.info, user) reach the server directly.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { startCourier as startCourierServer, type CourierInfo } from '../../sandbox/courier.ts';
import { startCyrus as startCyrusServer, type CyrusInfo } from '../../sandbox/cyrus.ts';
import { addUserToPasswdFile, type SandboxInfo } from '../../sandbox/sandbox.ts';
import type { ImapServer, ImapServerInfo } from '../../sandbox/standalone.ts';
import { newUser, sandbox, type TestUser } from './env.ts';

/** What the flows of test/servers/ need of a server: its sandbox view and fresh accounts on it. */
export interface MailServer {
  /** The sandbox with this server's IMAP port, and a CA file that trusts it and the sandbox's Postfix. */
  info: SandboxInfo;
  /** A fresh account with an empty INBOX, Drafts, Sent and Trash; also a sandbox (Dovecot) user of the same
   *  name and password, since Postfix asks Dovecot whether SMTP AUTH is right. Its address delivers to Dovecot. */
  newUser(prefix?: string): Promise<TestUser>;
}

export interface ServerUnderTest<Info extends ImapServerInfo = ImapServerInfo> extends MailServer {
  server: ImapServer<Info>;
}

const started: ImapServer[] = [];

after(async () => {
  await Promise.all(started.map((server) => server.stop()));
});

let cyrus: Promise<ServerUnderTest<CyrusInfo>> | undefined;
let courier: Promise<ServerUnderTest<CourierInfo>> | undefined;

export function startCyrus() {
  return (cyrus ??= underTest(startCyrusServer()));
}

export function startCourier() {
  return (courier ??= underTest(startCourierServer()));
}

/** The sandbox's own Dovecot, for running the same flows as the baseline. */
export async function sandboxDovecot(): Promise<MailServer> {
  return { info: await sandbox(), newUser };
}

async function underTest<Info extends ImapServerInfo>(starting: Promise<ImapServer<Info>>): Promise<ServerUnderTest<Info>> {
  const [server, base] = await Promise.all([starting, sandbox()]);
  started.push(server);
  const caFile = path.join(server.info.dir, 'ca-bundle.pem');
  fs.writeFileSync(caFile, Buffer.concat([fs.readFileSync(base.caFile), fs.readFileSync(server.info.caFile)]));
  const info: SandboxInfo = { ...base, imapPort: server.info.imapPort, caFile };
  return {
    server,
    info,
    newUser: async (prefix = 'u') => {
      const name = `${prefix}${randomBytes(5).toString('hex')}`;
      const password = `pw-${randomBytes(9).toString('base64url')}`;
      await Promise.all([server.addUser(name, password), addUserToPasswdFile(base, name, password)]);
      return { name, password, address: `${name}@${base.mailDomain}` };
    },
  };
}
