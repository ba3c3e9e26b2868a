// Cyrus IMAP 3 as a private instance: `master -D` in the foreground as our child, config from sandbox/cyrus/,
// every path inside its working dir, users in a private sasldb. Started only by the tests that ask for it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { groupMembers, spawnDaemon, stopDaemon, type Daemon } from './daemons.ts';
import { SandboxStartError, logSize } from './failures.ts';
import { waitForServer, withFreshPorts } from './ports.ts';
import { checkUser, firstLogin, prepareStandalone, unpacked, type ImapServer, type ImapServerInfo, type StandaloneOptions } from './standalone.ts';
import { groupId, userId } from './system-users.ts';
import { renderTemplate } from './templates.ts';

const CYRUS_BIN = '/usr/lib/cyrus/bin'; // cyrus-common: master, ctl_cyrusdb

export interface CyrusInfo extends ImapServerInfo {
  kind: 'cyrus';
  // The same mail on a second port, where the admin allowed METADATA entries Cyrus does not define
  // (annotation_allow_undefined): on imapPort, SETMETADATA of /private/vendor/... is refused, as by default.
  openMetadataPort: number;
  imapdConf: string; // for Cyrus tools: `/usr/lib/cyrus/bin/cyr_ls -C <imapdConf>` ...
}

export async function startCyrus(opts: StandaloneOptions = {}): Promise<ImapServer<CyrusInfo>> {
  const imapd = unpacked('cyrus-imapd', 'usr/lib/cyrus/bin/imapd');
  const began = Date.now();
  const base = await prepareStandalone('cyrus', opts);
  const { dir } = base;
  const servername = `postern-cyrus-${base.id}`;
  const files = {
    imapdConf: path.join(dir, 'imapd.conf'), cyrusConf: path.join(dir, 'cyrus.conf'),
    log: path.join(dir, 'cyrus.log'), sasldb: path.join(dir, 'sasldb2'),
  };
  let daemon: Daemon | undefined;
  let ports: { imapPort: number; openMetadataPort: number };
  try {
    // Cyrus runs as its own user (master drops to it at once), so that user owns everything it touches.
    // config/socket: where imapd binds its end of the IDLE notification socket ("bind: No such file" without it).
    for (const sub of ['config/socket', 'spool', 'run/proc', 'run/lock', 'run/socket']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
    chownTree(dir, ['config', 'spool', 'run', 'tls']);
    ports = await withFreshPorts(2, async ([imapPort, openMetadataPort]) => {
      const values = { DIR: dir, ID: base.id, SERVERNAME: servername, CONF: files.imapdConf, IMAPD: imapd.file, CYRUS_BIN, IMAP_PORT: imapPort!, OPEN_METADATA_PORT: openMetadataPort! };
      renderTemplate('cyrus/imapd.conf', values, files.imapdConf);
      renderTemplate('cyrus/cyrus.conf', values, files.cyrusConf);
      daemon = await startMaster(files, [imapPort!, openMetadataPort!], servername);
      base.watch(daemon);
      return { imapPort: imapPort!, openMetadataPort: openMetadataPort! };
    });
  } catch (err) {
    base.close();
    throw err;
  }
  opts.log?.(`Cyrus ${imapd.version} ready on IMAP ${ports.imapPort}, ${ports.openMetadataPort} (${Date.now() - began} ms)`);
  const info: CyrusInfo = { kind: 'cyrus', version: imapd.version, dir, host: '127.0.0.1', ...ports, caFile: base.cert.certFile, imapdConf: files.imapdConf };
  // saslpasswd2 rewrites one database file: one at a time.
  let users: Promise<unknown> = Promise.resolve();
  let stopped: Promise<void> | undefined;
  return {
    info,
    addUser: (name, password) => {
      const added = users.then(async () => {
        checkUser(name, password);
        await saslpasswd(files.sasldb, servername, name, password);
        // The first login creates the INBOX and the special-use folders (autocreate_* in imapd.conf).
        await firstLogin(info, name, password);
      });
      users = added.catch(() => {});
      return added;
    },
    pids: () => (daemon ? groupMembers(daemon.pid) : []),
    stop: () => (stopped ??= (async () => {
      if (daemon) await stopDaemon(daemon); // SIGTERM: master stops its services itself
      base.close();
    })()),
  };
}

async function startMaster(files: { imapdConf: string; cyrusConf: string; log: string }, ports: number[], servername: string): Promise<Daemon> {
  const logStart = logSize(files.log);
  const pidFile = path.join(path.dirname(files.imapdConf), 'run', 'master.pid');
  // -D: keep stderr (our log file). Cyrus logs everything else to syslog, which this machine does not have.
  const daemon = spawnDaemon('cyrus', path.join(CYRUS_BIN, 'master'), ['-D', '-C', files.imapdConf, '-M', files.cyrusConf, '-p', pidFile], files.log);
  const deadline = Date.now() + 15_000;
  try {
    await Promise.all(ports.map((port) => waitForServer({
      port, deadline, gaveUp: () => daemon.exitStatus(),
      answer: (received) => received.includes(`${servername} Cyrus IMAP`) && received.includes('\n'),
    })));
  } catch (err) {
    await stopDaemon(daemon, { graceMs: 1000 });
    // A port taken between pickFreePorts() and the bind shows only in syslog, so it is not retried: rare enough.
    throw new SandboxStartError('Cyrus', (err as Error).message, files.log, logStart);
  }
  return daemon;
}

function saslpasswd(sasldb: string, realm: string, name: string, password: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // -p: the password from stdin, no prompt; the realm is what imapd asks for (its servername).
    const child = spawn('/usr/sbin/saslpasswd2', ['-f', sasldb, '-u', realm, '-c', '-p', name], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`sandbox: saslpasswd2 for ${name} exited ${code}: ${err.trim()}`));
      // Created by root on the first user; imapd (as cyrus) reads it.
      fs.chownSync(sasldb, userId('cyrus'), groupId('mail'));
      fs.chmodSync(sasldb, 0o640);
      resolve();
    });
    child.stdin.end(password);
  });
}

function chownTree(dir: string, subs: string[]): void {
  const uid = userId('cyrus');
  const gid = groupId('mail');
  const walk = (p: string) => {
    fs.chownSync(p, uid, gid);
    if (fs.statSync(p).isDirectory()) for (const entry of fs.readdirSync(p)) walk(path.join(p, entry));
  };
  for (const sub of subs) walk(path.join(dir, sub));
}
