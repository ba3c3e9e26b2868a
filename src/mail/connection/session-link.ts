// The session's one IMAP connection: made on demand, fed to the cache (client-observer.ts), dropped when it dies,
// misbehaves or misses a deadline. Whoever was watching a mailbox on a connection that goes is told 'reset': what
// the server said while nobody listened is not known.
import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { MailCache } from '../cache/mail-cache.ts';
import { observeClient } from './client-observer.ts';
import { connectWithin, limitsOf, logoutQuietly, newImapClient, type ImapAuth, type ImapSettings } from './imap-connect.ts';

export interface LinkHooks {
  /** the mailbox IDLE watches now, if any */
  watched(): string | undefined;
  /** the connection went (closed by the server or the network, or dropped here): stop watching, tell watchers */
  gone(mailbox: string | undefined): void;
  /** new mail was announced */
  arrivals(): void;
  /** the connection changed: the session decides what to do next (IDLE, a background call, reconnecting) */
  changed(): void;
}

export class SessionLink {
  #client: ImapFlow | undefined;
  readonly #settings: ImapSettings;
  readonly #auth: ImapAuth;
  readonly #cache: MailCache;
  readonly #logger: Logger;
  readonly #hooks: LinkHooks;

  constructor(settings: ImapSettings, auth: ImapAuth, cache: MailCache, logger: Logger, hooks: LinkHooks) {
    this.#settings = settings;
    this.#auth = auth;
    this.#cache = cache;
    this.#logger = logger;
    this.#hooks = hooks;
  }

  /** the connection, if there is one (usable or not) */
  get client(): ImapFlow | undefined {
    return this.#client;
  }

  get usable(): boolean {
    return !!this.#client?.usable;
  }

  /** The connection, made and signed in now when there is none that works. */
  async connected(): Promise<ImapFlow> {
    if (this.#client?.usable) return this.#client;
    this.drop();
    // Held before it is connected, so a deadline that expires during the sign-in closes this one.
    const client = newImapClient(this.#settings, this.#auth, this.#logger, this.#settings.socketTimeoutMs);
    this.#client = client;
    observeClient(client, this.#cache, {
      current: () => this.#client === client,
      arrivals: () => this.#hooks.arrivals(),
      closed: () => this.#lost(client),
      complaint: (text) => this.#complaint(client, text),
    }, this.#logger);
    try {
      await connectWithin(client, limitsOf(this.#settings).loginTimeoutMs);
    } catch (err) {
      if (this.#client === client) this.#client = undefined;
      throw err;
    }
    return client;
  }

  drop(): void {
    const client = this.#client;
    if (!client) return;
    const watched = this.#hooks.watched() ?? (client.mailbox ? client.mailbox.path : undefined);
    this.#client = undefined;
    this.#cache.disconnected();
    this.#hooks.gone(watched);
    client.close();
  }

  /** LOGOUT, briefly, and forget the connection. */
  async logout(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client) await logoutQuietly(client);
  }

  /** The connection closed under us (server restart, network). */
  #lost(client: ImapFlow): void {
    if (this.#client !== client) return;
    this.#hooks.gone(this.#hooks.watched() ?? (client.mailbox ? client.mailbox.path : undefined));
    this.#hooks.changed();
  }

  /**
   * The server said NO unasked while the connection watched a mailbox: the mailbox may be gone under it (see
   * client-observer.ts). Start afresh: the next SELECT tells whether it is still the same mailbox.
   */
  #complaint(client: ImapFlow, text: string): void {
    const watched = this.#hooks.watched();
    if (this.#client !== client || !watched) return;
    this.#logger.info({ user: this.#auth.user, mailbox: watched, text }, 'imap server complained while idling: reconnecting');
    setImmediate(() => {
      if (this.#client !== client) return;
      this.drop();
      this.#hooks.changed();
    });
  }
}
