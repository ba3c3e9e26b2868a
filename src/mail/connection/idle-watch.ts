// IDLE (RFC 2177) on the selected mailbox between a session's calls, so the server reports EXISTS, EXPUNGE and
// flag changes the moment they happen and the cache can answer pages without asking. Every call breaks it first
// (DONE, then the command queues behind IDLE's tagged OK: one round trip, about 1 ms with imapflow against Dovecot
// on loopback) and the session starts it again when its queue is empty. Pages answered from the cache never
// break it. imapflow's own auto-IDLE stays off: it would start between the commands of a withClient() call, and
// its IDLE does not stop for commands sent with exec() (SORT, SEARCH, METADATA).
//
// A silent dead connection never ends an IDLE, so every `checkMs` the session runs a NOOP (breaking and restarting
// IDLE); its deadline drops a connection that does not answer.
import type { ImapFlow } from 'imapflow';

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

  /** Starts IDLE on the client's selected mailbox; false when the server has no IDLE or nothing is selected. */
  start(client: ImapFlow): boolean {
    if (this.#on || !client.usable || !client.mailbox || client.idling) return false;
    // A server that refused IDLE once (imapflow's skipIdle) would get imapflow's NOOP polling instead: not ours.
    if (!client.capabilities.has('IDLE') || (client as unknown as { skipIdle?: boolean }).skipIdle) return false;
    const token = {};
    this.#token = token;
    this.#on = client.mailbox.path;
    this.#client = client;
    client.idle().then((result) => this.#ended(token, result !== false), () => this.#ended(token, false));
    this.#timer = setTimeout(() => {
      if (this.#token === token) this.#hooks.check();
    }, this.#checkMs);
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
