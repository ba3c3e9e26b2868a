// One IMAP connection per signed-in user, reached only through withMailbox/withClient (STYLE.md 1). Calls are
// serialized, the mailbox lock is always released, and a connection the server dropped (restart, idle timeout,
// network) is rebuilt on the next call, so the user never sees it. Modelled on Alps' session.go.
//
// Every call has a deadline (IMAP_TIMEOUT_SECONDS) counted from the moment it queues: past it the caller gets a
// MailError 'timeout', and if the call was running, its connection is closed so the next call starts afresh. A call
// that moves a message (a streamed APPEND, attachments carried into a forward) asks for `deadline: 'progress'`
// instead: its time starts again whenever its transfer moves, so a slow link is not cut for being slow and a stuck
// one is cut as soon as any other call.
// Downloads do not use this connection at all (download-connections.ts). The session is busy while a call is
// queued or running or a download is open, and the registry never closes a busy session as idle. Between calls the
// connection is free and nothing runs on it: the one place a future watcher (IDLE) would start and be broken is
// #serialized, the single way in.
import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { startDeadline } from './deadline.ts';
import { DownloadConnections, type DownloadConnection } from './download-connections.ts';
import { connectWithin, limitsOf, logoutQuietly, newImapClient, type ImapAuth, type ImapSettings } from './imap-connect.ts';
import { MailError, SESSION_CLOSED, TIMEOUT_MESSAGE, isConnectionError, rethrowAsMailError } from '../errors/mail-errors.ts';

export type { ImapSettings } from './imap-connect.ts';

export interface CallOptions {
  /** retry once on a fresh connection when the old one turns out dead (default true); off for non-idempotent calls */
  retry?: boolean;
  /**
   * The mailbox's message count must be current. A server reports new mail (EXISTS) only in answers to commands
   * (RFC 3501 section 7), so a selection reused from an earlier request can lag behind: a NOOP brings it up to
   * date. A fresh SELECT is current already and costs nothing extra.
   */
  fresh?: boolean;
  /**
   * 'total' (the default): the call must be done IMAP_TIMEOUT_SECONDS after it queued. 'progress': for a call whose
   * length grows with the data it moves (a streamed APPEND of a 60 MB message over a slow link, attachments carried
   * into a forward): each time it reports progress, its deadline is IMAP_TIMEOUT_SECONDS (plus what it asks) from then.
   */
  deadline?: 'total' | 'progress';
}

/**
 * How a 'progress' call says its transfer moved: its deadline is now IMAP_TIMEOUT_SECONDS plus `extraMs` away.
 * A no-op in a 'total' call.
 */
export type Progress = (extraMs?: number) => void;

export type ImapClient = ImapFlow;

/** One call's view of its deadline: once expired, it must not connect again or retry. */
interface Call {
  expired: boolean;
  running: boolean;
  progress: Progress;
}

export class MailSession {
  readonly user: string;
  lastUsed = Date.now();
  readonly #password: string;
  readonly #settings: ImapSettings;
  readonly #logger: Logger;
  readonly #clientAddress: string | undefined;
  readonly #downloads: DownloadConnections;
  #client: ImapFlow | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #calls = 0;
  #closed = false;

  /** clientAddress: the browser's, sent as ID x-originating-ip (Dovecot honours it from login_trusted_networks) */
  constructor(settings: ImapSettings, user: string, password: string, logger: Logger, clientAddress?: string) {
    this.#settings = settings;
    this.user = user;
    this.#password = password;
    this.#logger = logger;
    this.#clientAddress = clientAddress;
    this.#downloads = new DownloadConnections(settings, this.#auth(), logger);
  }

  /** Connects and logs in now: the sign-in form uses it to check the credentials. */
  async open(): Promise<void> {
    await this.#serialized((call) => this.#connected(call));
  }

  withClient<T>(fn: (client: ImapClient, progress: Progress) => Promise<T>, options: CallOptions = {}): Promise<T> {
    return this.#serialized((call) => this.#withRetry(call, options, (client) => fn(client, call.progress)), options);
  }

