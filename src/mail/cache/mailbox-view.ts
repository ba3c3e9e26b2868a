// What the cache knows about one mailbox under one UIDVALIDITY: its UIDs in order, the messages seen so far, their
// structures, and sorted or searched lists. It changes only through what the server says on the session's
// connection (EXISTS, EXPUNGE, VANISHED, FETCH) and through reconcile() when the mailbox is selected again, so it
// can never hold something the server did not report. A new UIDVALIDITY makes a new view (RFC 3501 2.3.1.1).
import type { BodyNode } from '../../mime/body-node.ts';
import { flagsOf, sameFlags, type CachedMessage } from './cached-message.ts';
import { UidList } from './uid-list.ts';

/** What SELECT reported (imapflow's mailbox object after mailboxOpen). */
export interface OpenedMailbox {
  uidValidity: bigint;
  exists: number;
  uidNext: number;
  highestModseq?: bigint | undefined;
  noModseq?: boolean | undefined;
  /** the server answered SELECT ... (QRESYNC ...): VANISHED and changed flags came with it (RFC 7162 3.2.5) */
  qresync?: boolean | undefined;
}

export interface ViewListener {
  /** a message's flags changed (`before`: what the cache held), or a notification came for a message not cached */
  flags(view: MailboxView, uid: number, flags: readonly string[], before: readonly string[] | undefined): void;
  /** `entry`: what the cache held of the message, if anything */
  expunged(view: MailboxView, uid: number, entry: CachedMessage | undefined): void;
  bytes(delta: number): void;
}

/** A sorted or searched list: every UID (SORT/SEARCH ALL) or windows of it (ESORT PARTIAL), by 0-based position. */
export interface SortedEntry {
  structureVersion: number;
  /** the flags version it was computed under, when its search looks at flags (unseen, flagged) */
  flagsVersion: number | undefined;
  total: number;
  all?: number[];
  windows?: Map<number, number>;
  /** UID THREAD's answer (threads/conversation-page.ts): each conversation's UIDs, ascending, newest first */
  threads?: number[][];
}

const STRUCTURE_OVERHEAD = 200;

export class MailboxView {
  readonly path: string;
  readonly uidValidity: bigint;
  /** undefined until built (UID SEARCH ALL) */
  list: UidList | undefined;
  /** the message count the server last reported */
  exists = 0;
  uidNext = 0;
  /** HIGHESTMODSEQ of the last SELECT: the base of the next QRESYNC */
  modseq: bigint | undefined;
  /** bumped when flags may have changed unseen (a plain re-SELECT); entries of older epochs need their FLAGS again */
  flagsEpoch = 0;
  /** selected on the connection since it was last reconciled: every change since has been reported to it */
  selected = false;
  /** a FETCH answer disagreed with the list: rebuild before trusting it */
  suspect = false;
  /** the list must be compared with the server's count before it is trusted (a SELECT without QRESYNC) */
  recheck = false;
  /** flags changed since this MODSEQ must be fetched (CHANGEDSINCE) before they are trusted (CONDSTORE, no QRESYNC) */
  changedSince: bigint | undefined;
  /** bumped by arrivals and expunges, and by flag changes: sorted lists remember the versions they were made for */
  structureVersion = 0;
  flagsVersion = 0;
  readonly messages = new Map<number, CachedMessage>();
  readonly structures = new Map<number, { node: BodyNode; bytes: number }>();
  readonly sorted = new Map<string, SortedEntry & { bytes: number }>();
  #added: number[] = [];
  #bytes = 0;
  readonly #listener: ViewListener;

