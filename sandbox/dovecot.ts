// The sandbox's IMAP server: Dovecot in the foreground (`-F`) as our child, config from sandbox/dovecot.conf.
import fs from 'node:fs';
import path from 'node:path';
import { spawnDaemon, stopDaemon, type Daemon } from './daemons.ts';
import { SandboxStartError, logSize } from './failures.ts';
import type { Layout } from './layout.ts';
import { waitForServer } from './ports.ts';
import { renderTemplate } from './templates.ts';
import { groupId, userId } from './system-users.ts';

export interface DovecotPorts {
  imapPort: number;
  imapsPort: number;
  lmtpPort: number;
  authPort: number; // Postfix SASL (smtpd_sasl_type = dovecot)
  pop3Port: number; // STLS offered, USER/PASS and AUTH PLAIN allowed in plain text (loopback)
  pop3sPort: number; // implicit TLS
}

export function writeDovecotConfig(layout: Layout, ports: DovecotPorts): void {
  for (const sub of ['dovecot/run', 'dovecot/state']) fs.mkdirSync(path.join(layout.dir, sub), { recursive: true });
  // Dovecot creates each home on first login as the mail user (nobody), so the parent must be theirs.
  fs.mkdirSync(layout.homeDir, { recursive: true });
  fs.chownSync(layout.homeDir, userId('nobody'), groupId('nogroup'));
  renderTemplate('dovecot.conf', {
    DIR: layout.dir,
    ID: layout.id,
    DOMAIN: layout.mailDomain,
    IMAP_PORT: ports.imapPort,
    IMAPS_PORT: ports.imapsPort,
    LMTP_PORT: ports.lmtpPort,
    AUTH_PORT: ports.authPort,
    POP3_PORT: ports.pop3Port,
    POP3S_PORT: ports.pop3sPort,
  }, layout.dovecotConf);
}

export async function startDovecot(layout: Layout, ports: DovecotPorts): Promise<Daemon> {
  const logStart = logSize(layout.dovecotLog);
  const daemon = spawnDaemon('dovecot', '/usr/sbin/dovecot', ['-F', '-c', layout.dovecotConf], layout.dovecotLog);
  const deadline = Date.now() + 10_000;
  const gaveUp = () => daemon.exitStatus();
  // The greeting names this sandbox's id, so a port answered by some other server never passes for ours.
  const ours = (received: string) => received.includes(`Postern sandbox ${layout.id} ready`) && received.includes('\n');
  try {
    await Promise.all([
      waitForServer({ port: ports.imapPort, answer: ours, deadline, gaveUp }),
      waitForServer({ port: ports.lmtpPort, answer: ours, deadline, gaveUp }),
      waitForServer({ port: ports.pop3Port, answer: ours, deadline, gaveUp }),
      waitForServer({ port: ports.pop3sPort, deadline, gaveUp }),
      waitForServer({ port: ports.imapsPort, deadline, gaveUp }),
      waitForServer({ port: ports.authPort, deadline, gaveUp }),
    ]);
  } catch (err) {
    await stopDovecot(daemon, layout);
    throw new SandboxStartError('Dovecot', (err as Error).message, layout.dovecotLog, logStart);
  }
  return daemon;
}

// Told to stop, Dovecot's master gives workers that still serve clients a second before it kills them, and
// then waits about another second for its log process. Each worker shuts down cleanly on its own SIGTERM, so
// the whole group gets one, and once no process that can write mail is left (only the ones below), the rest
// is SIGKILLed: stopping takes tens of milliseconds instead of over a second. Not while the master rewrites
// its instance registry on the way out: a dotlock left behind by a kill makes the next start wait 10 s.
const HARMLESS = ['/log', '/imap-login', '/pop3-login', '/anvil', '/auth', '/config', '/stats'];

export async function stopDovecot(daemon: Daemon, layout: Layout): Promise<void> {
  const instancesLock = path.join(layout.dir, 'dovecot', 'state', 'instances.lock');
  const harmless = (pid: number) => pid === daemon.pid || HARMLESS.some((name) => processTitle(pid).endsWith(name));
  await stopDaemon(daemon, {
    termGroup: true,
    settled: (pids) => pids.every(harmless) && !fs.existsSync(instancesLock),
  });
  // What a killed master leaves behind. The lock can still slip through between check and kill; a stale
  // master.pid makes the next start refuse ("already running") once its pid is reused by any process.
  fs.rmSync(instancesLock, { force: true });
  fs.rmSync(path.join(layout.dir, 'dovecot', 'run', 'master.pid'), { force: true });
}

// Dovecot retitles its workers "dovecot-<instance_name>/<service>".
function processTitle(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return '';
  }
}
