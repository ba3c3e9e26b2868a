// One session's cache: a view per mailbox (keyed by path, one UIDVALIDITY at a time), the folder counts, and the
// text of the message opened last (its page fetched it; the body frame that follows shows it without asking).
// The connection feeds it what the server reports (connection/client-observer.ts); it tells the watch channel
// what changed, in the words of the push events.
import type { FetchMessageObject } from 'imapflow';
import type { MailboxSummary } from '../folders/folder-tree.ts';
import { hasFlag, hasSummary, toCachedMessage, type CachedMessage } from './cached-message.ts';
import type { CacheBudget, Trimmable } from './cache-budget.ts';
import { FolderCounts } from './folder-counts.ts';
import { MailboxView, type OpenedMailbox, type ViewListener } from './mailbox-view.ts';

export interface CacheEvents {
  flags(mailbox: string, uid: number, flags: readonly string[]): void;
  expunged(mailbox: string, uid: number): void;
  added(mailbox: string, entries: CachedMessage[]): void;
  /** what was known of the mailbox is gone (new UIDVALIDITY, lost track): reload */
  reset(mailbox: string): void;
  counts(tree: MailboxSummary[]): void;
}

/** The body text kept for the body frame, for a few minutes at most. */
const TEXT_KEEP_MS = 2 * 60_000;

const unseenOf = (flags: readonly string[] | undefined) => (flags && !hasFlag(flags, '\\Seen') ? 1 : 0);

export class MailCache implements Trimmable {
  readonly counts = new FolderCounts();
  readonly #views = new Map<string, MailboxView>();
  readonly #budget: CacheBudget;
  readonly #events: CacheEvents;
  #text: { key: string; value: unknown; bytes: number; at: number } | undefined;
  #bytes = 0;
  #closed = false;
  readonly #listener: ViewListener;

