// The shown texts of the messages a session opened last, so that opening one again (or its body frame) asks the
// server nothing: the text of a (mailbox, UIDVALIDITY, UID) never changes (RFC 3501 section 2.3.1.1), so a kept
// text can only go stale by the message going away, and every way it goes drops it here: an expunge the server
// reports (EXPUNGE, VANISHED), the user's own move or delete, a new UIDVALIDITY (the key holds it).
//
// Least recently used first out (a large text sooner: trim below), inside the session's cache budget (MailCache
// counts these bytes). Beside them one guess: the message prefetched because the reader is likely to open it next
// (reading/prefetch.ts). A guess goes before any text that was really read, and becomes one of them when opened.
//
// Texts are what an active reader needs; an idle session keeps only its lists. After TEXT_IDLE_MS without a text
// being used, all of them go (the summaries, structures and UID lists stay, so the next page is still free and the
// next open costs the one FETCH of its text): memory per idle session counts against a target of its own
// (DESIGN.md, Performance model).
import type { Trimmable } from './cache-budget.ts';

/**
 * How long a session's texts outlive their last use. A reader going through mail opens the next message within
 * seconds; a minute without one means the tab was left, and the text is one FETCH away if it comes back.
 */
export const TEXT_IDLE_MS = 60_000;

interface Kept {
  uidValidity: bigint;
  value: unknown;
  bytes: number;
}

const keyOf = (path: string, uid: number) => `${path}\n${uid}`;

export class KeptTexts implements Omit<Trimmable, 'fit'> {
  /** insertion order is use order: the first is the least recently used */
  readonly #texts = new Map<string, Kept>();
  #guess: (Kept & { key: string }) | undefined;
  #bytes = 0;
  #usedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #idleMs: number;
  readonly #grew: (delta: number) => void;

  constructor(idleMs: number, grew: (delta: number) => void) {
    this.#idleMs = idleMs;
    this.#grew = grew;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** how many texts are kept, the guess included */
  get size(): number {
    return this.#texts.size + (this.#guess ? 1 : 0);
  }

  get<T>(path: string, uidValidity: bigint, uid: number): T | undefined {
    const key = keyOf(path, uid);
    const guess = this.#guess;
    if (guess?.key === key && guess.uidValidity === uidValidity) {
      // The guess was right: it is a text the reader uses now.
      this.#guess = undefined;
      this.#texts.set(key, guess);
    }
    const kept = this.#texts.get(key);
    if (!kept) return undefined;
    if (kept.uidValidity !== uidValidity) {
      this.#remove(key);
      return undefined;
    }
    this.#texts.delete(key);
    this.#texts.set(key, kept);
    this.#used();
    return kept.value as T;
  }

  /** Keeps a text; `guess`: fetched before anyone asked (prefetch), replacing the previous guess. */
  put(path: string, uidValidity: bigint, uid: number, value: unknown, bytes: number, guess = false): void {
    const key = keyOf(path, uid);
    this.#remove(key);
    if (guess) {
      this.#dropGuess();
      this.#guess = { key, uidValidity, value, bytes };
    } else {
      this.#texts.set(key, { uidValidity, value, bytes });
    }
    this.#used();
    this.#change(bytes);
  }

  /** Whether the text is kept (as a text or as the guess), without counting it as used. */
  has(path: string, uid: number): boolean {
    const key = keyOf(path, uid);
    return this.#texts.has(key) || this.#guess?.key === key;
  }

  /** The messages are gone (expunged, moved, deleted). */
  forget(path: string, uids: Iterable<number>): void {
    for (const uid of uids) this.#remove(keyOf(path, uid));
  }

  /** Everything of one mailbox: a new UIDVALIDITY, or an expunge the cache cannot place by UID. */
  forgetMailbox(path: string): void {
    const prefix = `${path}\n`;
    for (const key of [...this.#texts.keys()]) if (key.startsWith(prefix)) this.#remove(key);
    if (this.#guess?.key.startsWith(prefix)) this.#dropGuess();
  }

  /**
   * The guess first, then texts by what dropping them frees weighed by how long ago they were used: bytes × the
   * number of texts used since. Texts of one size go least recently used first; a large one goes before several
   * small ones used about as long ago. Reading any text again costs the same one FETCH whatever its size, so pure
   * LRU would give up many small texts for one large one, and a reader going round more mail than fits would miss
   * on every open (DESIGN.md, Session cache).
   */
  trim(target: number): void {
    if (this.#bytes > target) this.#dropGuess();
    if (this.#bytes <= target) return;
    const order = [...this.#texts];
    const last = order.length - 1;
    const ranked = order.map(([key, kept], i) => ({ key, weight: kept.bytes * (last - i + 1) }));
    // A stable sort: equal weights keep the least recently used first.
    ranked.sort((a, b) => b.weight - a.weight);
    for (const { key } of ranked) {
      if (this.#bytes <= target) return;
      this.#remove(key);
    }
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.trim(0);
  }

  #used(): void {
    this.#usedAt = Date.now();
    if (!this.#timer) this.#arm(this.#idleMs);
  }

  // One timer per session, re-armed only when it fires: using a text costs no clearTimeout/setTimeout.
  #arm(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const idle = Date.now() - this.#usedAt;
      if (idle >= this.#idleMs) this.trim(0);
      else if (this.size) this.#arm(this.#idleMs - idle);
    }, ms);
    this.#timer.unref();
  }

  #remove(key: string): void {
    const kept = this.#texts.get(key);
    if (kept) {
      this.#texts.delete(key);
      this.#change(-kept.bytes);
    } else if (this.#guess?.key === key) {
      this.#dropGuess();
    }
  }

  #dropGuess(): void {
    const guess = this.#guess;
    if (!guess) return;
    this.#guess = undefined;
    this.#change(-guess.bytes);
  }

  #change(delta: number): void {
    this.#bytes += delta;
    this.#grew(delta);
  }
}
