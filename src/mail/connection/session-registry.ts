// The live IMAP connections of this process, keyed by HTTP session id. Nothing here is the source of truth:
// a session missing from the registry (idle expiry, another instance, a restart) is rebuilt from the session
// store's sealed password on its next request.
import type { Logger } from 'pino';
import { CacheBudget } from '../cache/cache-budget.ts';
import { MailSession, type ImapSettings, type SessionExtras } from './mail-session.ts';

export interface RegistryOptions {
  settings: ImapSettings;
  idleMs: number;
  maxSessions: number;
  logger: Logger;
  /** CACHE_MAX_MB, CACHE_SESSION_KB and CACHE_TEXTS_KB; 256 MB, 128 KB and 512 KB when absent */
  cache?: { maxBytes: number; sessionBytes: number; textBytes: number };
  /** FOLDER_COUNTS_SECONDS, for sessions the push channel watches */
  folderCountsMs?: number;
}

export class SessionRegistry {
  readonly #sessions = new Map<string, MailSession>();
  readonly #options: RegistryOptions;
  readonly #budget: CacheBudget;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: RegistryOptions) {
    this.#options = options;
    this.#budget = new CacheBudget(options.cache ?? { maxBytes: 256 << 20, sessionBytes: 128 << 10, textBytes: 512 << 10 });
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** bytes held by the session caches of this process (postern_cache_bytes) */
  get cacheBytes(): number {
    return this.#budget.bytes;
  }

  /** how often a session cache was trimmed to stay within its bounds (postern_cache_evictions_total) */
  get cacheEvictions(): number {
    return this.#budget.evictions;
  }

  get(id: string): MailSession | undefined {
    return this.#sessions.get(id);
  }

  /** A session for these credentials, not yet connected: the first call connects (and proves the password). */
  attach(id: string, user: string, password: string, clientAddress?: string): MailSession {
    const existing = this.#sessions.get(id);
    if (existing && existing.user === user) return existing;
    const session = this.#newSession(user, password, clientAddress);
    this.adopt(id, session);
    return session;
  }

  async close(id: string): Promise<void> {
    const session = this.#sessions.get(id);
    this.#sessions.delete(id);
    await session?.close();
  }

  /** Connects and logs in: a sign-in proves the password this way before any session is made for it. */
  async connect(user: string, password: string, clientAddress?: string): Promise<MailSession> {
    const session = this.#newSession(user, password, clientAddress);
    try {
      await session.open();
    } catch (err) {
      await session.close();
      throw err;
    }
    return session;
  }

  /** Registers a connected session under the (regenerated) HTTP session id. */
  adopt(id: string, session: MailSession): void {
    const existing = this.#sessions.get(id);
    if (existing && existing !== session) void existing.close();
    else if (!existing && this.#sessions.size >= this.#options.maxSessions) this.#evictLeastRecent();
    this.#sessions.set(id, session);
  }

  async closeAll(): Promise<void> {
    this.stop();
    const all = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.allSettled(all.map((s) => s.close()));
  }

  /**
   * Closes connections idle longer than SESSION_IDLE_MINUTES: they cost the IMAP server a process each. A session
   * with a call queued or running or a download open is in use, however long ago its last call started, and so is
   * one the push channel listens to, until a few minutes after its last listener left (a browser that reconnects
   * then resumes where it was). IDLE between calls is not use: it ends with the connection.
   */
  async sweep(now = Date.now()): Promise<number> {
    const idle = [...this.#sessions].filter(([, s]) => !s.busy && s.watch.listenedUntil <= now && now - s.lastUsed > this.#options.idleMs);
    for (const [id] of idle) this.#sessions.delete(id);
    await Promise.allSettled(idle.map(([, s]) => s.close()));
    return idle.length;
  }

  start(): void {
    if (this.#timer) return;
    const every = Math.max(1000, Math.min(60_000, this.#options.idleMs / 4));
    this.#timer = setInterval(() => void this.sweep(), every);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #newSession(user: string, password: string, clientAddress: string | undefined): MailSession {
    const extras: SessionExtras = { budget: this.#budget, ...(this.#options.folderCountsMs ? { folderCountsMs: this.#options.folderCountsMs } : {}) };
    return new MailSession(this.#options.settings, user, password, this.#options.logger, clientAddress, extras);
  }

  // A busy session is never the one closed: cutting a download or a page to make room for another user would
  // trade one failure for another. When every session is busy the cap is exceeded until one becomes idle.
  #evictLeastRecent(): void {
    let oldest: [string, MailSession] | undefined;
    for (const entry of this.#sessions) {
      if (!entry[1].busy && !entry[1].held && (!oldest || entry[1].lastUsed < oldest[1].lastUsed)) oldest = entry;
    }
    if (!oldest) {
      this.#options.logger.warn({ sessions: this.#sessions.size }, 'imap connection cap reached and every session is busy: going over it');
      return;
    }
    this.#options.logger.warn({ sessions: this.#sessions.size }, 'imap connection cap reached, closing the least recently used');
    void this.close(oldest[0]);
  }
}
