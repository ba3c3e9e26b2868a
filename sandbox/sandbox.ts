// Private loopback mail servers (Dovecot IMAP/POP3/LMTP, Postfix submission, optionally Redis) for `npm run demo`
// and `npm test`. Every process is our child, on ports picked at run time, with all state in one working dir.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeCertificate } from './certs.ts';
import { groupMembers, stopDaemon, type Daemon } from './daemons.ts';
import { startDovecot, stopDovecot, writeDovecotConfig, type DovecotPorts } from './dovecot.ts';
import { layoutFor, type Layout } from './layout.ts';
import { withFreshPorts } from './ports.ts';
import { startPostfix, writePostfixConfig } from './postfix.ts';
import { startRedis } from './redis.ts';
import { appendUser, writePasswdFile } from './users.ts';
import { startWatchdog } from './watchdog.ts';
import { prepareWorkingDir } from './working-dir.ts';

export { stopOnSignals } from './signals.ts';

export interface SandboxOptions {
  dir?: string; // working directory; default a fresh mkdtemp under os.tmpdir() named postern-sandbox-*
  users: { name: string; password: string }[];
  smtp?: boolean; // start Postfix submission (default true)
  redis?: boolean; // start redis-server (default false)
  log?: (line: string) => void; // progress lines; default silent
}

// Plain JSON, also written to <dir>/sandbox.json for other processes (test files).
export interface SandboxInfo {
  dir: string;
  host: '127.0.0.1';
  imapPort: number; // STARTTLS offered, plaintext AUTH allowed (loopback)
  imapsPort: number; // implicit TLS
  lmtpPort: number;
  authPort: number; // Dovecot auth listener that Postfix uses for SASL
  pop3Port: number; // POP3 with STLS offered, plaintext USER/PASS and AUTH PLAIN allowed (loopback)
  pop3sPort: number; // POP3 over implicit TLS
  submissionPort?: number; // STARTTLS required, then AUTH PLAIN/LOGIN; delivers only to @mailDomain
  redisPort?: number;
  caFile: string; // self-signed cert of all TLS ports (SAN DNS:localhost, IP:127.0.0.1)
  passwdFile: string; // Dovecot passwd-file; an appended line is a user from the next second on (see users.ts)
  dovecotConf: string;
  mailDomain: string; // users' addresses are name@mailDomain
}

export interface Sandbox extends SandboxInfo {
  addUser(name: string, password: string): Promise<void>;
  restartDovecot(): Promise<void>; // same ports; open IMAP connections are dropped
  stopSmtp(): Promise<void>;
  startSmtp(): Promise<void>;
  pids(): number[]; // live processes of this sandbox, workers included
  stop(): Promise<void>; // idempotent; removes dir unless opts.dir was given
}

const MAIL_DOMAIN = 'postern.test';

