// `npm run bench`: issue 9's targets, each as a ratio measured in this run (performance targets live here, not
// in timed tests). Starts a private Dovecot, seeds one account per mailbox size (and, for the runs with many
// users, accounts that share the largest one's Maildir), then:
//   1. one request at a time, Postern in this process against the raw floor on a warm connection (latency.ts);
//   2. Postern in a process of its own: CPU per page (cpu.ts), then N users at once against the floor's page op
//      on N raw connections (throughput.ts); a fresh one for memory per idle session (memory.ts) and the soak.
// Prints the targets as a markdown table, then the details; writes bench/results/latest.json; stops everything on
// exit or Ctrl-C. `--quick` is the smoke run the tests use.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, stopOnSignals } from '../sandbox/sandbox.ts';
import { benchUser, prepareAccount, shareMaildir, sharingUsers, type Seeded } from './accounts.ts';
import { CAP_MB, CAP_SESSIONS, cacheCapHolds } from './cache-cap.ts';
import { cpuPerPage } from './cpu.ts';
import { measureLatency } from './latency.ts';
import { memoryPerSession } from './memory.ts';
import { parseOptions } from './options.ts';
import { startPosternChild } from './postern-child.ts';
import { formatResults, writeResults, type Results } from './report.ts';
import { soak } from './soak.ts';
import { targetsOf } from './targets.ts';
import { throughput, type ThroughputRun } from './throughput.ts';

const ROOT = path.join(import.meta.dirname, '..');
const PAGE_SIZE = 50; // Postern's default PAGE_SIZE
const began = Date.now();
const log = (line: string) => console.log(`bench [${((Date.now() - began) / 1000).toFixed(1)} s]: ${line}`);

let opts;
try {
  opts = parseOptions(process.argv.slice(2), path.join(ROOT, 'bench', 'results'));
} catch (err) {
  console.error((err as Error).message);
  process.exit(64); // EX_USAGE
}
const accounts = opts.sizes.map((size) => ({ size, user: benchUser(size) }));
const [smallest, largest] = [accounts[0]!, accounts.at(-1)!];
// The load and the soak run on the largest mailbox. The 1,000 idle sessions live on the smallest: Dovecot keeps
// about 22 MB per IMAP process on a 100,000-message INBOX, 22 GB for a thousand; a tenth of them on the largest
// shows what the mailbox's size adds to a Postern session.
const sharers = sharingUsers(largest.user, Math.max(...opts.users, largeSessions(opts.sessions)));
const smallSharers = smallest === largest ? sharers : sharingUsers(smallest.user, Math.max(opts.sessions, CAP_SESSIONS));

