// A deadline per test file for `npm test`. node:test runs each file in a child process and its --test-timeout
// fires from that child's event loop, so a file that spins synchronously is never stopped and the whole run waits
// for it. This watches the runner's children through /proc (Linux, as the machines `npm test` runs on) and kills a
// file that has run past its limit; the runner then reports that file as failed and goes on.
import { readdirSync, readFileSync } from 'node:fs';

export interface Watchdog {
  /** the files killed so far, with how long each had run */
  killed: { file: string; seconds: number }[];
  stop(): void;
}

interface Child {
  file: string;
  since: number;
}

function childrenOf(parent: number): Map<number, string> {
  const found = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) is in parentheses and may hold spaces: the parent pid is the second field after it.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parent) continue;
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const file = args.findLast((arg) => /\.test\.[cm]?[jt]s$/.test(arg));
      if (file) found.set(Number(entry), file);
    } catch {
      // the process ended between the listing and the read
    }
  }
  return found;
}

export function watchTestFiles(runner: number, limitSeconds: number, log: (line: string) => void, everyMs = 2000): Watchdog {
  const seen = new Map<number, Child>();
  const killed: Watchdog['killed'] = [];
  const timer = setInterval(() => {
    const now = Date.now();
    let current: Map<number, string>;
    try {
      current = childrenOf(runner);
    } catch {
      return; // no /proc: nothing to watch
    }
    for (const pid of seen.keys()) if (!current.has(pid)) seen.delete(pid);
    for (const [pid, file] of current) {
      const child = seen.get(pid) ?? { file, since: now };
      seen.set(pid, child);
      const seconds = Math.round((now - child.since) / 1000);
      if (seconds < limitSeconds) continue;
      try {
        process.kill(pid, 'SIGKILL');
        killed.push({ file, seconds });
        log(`killed ${file} after ${seconds} s: a test file may run ${limitSeconds} s (POSTERN_TEST_FILE_SECONDS)`);
      } catch {
        // it ended on its own just now
      }
      seen.delete(pid);
    }
  }, everyMs);
  timer.unref();
  return { killed, stop: () => clearInterval(timer) };
}
