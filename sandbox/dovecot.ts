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
      waitForServer({ port: ports.imapsPort, deadline, gaveUp }),
      waitForServer({ port: ports.authPort, deadline, gaveUp }),
    ]);
  } catch (err) {
    await stopDovecot(daemon);
    throw new SandboxStartError('Dovecot', (err as Error).message, layout.dovecotLog, logStart);
  }
  return daemon;
}

// After SIGTERM, Dovecot's workers are gone within tens of milliseconds, but the master then waits about a
// second for its log process. Once only those two remain no mail is being written: SIGKILL is safe.
export function stopDovecot(daemon: Daemon): Promise<void> {
  const lingering = (pid: number) => pid === daemon.pid || processTitle(pid).endsWith('/log');
  return stopDaemon(daemon, { settled: (pids) => pids.every(lingering) });
}

// Dovecot retitles its workers "dovecot-<instance_name>/<service>".
function processTitle(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return '';
  }
}