export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const began = Date.now();
  const log = opts.log ?? (() => {});
  const ownDir = !opts.dir;
  const dir = prepareWorkingDir(opts.dir);
  const layout = layoutFor(dir, crypto.randomBytes(4).toString('hex'), MAIL_DOMAIN);
  const watchdog = startWatchdog(layout.groupsFile, ownDir ? dir : '');
  const daemons: { dovecot?: Daemon; postfix?: Daemon; redis?: Daemon } = {};
  const watchAll = () => watchdog.watch(Object.values(daemons).map((daemon) => daemon.pid));
  const stopAll = async () => {
    const { dovecot, ...others } = daemons;
    await Promise.all([dovecot && stopDovecot(dovecot, layout), ...Object.values(others).map((daemon) => stopDaemon(daemon))]);
    watchdog.stop();
    if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
  };

  let info: SandboxInfo;
  let redisStarted: Promise<number> | undefined;
  try {
    const cert = await makeCertificate(layout.tlsDir);
    writePasswdFile(layout.passwdFile, layout.homeDir, opts.users);
    // Redis needs nothing from the others, so it starts alongside them.
    redisStarted = opts.redis
      ? withFreshPorts(1, async ([port]) => {
          daemons.redis = await startRedis(layout, port!);
          watchAll();
          return port!;
        })
      : undefined;
    redisStarted?.catch(() => {}); // reported by the await below, or moot if Dovecot fails first
    const dovecotPorts = await withFreshPorts(6, async ([imapPort, imapsPort, lmtpPort, authPort, pop3Port, pop3sPort]) => {
      const ports = {
        imapPort: imapPort!, imapsPort: imapsPort!, lmtpPort: lmtpPort!, authPort: authPort!, pop3Port: pop3Port!, pop3sPort: pop3sPort!,
      };
      writeDovecotConfig(layout, ports);
      daemons.dovecot = await startDovecot(layout, ports);
      watchAll();
      return ports;
    });
    log(`Dovecot ready on IMAP ${dovecotPorts.imapPort}, IMAPS ${dovecotPorts.imapsPort}, POP3 ${dovecotPorts.pop3Port}, POP3S ${dovecotPorts.pop3sPort} (${Date.now() - began} ms)`);
    const submissionPort = opts.smtp === false
      ? undefined
      : await withFreshPorts(1, async ([port]) => {
          writePostfixConfig(layout, { ...dovecotPorts, submissionPort: port! });
          daemons.postfix = await startPostfix(layout, port!);
          watchAll();
          return port!;
        });
    if (submissionPort) log(`Postfix submission ready on ${submissionPort} (${Date.now() - began} ms)`);
    const redisPort = await redisStarted;
    if (redisPort) log(`Redis ready on ${redisPort}`);
    info = {
      dir, host: '127.0.0.1', ...dovecotPorts, submissionPort, redisPort, caFile: cert.certFile,
      passwdFile: layout.passwdFile, dovecotConf: layout.dovecotConf, mailDomain: layout.mailDomain,
    };
    fs.writeFileSync(layout.infoFile, JSON.stringify(info, null, 2) + '\n');
  } catch (err) {
    await redisStarted?.catch(() => {});
    await stopAll();
    throw err;
  }
  log(`ready in ${Date.now() - began} ms (${dir})`);
  return buildSandbox(info, layout, daemons, watchAll, stopAll, log);
}

function buildSandbox(
  info: SandboxInfo,
  layout: Layout,
  daemons: { dovecot?: Daemon; postfix?: Daemon; redis?: Daemon },
  watchAll: () => void,
  stopAll: () => Promise<void>,
  log: (line: string) => void,
): Sandbox {
  // One operation at a time: a stop() during restartDovecot() must wait for the new Dovecot, then stop it.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = queue.then(operation);
    queue = result.catch(() => {});
    return result;
  };
  let stopped: Promise<void> | undefined;
  const dovecotPorts: DovecotPorts = info;
  return {
    ...info,
    addUser: (name, password) => appendUser(layout.passwdFile, layout.homeDir, name, password),
    restartDovecot: () => serial(async () => {
      const began = Date.now();
      if (daemons.dovecot) await stopDovecot(daemons.dovecot, layout);
      delete daemons.dovecot;
      watchAll(); // a dead group left in the list could be a reused pgid by the time the watchdog fires
      daemons.dovecot = await startDovecot(layout, dovecotPorts);
      watchAll();
      log(`Dovecot restarted (${Date.now() - began} ms)`);
    }),
    stopSmtp: () => serial(async () => {
      if (daemons.postfix) await stopDaemon(daemons.postfix);
      delete daemons.postfix;
      watchAll();
    }),
    startSmtp: () => serial(async () => {
      if (info.submissionPort === undefined) throw new Error('sandbox: started with smtp: false');
      daemons.postfix ??= await startPostfix(layout, info.submissionPort);
      watchAll();
    }),
    pids: () => Object.values(daemons).flatMap((daemon) => groupMembers(daemon.pid)),
    stop: () => (stopped ??= serial(stopAll)),
  };
}

// For another process (a test file) holding only sandbox.json.
export async function addUserToPasswdFile(info: SandboxInfo, name: string, password: string): Promise<void> {
  await appendUser(info.passwdFile, path.join(info.dir, 'home'), name, password);
}

export function readSandboxInfo(file: string): SandboxInfo {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SandboxInfo;
}
