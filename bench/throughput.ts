// Issue 9's throughput target: N users at once on the largest mailbox, Postern (its own process) against the
// floor's page op (LIST-STATUS + FETCH of the newest 50) on N warm raw connections. Both sides run in halves,
// floor / Postern / Postern / floor, so a drift in the machine's load lands on both. CPU per operation comes with
// each: the child's for Postern; this process's for the floor, whose imapflow parsing is the floor's own work.
import type { SandboxInfo } from '../sandbox/sandbox.ts';
import type { BenchUser } from './seed.ts';
import { closedLoop, getPage, inBatches, signInAll, type LoadResult } from './load.ts';
import type { PosternChild } from './postern-child.ts';
import { connectRaw, floorPage } from './raw-imap.ts';

export interface ThroughputRun {
  users: number;
  size: number;
  postern: LoadResult & { cpuMsPerOp: number };
  floor: LoadResult & { cpuMsPerOp: number };
  /** Postern pages/s over floor ops/s */
  ratio: number;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

function merge(a: LoadResult, b: LoadResult): LoadResult {
  const ops = a.ops + b.ops;
  const seconds = a.seconds + b.seconds;
  // Latency of the combined run: the halves' medians weighted by their counts is close enough for a note.
  const weighted = (key: 'median' | 'p95') => (a.latency[key] * a.ops + b.latency[key] * b.ops) / (ops || 1);
  return {
    workers: a.workers, seconds, ops, errors: a.errors + b.errors, failures: [...a.failures, ...b.failures].slice(0, 5),
    perSecond: ops / seconds, latency: { ...a.latency, n: ops, median: weighted('median'), p95: weighted('p95') },
  };
}

export async function throughput(info: SandboxInfo, child: PosternChild, users: BenchUser[], size: number, seconds: number, pageSize: number): Promise<ThroughputRun> {
  const raws = await inBatches(users, 8, (user) => connectRaw(info, user));
  try {
    const webs = await signInAll(child.url, users);
    // Warm: a moment of the load itself on both sides, unmeasured.
    await closedLoop(webs.length, 1, (w) => getPage(webs[w]!, '/mailbox/INBOX'));
    await closedLoop(raws.length, 1, async (w) => void (await floorPage(raws[w]!, 1, pageSize)));
    const floorRun = async () => {
      const before = cpuMs();
      const run = await closedLoop(raws.length, seconds / 2, async (w) => void (await floorPage(raws[w]!, 1, pageSize)));
      return { run, cpu: cpuMs() - before };
    };
    const posternRun = async () => {
      const before = await child.cpuMs();
      const run = await closedLoop(webs.length, seconds / 2, (w) => getPage(webs[w]!, '/mailbox/INBOX'));
      return { run, cpu: (await child.cpuMs()) - before };
    };
    const f1 = await floorRun();
    const p1 = await posternRun();
    const p2 = await posternRun();
    const f2 = await floorRun();
    const floor = merge(f1.run, f2.run);
    const postern = merge(p1.run, p2.run);
    return {
      users: users.length,
      size,
      postern: { ...postern, cpuMsPerOp: (p1.cpu + p2.cpu) / (postern.ops || 1) },
      floor: { ...floor, cpuMsPerOp: (f1.cpu + f2.cpu) / (floor.ops || 1) },
      ratio: floor.perSecond > 0 ? postern.perSecond / floor.perSecond : NaN,
    };
  } finally {
    await Promise.allSettled(raws.map((raw) => raw.logout().catch(() => raw.close())));
  }
}
