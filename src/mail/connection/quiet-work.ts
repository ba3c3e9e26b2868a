// Work no request waits for (reading/prefetch.ts), run by the session only when its queue is empty, never before.
// One task at a time: a newer one replaces one not started yet. It starts after the turn of the event loop in which
// the queue emptied, so a request whose call just ended queues its next call (the folder list) first.
export class QuietWork {
  #task: (() => void) | undefined;
  #scheduled = false;
  readonly #busy: () => boolean;

  /** busy: the queue has a call, or the session is closed */
  constructor(busy: () => boolean) {
    this.#busy = busy;
  }

  set(task: () => void): void {
    this.#task = task;
  }

  /** The queue is empty now: start the task soon, unless a call came first (then the next emptying does). */
  emptied(): void {
    if (!this.#task || this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#busy()) return;
      const task = this.#task;
      this.#task = undefined;
      task?.();
    });
  }
}