  constructor(budget: CacheBudget, events: CacheEvents) {
    this.#budget = budget;
    this.#events = events;
    this.#listener = {
      flags: (view, uid, flags, before) => {
        this.#events.flags(view.path, uid, flags);
        if (!view.selected) return;
        const unseen = before ? unseenOf(flags) - unseenOf(before) : undefined;
        if (unseen !== 0) this.#countsChanged(view.path, 0, unseen);
      },
      expunged: (view, uid, entry) => {
        this.#events.expunged(view.path, uid);
        if (view.selected) this.#countsChanged(view.path, -1, entry ? -unseenOf(entry.flags) : undefined);
      },
      bytes: (delta) => this.#grow(delta),
    };
  }

  get bytes(): number {
    return this.#bytes;
  }

  view(path: string): MailboxView | undefined {
    const view = this.#views.get(path);
    if (view) this.#budget.touch(this);
    return view;
  }

  /**
   * The mailbox was selected: reconcile its view, or start a new one when the UIDVALIDITY is new. Its counts were
   * not followed while it was not selected, so the folder tree is asked again once.
   */
  opened(path: string, box: OpenedMailbox): MailboxView {
    this.counts.forget();
    const known = this.#views.get(path);
    if (known?.reconcile(box)) return known;
    if (known) {
      this.#drop(path);
      this.#events.reset(path);
    }
    const view = new MailboxView(path, box.uidValidity, this.#listener);
    view.reconcile(box);
    view.recheck = false;
    this.#views.set(path, view);
    return view;
  }

  /** The mailbox is no longer selected: changes to it are not reported any more. */
  deselected(path: string): void {
    const view = this.#views.get(path);
    if (view) view.selected = false;
  }

  /** The connection is gone: nothing is reported until the next SELECT reconciles. */
  disconnected(): void {
    for (const view of this.#views.values()) view.selected = false;
  }

  onExists(path: string, count: number): void {
    const view = this.#selected(path);
    if (!view) return;
    const grown = count - view.exists;
    view.onExists(count);
    if (grown > 0) this.counts.arriving(path, grown);
    else if (grown < 0) this.counts.forget();
  }

  onExpunge(path: string, seq: number): void {
    this.#selected(path)?.onExpunge(seq);
  }

  onVanished(path: string, uid: number, earlier: boolean): void {
    this.#views.get(path)?.onVanished(uid, earlier);
  }

  onFlags(path: string, uid: number, flags: readonly string[], notification: boolean): void {
    this.#views.get(path)?.onFlags(uid, flags, notification);
  }

  /**
   * A FETCH row, asked for or slipped in by the server: it checks or extends the list, carries current flags, and
   * a row with the summary items becomes (or confirms) the message's entry.
   */
  onFetchRow(path: string, row: FetchMessageObject): void {
    const view = this.#views.get(path);
    if (!view?.selected || !row.uid) return;
    view.onRow(row.seq, row.uid);
    // A row without the summary items is the server telling of a change; with them it is what we asked for.
    const summary = hasSummary(row);
    if (row.flags) view.onFlags(row.uid, [...row.flags], !summary);
    if (summary && !view.messages.has(row.uid) && (!view.list || view.list.has(row.uid))) view.remember(toCachedMessage(row, view.flagsEpoch));
  }

  /**
   * Postern itself stored `flag` on `uids` (STORE .SILENT: the server does not echo the flags back). Cached entries
   * take the change at once; for the others only their existence is known, so lists that search by flags go stale.
   */
  flagsStored(path: string, uids: readonly number[], flag: string, on: boolean): void {
    const view = this.#views.get(path);
    if (!view) return;
    let unknown = false;
    for (const uid of uids) {
      const entry = view.messages.get(uid);
      if (!entry) {
        unknown = true;
        continue;
      }
      const others = entry.flags.filter((f) => f.toLowerCase() !== flag.toLowerCase());
      view.onFlags(uid, on ? [...others, flag] : others, false);
    }
    if (unknown) {
      view.flagsVersion++;
      this.counts.forget();
    }
  }

  /** A flag changed on a message the server named only by a sequence number the cache cannot place. */
  onFlagsUnknown(path: string): void {
    this.#views.get(path)?.distrustFlags();
    this.counts.forget();
  }

  /** The end of a call: announce the mail that arrived with it, and count it as read or unread. */
  settle(): void {
    for (const view of this.#views.values()) {
      const uids = view.takeAdded();
      if (!uids.length) continue;
      const entries = uids.map((uid) => view.messages.get(uid));
      const known = entries.filter((e): e is CachedMessage => !!e);
      if (known.length === entries.length) this.counts.arrived(view.path, known.reduce((n, e) => n + unseenOf(e.flags), 0));
      else this.counts.forget();
      this.#events.added(view.path, known);
      const tree = this.counts.fresh(Infinity);
      if (tree) this.#events.counts(tree);
    }
  }

  /** The view had to be read again: some change may not have been announced, so whoever shows it reloads. */
  lostTrack(path: string): void {
    this.#events.reset(path);
    this.counts.forget();
  }

  /** Counts changed by Postern itself in a way it cannot follow (moves, APPENDs, folder changes). */
  forgetCounts(): void {
    this.counts.forget();
  }

  publishCounts(tree: MailboxSummary[]): void {
    this.#events.counts(tree);
  }

  text<T>(key: string): T | undefined {
    const text = this.#text;
    if (!text || text.key !== key) return undefined;
    if (Date.now() - text.at > TEXT_KEEP_MS) {
      this.#dropText();
      return undefined;
    }
    return text.value as T;
  }

  /** Keeps the text for the body frame, unless it would take more than half of the session's budget. */
  rememberText(key: string, value: unknown, bytes: number): void {
    this.#dropText();
    if (bytes > this.#budget.sessionBytes / 2) return;
    this.#text = { key, value, bytes, at: Date.now() };
    this.#grow(bytes);
  }

  /** Drops what is kept only for a while (the last message's text), so an idle session shrinks to its lists. */
  expire(now = Date.now()): void {
    if (this.#text && now - this.#text.at > TEXT_KEEP_MS) this.#dropText();
  }

  trim(target: number): void {
    if (this.#bytes > target) this.#dropText();
    // The selected mailbox's view goes last: it is the one being read and watched.
    const views = [...this.#views.values()].sort((a, b) => Number(a.selected) - Number(b.selected));
    for (const view of views) {
      if (this.#bytes <= target) return;
      view.shrink(Math.max(0, view.bytes - (this.#bytes - target)));
      if (this.#bytes > target && !view.selected) this.#drop(view.path);
    }
  }

  /** The session is closing: give the budget its bytes back. */
  close(): void {
    this.#closed = true;
    this.#budget.release(this);
    this.#views.clear();
    this.#text = undefined;
  }

  #selected(path: string): MailboxView | undefined {
    const view = this.#views.get(path);
    return view?.selected ? view : undefined;
  }

  #countsChanged(path: string, messages: number, unseen: number | undefined): void {
    if (this.counts.apply({ path, messages, unseen })) {
      const tree = this.counts.any();
      if (tree) this.#events.counts(tree);
    }
  }

  #drop(path: string): void {
    const view = this.#views.get(path);
    if (!view) return;
    this.#views.delete(path);
    this.#grow(-view.bytes);
  }

  #dropText(): void {
    if (!this.#text) return;
    const { bytes } = this.#text;
    this.#text = undefined;
    this.#grow(-bytes);
  }

  #grow(delta: number): void {
    this.#bytes += delta;
    if (!this.#closed) this.#budget.grew(this, delta);
  }
}
