// Every POP3 exchange has a deadline (house rule: every call to another server has one). A short answer must come
// within the timeout; a long one (RETR, a 100,000-line UIDL) must keep flowing: no silence longer than the timeout,
// and no slower overall than a floor rate, so a trickling server cannot hold a fetch forever.

/** Bytes per second below which a long answer counts as stalled: 10 MB in under 6 minutes. */
export const FLOOR_RATE = 32 * 1024;

export class Deadline {
  readonly #end: number;
  readonly #idleMs: number;
  #lastActivity = Date.now();

  constructor(timeoutMs: number, expectedBytes = 0) {
    this.#idleMs = timeoutMs;
    this.#end = Date.now() + timeoutMs + Math.ceil((expectedBytes / FLOOR_RATE) * 1000);
  }

  /** Data arrived: the silence allowance starts again. */
  touch(): void {
    this.#lastActivity = Date.now();
  }

  /** Milliseconds left before giving up; 0 or less means now. */
  remaining(): number {
    return Math.min(this.#end, this.#lastActivity + this.#idleMs) - Date.now();
  }
}