  /** Runs fn with `path` selected (read-write, so \Seen and flag changes work); reuses the selection when it can. */
  withMailbox<T>(path: string, fn: (client: ImapClient, progress: Progress) => Promise<T>, options: CallOptions = {}): Promise<T> {
    return this.#serialized((call) =>
      this.#withRetry(call, options, async (client) => {
        const selected = client.mailbox;
        const lock = await client.getMailboxLock(path);
        try {
          if (options.fresh && selected && client.mailbox === selected) await client.noop();
          return await fn(client, call.progress);
        } finally {
          lock.release();
        }
      }),
      options,
    );
  }

  /**
   * A short-lived second connection with `path` EXAMINEd, for one download; the caller releases it when the
   * stream ends, fails or is abandoned. Waits for a free slot (MAX_DOWNLOADS_PER_USER), else MailError 'busy'.
   */
  openDownload(path: string): Promise<DownloadConnection> {
    this.lastUsed = Date.now();
    return this.#downloads.open(path).finally(() => {
      this.lastUsed = Date.now();
    });
  }

  /**
   * The same user name and password for SMTP AUTH on the submission server: users send as themselves (DESIGN.md),
   * and the password lives nowhere else in the process. Only the sender asks, once per message, and keeps nothing.
   */
  smtpCredentials(): { user: string; pass: string } {
    return { user: this.user, pass: this.#password };
  }

  get connected(): boolean {
    return !!this.#client?.usable;
  }

  /** A call is queued or running, or a download is open: idle sweeps and the connection cap leave it alone. */
  get busy(): boolean {
    return this.#calls > 0 || this.#downloads.active > 0;
  }

  /** LOGOUT every connection (downloads included) and forget them; later calls fail. */
  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = undefined;
    await Promise.allSettled([client && logoutQuietly(client), this.#downloads.closeAll()]);
  }

  #serialized<T>(fn: (call: Call) => Promise<T>, options: CallOptions = {}): Promise<T> {
    const ms = limitsOf(this.#settings).commandTimeoutMs;
    const call: Call = { expired: false, running: false, progress: () => undefined };
    this.#calls++;
    const deadline = startDeadline(ms, () => {
      call.expired = true;
      // A call that expired while queued leaves the connection alone: the call ahead of it has a deadline too.
      if (!call.running) return;
      this.#logger.warn({ user: this.user }, 'imap call past its deadline: closing the connection');
      this.#drop();
    });
    if (options.deadline === 'progress') call.progress = (extraMs = 0) => deadline.restart(ms + extraMs);
    const turn = this.#queue.then(() => {
      if (call.expired) throw new MailError('timeout', TIMEOUT_MESSAGE);
      call.running = true;
      this.lastUsed = Date.now();
      return fn(call);
    });
    const result = deadline.race(turn).finally(() => {
      this.#calls--;
      this.lastUsed = Date.now();
    });
    // The next call starts when this one settles or expires, whichever comes first.
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #withRetry<T>(call: Call, options: CallOptions, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.#connected(call));
    } catch (err) {
      if (options.retry === false || !isConnectionError(err) || this.#closed || call.expired) rethrowAsMailError(err);
      this.#logger.info({ user: this.user, code: (err as { code?: string }).code }, 'imap connection lost, reconnecting');
      this.#drop();
      try {
        return await fn(await this.#connected(call));
      } catch (again) {
        rethrowAsMailError(again);
      }
    }
  }

  #auth(): ImapAuth {
    return { user: this.user, pass: this.#password, ...(this.#clientAddress ? { clientAddress: this.#clientAddress } : {}) };
  }

  async #connected(call: Call): Promise<ImapFlow> {
    if (this.#closed) throw new MailError('unavailable', SESSION_CLOSED);
    if (call.expired) throw new MailError('timeout', TIMEOUT_MESSAGE);
    if (this.#client?.usable) return this.#client;
    this.#drop();
    const auth = this.#auth();
    // Held before it is connected, so a deadline that expires during the sign-in closes this one.
    const client = newImapClient(this.#settings, auth, this.#logger, this.#settings.socketTimeoutMs);
    this.#client = client;
    try {
      await connectWithin(client, limitsOf(this.#settings).loginTimeoutMs);
    } catch (err) {
      if (this.#client === client) this.#client = undefined;
      throw err;
    }
    return client;
  }

  #drop(): void {
    this.#client?.close();
    this.#client = undefined;
  }
}
