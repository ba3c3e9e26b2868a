// Recipient suggestions for one signed-in user (DESIGN.md "Contacts"). Suggestions are served from the stored
// book through the settings store's per-session cache, never an IMAP round trip per key press. Gathering runs
// lazily: on a session's first request for suggestions and then at most every `refreshMs`, in the background
// of the session's own IMAP queue; the first request of a book never gathered waits for it up to `firstWaitMs`.
// Every change to the book (a gathering run, a message Postern sent) goes through one queue per session and
// is applied to the latest stored version, then written.
import type { Logger } from 'pino';
import { asMailError } from '../mail/errors/mail-errors.ts';
import type { MailSession } from '../mail/connection/mail-session.ts';
import { specialFolder } from '../mail/folders/special-folders.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import { applyScan, applySent, type SentNote } from './book-update.ts';
import { closeBook, CONTACT_BOOK, openBook, type Contact, type ContactBook, type FolderRole, type StoredBook } from './contact-book.ts';
import { trimContacts, cleanName, type ContactEvent } from './frecency.ts';
import { DEFAULT_LIMITS, scanFolder, type GatherLimits } from './gather.ts';
import { isUsableAddress } from './harvest.ts';
import { suggest } from './matching.ts';

export interface ContactsOptions {
  store: SettingsStore;
  logger: Logger;
  /** how long a session's gathered book is good for before a suggestion request gathers again (default 5 minutes) */
  refreshMs?: number;
  /** how long the first request of a never-gathered book waits for the first run (default 2 s) */
  firstWaitMs?: number;
  limits?: Partial<GatherLimits>;
  /** the clock, in ms (tests) */
  now?: () => number;
}

export interface RunReport {
  /** messages read */
  fetched: number;
  /** UID FETCH commands sent */
  windows: number;
}

export interface Suggestions {
  contacts: Contact[];
  /** the book has never been gathered and its first run is still going: ask again shortly */
  pending: boolean;
}

interface SessionState {
  lastRun: number;
  running: Promise<RunReport> | undefined;
  changes: Promise<unknown>;
}

/** Resolves true when `work` settled within `ms`, false when the deadline came first (the work goes on). */
function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    timer.unref();
    void work.then(() => resolve(true), () => resolve(true)).finally(() => clearTimeout(timer));
  });
}

export class Contacts {
  readonly #store: SettingsStore;
  readonly #logger: Logger;
  readonly #refreshMs: number;
  readonly #firstWaitMs: number;
  readonly #limits: GatherLimits;
  readonly #now: () => number;
  readonly #states = new WeakMap<MailSession, SessionState>();
  readonly #contactLists = new WeakMap<StoredBook, Contact[]>();

  constructor(options: ContactsOptions) {
    this.#store = options.store;
    this.#logger = options.logger;
    this.#refreshMs = options.refreshMs ?? 5 * 60_000;
    this.#firstWaitMs = options.firstWaitMs ?? 2000;
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#now = options.now ?? Date.now;
  }

