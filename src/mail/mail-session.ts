// One IMAP connection per signed-in user, reached only through withMailbox/withClient (STYLE.md 1). Calls are
// serialized, the mailbox lock is always released, and a connection the server dropped (restart, idle timeout,
// network) is rebuilt on the next call, so the user never sees it. Modelled on Alps' session.go.
import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { MailError, isConnectionError, rethrowAsMailError } from './mail-errors.ts';

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  startTls: boolean;
  tlsCa?: Buffer;
  /** imapflow closes a socket silent this long; we close idle sessions before that anyway */
  socketTimeoutMs: number;
}

export interface CallOptions {
  /** retry once on a fresh connection when the old one turns out dead (default true); off for non-idempotent calls */
  retry?: boolean;
  /**
   * The mailbox's message count must be current. A server reports new mail (EXISTS) only in answers to commands
   * (RFC 3501 section 7), so a selection reused from an earlier request can lag behind: a NOOP brings it up to
   * date. A fresh SELECT is current already and costs nothing extra.
   */
  fresh?: boolean;
}

export type ImapClient = ImapFlow;

export class MailSession {
  readonly user: string;
  lastUsed = Date.now();
  readonly #password: string;
  readonly #settings: ImapSettings;
  readonly #logger: Logger;
  #client: ImapFlow | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(settings: ImapSettings, user: string, password: string, logger: Logger) {
    this.#settings = settings;
    this.user = user;
    this.#password = password;
    this.#logger = logger;
  }

  /** Connects and logs in now: the sign-in form uses it to check the credentials. */
  async open(): Promise<void> {
    await this.#serialized(() => this.#connected());
  }

  withClient<T>(fn: (client: ImapClient) => Promise<T>, options: CallOptions = {}): Promise<T> {
    return this.#serialized(() => this.#withRetry(options, (client) => fn(client)));
  }

  /** Runs fn with `path` selected (read-write, so \Seen and flag changes work); reuses the selection when it can. */
  withMailbox<T>(path: string, fn: (client: ImapClient) => Promise<T>, options: CallOptions = {}): Promise<T> {
    return this.#serialized(() =>
      this.#withRetry(options, async (client) => {
        const selected = client.mailbox;
        const lock = await client.getMailboxLock(path);
        try {
          if (options.fresh && selected && client.mailbox === selected) await client.noop();
          return await fn(client);
        } finally {
          lock.release();
        }
      }),
    );
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

  /** LOGOUT and forget the connection; later calls fail. */
  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    try {
      if (client.usable) await Promise.race([client.logout(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    } catch {
      // The server may already be gone; closing the socket is all that is left to do.
    } finally {
      client.close();
    }
  }

  #serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => {
      this.lastUsed = Date.now();
      return fn();
    });
    this.#queue = run.catch(() => undefined);
    return run.finally(() => {
      this.lastUsed = Date.now();
    });
  }

  async #withRetry<T>(options: CallOptions, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.#connected());
    } catch (err) {
      if (options.retry === false || !isConnectionError(err) || this.#closed) rethrowAsMailError(err);
      this.#logger.info({ user: this.user, code: (err as { code?: string }).code }, 'imap connection lost, reconnecting');
      this.#drop();
      try {
        return await fn(await this.#connected());
      } catch (again) {
        rethrowAsMailError(again);
      }
    }
  }

  async #connected(): Promise<ImapFlow> {
    if (this.#closed) throw new MailError('unavailable', 'This mail session has been closed.');
    if (this.#client?.usable) return this.#client;
    this.#drop();
    const client = this.#newClient();
    try {
      await client.connect();
    } catch (err) {
      client.close();
      rethrowAsMailError(err);
    }
    this.#client = client;
    return client;
  }

  #drop(): void {
    this.#client?.close();
    this.#client = undefined;
  }

  #newClient(): ImapFlow {
    const s = this.#settings;
    const client = new ImapFlow({
      host: s.host,
      port: s.port,
      secure: s.secure,
      doSTARTTLS: s.startTls,
      auth: { user: this.user, pass: this.#password },
      tls: { ...(s.tlsCa ? { ca: s.tlsCa } : {}), minVersion: 'TLSv1.2' },
      // A webmail has no push channel: IDLE would only cost two round trips per command to break.
      disableAutoIdle: true,
      // COMPRESS (RFC 4978) costs about 300 KB of zlib state per connection, and imapflow's compressed write path
      // queues without backpressure, which would hold a streamed APPEND (append-file.ts) whole in memory.
      disableCompression: true,
      socketTimeout: s.socketTimeoutMs,
      logger: false,
      clientInfo: { name: 'Postern' },
    });
    // Without a listener an 'error' event would crash the process; the failure shows up on the next command.
    client.on('error', (err: Error & { code?: string }) => {
      this.#logger.warn({ user: this.user, code: err.code, msg: err.message }, 'imap connection error');
    });
    return client;
  }
}
