// Fetching in the background while the user is signed in (issue 11): per HTTP session, a run of every automatic
// account when the session first reaches this process (its sign-in) and then every POP3_FETCH_MINUTES, until
// sign-out, the session's end, or its expiry in the session store. "Fetch now" starts a run or joins the one
// running. Never two runs of one account at once: here the session's map of live runs, across sessions and
// instances the lock (MemoryLock, or RedisLock when Redis is configured).
//
// Each run works on an IMAP connection of its own (opened with the session's credentials, like a download's), so a
// 1,000-message backlog never holds up the user's pages. The IMAP password (to log in, and to open the sealed POP3
// passwords) stays in this process's memory only while the user has accounts; a session without any is forgotten
// after two quiet intervals and comes back on its next request.
import type { Logger } from 'pino';
import type { MailSession } from '../mail/connection/mail-session.ts';
import { asMailError } from '../mail/errors/mail-errors.ts';
import { findAccount, POP3_ACCOUNTS, type StoredAccount } from './account-list.ts';
import type { FetchStatus } from './fetch-state.ts';
import { fetchNow, type RunContext, type RunProgress } from './fetch-run.ts';
import { SecretBox } from './secret-box.ts';

/** What the last run of an account in this process came to, for the page. */
export type RunOutcome =
  | { kind: 'fetched'; status: FetchStatus }
  /** another session or instance was fetching the account */
  | { kind: 'busy'; at: string }
  /** the sealed POP3 password does not open with this IMAP password: it changed since */
  | { kind: 'wrong-password'; at: string }
  /** the user's mailbox could not be reached, so nothing was tried */
  | { kind: 'unavailable'; at: string };

export interface LiveRun {
  progress: RunProgress;
  finished: Promise<RunOutcome | undefined>;
  abort: AbortController;
}

export type SessionState = 'alive' | 'gone' | 'unknown';

/** What a signed-in request brings: its IMAP password (asked only when a schedule starts) and its session's fate. */
export interface SessionLink {
  password(): string | undefined;
  /** whether the HTTP session still exists in the session store ('unknown': the store failed to say) */
  state(): Promise<SessionState>;
}

export interface ScheduleOptions {
  intervalMs: number;
  run: RunContext;
  /** a connection of the run's own, with the user's credentials; not in the session registry */
  openMail(user: string, password: string): MailSession;
  logger: Logger;
}

interface Schedule {
  sid: string;
  user: string;
  password: string;
  sessionState: SessionLink['state'];
  secrets: SecretBox;
  accounts: readonly StoredAccount[];
  listedAt: number;
  touchedAt: number;
  /** requests of the session in progress: a schedule is never dropped under one (it may add an account) */
  requests: number;
  timer: NodeJS.Timeout;
  runs: Map<string, LiveRun>;
  last: Map<string, RunOutcome>;
  ticking: boolean;
  stopped: AbortController;
}

export class FetchSchedule {
  readonly #options: ScheduleOptions;
  readonly #schedules = new Map<string, Schedule>();

  constructor(options: ScheduleOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#schedules.size;
  }

  /**
   * Every signed-in request: starts the session's schedule when this process has none (a first run follows at
   * once), and reads its account list afresh through the request's own connection once per interval. The returned
   * function is called when the request ends: until then the schedule stays, however long the request takes.
   */
  touch(sid: string, user: string, mail: MailSession, link: SessionLink): () => void {
    let s = this.#schedules.get(sid);
    if (s && s.user !== user) this.stop(sid);
    s = this.#schedules.get(sid);
    if (s) {
      s.touchedAt = Date.now();
      if (Date.now() - s.listedAt >= this.#options.intervalMs) void this.#refresh(s, mail);
      return this.#held(s);
    }
    const imapPassword = link.password();
    if (imapPassword === undefined) return () => undefined;
    const created: Schedule = {
      sid, user, password: imapPassword, sessionState: link.state, secrets: new SecretBox(imapPassword), accounts: [], listedAt: 0, touchedAt: Date.now(), requests: 0,
      timer: setInterval(() => void this.#tick(created, true), this.#options.intervalMs), runs: new Map(), last: new Map(),
      ticking: false, stopped: new AbortController(),
    };
    created.timer.unref();
    this.#schedules.set(sid, created);
    void this.#refresh(created, mail).then(() => this.#tick(created, false));
    return this.#held(created);
  }

  #held(s: Schedule): () => void {
    s.requests++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      s.requests--;
      s.touchedAt = Date.now();
    };
  }

  /** The page changed the list: the schedule follows at once. */
  listChanged(sid: string, accounts: readonly StoredAccount[]): void {
    const s = this.#schedules.get(sid);
    if (!s) return;
    s.accounts = accounts;
    s.listedAt = Date.now();
    for (const [id, run] of s.runs) if (!accounts.some((a) => a.id === id)) run.abort.abort();
    for (const id of s.last.keys()) if (!accounts.some((a) => a.id === id)) s.last.delete(id);
  }

  /** The session's sealed-password box (its IMAP password); undefined when this process has no schedule for it. */
  secretsOf(sid: string): SecretBox | undefined {
    return this.#schedules.get(sid)?.secrets;
  }