  /** At most MAX_SUGGESTIONS contacts for what is being typed; `self` (the login's address) is never one of them. */
  async suggest(session: MailSession, query: string, self?: string): Promise<Suggestions> {
    const run = this.#refreshIfDue(session);
    let stored = await this.#store.read(session, CONTACT_BOOK);
    let pending = false;
    // An empty query (the script's warm-up when a field gets focus) only starts the run; a real one waits for it.
    if (run && query.trim() !== '' && !stored.f.sent && !stored.f.inbox) {
      if (await within(run, this.#firstWaitMs)) stored = await this.#store.read(session, CONTACT_BOOK);
      else pending = true;
    }
    const own = [...stored.s, ...(self ? [self] : [])];
    return { contacts: suggest(this.#contactsOf(stored), query, this.#seconds(), { own }), pending };
  }

  /** Counts the recipients of a message Postern just sent; failures are logged, never thrown (the mail has gone). */
  async noteSent(session: MailSession, note: SentNote): Promise<void> {
    const at = this.#seconds();
    const events: ContactEvent[] = [];
    for (const r of note.recipients) {
      const address = r.address.trim().toLowerCase();
      if (isUsableAddress(address) && !events.some((e) => e.address === address)) events.push({ address, name: cleanName(r.name, address), kind: 'sent', at });
    }
    const change = this.#change(session, (book) => applySent(book, note, events)).catch((err: unknown) => this.#failed(session, 'saving', err));
    // A slow settings store must not hold up the page after Send: the change goes on in the background.
    if (!(await within(change, this.#firstWaitMs))) this.#logger.info({ user: session.user }, 'contacts: noting sent recipients continues in the background');
  }

  /** Gathers now (or joins the run under way) and reports what it read: for tests and tools. */
  refresh(session: MailSession): Promise<RunReport> {
    const state = this.#state(session);
    if (state.running) return state.running;
    state.lastRun = this.#now();
    const run = this.#gather(session);
    state.running = run;
    void run.finally(() => {
      if (state.running === run) state.running = undefined;
    }).catch(() => undefined);
    return run;
  }

  #refreshIfDue(session: MailSession): Promise<RunReport> | undefined {
    const state = this.#state(session);
    if (state.running) return state.running;
    if (state.lastRun && this.#now() - state.lastRun < this.#refreshMs) return undefined;
    const run = this.refresh(session);
    run.catch((err: unknown) => this.#failed(session, 'gathering', err));
    return run;
  }

  async #gather(session: MailSession): Promise<RunReport> {
    const report: RunReport = { fetched: 0, windows: 0 };
    const sent = await specialFolder(session, 'sent');
    // INBOX last: it is the folder the next page most likely needs selected.
    const folders: [FolderRole, string][] = [...(sent ? [['sent', sent] as [FolderRole, string]] : []), ['inbox', 'INBOX']];
    for (const [role, path] of folders) {
      const book = openBook(await this.#store.read(session, CONTACT_BOOK));
      const result = await scanFolder(session, role, path, book.folders[role], new Set(book.own), this.#limits, this.#seconds());
      report.fetched += result.fetched;
      report.windows += result.windows;
      const scan = result.scan;
      if (scan) await this.#change(session, (latest) => applyScan(latest, scan));
    }
    this.#logger.debug({ user: session.user, ...report }, 'contacts gathered');
    return report;
  }

  /** Applies `mutate` to the latest stored book and writes it when it says something changed; one at a time per session. */
  #change(session: MailSession, mutate: (book: ContactBook) => boolean): Promise<void> {
    const state = this.#state(session);
    const change = state.changes.then(async () => {
      const book = openBook(await this.#store.read(session, CONTACT_BOOK));
      if (!mutate(book)) return;
      await this.#store.write(session, CONTACT_BOOK, closeBook(book, trimContacts(book.contacts.values(), this.#seconds())));
    });
    // The next change waits for this one whatever became of it; the caller hears of a failure and logs it.
    state.changes = change.catch(() => undefined);
    return change;
  }

  #contactsOf(stored: StoredBook): Contact[] {
    let list = this.#contactLists.get(stored);
    if (!list) this.#contactLists.set(stored, (list = [...openBook(stored).contacts.values()]));
    return list;
  }

  #state(session: MailSession): SessionState {
    let state = this.#states.get(session);
    if (!state) this.#states.set(session, (state = { lastRun: 0, running: undefined, changes: Promise.resolve() }));
    return state;
  }

  #seconds(): number {
    return Math.floor(this.#now() / 1000);
  }

  #failed(session: MailSession, what: string, err: unknown): void {
    const mail = asMailError(err);
    // Never the addresses: a log line says which user and what failed, nothing of the book.
    if (mail) this.#logger.info({ user: session.user, ...mail.logFields }, `contacts: ${what} failed`);
    else this.#logger.error({ user: session.user, err }, `contacts: ${what} failed`);
  }
}
