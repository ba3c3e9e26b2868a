// Memory for the session caches is bounded three times: each session's lists, structures and counts by
// CACHE_SESSION_KB; the texts of the messages it opened last by CACHE_TEXTS_KB, which only an active reader holds
// (they go after a minute without use, kept-texts.ts, so an idle session costs its lists alone); and all sessions'
// caches together by CACHE_MAX_MB, taken from the least recently used sessions first. Dropping cached data is
// always safe (it is fetched again), so the bounds are enforced at once, not eventually.

export interface Trimmable {
  readonly bytes: number;
  /** drop data until at most `target` bytes are held */
  trim(target: number): void;
  /**
   * Brings the cache within one session's bounds (`listBytes` for everything but texts, `textBytes` for texts), each
   * part past its bound trimmed to three quarters of it; says whether anything was dropped.
   */
  fit(listBytes: number, textBytes: number): boolean;
}

export class CacheBudget {
  readonly maxBytes: number;
  readonly sessionBytes: number;
  /** one session's allowance for the texts of the messages it opened last (CACHE_TEXTS_KB) */
  readonly textBytes: number;
  /** insertion order is use order: the first is the least recently used */
  readonly #caches = new Set<Trimmable>();
  #total = 0;
  #evictions = 0;

  constructor(opts: { maxBytes: number; sessionBytes: number; textBytes?: number }) {
    this.maxBytes = opts.maxBytes;
    this.sessionBytes = opts.sessionBytes;
    this.textBytes = opts.textBytes ?? opts.sessionBytes;
  }

  /** bytes held by every cache of this process (the postern_cache_bytes gauge) */
  get bytes(): number {
    return this.#total;
  }

  /** how often a cache was trimmed because a bound was reached */
  get evictions(): number {
    return this.#evictions;
  }

  touch(cache: Trimmable): void {
    this.#caches.delete(cache);
    this.#caches.add(cache);
  }

  /** The cache is gone: its bytes no longer count. */
  release(cache: Trimmable): void {
    if (this.#caches.delete(cache)) this.#total -= cache.bytes;
  }

  grew(cache: Trimmable, delta: number): void {
    this.#total += delta;
    if (!this.#caches.has(cache)) this.#caches.add(cache);
    if (delta <= 0) return;
    if (cache.fit(this.sessionBytes, this.textBytes)) this.#evictions++;
    for (const lru of this.#caches) {
      if (this.#total <= this.maxBytes) break;
      if (lru === cache) continue;
      this.#evictions++;
      lru.trim(0);
    }
    if (this.#total > this.maxBytes) {
      this.#evictions++;
      cache.trim(Math.floor(this.maxBytes * 0.5));
    }
  }
}