  running(sid: string): ReadonlyMap<string, LiveRun> {
    return this.#schedules.get(sid)?.runs ?? new Map();
  }

  lastOutcome(sid: string, id: string): RunOutcome | undefined {
    return this.#schedules.get(sid)?.last.get(id);
  }

  /** "Fetch now": the account's live run, started unless one is running in this session. */
  fetch(sid: string, account: StoredAccount): LiveRun | undefined {
    const s = this.#schedules.get(sid);
    return s ? (s.runs.get(account.id) ?? this.#start(s, account)) : undefined;
  }

  /** Sign-out, the session's end: no more runs; one in progress stops between messages and keeps what it did. */
  stop(sid: string): void {
    const s = this.#schedules.get(sid);
    if (!s) return;
    this.#schedules.delete(sid);
    clearInterval(s.timer);
    s.stopped.abort();
    for (const run of s.runs.values()) run.abort.abort();
  }

  /** Shutdown: every schedule stops, and runs in progress get until `graceMs` to reach their QUIT. */
  async close(graceMs: number): Promise<void> {
    const runs = [...this.#schedules.values()].flatMap((s) => [...s.runs.values()].map((r) => r.finished));
    for (const sid of [...this.#schedules.keys()]) this.stop(sid);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(runs), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }

  async #refresh(s: Schedule, mail: MailSession): Promise<void> {
    s.listedAt = Date.now();
    try {
      // Asked of the server (one GETMETADATA or STATUS per interval): through the store's per-session cache (60 s)
      // an account added in another session or instance stayed out of the list, so its ticks never ran it and the
      // schedule dropped itself (and its outcomes) as having nothing to fetch.
      s.accounts = (await this.#options.run.store.read(mail, POP3_ACCOUNTS, { maxAgeMs: 0 })).accounts;
    } catch (err) {
      this.#options.logger.warn({ user: s.user, kind: asMailError(err)?.kind }, 'pop3 account list not readable; the schedule keeps the last one');
    }
  }

  async #tick(s: Schedule, scheduled: boolean): Promise<void> {
    if (s.ticking || s.stopped.signal.aborted) return;
    const auto = s.accounts.filter((a) => a.auto);
    // Nothing to fetch in the background: the schedule (and the IMAP password with it) goes once the session is
    // quiet, and its next request brings it back.
    if (!auto.length) {
      if (Date.now() - s.touchedAt > 2 * this.#options.intervalMs && !s.runs.size && !s.requests) this.stop(s.sid);
      return;
    }
    s.ticking = true;
    try {
      if (scheduled) {
        const state = await s.sessionState().catch((): SessionState => 'unknown');
        if (state === 'gone') return this.stop(s.sid);
        if (state === 'unknown') return;
      }
      for (const account of auto) {
        if (s.stopped.signal.aborted) break;
        if (!s.runs.has(account.id)) await this.#start(s, account).finished;
      }
    } finally {
      s.ticking = false;
    }
  }

  #start(s: Schedule, known: StoredAccount): LiveRun {
    const abort = new AbortController();
    const live: LiveRun = { progress: { phase: 'connecting', done: 0, total: 0 }, abort, finished: Promise.resolve(undefined) };
    live.finished = this.#runOnce(s, known.id, live).then((outcome) => {
      if (outcome) s.last.set(known.id, outcome);
      return outcome;
    }).finally(() => {
      if (s.runs.get(known.id) === live) s.runs.delete(known.id);
    });
    s.runs.set(known.id, live);
    return live;
  }

  async #runOnce(s: Schedule, id: string, live: LiveRun): Promise<RunOutcome | undefined> {
    const at = () => new Date().toISOString();
    const mail = this.#options.openMail(s.user, s.password);
    try {
      // The list as stored now, on the run's own connection: the account may have changed or gone elsewhere.
      let account: StoredAccount | undefined;
      try {
        account = findAccount(await this.#options.run.store.read(mail, POP3_ACCOUNTS), id);
      } catch (err) {
        const kind = asMailError(err)?.kind;
        // The IMAP server no longer takes this session's password: the session's next request signs it out.
        if (kind === 'auth') this.stop(s.sid);
        else this.#options.logger.warn({ user: s.user, account: id, kind }, 'pop3 fetch: the mailbox is unreachable');
        return kind === 'auth' ? undefined : { kind: 'unavailable', at: at() };
      }
      if (!account || s.stopped.signal.aborted || live.abort.signal.aborted) return undefined;
      const opened = await s.secrets.open(account.sealedPassword);
      if (!opened.ok) return { kind: 'wrong-password', at: at() };
      const signal = AbortSignal.any([live.abort.signal, s.stopped.signal]);
      const status = await fetchNow(this.#options.run, {
        user: s.user, account, password: opened.secret, mail, signal, onProgress: (p) => (live.progress = p),
      });
      if (status === 'stopped') return undefined;
      return status === 'busy' ? { kind: 'busy', at: at() } : { kind: 'fetched', status };
    } finally {
      await mail.close();
    }
  }
}
