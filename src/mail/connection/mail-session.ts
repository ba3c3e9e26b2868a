// One IMAP connection per signed-in user, reached only through withMailbox/withView/withClient (STYLE.md 1).
// Calls are serialized, the mailbox lock is always released, and a connection the server dropped (restart, idle
// timeout, network) is rebuilt on the next call, so the user never sees it. Modelled on Alps' session.go.
//
// Every call has a deadline (IMAP_TIMEOUT_SECONDS) counted from the moment it queues: past it the caller gets a
// MailError 'timeout', and if the call was running, its connection is closed so the next call starts afresh. A call
// that moves a message (a streamed APPEND, attachments carried into a forward) asks for `deadline: 'progress'`
// instead: its time starts again whenever its transfer moves, so a slow link is not cut for being slow and a stuck
// one is cut as soon as any other call.
// Downloads do not use this connection at all (download-connections.ts). The session is busy while a call is
// queued or running or a download is open, and the registry never closes a busy session as idle.
//
// Between calls the connection IDLEs on the selected mailbox (idle-watch.ts) and the server's reports feed the
// session's cache (client-observer.ts, ../cache/): a page the cache can answer while the mailbox is watched costs
// no IMAP command at all. #serialized is the single way in: it breaks IDLE before a call and starts it again when
// the queue has been empty for a moment (IDLE_DELAY_MS, so a page's follow-up requests find it not idling). The
// session's own upkeep (fetching new mail's summaries, liveness checks, watching the mailbox a push subscriber
// asked for) runs as background calls, which do not count as the user's use.
import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { CacheBudget } from '../cache/cache-budget.ts';
import type { Call, CallOptions, Progress, SessionExtras } from './call-options.ts';
import { MailCache } from '../cache/mail-cache.ts';
import type { MailboxView } from '../cache/mailbox-view.ts';
import { selectOptions, syncView } from '../cache/view-sync.ts';
import { MailError, SESSION_CLOSED, TIMEOUT_MESSAGE, isConnectionError, rethrowAsMailError } from '../errors/mail-errors.ts';
import { startDeadline } from './deadline.ts';
import { DownloadConnections, type DownloadConnection } from './download-connections.ts';
import { IdleWatch } from './idle-watch.ts';
import { QuietWork } from './quiet-work.ts';
import { limitsOf, type ImapAuth, type ImapSettings } from './imap-connect.ts';
import { SessionLink } from './session-link.ts';
import { SessionUpkeep } from './session-upkeep.ts';
import { WatchChannel } from './watch-channel.ts';

export type { ImapSettings } from './imap-connect.ts';
export type { CallOptions, Progress, SessionExtras } from './call-options.ts';

export type ImapClient = ImapFlow;

export class MailSession {
  readonly user: string;
  lastUsed = Date.now();
  /** the session's cache of mailboxes, messages and folder counts */
  readonly cache: MailCache;
  /** mailbox change events for the push channel */
  readonly watch: WatchChannel;
  readonly #password: string;
  readonly #settings: ImapSettings;
  readonly #logger: Logger;
  readonly #clientAddress: string | undefined;
  readonly #downloads: DownloadConnections;
  readonly #idle: IdleWatch;
  readonly #upkeep: SessionUpkeep;
  readonly #link: SessionLink;
  #queue: Promise<unknown> = Promise.resolve();
  #calls = 0;
  readonly #quiet = new QuietWork(() => this.#calls > 0 || this.#closed);
  /** the mailbox a handOver call found watched, for the call queued right behind it */
  #handed: string | undefined;
  #closed = false;
  #distrusted = false;

