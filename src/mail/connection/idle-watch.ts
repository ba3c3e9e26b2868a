// IDLE (RFC 2177) on the selected mailbox between a session's calls, so the server reports EXISTS, EXPUNGE and
// flag changes the moment they happen and the cache can answer pages without asking. Every call breaks it first
// (DONE, then the command queues behind IDLE's tagged OK: one round trip, about 1 ms with imapflow against Dovecot
// on loopback) and the session starts it again when its queue is empty. Pages answered from the cache never
// break it. imapflow's own auto-IDLE stays off: it would start between the commands of a withClient() call, and
// its IDLE does not stop for commands sent with exec() (SORT, SEARCH, METADATA).
//
// IDLE starts only after the queue has been empty for IDLE_DELAY_MS: a page's calls and the requests that follow it
// (the body frame, a part, the next call of the same request) then find the connection not idling and pay no DONE
// round trip (issue 9). The mailbox counts as watched from the moment the delay starts: the view is current as of
// the last command's answer, and Dovecot's IDLE reports everything that changed before it started (cmd-idle.c
// syncs at once, "if they came before we added mailbox-notifier"), so the window only adds its own length to the
// lag IDLE has anyway (Dovecot passes another client's change on about half a second later).
//
// A silent dead connection never ends an IDLE, so every `checkMs` the session runs a NOOP (breaking and restarting
// IDLE); its deadline drops a connection that does not answer.
import type { ImapFlow } from 'imapflow';

/** Short against IDLE's own lag (~500 ms), long against the gap between a page and its body frame (a few ms). */
export const IDLE_DELAY_MS = 200;

export interface IdleHooks {
  /** IDLE ended by itself (the server ended it, or imapflow's keepalive broke it): start it again when free */
  ended(): void;
  /** time to prove the connection alive */
  check(): void;
}

export class IdleWatch {
  #on: string | undefined;
  #client: ImapFlow | undefined;
  #token: object | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #checkMs: number;
  readonly #hooks: IdleHooks;

  constructor(checkMs: number, hooks: IdleHooks) {
    this.#checkMs = checkMs;
    this.#hooks = hooks;
  }

  /** the mailbox being watched now, if any */
  get on(): string | undefined {
    return this.#on;
  }

  /**
   * Watches the client's selected mailbox, with IDLE from IDLE_DELAY_MS on; false when the server has no IDLE or
   * nothing is selected.
   */
  start(client: ImapFlow): boolean {
    if (this.#on || !usable(client) || client.idling) return false;
    const token = {};
    this.#token = token;
    this.#on = client.mailbox.path;
    this.#client = client;
    this.#timer = setTimeout(() => this.#idle(token, client), IDLE_DELAY_MS);
    this.#timer.unref();
    return true;
  }

  /**
   * Breaks IDLE so a command can go out: DONE is written when this resolves, and imapflow sends the next command
   * after IDLE's tagged OK. Returns the mailbox that was watched until now (changes to it have all been reported).
   */
  async pause(): Promise<string | undefined> {
    const was = this.#on;
    const client = this.#client;
    this.#reset();
    const breakIdle = client && (client as unknown as { preCheck?: unknown }).preCheck;
    if (client?.idling && typeof breakIdle === 'function') await (breakIdle as () => Promise<void>).call(client);
    return was;
  }

  stop(): void {
    this.#reset();
  }

  #idle(token: object, client: ImapFlow): void {
    if (this.#token !== token) return;
    // The selection went away without a call (the server closed the mailbox): nothing to watch.
    if (!usable(client) || client.mailbox.path !== this.#on || client.idling) return this.#reset();
    client.idle().then((result) => this.#ended(token, result !== false), () => this.#ended(token, false));
    this.#timer = setTimeout(() => {
      if (this.#token === token) this.#hooks.check();
    }, this.#checkMs);
    this.#timer.unref();
  }

  #ended(token: object, restart: boolean): void {
    if (this.#token !== token) return;
    this.#reset();
    if (restart) this.#hooks.ended();
  }

  #reset(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#token = undefined;
    this.#on = undefined;
    this.#client = undefined;
  }
}

function usable(client: ImapFlow): client is ImapFlow & { mailbox: { path: string } } {
  if (!client.usable || !client.mailbox) return false;
  // A server that refused IDLE once (imapflow's skipIdle) would get imapflow's NOOP polling instead: not ours.
  return client.capabilities.has('IDLE') && !(client as unknown as { skipIdle?: boolean }).skipIdle;
}
