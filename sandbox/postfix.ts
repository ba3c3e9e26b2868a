// The sandbox's submission server: Postfix's master daemon as our child, config from sandbox/postfix/*.cf.
//
// We run `master -c DIR -s` ourselves instead of `postfix start-fg`: start-fg runs master under a shell
// (master then sits in another session, so two groups to track), and its integrity checks (post-install,
// postsuper, find over the queue) take about a second of the startup budget. The queue directories it would
// create come from Postfix's own postfix-files list, so owners and modes are the ones Postfix expects.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { spawnDaemon, stopDaemon, type Daemon } from './daemons.ts';
import { SandboxStartError, logSize } from './failures.ts';
import type { Layout } from './layout.ts';
import { waitForServer } from './ports.ts';
import { groupId, userId } from './system-users.ts';
import { renderTemplate } from './templates.ts';

const run = promisify(execFile);

export interface PostfixPorts {
  submissionPort: number;
  lmtpPort: number;
  authPort: number;
}

export function writePostfixConfig(layout: Layout, ports: PostfixPorts): void {
  const conf = layout.postfixConfDir;
  fs.mkdirSync(conf, { recursive: true });
  const values = {
    DIR: layout.dir,
    ID: layout.id,
    DOMAIN: layout.mailDomain,
    SUBMISSION_PORT: ports.submissionPort,
    LMTP_PORT: ports.lmtpPort,
    AUTH_PORT: ports.authPort,
  };
  renderTemplate('postfix/main.cf', values, path.join(conf, 'main.cf'));
  renderTemplate('postfix/master.cf', values, path.join(conf, 'master.cf'));
  // Postfix reads the list of dynamically loaded map types from the config dir and warns without it.
  const maps = path.join(systemDirectory('meta_directory'), 'dynamicmaps.cf');
  if (fs.existsSync(maps)) fs.copyFileSync(maps, path.join(conf, 'dynamicmaps.cf'));
  // Postfix will not load a table file changed within the current second (it sleeps in 300 ms steps until
  // the clock moves on, so a later edit cannot go unnoticed). Freshly written configs cost up to a second
  // per file at startup; dating them a minute back skips the wait.
  const past = new Date(Date.now() - 60_000);
  for (const file of fs.readdirSync(conf)) fs.utimesSync(path.join(conf, file), past, past);
  makeQueueDirectories(layout);
}

export async function startPostfix(layout: Layout, submissionPort: number): Promise<Daemon> {
  const logStart = logSize(layout.postfixLog);
  const master = path.join(systemDirectory('daemon_directory'), 'master');
  const daemon = spawnDaemon('postfix', master, ['-c', layout.postfixConfDir, '-s'], layout.postfixLog);
  try {
    await waitForServer({
      port: submissionPort,
      // smtpd_banner carries the sandbox id: proof that the answering smtpd is ours.
      answer: (received) => received.startsWith('220 ') && received.includes(`Postern sandbox ${layout.id}`),
      deadline: Date.now() + 10_000,
      gaveUp: () => daemon.exitStatus(),
    });
  } catch (err) {
    await stopDaemon(daemon, { graceMs: 1000 });
    const check = await postfixCheck(layout.postfixConfDir);
    throw new SandboxStartError('Postfix', (err as Error).message, layout.postfixLog, logStart, check);
  }
  return daemon;
}

// Postfix prints most configuration errors only to a terminal, so give it one.
async function postfixCheck(confDir: string): Promise<string> {
  try {
    const { stdout } = await run('script', ['-qc', `postfix -c '${confDir}' check`, '/dev/null'], { timeout: 10_000 });
    return stdout.trim() ? `--- postfix check ---\n${stdout}` : '';
  } catch (err) {
    return `--- postfix check ---\n${(err as { stdout?: string }).stdout ?? (err as Error).message}`;
  }
}

// Lines like `$queue_directory/maildrop:d:$mail_owner:$setgid_group:730:uc` in postfix-files.
function makeQueueDirectories(layout: Layout): void {
  const where: Record<string, string> = {
    queue_directory: path.join(layout.dir, 'postfix', 'queue'),
    data_directory: path.join(layout.dir, 'postfix', 'data'),
  };
  const names: Record<string, string> = { $mail_owner: 'postfix', $setgid_group: 'postdrop' };
  const list = fs.readFileSync(path.join(systemDirectory('meta_directory'), 'postfix-files'), 'utf8');
  for (const line of list.split('\n')) {
    const match = /^\$(queue_directory|data_directory)(\/[^:]*)?:d:([^:]+):([^:]+):([0-7]+):/.exec(line);
    if (!match) continue;
    const [, base = '', sub = '', owner = '', group = '', mode = ''] = match;
    const dir = path.join(where[base] ?? '', sub);
    fs.mkdirSync(dir, { recursive: true });
    const uid = userId(names[owner] ?? owner);
    const gid = group === '-' ? 0 : groupId(names[group] ?? group);
    fs.chownSync(dir, uid, gid);
    fs.chmodSync(dir, parseInt(mode, 8));
  }
}

const directories = new Map<string, string>();

// Debian's values (/usr/lib/postfix/sbin, /etc/postfix), asked once from postconf rather than assumed.
function systemDirectory(name: 'daemon_directory' | 'meta_directory'): string {
  let dir = directories.get(name);
  if (!dir) {
    dir = execFileSync('postconf', ['-dh', name], { encoding: 'utf8' }).trim();
    directories.set(name, dir);
  }
  return dir;
}
