// What the push channel (GET /events, server-sent events) consumes: a session's mailbox changes as events, each
// with an id that only grows, and a short memory of recent events so a browser that reconnects with
// Last-Event-ID gets what it missed, or 'reset' when that is gone. While anyone is subscribed the session keeps
// its connection, watches the mailbox subscribed last and refreshes the other folders' counts.
import { randomBytes } from 'node:crypto';
import { summaryOf, type CachedMessage } from '../cache/cached-message.ts';
import type { CacheEvents } from '../cache/mail-cache.ts';
import type { MailboxSummary } from '../folders/folder-tree.ts';
import type { MessageSummary } from '../reading/message-summary.ts';

export interface FolderCount {
  path: string;
  messages: number;
  unseen: number;
}

export type WatchEventBody =
  | { type: 'added'; mailbox: string; summaries: MessageSummary[] }
  | { type: 'flags'; mailbox: string; uid: number; flags: string[] }
  | { type: 'expunged'; mailbox: string; uids: number[] }
  | { type: 'counts'; folders: FolderCount[] }
  /** what the browser shows of `mailbox` may be wrong (new UIDVALIDITY, the connection was lost): reload it */
  | { type: 'reset'; mailbox: string };

/** `id` is "<session epoch>-<n>", n growing by one per event: the SSE id, given back as Last-Event-ID. */
export type WatchEvent = WatchEventBody & { id: string };

export type WatchListener = (event: WatchEvent) => void;

/** Events kept for Last-Event-ID; a browser further behind gets 'reset'. */
const RING_SIZE = 100;
/** ...and at most this many summaries in them, so the memory stays small whatever arrives */
const RING_SUMMARIES = 200;
/** Events are kept this long after the last subscriber left: long enough for a browser to reconnect. */
const KEEP_AFTER_LAST_MS = 5 * 60_000;
/** An arrival of more messages than this is announced as 'reset': the browser reloads rather than gets them all. */
const MAX_ADDED = 50;

export class WatchChannel implements CacheEvents {
  readonly #epoch = randomBytes(4).toString('hex');
  #seq = 0;
  readonly #ring: WatchEvent[] = [];
  #ringSummaries = 0;
  /** nobody can resume after this: events are no longer kept */
  #keepUntil = 0;
  readonly #subscribers = new Map<symbol, { mailbox: string; listener: WatchListener }>();
  readonly #expunged = new Map<string, number[]>();
  #lastCounts = '';
  readonly #changed: () => void;

  /** `changed`: called when the subscriptions change (the session then watches the right mailbox) */
  constructor(changed: () => void = () => {}) {
    this.#changed = changed;
  }

  /**
   * Delivers `mailbox`'s events (and every 'counts') to `listener` until the returned function is called. While
   * subscribed, the session stays connected and watches the mailbox subscribed last; several subscribers share it.
   */
  subscribe(mailbox: string, listener: WatchListener): () => void {
    const key = Symbol(mailbox);
    this.#subscribers.set(key, { mailbox, listener });
    this.#changed();
    return () => {
      if (!this.#subscribers.delete(key)) return;
      if (!this.#subscribers.size) this.#keepUntil = Date.now() + KEEP_AFTER_LAST_MS;
      this.#changed();
    };
  }

  /** The events after `lastEventId` (for `mailbox` and counts), or undefined when they are no longer known. */
  since(lastEventId: string, mailbox?: string): WatchEvent[] | undefined {
    const match = /^([0-9a-f]+)-(\d+)$/.exec(lastEventId);
    if (!match || match[1] !== this.#epoch) return undefined;
    const after = Number(match[2]);
    const oldest = this.#ring[0] ? seqOf(this.#ring[0]) : this.#seq + 1;
    if (after < oldest - 1 || after > this.#seq) return undefined;
    return this.#ring.filter((e) => seqOf(e) > after && (mailbox === undefined || concerns(e, mailbox)));
  }

  /** the id the next event will follow: a new subscriber that has seen nothing yet starts here */
  get lastId(): string {
    return `${this.#epoch}-${this.#seq}`;
  }

  get held(): boolean {
    return this.#subscribers.size > 0;
  }

  /** the mailbox subscribed last, which the connection watches */
  get target(): string | undefined {
    let last: string | undefined;
    for (const { mailbox } of this.#subscribers.values()) last = mailbox;
    return last;
  }

  flags(mailbox: string, uid: number, flags: readonly string[]): void {
    this.#emit({ type: 'flags', mailbox, uid, flags: [...flags] });
  }

  expunged(mailbox: string, uid: number): void {
    // imapflow reports expunges one UID at a time; one event per batch of a tick.
    const batch = this.#expunged.get(mailbox);
    if (batch) return void batch.push(uid);
    this.#expunged.set(mailbox, [uid]);
    setImmediate(() => {
      const uids = this.#expunged.get(mailbox) ?? [];
      this.#expunged.delete(mailbox);
      this.#emit({ type: 'expunged', mailbox, uids });
    });
  }

  added(mailbox: string, entries: CachedMessage[]): void {
    if (!entries.length) return;
    if (entries.length > MAX_ADDED) return this.reset(mailbox);
    this.#emit({ type: 'added', mailbox, summaries: entries.map(summaryOf) });
  }

  reset(mailbox: string): void {
    this.#emit({ type: 'reset', mailbox });
  }

  counts(tree: MailboxSummary[]): void {
    const folders = tree.filter((f) => f.selectable).map(({ path, messages, unseen }) => ({ path, messages, unseen }));
    const text = JSON.stringify(folders);
    if (text === this.#lastCounts) return;
    const first = !this.#lastCounts;
    this.#lastCounts = text;
    // The first tree of a session is no change: nobody has been shown other counts by this channel yet.
    if (!first) this.#emit({ type: 'counts', folders });
  }

  #emit(body: WatchEventBody): void {
    const event = { ...body, id: `${this.#epoch}-${++this.#seq}` } as WatchEvent;
    if (this.held || Date.now() < this.#keepUntil) this.#keep(event);
    else {
      this.#ring.splice(0);
      this.#ringSummaries = 0;
    }
    for (const { mailbox, listener } of [...this.#subscribers.values()]) {
      if (!concerns(event, mailbox)) continue;
      try {
        listener(event);
      } catch {
        // A listener's failure (a closed response) is its own; the others still get the event.
      }
    }
  }

  #keep(event: WatchEvent): void {
    this.#ring.push(event);
    this.#ringSummaries += summariesIn(event);
    while (this.#ring.length > RING_SIZE || this.#ringSummaries > RING_SUMMARIES) {
      this.#ringSummaries -= summariesIn(this.#ring.shift()!);
    }
  }
}

function summariesIn(event: WatchEvent): number {
  return event.type === 'added' ? event.summaries.length : 0;
}

function seqOf(event: WatchEvent): number {
  return Number(event.id.slice(event.id.indexOf('-') + 1));
}

function concerns(event: WatchEvent, mailbox: string): boolean {
  return event.type === 'counts' || event.mailbox === mailbox;
}
