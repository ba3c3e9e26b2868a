// One session's cache: a view per mailbox (keyed by path, one UIDVALIDITY at a time), the folder counts, and the
// texts of the messages opened last (kept-texts.ts: opening one again, or its body frame, asks the server nothing).
// The connection feeds it what the server reports (connection/client-observer.ts); it tells the watch channel
// what changed, in the words of the push events.
import type { FetchMessageObject } from 'imapflow';
import type { MailboxSummary } from '../folders/folder-tree.ts';
import { hasFlag, hasSummary, summaryOf, toCachedMessage, type CachedMessage } from './cached-message.ts';
import type { MessageSummary } from '../reading/message-summary.ts';
import type { CacheBudget, Trimmable } from './cache-budget.ts';
import { FolderCounts } from './folder-counts.ts';
import { KeptTexts, TEXT_IDLE_MS } from './kept-texts.ts';
import { MailboxView, type OpenedMailbox, type ViewListener } from './mailbox-view.ts';

export interface CacheEvents {
  flags(mailbox: string, uid: number, flags: readonly string[]): void;
  expunged(mailbox: string, uid: number): void;
  added(mailbox: string, entries: CachedMessage[]): void;
  /** what was known of the mailbox is gone (new UIDVALIDITY, lost track): reload */
  reset(mailbox: string): void;
  counts(tree: MailboxSummary[]): void;
}

const unseenOf = (flags: readonly string[] | undefined) => (flags && !hasFlag(flags, '\\Seen') ? 1 : 0);

export class MailCache implements Trimmable {
  readonly counts = new FolderCounts();
  readonly #views = new Map<string, MailboxView>();
  readonly #budget: CacheBudget;
  readonly #events: CacheEvents;
  readonly #texts: KeptTexts;
  #bytes = 0;
  #closed = false;
  readonly #listener: ViewListener;

  /** textIdleMs: how long texts outlive their last use (TEXT_IDLE_MS; tests pass less) */
  constructor(budget: CacheBudget, events: CacheEvents, textIdleMs = TEXT_IDLE_MS) {
    this.#budget = budget;
    this.#events = events;
    this.#texts = new KeptTexts(textIdleMs, (delta) => this.#grow(delta));
    this.#listener = {
      flags: (view, uid, flags, before) => {
        this.#events.flags(view.path, uid, flags);
        if (!view.selected) return;
        const unseen = before ? unseenOf(flags) - unseenOf(before) : undefined;
        if (unseen !== 0) this.#countsChanged(view.path, 0, unseen);
      },
      expunged: (view, uid, entry) => {
        this.#texts.forget(view.path, [uid]);
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

  /** The list row of a cached message as it is now (the push channel redraws a row after a flag change). */
  summary(path: string, uid: number): MessageSummary | undefined {
    const entry = this.#views.get(path)?.messages.get(uid);
    return entry && summaryOf(entry);
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
    const view = this.#selected(path);
    // Without the UID list the sequence number names no UID: no kept text of the mailbox can be trusted.
    if (!view?.list || seq > view.list.length) this.#texts.forgetMailbox(path);
    view?.onExpunge(seq);
  }

  onVanished(path: string, uid: number, earlier: boolean): void {
    this.#texts.forget(path, [uid]);
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

  /** The kept text of a message of the view, if any (marked recently used). */
  text<T>(view: MailboxView, uid: number): T | undefined {
    return this.#texts.get<T>(view.path, view.uidValidity, uid);
  }

  hasText(view: MailboxView, uid: number): boolean {
    return this.#texts.has(view.path, uid);
  }

  /**
   * Keeps a message's text, unless it would take more than half of the session's allowance for texts. `guess`:
   * prefetched, not opened yet (kept-texts.ts).
   */
  rememberText(view: MailboxView, uid: number, value: unknown, bytes: number, guess = false): void {
    if (bytes > this.#budget.textBytes / 2) return;
    this.#texts.put(view.path, view.uidValidity, uid, value, bytes, guess);
  }

  /** The user moved or deleted these messages: their texts go now, whatever the server reports. */
  forgetTexts(path: string, uids: readonly number[]): void {
    this.#texts.forget(path, uids);
  }

  /** the bytes of the kept texts (tests) */
  get textBytes(): number {
    return this.#texts.bytes;
  }

  /** how many texts are kept (tests and the idle-memory trade-off) */
  get texts(): number {
    return this.#texts.size;
  }

  trim(target: number): void {
    // Texts go first, but keep half of what is left when the lists need the other half: each text is one FETCH away,
    // and so are the rows and structures that opening a message (or the list page) needs.
    const lists = this.#bytes - this.#texts.bytes;
    this.#texts.trim(Math.max(Math.floor(target / 2), target - lists));
    this.#shrinkViews(() => this.#bytes - target);
    // What the lists could not give (the selected folder's UID list stays), the texts do.
    if (this.#bytes > target) this.#texts.trim(Math.max(0, this.#texts.bytes - (this.#bytes - target)));
  }

  fit(listBytes: number, textBytes: number): boolean {
    const listsOver = this.#bytes - this.#texts.bytes > listBytes;
    const listTarget = Math.floor(listBytes * 0.75);
    if (listsOver) this.#shrinkViews(() => this.#bytes - this.#texts.bytes - listTarget);
    const textsOver = this.#texts.bytes > textBytes;
    if (textsOver) this.#texts.trim(Math.floor(textBytes * 0.75));
    return listsOver || textsOver;
  }

  /**
   * Views give way until `over()` (the bytes past a bound, read afresh after each view) is no longer positive; the
   * selected mailbox's goes last: it is the one being read and watched.
   */
  #shrinkViews(over: () => number): void {
    const views = [...this.#views.values()].sort((a, b) => Number(a.selected) - Number(b.selected));
    for (const view of views) {
      if (over() <= 0) return;
      view.shrink(Math.max(0, view.bytes - over()));
      if (over() > 0 && !view.selected) this.#drop(view.path);
    }
  }

  /** The session is closing: give the budget its bytes back. */
  close(): void {
    this.#closed = true;
    this.#budget.release(this);
    this.#views.clear();
    this.#texts.clear();
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
    this.#texts.forgetMailbox(path);
    const view = this.#views.get(path);
    if (!view) return;
    this.#views.delete(path);
    this.#grow(-view.bytes);
  }

  #grow(delta: number): void {
    this.#bytes += delta;
    if (!this.#closed) this.#budget.grew(this, delta);
  }
}
