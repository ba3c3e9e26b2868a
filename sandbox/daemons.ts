// Server processes of the sandbox. Each runs in the foreground as our child, in its own process group
// (spawn's `detached`), so that:
//  - a Ctrl-C in the terminal reaches only the owning script, which decides how to stop (stopOnSignals);
//  - one kill(-pgid) reaches the server and every worker it forked (Dovecot's imap/auth, Postfix's smtpd/qmgr).
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export interface Daemon {
  name: string;
  pid: number; // also the process group id
  exited: Promise<void>;
  exitStatus(): string | undefined; // undefined while running
}

const running = new Set<Daemon>();
let exitHookInstalled = false;

// Last line of defence on a normal or process.exit() end of the owner: 'exit' handlers must be synchronous,
// so there is no waiting here, just SIGKILL. (A SIGKILLed owner is covered by the watchdog.)
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const daemon of running) killGroup(daemon.pid, 'SIGKILL');
  });
}

/** `as`: run the server as this user (a test's nginx runs unprivileged even when the tests run as root). */
export function spawnDaemon(name: string, command: string, args: string[], logFile: string, as?: { uid: number; gid: number }): Daemon {
  installExitHook();
  // Early errors (before the server opens its own log) land in the same log file as the rest.
  const out = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], ...as });
  fs.closeSync(out);
  let status: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (err) => {
      status = `could not run ${command}: ${err.message}`;
      resolve();
    });
    child.once('exit', (code, signal) => {
      status = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
  });
  // An owner that forgets stop() must still be able to end; the exit hook then kills the group.
  child.unref();
  if (child.pid === undefined) {
    return { name, pid: -1, exited, exitStatus: () => status ?? `could not run ${command}` };
  }
  const daemon: Daemon = { name, pid: child.pid, exited, exitStatus: () => status };
  running.add(daemon);
  void exited.then(() => running.delete(daemon));
  return daemon;
}

export interface StopOptions {
  graceMs?: number; // how long the leader may take after SIGTERM (default 5 s)
  // True once what is left of the group may be SIGKILLed without harm: lets a server whose leader
  // lingers after its real work is done (Dovecot's master waits ~1 s on its log process) stop fast.
  settled?: (livePids: number[]) => boolean;
  // SIGTERM every process of the group at once instead of only the leader.
  termGroup?: boolean;
}

// SIGTERM lets Dovecot and Postfix shut their workers down cleanly; whatever is left after the leader has
// gone (or has settled, or after graceMs) is SIGKILLed, and we return only when no live process remains.
export async function stopDaemon(daemon: Daemon, options: StopOptions = {}): Promise<void> {
  if (daemon.pid < 0) return;
  // The child is unref'd; without a timer of our own, an owner with nothing else to do would exit mid-wait.
  const keepAlive = setInterval(() => {}, 1000);
  try {
    const deadline = Date.now() + (options.graceMs ?? 5000);
    // By default only the leader: it stops its workers itself and logs the shutdown.
    if (daemon.exitStatus() === undefined) signalProcess(options.termGroup ? -daemon.pid : daemon.pid, 'SIGTERM');
    while (daemon.exitStatus() === undefined && Date.now() < deadline) {
      if (options.settled?.(groupMembers(daemon.pid))) break;
      await Promise.race([daemon.exited, sleep(10)]);
    }
    killGroup(daemon.pid, 'SIGKILL');
    await daemon.exited;
    const gone = Date.now() + 3000;
    while (groupMembers(daemon.pid).length > 0 && Date.now() < gone) await sleep(10);
  } finally {
    clearInterval(keepAlive);
    running.delete(daemon);
  }
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

export function killGroup(pgid: number, signal: NodeJS.Signals): void {
  signalProcess(-pgid, signal);
}

// Live (non-zombie) pids in a process group, from /proc. kill(-pgid, 0) is not enough here: this machine's
// init reaps orphans late, and a zombie still counts as a group member.
export function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'latin1');
    } catch {
      continue;
    }
    // Fields after "(comm)": state ppid pgrp ...; comm itself may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) pids.push(Number(entry));
  }
  return pids;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