  constructor(path: string, uidValidity: bigint, listener: ViewListener) {
    this.path = path;
    this.uidValidity = uidValidity;
    this.#listener = listener;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The list is known, agrees with the server's count and nothing asks for it to be checked. */
  get consistent(): boolean {
    return !!this.list && !this.suspect && !this.recheck && this.changedSince === undefined && this.list.length === this.exists;
  }

  /**
   * The mailbox was selected again. Returns false when the UIDVALIDITY differs: the caller replaces the view.
   * With QRESYNC the server has already sent what changed; with CONDSTORE an unchanged HIGHESTMODSEQ proves that
   * nothing did, and a changed one is followed by a FETCH of the flags changed since (CHANGEDSINCE, RFC 7162 3.1.4);
   * without either, flags are confirmed again as pages need them. Unless QRESYNC reported the expunges, the list is
   * compared with EXISTS after fetching the new UIDs (only arrivals keep the count equal to what the list holds).
   */
  reconcile(box: OpenedMailbox): boolean {
    if (box.uidValidity !== this.uidValidity) return false;
    const modseqs = !box.noModseq && box.highestModseq !== undefined && this.modseq !== undefined;
    const unchanged = modseqs && box.highestModseq === this.modseq && box.uidNext === this.uidNext && box.exists === this.list?.length;
    if (!box.qresync && !unchanged) {
      if (modseqs) this.changedSince = this.modseq;
      else this.flagsEpoch++;
      this.flagsVersion++;
      if (box.uidNext !== this.uidNext || box.exists !== this.list?.length) this.recheck = true;
    }
    this.exists = box.exists;
    this.uidNext = box.uidNext;
    this.modseq = box.noModseq ? undefined : box.highestModseq;
    this.selected = true;
    return true;
  }

  onExists(count: number): void {
    this.exists = count;
  }

  onExpunge(seq: number): void {
    this.exists = Math.max(0, this.exists - 1);
    // A sequence number past the list is a message announced by EXISTS and not fetched yet.
    if (this.list && seq <= this.list.length) this.#dropMessage(this.#listChange(() => this.list?.removeAt(seq)));
  }

  /** VANISHED (RFC 7162 3.2.10); EARLIER ones come with a QRESYNC SELECT and do not change the count. */
  onVanished(uid: number, earlier: boolean): void {
    if (!earlier) this.exists = Math.max(0, this.exists - 1);
    if (this.#listChange(() => this.list?.remove(uid)) !== undefined) this.#dropMessage(uid);
  }

  /** A FETCH row with sequence number and UID: extends the list by one arrival, or checks it. */
  onRow(seq: number, uid: number): void {
    if (!this.list || !seq || !uid) return;
    if (seq === this.list.length + 1 && uid > this.list.max) {
      this.#listChange(() => this.list?.push(uid));
      this.uidNext = Math.max(this.uidNext, uid + 1);
      this.#added.push(uid);
      this.structureVersion++;
    } else if (seq <= this.list.length && this.list.at(seq) !== uid) {
      this.suspect = true;
    }
  }

  /**
   * Flags from the server. `notification`: it came unasked (IDLE, a command's side answer): a change even when the
   * message is not cached. Otherwise it is a message's current state, a change only if the cache held another.
   */
  onFlags(uid: number, flags: readonly string[], notification: boolean): void {
    const entry = this.messages.get(uid);
    if (!entry) {
      if (notification) {
        this.flagsVersion++;
        this.#listener.flags(this, uid, flags, undefined);
      }
      return;
    }
    const before = entry.flags;
    entry.flags = flagsOf(flags);
    entry.flagsEpoch = this.flagsEpoch;
    if (!sameFlags(before, flags)) {
      this.flagsVersion++;
      this.#listener.flags(this, uid, flags, before);
    }
  }

  /** Some flag changed and the cache cannot tell which: every cached flag is confirmed again before use. */
  distrustFlags(): void {
    this.flagsEpoch++;
    this.flagsVersion++;
  }

  /** Replaces the list with an authoritative one (UID SEARCH ALL), forgetting messages it no longer holds. */
  rebuild(list: UidList): void {
    this.#listChange(() => (this.list = list));
    this.suspect = false;
    this.recheck = false;
    this.structureVersion++;
    for (const uid of [...this.messages.keys()]) if (!list.has(uid)) this.#forget(uid);
  }

  /** UIDs appended since the last call: the new mail an 'added' event announces. */
  takeAdded(): number[] {
    return this.#added.splice(0);
  }

  remember(entry: CachedMessage): void {
    const old = this.messages.get(entry.uid);
    if (old) this.messages.delete(entry.uid);
    this.messages.set(entry.uid, entry);
    this.#grow(entry.bytes - (old?.bytes ?? 0));
  }

  /** The entry, marked recently used. */
  message(uid: number): CachedMessage | undefined {
    const entry = this.messages.get(uid);
    if (entry) {
      this.messages.delete(uid);
      this.messages.set(uid, entry);
    }
    return entry;
  }

  structure(uid: number): BodyNode | undefined {
    return this.structures.get(uid)?.node;
  }

  rememberStructure(uid: number, node: BodyNode): void {
    if (this.structures.has(uid)) return;
    const bytes = STRUCTURE_OVERHEAD + JSON.stringify(node).length * 2;
    this.structures.set(uid, { node, bytes });
    this.#grow(bytes);
  }

  sortedList(key: string): SortedEntry | undefined {
    const entry = this.sorted.get(key);
    if (!entry) return undefined;
    const current = entry.structureVersion === this.structureVersion && (entry.flagsVersion === undefined || entry.flagsVersion === this.flagsVersion);
    if (current) return entry;
    this.#grow(-entry.bytes);
    this.sorted.delete(key);
    return undefined;
  }

  rememberSorted(key: string, entry: SortedEntry): void {
    const bytes = 200 + key.length * 2 + (entry.all?.length ?? 0) * 8 + (entry.windows?.size ?? 0) * 40
      + (entry.threads?.reduce((n, t) => n + 40 + t.length * 8, 0) ?? 0);
    const old = this.sorted.get(key);
    this.sorted.delete(key);
    this.sorted.set(key, { ...entry, bytes });
    this.#grow(bytes - (old?.bytes ?? 0));
  }

  /**
   * Drops sorted lists, then the least recently used messages (each with its structure), then structures left,
   * until `bytes` is at most `target`. Messages go by use, not by kind: the rows of a page seen long ago go before
   * the structure of a message just opened, which opening it again would have to fetch.
   */
  shrink(target: number): void {
    for (const [key, entry] of this.sorted) {
      if (this.bytes <= target) return;
      this.sorted.delete(key);
      this.#grow(-entry.bytes);
    }
    for (const uid of this.messages.keys()) {
      if (this.bytes <= target) return;
      this.#forget(uid);
    }
    for (const [uid, { bytes }] of this.structures) {
      if (this.bytes <= target) return;
      this.structures.delete(uid);
      this.#grow(-bytes);
    }
  }

  #dropMessage(uid: number | undefined): void {
    if (uid === undefined) return;
    const entry = this.messages.get(uid);
    this.structureVersion++;
    this.#forget(uid);
    this.#listener.expunged(this, uid, entry);
  }

  #forget(uid: number): void {
    const entry = this.messages.get(uid);
    const structure = this.structures.get(uid);
    this.messages.delete(uid);
    this.structures.delete(uid);
    this.#grow(-(entry?.bytes ?? 0) - (structure?.bytes ?? 0));
  }

  /** Runs a change of the list and counts what it did to the list's size. */
  #listChange<T>(change: () => T): T {
    const before = this.list?.bytes ?? 0;
    const result = change();
    this.#grow((this.list?.bytes ?? 0) - before);
    return result;
  }

  #grow(delta: number): void {
    if (!delta) return;
    this.#bytes += delta;
    this.#listener.bytes(delta);
  }
}
