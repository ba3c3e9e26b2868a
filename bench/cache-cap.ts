// Issue 9's "process-wide cache byte cap with a metric", shown to hold: a fresh Postern process with CACHE_MAX_MB=1
// (the smallest it takes) and more sessions than fit under it, each looking at two inbox pages and opening a message
// (about 60-100 KB of cache each: rows, structure, the text shown). postern_cache_bytes is read after every session,
// so its peak is known; the cap holds when the peak stays under 1 MB and evictions were counted. The memory run shows
// the same metric under the default cap with 1,000 sessions.
import type { SandboxInfo } from '../sandbox/sandbox.ts';
import { BrowserClient } from './http-client.ts';
import { getPage } from './load.ts';
import { cacheReading, type CacheReading } from './memory.ts';
import { startPosternChild } from './postern-child.ts';
import type { BenchUser } from './seed.ts';

export const CAP_MB = 1;
/** sessions of the run: well past what 1 MB holds */
export const CAP_SESSIONS = 40;

export interface CacheCapRun {
  sessions: number;
  size: number;
  /** the highest postern_cache_bytes read, after each session's pages */
  peakBytes: number;
  /** at the end */
  last: CacheReading;
}

export async function cacheCapHolds(info: SandboxInfo, users: BenchUser[], size: number, uid: number): Promise<CacheCapRun> {
  const child = await startPosternChild(info, { env: { CACHE_MAX_MB: String(CAP_MB) } });
  try {
    let peakBytes = 0;
    // One session after another: the metric is read with nothing in flight.
    for (const user of users) {
      const web = new BrowserClient(child.url);
      await web.signIn(user.name, user.password);
      for (const path of ['/mailbox/INBOX', '/mailbox/INBOX?page=2', `/message/INBOX/${uid}`, `/message/INBOX/${uid}/body`]) await getPage(web, path);
      web.close();
      const reading = cacheReading(await child.metrics(), child.cacheCapBytes);
      peakBytes = Math.max(peakBytes, reading.bytes ?? 0);
    }
    return { sessions: users.length, size, peakBytes, last: cacheReading(await child.metrics(), child.cacheCapBytes) };
  } finally {
    await child.close();
  }
}
