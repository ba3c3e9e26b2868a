// Issue 9's "no growth over a 10-minute run": a fresh Postern process under a mixed closed-loop load (inbox pages
// near and deep, sorted pages, messages opened) for `minutes`, stopped every interval for a sample of its memory
// after a full GC with no request in flight, so that requests half done do not blur the figure. Growth is the
// least-squares slope of those samples over the second half of the run: the first half is where caches and pools
// fill up to their caps, which is not a leak.
import type { SandboxInfo } from '../sandbox/sandbox.ts';
import { closedLoop, getPage, signInAll } from './load.ts';
import type { ProbeMemory } from './process-probe.ts';
import { startPosternChild } from './postern-child.ts';
import type { BenchUser } from './seed.ts';

export interface SoakRun {
  minutes: number;
  users: number;
  size: number;
  pages: number;
  errors: number;
  failures: string[];
  samples: { minute: number; rss: number; heapUsed: number }[];
  /** bytes per minute over the second half of the run */
  slope: { rss: number; heapUsed: number };
}

/** Samples per run: every 3 s of a short run, 20 over a long one. */
const samplesFor = (minutes: number) => Math.min(20, Math.max(4, Math.round((minutes * 60) / 3)));

/** The path the `i`-th request of a worker asks for: a mix that visits many pages and messages. */
function mixed(i: number, targets: number[]): string {
  const uid = targets[i % targets.length]!;
  switch (i % 6) {
    case 0: return '/mailbox/INBOX';
    case 1: return `/mailbox/INBOX?page=${2 + (i % 19)}`;
    case 2: return i % 12 === 2 ? '/mailbox/INBOX?sort=subject' : '/mailbox/INBOX?sort=from&page=2';
    case 3: return `/message/INBOX/${uid}`;
    case 4: return `/message/INBOX/${uid}/body`;
    default: return `/mailbox/INBOX?page=${1 + (i % 5)}`;
  }
}

export async function soak(info: SandboxInfo, users: BenchUser[], size: number, targets: number[], minutes: number, log: (line: string) => void): Promise<SoakRun> {
  const child = await startPosternChild(info);
  try {
    const webs = await signInAll(child.url, users);
    const samples: SoakRun['samples'] = [];
    const sample = async (minute: number) => {
      const m: ProbeMemory = await child.memory();
      samples.push({ minute, rss: m.rss, heapUsed: m.heapUsed });
    };
    await sample(0);
    let pages = 0;
    let errors = 0;
    const failures: string[] = [];
    const counters = webs.map(() => 0);
    const began = Date.now();
    const count = samplesFor(minutes);
    for (let s = 1; s <= count; s++) {
      const run = await closedLoop(webs.length, (minutes * 60) / count, (w) => getPage(webs[w]!, mixed(counters[w]!++ + w, targets)));
      pages += run.ops;
      errors += run.errors;
      failures.push(...run.failures.slice(0, 5 - failures.length));
      await sample((Date.now() - began) / 60_000);
      if (s % 5 === 0) log(`soak: ${Math.round((100 * s) / count)}% (${pages} pages, ${errors} errors)`);
    }
    const secondHalf = samples.slice(Math.floor(samples.length / 2));
    return {
      minutes, users: users.length, size, pages, errors, failures, samples,
      slope: { rss: slopeOf(secondHalf, 'rss'), heapUsed: slopeOf(secondHalf, 'heapUsed') },
    };
  } finally {
    await child.close();
  }
}

/** Least-squares slope of `key` against the minute, in bytes per minute. */
export function slopeOf(points: SoakRun['samples'], key: 'rss' | 'heapUsed'): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p.minute, 0) / n;
  const my = points.reduce((a, p) => a + p[key], 0) / n;
  const sxy = points.reduce((a, p) => a + (p.minute - mx) * (p[key] - my), 0);
  const sxx = points.reduce((a, p) => a + (p.minute - mx) ** 2, 0);
  return sxx > 0 ? sxy / sxx : 0;
}
