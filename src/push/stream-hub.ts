// Every event stream of this process, by session: the caps (MAX_EVENT_STREAMS per process,
// MAX_EVENT_STREAMS_PER_SESSION per signed-in browser), the check that the session still exists while a stream
// is open, and the end of all of them at shutdown. Each stream costs a socket and two timers, nothing that grows
// with the events it carries; a slow reader is dropped by its EventStream.
import type { ServerResponse } from 'node:http';
import { EventStream, type EndReason, type StreamLimits } from './event-stream.ts';

export interface HubLimits extends StreamLimits {
  /** streams this process holds at most */
  maxStreams: number;
  /** streams one session holds at most (each browser tab on a mailbox page has one) */
  maxPerSession: number;
  /** how often an open stream asks whether its session is still signed in (sign-out elsewhere, expiry) */
  checkMs: number;
  /**
   * A stream ends after this long and the browser reconnects, which passes the sign-in checks of a new request
   * again (the key cookie's fixed lifetime among them, which no store lookup can see).
   */
  maxLifetimeMs: number;
}

/** Why a stream was refused: too many for this session, for the process, or the process is stopping. */
export type Refusal = 'session' | 'process' | 'stopping';

export interface OpenOptions {
  /** false once the session has gone (signed out, expired): the stream ends */
  stillSignedIn(): Promise<boolean>;
  /** the stream ended, whatever the reason: let go of what feeds it */
  ended(reason: EndReason | 'signed-out' | 'lifetime'): void;
}

export class StreamHub {
  readonly #limits: HubLimits;
  readonly #bySession = new Map<string, Set<EventStream>>();
  #count = 0;
  #stopping = false;

  constructor(limits: HubLimits) {
    this.#limits = limits;
  }

  /** streams open now */
  get size(): number {
    return this.#count;
  }

  /** Whether one more stream may open for `sessionId`; undefined when it may. */
  refusal(sessionId: string): Refusal | undefined {
    if (this.#stopping) return 'stopping';
    if ((this.#bySession.get(sessionId)?.size ?? 0) >= this.#limits.maxPerSession) return 'session';
    if (this.#count >= this.#limits.maxStreams) return 'process';
    return undefined;
  }

  /** Starts the stream on `res` (headers go out now). Check refusal() first: past a cap this throws. */
  open(sessionId: string, res: ServerResponse, opts: OpenOptions): EventStream {
    if (this.refusal(sessionId)) throw new Error('event stream past its cap');
    let why: EndReason | 'signed-out' | 'lifetime' | undefined;
    const timers: NodeJS.Timeout[] = [];
    const stream: EventStream = new EventStream(res, this.#limits, (reason) => {
      for (const timer of timers) clearTimeout(timer);
      const set = this.#bySession.get(sessionId);
      set?.delete(stream);
      if (set && !set.size) this.#bySession.delete(sessionId);
      this.#count--;
      opts.ended(why ?? reason);
    });
    this.#count++;
    let set = this.#bySession.get(sessionId);
    if (!set) this.#bySession.set(sessionId, (set = new Set()));
    set.add(stream);
    const endFor = (reason: 'signed-out' | 'lifetime') => {
      why = reason;
      stream.end();
    };
    const check = (): void => {
      timers[0] = setTimeout(() => {
        if (!stream.open) return;
        // A store that cannot answer now (Redis away) is no proof of sign-out: ask again next time.
        opts.stillSignedIn().then((yes) => (yes ? check() : endFor('signed-out')), () => check());
      }, this.#limits.checkMs).unref();
    };
    check();
    timers[1] = setTimeout(() => endFor('lifetime'), this.#limits.maxLifetimeMs).unref();
    return stream;
  }

  /** Ends this session's streams (sign-out on this instance). */
  endSession(sessionId: string): void {
    for (const stream of [...(this.#bySession.get(sessionId) ?? [])]) stream.end();
  }

  /** Shutdown: no new streams, and the open ones end now, so the server can drain (their browsers reconnect elsewhere). */
  closeAll(): void {
    this.#stopping = true;
    for (const set of [...this.#bySession.values()]) for (const stream of [...set]) stream.end();
  }
}
