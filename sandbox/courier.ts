// Courier-IMAP 5 as a private instance: couriertcpd in the foreground as our child, with its own authdaemond and
// userdb, started through sandbox/courier/run.sh in a mount namespace of its own (see there why). Every file is
// inside its working dir; mail is Maildir++ owned by nobody. Started only by the tests that ask for it.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { groupMembers, spawnDaemon, stopDaemon, type Daemon } from './daemons.ts';
import { SandboxStartError, logSize } from './failures.ts';
import { waitForServer, withFreshPorts } from './ports.ts';
import { checkUser, firstLogin, prepareStandalone, unpacked, type ImapServer, type ImapServerInfo, type StandaloneOptions } from './standalone.ts';
import { groupId, userId } from './system-users.ts';
import { renderTemplate } from './templates.ts';

const run = promisify(execFile);

export interface CourierInfo extends ImapServerInfo {
  kind: 'courier';
}

// Courier sends no special-use flags, so clients find these by name; Debian's Maildir skeletons carry them too.
const FOLDERS = ['Drafts', 'Sent', 'Trash'];

export async function startCourier(opts: StandaloneOptions = {}): Promise<ImapServer<CourierInfo>> {
  const imapd = unpacked('courier-imap', 'usr/bin/imapd');
  const imaplogin = unpacked('courier-imap', 'usr/lib/courier/courier/imaplogin');
  // The mount points of run.sh: /etc/courier comes with courier-authdaemon.
  if (!fs.existsSync('/etc/courier')) throw new Error('sandbox: /etc/courier is missing; run `bash scripts/setup.sh test` (as root)');
  const began = Date.now();
  const base = await prepareStandalone('courier', opts);
  const { dir } = base;
  const etc = path.join(dir, 'etc');
  const log = path.join(dir, 'courier.log');
  const userdb = path.join(etc, 'userdb');
  let daemon: Daemon | undefined;
  let imapPort: number;
  try {
    prepareDirs(dir, base.cert);
    imapPort = await withFreshPorts(1, async ([port]) => {
      renderTemplate('courier/imapd', { IMAP_PORT: port!, IMAPD: imapd.file, IMAPLOGIN: imaplogin.file }, path.join(etc, 'imapd'));
      daemon = await startTcpd(dir, log, port!);
      base.watch(daemon);
      return port!;
    });
  } catch (err) {
    base.close();
    throw err;
  }
  opts.log?.(`Courier-IMAP ${imapd.version} ready on IMAP ${imapPort} (${Date.now() - began} ms)`);
  const info: CourierInfo = { kind: 'courier', version: imapd.version, dir, host: '127.0.0.1', imapPort, caFile: base.cert.certFile };
  let users: Promise<unknown> = Promise.resolve();
  let stopped: Promise<void> | undefined;
  return {
    info,
    addUser: (name, password) => {
      const added = users.then(async () => {
        checkUser(name, password);
        const maildir = prepareMaildir(path.join(dir, 'home', name));
        // authuserdb checks {SHA256} (base64 of the digest) itself; makeuserdb turns the text file into the
        // userdb.dat that authdaemond reads at every login.
        const hash = crypto.createHash('sha256').update(password).digest('base64');
        const { uid, gid } = mailOwner();
        fs.appendFileSync(userdb, `${name}\tuid=${uid}|gid=${gid}|home=${path.dirname(maildir)}|mail=${maildir}|systempw={SHA256}${hash}\n`);
        await run('/usr/sbin/makeuserdb', ['-f', userdb]);
        await firstLogin(info, name, password);
      });
      users = added.catch(() => {});
      return added;
    },
    pids: () => (daemon ? groupMembers(daemon.pid) : []),
    stop: () => (stopped ??= (async () => {
      // couriertcpd does not stop authdaemond or the sessions it started: the whole group gets SIGTERM.
      if (daemon) await stopDaemon(daemon, { termGroup: true });
      base.close();
    })()),
  };
}

function prepareDirs(dir: string, cert: { certFile: string; keyFile: string }): void {
  const etc = path.join(dir, 'etc');
  const courier = groupId('courier');
  fs.mkdirSync(path.join(dir, 'run', 'authdaemon'), { recursive: true });
  fs.mkdirSync(etc, { recursive: true });
  fs.mkdirSync(path.join(dir, 'home'), { recursive: true });
  // The socket directory is authdaemond's; imaplogin, as root, reaches it.
  fs.chownSync(path.join(dir, 'run', 'authdaemon'), userId('courier'), courier);
  fs.chmodSync(path.join(dir, 'run', 'authdaemon'), 0o750);
  renderTemplate('courier/authdaemonrc', {}, path.join(etc, 'authdaemonrc'));
  fs.writeFileSync(path.join(etc, 'imapd.pem'), Buffer.concat([fs.readFileSync(cert.keyFile), fs.readFileSync(cert.certFile)]));
  for (const file of ['authdaemonrc', 'imapd.pem']) {
    fs.chownSync(path.join(etc, file), 0, courier);
    fs.chmodSync(path.join(etc, file), 0o640);
  }
  // makeuserdb refuses a userdb that group or others may read.
  fs.writeFileSync(path.join(etc, 'userdb'), '', { mode: 0o600 });
}

async function startTcpd(dir: string, log: string, port: number): Promise<Daemon> {
  const logStart = logSize(log);
  const script = path.join(import.meta.dirname, 'courier', 'run.sh');
  const daemon = spawnDaemon('courier', '/usr/bin/unshare', ['--mount', '--propagation', 'private', 'sh', script, dir], log);
  const socket = path.join(dir, 'run', 'authdaemon', 'socket');
  try {
    await waitForServer({
      port, deadline: Date.now() + 10_000, gaveUp: () => daemon.exitStatus(),
      // Courier's greeting names no instance; the authdaemond socket in our own dir is what says ready.
      answer: (received) => received.includes('Courier-IMAP ready') && received.includes('\n') && fs.existsSync(socket),
    });
  } catch (err) {
    await stopDaemon(daemon, { graceMs: 1000, termGroup: true });
    throw new SandboxStartError('Courier', (err as Error).message, log, logStart);
  }
  return daemon;
}

function mailOwner(): { uid: number; gid: number } {
  return { uid: userId('nobody'), gid: groupId('nogroup') };
}

/** Maildir++ (what Courier reads): INBOX in cur/new/tmp, each folder a ".Name" Maildir marked by maildirfolder. */
function prepareMaildir(home: string): string {
  const maildir = path.join(home, 'Maildir');
  const { uid, gid } = mailOwner();
  const dirs = [home, maildir, ...['', ...FOLDERS.map((f) => `.${f}`)].flatMap((f) => ['cur', 'new', 'tmp'].map((d) => path.join(maildir, f, d)))];
  for (const d of dirs) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
  for (const f of FOLDERS) fs.writeFileSync(path.join(maildir, `.${f}`, 'maildirfolder'), '');
  for (const p of [...dirs, ...FOLDERS.map((f) => path.join(maildir, `.${f}`)), ...FOLDERS.map((f) => path.join(maildir, `.${f}`, 'maildirfolder'))]) fs.chownSync(p, uid, gid);
  return maildir;
}
