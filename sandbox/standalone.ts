// Cyrus and Courier run beside the sandbox, not inside it: only the test files that need them start them, in
// their own process, so `npm test` pays their few seconds only there. Each still gets what startSandbox gives its
// servers: its own working dir, a certificate, the 'exit' hook of daemons.ts and a watchdog for a SIGKILLed owner.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { makeCertificate, type Certificate } from './certs.ts';
import type { Daemon } from './daemons.ts';
import { checkUserName } from './users.ts';
import { startWatchdog } from './watchdog.ts';
import { prepareWorkingDir } from './working-dir.ts';

// scripts/setup.sh unpacks cyrus-imapd and courier-imap here: apt would remove dovecot-imapd to install them.
const UNPACKED = '/opt/postern-sandbox';

export interface ImapServerInfo {
  kind: 'cyrus' | 'courier';
  version: string; // the Debian package's version
  dir: string;
  host: '127.0.0.1';
  imapPort: number; // STARTTLS offered, LOGIN allowed in plain text (loopback)
  caFile: string; // the self-signed certificate of the port, as a CA file for clients
}

export interface ImapServer<Info extends ImapServerInfo = ImapServerInfo> {
  info: Info;
  /** Resolves once the user can log in, with an empty INBOX and Drafts, Sent and Trash. */
  addUser(name: string, password: string): Promise<void>;
  pids(): number[]; // live processes of this server, workers included
  stop(): Promise<void>; // idempotent; removes dir unless one was given
}

export interface StandaloneOptions {
  dir?: string; // working directory; default a fresh one under os.tmpdir()
  log?: (line: string) => void;
}

export interface Standalone {
  dir: string;
  id: string; // names this instance in greetings and process lists
  cert: Certificate;
  watch(daemon: Daemon | undefined): void;
  close(): void; // stops the watchdog and removes a dir of our own
}

export async function prepareStandalone(kind: ImapServerInfo['kind'], opts: StandaloneOptions): Promise<Standalone> {
  const dir = prepareWorkingDir(opts.dir, `postern-${kind}-`);
  const ownDir = !opts.dir;
  const watchdog = startWatchdog(path.join(dir, 'watchdog.groups'), ownDir ? dir : '');
  const close = () => {
    watchdog.stop();
    if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const cert = await makeCertificate(path.join(dir, 'tls'));
    return {
      dir, id: crypto.randomBytes(4).toString('hex'), cert, close,
      watch: (daemon) => watchdog.watch(daemon && daemon.pid > 0 ? [daemon.pid] : []),
    };
  } catch (err) {
    close();
    throw err;
  }
}

/** A program of an unpacked package, or an error that says how to get it. */
export function unpacked(pkg: 'cyrus-imapd' | 'courier-imap', program: string): { file: string; version: string } {
  const file = path.join(UNPACKED, pkg, program);
  let version: string;
  try {
    version = fs.readFileSync(path.join(UNPACKED, pkg, 'VERSION'), 'utf8').trim();
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    throw new Error(`sandbox: ${file} is missing; run \`bash scripts/setup.sh test\` (as root) to unpack ${pkg}`);
  }
  return { file, version };
}

export function checkUser(name: string, password: string): void {
  checkUserName(name);
  // saslpasswd2 reads one line; a userdb line ends at a newline.
  if (password === '' || /[\r\n\0]/.test(password)) throw new Error(`sandbox: password for ${name} must be non-empty, on one line`);
}

/** Logs in once over STARTTLS: proves the user works, and is what makes Cyrus create the user's folders. */
export async function firstLogin(info: ImapServerInfo, name: string, password: string): Promise<void> {
  const client = new ImapFlow({
    host: info.host, port: info.imapPort, secure: false, doSTARTTLS: true, tls: { ca: fs.readFileSync(info.caFile) },
    auth: { user: name, pass: password }, logger: false, connectionTimeout: 10_000, greetingTimeout: 10_000,
  });
  client.on('error', () => {}); // reported by connect() or logout()
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`sandbox: ${info.kind} refused the new user ${name}: ${(err as Error).message}`);
  }
  await client.logout().catch(() => client.close());
}
