// The folder tree with message and unread counts (one LIST-STATUS), kept per session. The selected mailbox's
// counts follow the server's own reports (EXISTS, EXPUNGE, flag changes seen on the connection), so they stay exact
// while the folder is watched; the other folders are asked again when the tree is older than the caller allows
// (FOLDER_COUNTS_SECONDS for pages). Whatever cannot be followed exactly (a flag change of a message whose former
// flags were not cached, Postern's own moves and APPENDs into other folders) marks the tree dirty: the next read
// asks the server.
import type { MailboxSummary } from '../folders/folder-tree.ts';

export interface CountsChange {
  path: string;
  messages: number;
  /** undefined when the change to the unread count is not known */
  unseen: number | undefined;
}

export class FolderCounts {
  #tree: MailboxSummary[] | undefined;
  #at = 0;
  #dirty = true;
  /** LIST-STATUS commands on their way: a change reported meanwhile may or may not be in their answer */
  #asking = 0;
  #waiting: Promise<MailboxSummary[]> | undefined;
  /** new messages counted whose unread state is not known yet (their summaries are being fetched) */
  #arriving = 0;

  /** The tree when it is clean and at most `maxAgeMs` old. */
  fresh(maxAgeMs: number, now = Date.now()): MailboxSummary[] | undefined {
    return this.#tree && !this.#dirty && !this.#arriving && now - this.#at <= maxAgeMs ? this.#tree : undefined;
  }

  /** The tree whatever its age (the special-folder lookup: folders rarely move). */
  any(): MailboxSummary[] | undefined {
    return this.#tree;
  }

  /** Shares one LIST-STATUS between callers that ask at once; the answer replaces the tree. */
  ask(list: () => Promise<MailboxSummary[]>): Promise<MailboxSummary[]> {
    if (this.#waiting) return this.#waiting;
    this.#asking++;
    this.#dirty = false;
    this.#arriving = 0;
    const at = Date.now();
    const waiting = list().then((tree) => {
      // A change reported while this answer was on its way may be missing from it.
      if (this.#asking === 1 && !this.#dirty) {
        this.#tree = tree;
        this.#at = at;
      } else {
        this.#tree = tree;
        this.#dirty = true;
      }
      return tree;
    }, (err: unknown) => {
      this.#dirty = true;
      throw err;
    }).finally(() => {
      this.#asking--;
      if (this.#waiting === waiting) this.#waiting = undefined;
    });
    this.#waiting = waiting;
    return waiting;
  }

  /** Something changed that the tree cannot follow: the next read asks the server. */
  forget(): void {
    this.#dirty = true;
    this.#arriving = 0;
  }

  /** EXISTS grew by `count`: counted now, their unread state comes with arrived(). */
  arriving(path: string, count: number): void {
    if (this.apply({ path, messages: count, unseen: 0 })) this.#arriving += count;
  }

  /** The summaries of the new messages came: `unseen` of them are unread. */
  arrived(path: string, unseen: number): void {
    const waiting = this.#arriving;
    this.#arriving = 0;
    if (waiting) this.apply({ path, messages: 0, unseen });
  }

  /** A change of one folder's counts as the server reported it; false when it could not be applied exactly. */
  apply(change: CountsChange): boolean {
    if (!this.#tree || this.#dirty) return false;
    if (this.#asking || change.unseen === undefined) {
      this.#dirty = true;
      return false;
    }
    const { unseen } = change;
    this.#tree = this.#tree.map((f) => f.path === change.path
      ? { ...f, messages: Math.max(0, f.messages + change.messages), unseen: Math.max(0, f.unseen + unseen) }
      : f);
    return true;
  }

  get bytes(): number {
    return this.#tree ? 200 + this.#tree.reduce((n, f) => n + 160 + f.path.length * 4, 0) : 0;
  }
}