  /** clientAddress: the browser's, sent as ID x-originating-ip (Dovecot honours it from login_trusted_networks) */
  constructor(settings: ImapSettings, user: string, password: string, logger: Logger, clientAddress?: string, extras: SessionExtras = {}) {
    this.#settings = settings;
    this.user = user;
    this.#password = password;
    this.#logger = logger;
    this.#clientAddress = clientAddress;
    this.#downloads = new DownloadConnections(settings, this.#auth(), logger);
    this.#upkeep = new SessionUpkeep(this, logger, extras.folderCountsMs ?? 30_000);
    this.watch = new WatchChannel(() => this.#upkeep.subscriptionsChanged());
    this.cache = new MailCache(extras.budget ?? new CacheBudget({ maxBytes: 16 << 20, sessionBytes: 128 << 10 }), this.watch, extras.textIdleMs);
    this.#link = new SessionLink(settings, this.#auth(), this.cache, logger, {
      watched: () => this.#idle.on,
      gone: (mailbox) => {
        this.#idle.stop();
        if (mailbox) this.watch.reset(mailbox);
      },
      arrivals: () => this.#afterCalls(),
      changed: () => this.#afterCalls(),
    });
    this.#idle = new IdleWatch(extras.watchCheckMs ?? 120_000, {
      ended: () => this.#afterCalls(),
      check: () => this.#upkeep.checkAlive(),
    });
  }

  /** Connects and logs in now: the sign-in form uses it to check the credentials. */
  async open(): Promise<void> {
    await this.#serialized((call) => this.#connected(call));
  }

  withClient<T>(fn: (client: ImapClient, progress: Progress) => Promise<T>, options: CallOptions = {}): Promise<T> {
    return this.#serialized((call) => this.#withRetry(call, options, async (client) => {
      // A folder list (STATUS of the selected mailbox) is as current as the watched view it sits beside.
      const selected = client.mailbox ? client.mailbox.path : undefined;
      if (options.fresh && selected && (call.watched !== selected || this.#distrusted)) await client.noop();
      return fn(client, call.progress);
    }), options);
  }

  /** Runs fn with `path` selected (read-write, so \Seen and flag changes work); reuses the selection when it can. */
  withMailbox<T>(path: string, fn: (client: ImapClient, progress: Progress) => Promise<T>, options: CallOptions = {}): Promise<T> {
    return this.#withSelected(path, options, async (client, reused, call) => {
      if (options.fresh && reused) await client.noop();
      return fn(client, call.progress);
    });
  }

  /**
   * Like withMailbox, with the mailbox's cached view brought up to date with what the server has reported
   * (cache/view-sync.ts): a NOOP when the selection is reused and was not being watched, nothing more when it was.
   */
  withView<T>(path: string, fn: (client: ImapClient, view: MailboxView) => Promise<T>, options: CallOptions = {}): Promise<T> {
    return this.#withSelected(path, options, async (client, reused, call) => {
      const distrusted = this.#distrusted;
      const view = await syncView(client, this.cache, this.#logger, !reused || (call.watched === path && !distrusted));
      if (distrusted) this.#distrusted = false;
      return fn(client, view);
    });
  }

  /**
   * The cached view of `path` when it can answer without asking the server: the mailbox is being watched right now,
   * nothing is queued, and the view agrees with the server's count. Undefined otherwise (then use withView). It is
   * as current as IDLE: Dovecot reports another client's change about half a second after it happens (in the
   * IDLE_DELAY_MS after a call, before IDLE starts, as current as that call's answers).
   */
  liveView(path: string): MailboxView | undefined {
    if (this.#calls > 0 || this.#distrusted || this.#idle.on !== path) return undefined;
    const view = this.cache.view(path);
    return view?.selected && view.consistent ? view : undefined;
  }

  /**
   * Runs `task` once the queue is empty (quiet-work.ts). Its calls queue like any other, so a request that comes
   * meanwhile waits for at most the call running then: a task makes each call one command, then asks again.
   */
  whenQuiet(task: () => void): void {
    this.#quiet.set(task);
    this.#afterCalls();
  }

  /**
   * Something changed the mailboxes through another connection that this one may not have heard of yet (the same
   * browser's last write went through another Postern instance): the next read asks the server (NOOP) first.
   */
  distrust(): void {
    this.#distrusted = true;
  }

  /** the id of the last write the HTTP session made that this session knows of (see distrust) */
  lastWrite: string | undefined;

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
    return this.#link.usable;
  }

  /** A call is queued or running, or a download is open: idle sweeps and the connection cap leave it alone. */
  get busy(): boolean {
    return this.#calls > 0 || this.#downloads.active > 0;
  }

  /** Someone listens for this session's events (the push channel): the idle sweep leaves it open (and a bit). */
  get held(): boolean {
    return this.watch.held;
  }

  /** the mailbox IDLE is watching now, if any */
  get watching(): string | undefined {
    return this.#idle.on;
  }

  /** LOGOUT every connection (downloads included) and forget them; later calls fail. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#idle.stop();
    this.#upkeep.stop();
    this.watch.close();
    this.cache.close();
    await Promise.allSettled([this.#link.logout(), this.#downloads.closeAll()]);
  }

  #withSelected<T>(path: string, options: CallOptions, fn: (client: ImapFlow, reused: boolean, call: Call) => Promise<T>): Promise<T> {
    return this.#serialized((call) =>
      this.#withRetry(call, options, async (client) => {
        const reused = !!client.mailbox && client.mailbox.path === path;
        const lock = await client.getMailboxLock(path, selectOptions(client, this.cache, path));
        try {
          return await fn(client, reused, call);
        } finally {
          lock.release();
        }
      }), options);
  }

  #serialized<T>(fn: (call: Call) => Promise<T>, options: CallOptions = {}): Promise<T> {
    const ms = limitsOf(this.#settings).commandTimeoutMs;
    const call: Call = { expired: false, running: false, progress: () => undefined, watched: undefined, done: false };
    this.#calls++;
    const deadline = startDeadline(ms, () => {
      call.expired = true;
      // A call that expired while queued leaves the connection alone: the call ahead of it has a deadline too.
      if (!call.running) return;
      this.#logger.warn({ user: this.user }, 'imap call past its deadline: closing the connection');
      this.#link.drop();
    });
    if (options.deadline === 'progress') call.progress = (extraMs = 0) => deadline.restart(ms + extraMs);
    const turn = this.#queue.then(async () => {
      if (call.expired) throw new MailError('timeout', TIMEOUT_MESSAGE);
      call.running = true;
      if (!options.background) this.lastUsed = Date.now();
      call.watched = (await this.#idle.pause()) ?? this.#handed;
      this.#handed = undefined;
      const value = await fn(call);
      call.done = true;
      return value;
    });
    const result = deadline.race(turn).finally(() => {
      this.#calls--;
      // A call that came in behind a handOver call (a prefetch) finds the mailbox as watched as that call found it:
      // its answers kept the view current, as IDLE_DELAY_MS's window after any call does (idle-watch.ts).
      this.#handed = options.handOver && call.done && this.#calls > 0 && !call.expired ? call.watched : undefined;
      if (!options.background) this.lastUsed = Date.now();
      this.cache.settle();
      this.#afterCalls();
    });
    // The next call starts when this one settles or expires. The queue holds no value (a `.catch` would keep the
    // call's result, so an idle session would hold its last page or message alive).
    this.#queue = result.then(() => undefined, () => undefined);
    return result;
  }

  /** The queue is empty: catch up with new mail, go to the mailbox a subscriber watches, or IDLE. */
  #afterCalls(): void {
    if (this.#calls > 0 || this.#closed) return;
    this.#quiet.emptied();
    const client = this.#link.client;
    if (!client?.usable) return this.#upkeep.disconnected();
    if (this.#upkeep.needsCall(client)) return;
    this.#idle.start(client);
  }

  async #withRetry<T>(call: Call, options: CallOptions, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.#connected(call));
    } catch (err) {
      if (options.retry === false || !isConnectionError(err) || this.#closed || call.expired) rethrowAsMailError(err);
      this.#logger.info({ user: this.user, code: (err as { code?: string }).code }, 'imap connection lost, reconnecting');
      this.#link.drop();
      call.watched = undefined;
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
    return this.#link.connected();
  }
}
