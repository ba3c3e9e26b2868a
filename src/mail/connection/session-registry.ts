// The live IMAP connections of this process, keyed by HTTP session id. Nothing here is the source of truth:
// a session missing from the registry (idle expiry, another instance, a restart) is rebuilt from the session
// store's sealed password on its next request.
import type { Logger } from 'pino';
import { MailSession, type ImapSettings } from './mail-session.ts';

export interface RegistryOptions {
  settings: ImapSettings;
  idleMs: number;
  maxSessions: number;
  logger: Logger;
}

export class SessionRegistry {
  readonly #sessions = new Map<string, MailSession>();
  readonly #options: RegistryOptions;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: RegistryOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#sessions.size;
  }

  get(id: string): MailSession | undefined {
    return this.#sessions.get(id);
  }

  /** A session for these credentials, not yet connected: the first call connects (and proves the password). */
  attach(id: string, user: string, password: string, clientAddress?: string): MailSession {
    const existing = this.#sessions.get(id);
    if (existing && existing.user === user) return existing;
    const session = new MailSession(this.#options.settings, user, password, this.#options.logger, clientAddress);
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
    const session = new MailSession(this.#options.settings, user, password, this.#options.logger, clientAddress);
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
   * with a call queued or running or a download open is in use, however long ago its last call started.
   */
  async sweep(now = Date.now()): Promise<number> {
    const idle = [...this.#sessions].filter(([, s]) => !s.busy && now - s.lastUsed > this.#options.idleMs);
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

  // A busy session is never the one closed: cutting a download or a page to make room for another user would
  // trade one failure for another. When every session is busy the cap is exceeded until one becomes idle.
  #evictLeastRecent(): void {
    let oldest: [string, MailSession] | undefined;
    for (const entry of this.#sessions) {
      if (!entry[1].busy && (!oldest || entry[1].lastUsed < oldest[1].lastUsed)) oldest = entry;
    }
    if (!oldest) {
      this.#options.logger.warn({ sessions: this.#sessions.size }, 'imap connection cap reached and every session is busy: going over it');
      return;
    }
    this.#options.logger.warn({ sessions: this.#sessions.size }, 'imap connection cap reached, closing the least recently used');
    void this.close(oldest[0]);
  }
}