log(`sizes ${opts.sizes.join(', ')}; ${opts.warmup} warm-up + ${opts.iterations} measured runs per side and scenario; users ${opts.users.join(', ')}; ${opts.sessions} sessions; soak ${opts.soakMinutes} min`);
const sandbox = await startSandbox({ users: [...new Set([...accounts.map((a) => a.user), ...sharers, ...smallSharers])], smtp: false, log: (line) => log(`sandbox: ${line}`) });
shareMaildir(sandbox, largest.user, sharers);
if (smallSharers !== sharers) shareMaildir(sandbox, smallest.user, smallSharers);
// Whatever is open when a signal, an error or the end comes: Postern, raw connections, a seeding doveadm.
const seeding = new AbortController();
let seedingSettled: Promise<unknown> = Promise.resolve();
const stopSeeding = async () => {
  seeding.abort();
  // The abort kills doveadm; wait for it to be gone before its sandbox is removed.
  await Promise.race([seedingSettled, new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
};
const cleanups = new Set<() => Promise<unknown>>([stopSeeding]);
const cleanUp = async () => {
  const all = [...cleanups];
  cleanups.clear();
  await Promise.allSettled(all.map((fn) => fn()));
};
stopOnSignals(sandbox, cleanUp);
// A request cut short by the cleanup fails; after a signal that is expected, not an error to report.
let interrupted: NodeJS.Signals | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (interrupted ??= signal));

let exitCode = 0;
try {
  const seeded: Seeded[] = [];
  for (const { size, user } of accounts) {
    const preparing = prepareAccount(sandbox, user, size, opts.seed, seeding.signal);
    seedingSettled = preparing.catch(() => {});
    const account = await preparing;
    log(`seeded ${user.name}: ${size} messages, ${(account.bytes / 1e6).toFixed(0)} MB, ${opts.seed}, ${(account.ms / 1000).toFixed(1)} s`);
    seeded.push(account);
  }

  const latency = await measureLatency(sandbox, accounts, {
    pageSize: PAGE_SIZE, warmup: opts.warmup, iterations: opts.iterations, budgetMs: opts.budgetSeconds * 1000, warmUpRounds: opts.quick ? 10 : 100, search: !opts.quick,
  }, cleanups, log);
  const largestTargets = latency.targets.get(largest.size)!;

  log('Postern in its own process: CPU per page');
  const child = await startPosternChild(sandbox);
  cleanups.add(child.close);
  const cpu = await cpuPerPage(child, accounts.map((a) => ({ ...a, targets: latency.targets.get(a.size)! })), opts.cpuRequests, opts.profile ? opts.outDir : undefined);
  const runs: ThroughputRun[] = [];
  for (const users of opts.users) {
    log(`${users} users on ${largest.size} messages: Postern against the floor, ${opts.throughputSeconds} s each`);
    runs.push(await throughput(sandbox, child, sharers.slice(0, users), largest.size, opts.throughputSeconds, PAGE_SIZE));
  }
  await child.close();
  const memory = [];
  const memoryRuns = [{ size: smallest.size, users: smallSharers.slice(0, opts.sessions) }];
  if (largest !== smallest) memoryRuns.push({ size: largest.size, users: sharers.slice(0, largeSessions(opts.sessions)) });
  for (const { size, users } of memoryRuns) {
    const held = users.slice(0, sessionsThatFit(size, users.length));
    if (held.length < users.length) log(`memory: only ${held.length} sessions fit in the free memory (Dovecot needs a process each)`);
    log(`memory: ${held.length} idle sessions on ${size} messages in a fresh Postern process`);
    memory.push(await memoryPerSession(sandbox, held, size, latency.targets.get(size)![10]!, opts.quick, log));
  }
  // Past the 1 MB cap either way (about 55 KB a session): the smoke run does with fewer.
  const capSessions = opts.quick ? CAP_SESSIONS / 2 : CAP_SESSIONS;
  log(`cache cap: ${capSessions} sessions on ${smallest.size} messages under CACHE_MAX_MB=${CAP_MB}`);
  const cacheCap = await cacheCapHolds(sandbox, smallSharers.slice(0, capSessions), smallest.size, latency.targets.get(smallest.size)![10]!);
  log(`soak: ${opts.users[0]} users for ${opts.soakMinutes} min in a fresh Postern process`);
  const soaked = await soak(sandbox, sharers.slice(0, opts.users[0]), largest.size, largestTargets, opts.soakMinutes, log);

  const measured = { rows: latency.rows, sizePairs: latency.sizePairs, cpu: cpu.figures, throughput: runs, memory, cacheCap, soak: soaked };
  const results: Results = {
    generatedAt: new Date().toISOString(),
    machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', dovecot: dovecotVersion(), memoryGb: Math.round(os.totalmem() / 2 ** 30) },
    options: {
      sizes: opts.sizes, iterations: opts.iterations, warmup: opts.warmup, budgetSeconds: opts.budgetSeconds, seed: opts.seed, pageSize: PAGE_SIZE,
      users: opts.users, throughputSeconds: opts.throughputSeconds, sessions: opts.sessions, soakMinutes: opts.soakMinutes, cpuRequests: opts.cpuRequests, quick: opts.quick,
    },
    postern: latency.postern,
    seeding: seeded.map((s) => ({ size: s.size, ms: s.ms, megabytes: Math.round(s.bytes / 1e5) / 10, method: opts.seed })),
    targets: targetsOf(measured),
    ...measured,
    profiles: cpu.profiles,
    totalSeconds: Math.round((Date.now() - began) / 100) / 10,
  };
  console.log('\n' + formatResults(results) + '\n');
  log(`results written to ${path.relative(ROOT, writeResults(opts.outDir, results))}; ${results.totalSeconds} s in all`);
} catch (err) {
  if (interrupted) log(`interrupted by ${interrupted}`);
  else console.error('bench failed:', err);
  exitCode = 1;
} finally {
  await cleanUp();
  log('stopped Postern and closed the IMAP connections');
  await sandbox.stop();
  log('stopped the sandbox');
}
process.exit(interrupted ? (interrupted === 'SIGINT' ? 130 : 143) : exitCode);

/**
 * Every session is an IMAP process in Dovecot: about 6 MB on 1,000 messages, 22 MB on 100,000 (measured here).
 * Fewer sessions than asked, rather than a machine out of memory, with 2 GB left over for everything else.
 */
function sessionsThatFit(size: number, wanted: number): number {
  const perProcess = (6 + (16 * Math.min(size, 100_000)) / 100_000) * 2 ** 20;
  return Math.max(1, Math.min(wanted, Math.floor((os.freemem() - 2 * 2 ** 30) / perProcess)));
}

function largeSessions(sessions: number): number {
  return Math.max(1, Math.round(sessions / 10));
}

function dovecotVersion(): string {
  try {
    return execFileSync('dovecot', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
