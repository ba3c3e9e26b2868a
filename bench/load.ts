// Closed-loop load: each worker (a user) sends its next request as soon as its last one is answered, for a fixed
// time, the way issue 9 measures throughput ("20 concurrent users"). Counts what was answered, what failed and
// how long each took; the caller decides what one operation is (a Postern page, the raw floor's page op).
import { performance } from 'node:perf_hooks';
import { BrowserClient } from './http-client.ts';
import { summarize, type Summary } from './stats.ts';

export interface LoadResult {
  workers: number;
  seconds: number;
  ops: number;
  errors: number;
  /** the first few failures, for the notes */
  failures: string[];
  perSecond: number;
  latency: Summary;
}

/** Runs `op(worker, i)` on every worker back to back until `seconds` have passed; failures count, never throw. */
export async function closedLoop(workers: number, seconds: number, op: (worker: number, i: number) => Promise<void>): Promise<LoadResult> {
  const samples: number[] = [];
  const failures: string[] = [];
  let errors = 0;
  const began = performance.now();
  const until = began + seconds * 1000;
  await Promise.all(Array.from({ length: workers }, async (_, worker) => {
    for (let i = 0; performance.now() < until; i++) {
      const start = performance.now();
      try {
        await op(worker, i);
        samples.push(performance.now() - start);
      } catch (err) {
        errors++;
        if (failures.length < 5) failures.push((err as Error).message.slice(0, 200));
      }
    }
  }));
  const elapsed = (performance.now() - began) / 1000;
  return { workers, seconds: elapsed, ops: samples.length, errors, failures, perSecond: samples.length / elapsed, latency: summarize(samples) };
}

/** Runs `fn` over `items` with at most `limit` at once, in order of start. */
export async function inBatches<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  }));
  return results;
}

/**
 * Browsers signed in to `url`, one per user, a few at a time, each with its first inbox page seen: a sign-in is an
 * IMAP login and the first page SELECTs the mailbox, which at 100,000 messages costs Dovecot 60-150 ms of CPU, so a
 * hundred at once would queue past Postern's deadline on two cores.
 */
export function signInAll(url: string, users: { name: string; password: string }[], limit = 8): Promise<BrowserClient[]> {
  return inBatches(users, limit, async (user) => {
    const web = new BrowserClient(url);
    await web.signIn(user.name, user.password);
    await getPage(web, '/mailbox/INBOX');
    return web;
  });
}

/** A GET that counts as done only with a 200. */
export async function getPage(web: BrowserClient, path: string): Promise<void> {
  const res = await web.get(path);
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
}
