// A session's own work between the user's requests, each done as a background call (it breaks IDLE like any
// call, but does not count as the user's use, so an unused session still ends after SESSION_IDLE_MINUTES):
//   - new mail announced while idling: fetch the new messages' summaries (the 'added' event, and the next page);
//   - every so often a NOOP, which proves an IDLE that reported nothing is still alive (its deadline drops a dead one);
//   - while the push channel is subscribed: watch the mailbox it asked for, reconnect after a lost connection
//     (with back-off), and refresh the other folders' counts every FOLDER_COUNTS_SECONDS.
import type { Logger } from 'pino';
import type { ImapClient, MailSession } from './mail-session.ts';
import { listMailboxes } from '../folders/mailboxes.ts';

const RECONNECT_FIRST_MS = 1000;
const RECONNECT_MAX_MS = 60_000;

export class SessionUpkeep {
  readonly #session: MailSession;
  readonly #logger: Logger;
  readonly #countsMs: number;
  #countsTimer: NodeJS.Timeout | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #reconnectDelay = RECONNECT_FIRST_MS;
  /** the last catch-up tried: never the same one twice in a row, whatever went wrong with it */
  #lastCatchUp = '';
  /** a subscribed mailbox that could not be selected (deleted, say): not tried again until subscriptions change */
  #unwatchable: string | undefined;
  #stopped = false;

  constructor(session: MailSession, logger: Logger, countsMs: number) {
    this.#session = session;
    this.#logger = logger;
    this.#countsMs = countsMs;
  }

  subscriptionsChanged(): void {
    if (this.#stopped) return;
    this.#unwatchable = undefined;
    const target = this.#session.watch.target;
    if (!target) {
      clearInterval(this.#countsTimer);
      this.#countsTimer = undefined;
      return;
    }
    this.#countsTimer ??= setInterval(() => this.#refreshCounts(), this.#countsMs).unref();
    if (this.#session.watching !== target) this.#watch(target);
  }

  /**
   * Called when the queue is empty, before IDLE starts again: true when a background call was queued instead
   * (its end comes back here).
   */
  needsCall(client: ImapClient): boolean {
    this.#reconnectDelay = RECONNECT_FIRST_MS;
    const target = this.#session.watch.target;
    const selected = client.mailbox ? client.mailbox.path : undefined;
    if (target && selected !== target && target !== this.#unwatchable) {
      this.#watch(target);
      return true;
    }
    const view = selected ? this.#session.cache.view(selected) : undefined;
    if (!view?.selected || !view.list || view.exists === view.list.length) return false;
    const attempt = `${selected}:${view.exists}:${view.list.length}`;
    if (attempt === this.#lastCatchUp) return false;
    this.#lastCatchUp = attempt;
    this.#run('new mail', () => this.#session.withView(selected!, async () => undefined, { background: true }));
    return true;
  }

  checkAlive(): void {
    this.#run('liveness check', () => this.#session.withClient((client) => client.noop(), { background: true }));
  }

  /** The connection is gone: a session someone listens to connects again, others wait for their next request. */
  disconnected(): void {
    if (this.#stopped || !this.#session.held || this.#reconnectTimer) return;
    const delay = this.#reconnectDelay;
    this.#reconnectDelay = Math.min(RECONNECT_MAX_MS, delay * 2);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      const target = this.#session.watch.target;
      if (target && !this.#session.connected) this.#run('reconnect', () => this.#session.withView(target, async () => undefined, { background: true }));
    }, delay);
    this.#reconnectTimer.unref();
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#countsTimer);
    clearTimeout(this.#reconnectTimer);
  }

  #watch(target: string): void {
    this.#run('watch', () => this.#session.withView(target, async () => undefined, { background: true }).catch((err: unknown) => {
      if (this.#session.connected) this.#unwatchable = target;
      throw err;
    }));
  }

  #refreshCounts(): void {
    this.#run('folder counts', () => listMailboxes(this.#session, { maxAgeMs: this.#countsMs / 2, background: true }));
  }

  #run(what: string, work: () => Promise<unknown>): void {
    if (this.#stopped) return;
    work().catch((err: unknown) => {
      this.#logger.info({ user: this.#session.user, what, msg: (err as Error).message }, 'imap session upkeep failed');
    });
  }
}
