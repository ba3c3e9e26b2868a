// `npm run bench`: Postern's page costs as ratios against raw imapflow on the same server in the same run
// (performance targets live here, not in timed tests). Starts a private Dovecot, seeds one account per
// mailbox size, runs Postern in this process on a loopback port, drives it over HTTP with a keep-alive client
// after signing in through the form, and compares each scenario with the minimal raw IMAP work on a warm
// connection. Prints the tables, writes bench/results/latest.json, and stops everything on exit or Ctrl-C.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, stopOnSignals } from '../sandbox/sandbox.ts';
import { benchUser, prepareAccount, type Seeded } from './accounts.ts';
import { BrowserClient } from './http-client.ts';
import { parseOptions } from './options.ts';
import { startPostern } from './postern.ts';
import { profile } from './profile.ts';
import { connectRaw } from './raw-imap.ts';
import { formatResults, writeResults, type Results } from './report.ts';
import { flatness, viewCacheExperiment, warmUp, type Experiment } from './experiments.ts';
import { httpFloor, mailboxPage, openMessages, page, type Row, type SizeContext } from './scenarios.ts';
import { searchPages, sortedPages } from './sorted.ts';

const ROOT = path.join(import.meta.dirname, '..');
const PAGE_SIZE = 50; // Postern's default PAGE_SIZE
const PROFILED_REQUESTS = 200;
const WARM_UP_ROUNDS = 100;
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

log(`sizes ${opts.sizes.join(', ')}; ${opts.warmup} warm-up + ${opts.iterations} measured runs per side and scenario`);
const sandbox = await startSandbox({ users: accounts.map((a) => a.user), smtp: false, log: (line) => log(`sandbox: ${line}`) });
// Whatever is open when a signal, an error or the end comes: Postern's server and sessions, raw connections,
// a seeding doveadm.
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

  const postern = await startPostern(sandbox);
  cleanups.add(postern.close);
  log(`Postern in-process at ${postern.url} (express env ${postern.mode.env}, view cache ${postern.mode.viewCache ? 'on' : 'off'})`);
  // Without a view cache EJS reads and compiles every template on every page: then the same app with the cache
  // on runs beside it, for an experiment per size that shows what turning it on would give.
  const cached = postern.mode.viewCache ? undefined : await startPostern(sandbox, { viewCache: true });
  if (cached) cleanups.add(cached.close);

  const contexts: SizeContext[] = [];
  const cachedWeb = new Map<number, BrowserClient>();
  for (const { size, user } of accounts) {
    const raw = await connectRaw(sandbox, user);
    cleanups.add(() => raw.logout().catch(() => raw.close()));
    const web = new BrowserClient(postern.url);
    await web.signIn(user.name, user.password);
    if (cached) {
      const webCached = new BrowserClient(cached.url);
      await webCached.signIn(user.name, user.password);
      cachedWeb.set(size, webCached);
    }
    // Twenty messages spread evenly from the oldest to the newest, so opening one is not always a cache hit.
    const targets: number[] = [];
    const spread = Array.from({ length: 20 }, (_, i) => 1 + Math.floor((i * (size - 1)) / 19));
    for await (const msg of raw.fetch(spread.join(','), { uid: true })) targets.push(msg.uid);
    contexts.push({ size, raw, web, pageSize: PAGE_SIZE, warmup: opts.warmup, iterations: opts.iterations, targets, budgetMs: opts.budgetSeconds * 1000 });
  }
  log(`warming up (${WARM_UP_ROUNDS} unmeasured rounds per size)`);
  for (const ctx of contexts) await warmUp(ctx, WARM_UP_ROUNDS);
  for (const ctx of contexts) {
    const web = cachedWeb.get(ctx.size);
    if (web) await warmUp({ ...ctx, web }, WARM_UP_ROUNDS / 4);
  }

  const rows: Row[] = [];
  const experiments: Experiment[] = [];
  let profiled: Results['profile'];
  for (const ctx of contexts) {
    const { size } = ctx;
    log(`${size}: measuring`);
    rows.push(await httpFloor(ctx));
    rows.push(...await mailboxPage(ctx, 1));
    const webCached = cachedWeb.get(size);
    if (webCached) experiments.push(await viewCacheExperiment(ctx, webCached));
    rows.push(...await mailboxPage(ctx, 10));
    rows.push(...await openMessages(ctx));
    rows.push(...await sortedPages(ctx));
    rows.push(...await searchPages(ctx, 'digest'));
    if (opts.profile && size === opts.sizes.at(-1)) {
      log(`${size}: profiling ${PROFILED_REQUESTS} inbox pages`);
      const summary = await profile(path.join(opts.outDir, `inbox-${size}.cpuprofile`), async () => {
        for (let i = 0; i < PROFILED_REQUESTS; i++) await page(ctx.web, '/mailbox/INBOX');
      });
      profiled = { ...summary, size, requests: PROFILED_REQUESTS };
    }
  }

  const flat = contexts.length > 1 ? await flatness(contexts[0]!, contexts.at(-1)!) : undefined;
  const results: Results = {
    generatedAt: new Date().toISOString(),
    machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', dovecot: dovecotVersion() },
    options: { sizes: opts.sizes, iterations: opts.iterations, warmup: opts.warmup, budgetSeconds: opts.budgetSeconds, seed: opts.seed, pageSize: PAGE_SIZE },
    postern: postern.mode,
    seeding: seeded.map((s) => ({ size: s.size, ms: s.ms, megabytes: Math.round(s.bytes / 1e5) / 10, method: opts.seed })),
    rows,
    ...(flat ? { flatness: flat } : {}),
    experiments,
    ...(profiled ? { profile: profiled } : {}),
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

function dovecotVersion(): string {
  try {
    return execFileSync('dovecot', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
