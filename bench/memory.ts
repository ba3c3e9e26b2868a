// Issue 9's memory target: what one idle signed-in session costs Postern, its IMAP connection and whatever it
// keeps (caches) included. A fresh Postern process is warmed by one session that then signs out, measured after
// a full GC, then holds `sessions` sessions, each of which has looked at its inbox and opened a message (what a
// person does), measured again after a full GC once the requests are over. The difference divided by the count is
// the figure; RSS counts everything (sockets, TLS, native buffers), the heap only JavaScript objects.
import type { SandboxInfo } from '../sandbox/sandbox.ts';
import { BrowserClient } from './http-client.ts';
import { getPage, inBatches } from './load.ts';
import { openMessageAsBrowser } from './open-message.ts';
import type { ProbeMemory } from './process-probe.ts';
import { startPosternChild } from './postern-child.ts';
import type { BenchUser } from './seed.ts';

export interface CacheReading {
  bytes: number | undefined;
  evictions: number | undefined;
  /** CACHE_MAX_MB of the process, in bytes */
  capBytes: number;
}

export interface MemoryRun {
  sessions: number;
  size: number;
  before: ProbeMemory;
  after: ProbeMemory;
  /** (after - before) / sessions, in bytes */
  perSession: { rss: number; heapUsed: number; external: number };
  /** Postern's own count of live IMAP connections when measured */
  liveConnections: number | undefined;
  /** postern_cache_bytes and postern_cache_evictions_total when measured (undefined: no such metric), and the cap */
  cache: CacheReading;
  seconds: number;
}

/** `uid`: the message every session opens; `quick` warms and settles for less time (the smoke run). */
/** What an idle session has done before it is counted: the inbox, then one message and its body frame. */
export async function visitInboxAndMessage(web: BrowserClient, uid: number): Promise<void> {
  await getPage(web, '/mailbox/INBOX');
  await openMessageAsBrowser(web, `/message/INBOX/${uid}`);
}

export async function memoryPerSession(info: SandboxInfo, users: BenchUser[], size: number, uid: number, quick: boolean, log: (line: string) => void): Promise<MemoryRun> {
  // Keep-alive sockets of the sign-ins close after Node's 5 s keepAliveTimeout; a few left open are noise.
  const settle = () => new Promise((resolve) => setTimeout(resolve, quick ? 500 : 2000));
  const began = Date.now();
  // Signing in 1,000 sessions may take longer than the default SESSION_IDLE_MINUTES on a busy machine: the first
  // ones must still be held (and counted) when the figure is taken.
  const child = await startPosternChild(info, { env: { SESSION_IDLE_MINUTES: '120' } });
  try {
    const visit = (web: BrowserClient) => visitInboxAndMessage(web, uid);
    // JIT, module state, pools: everything a first session brings that the next ones do not.
    const warm = new BrowserClient(child.url);
    await warm.signIn(users[0]!.name, users[0]!.password);
    for (let i = 0; i < (quick ? 10 : 30); i++) await visit(warm);
    await warm.signOut();
    await settle();
    const before = await child.memory();
    let done = 0;
    await inBatches(users, 8, async (user) => {
      const web = new BrowserClient(child.url);
      await web.signIn(user.name, user.password);
      await visit(web);
      // An idle browser's connection is closed by the server's keep-alive timeout; it is not the session's cost.
      web.close();
      if (++done % 250 === 0) log(`memory: ${done} of ${users.length} sessions signed in`);
    });
    await settle();
    const after = await child.memory();
    const metrics = await child.metrics();
    const per = (key: 'rss' | 'heapUsed' | 'external') => (after[key] - before[key]) / users.length;
    return {
      sessions: users.length,
      size,
      before,
      after,
      perSession: { rss: per('rss'), heapUsed: per('heapUsed'), external: per('external') },
      liveConnections: metricValue(metrics, 'postern_imap_sessions'),
      cache: cacheReading(metrics, child.cacheCapBytes),
      seconds: (Date.now() - began) / 1000,
    };
  } finally {
    await child.close();
  }
}

export function cacheReading(metrics: string, capBytes: number): CacheReading {
  return { bytes: metricValue(metrics, 'postern_cache_bytes'), evictions: metricValue(metrics, 'postern_cache_evictions_total'), capBytes };
}

export function metricValue(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : undefined;
}
