// Other accounts over POP3 (issue 11), as the settings pages use them: the account list on the user's IMAP server,
// adding, editing and removing entries (the password sealed under the IMAP password), testing a connection,
// fetching now, and what each account's last fetch came to. The background schedule is fetch-schedule.ts.
import type { MailSession } from '../mail/connection/mail-session.ts';
import { MailError } from '../mail/errors/mail-errors.ts';
import { userText } from '../mail/errors/user-text.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import { findAccount, MAX_ACCOUNTS, newAccountId, POP3_ACCOUNTS, type StoredAccount } from './account-list.ts';
import { testConnection, type ConnectionCheck } from './connection-test.ts';
import { readStatus, removeState, type FetchStatus } from './fetch-state.ts';
import type { FetchDeps, FetchLimits } from '../pop3/fetch-types.ts';
import { FetchSchedule, type LiveRun, type RunOutcome, type ScheduleOptions, type SessionLink } from './fetch-schedule.ts';
import type { ClosableLock } from './redis-fetch-lock.ts';

/** An account as the form gives it, without id and password. */
export type AccountInput = Omit<StoredAccount, 'id' | 'sealedPassword'>;

export type { SessionLink } from './fetch-schedule.ts';

export interface AccountsOptions extends Omit<ScheduleOptions, 'run'> {
  store: SettingsStore;
  /** MemoryLock in one process, RedisLock across instances; closed with the accounts */
  lock: ClosableLock;
  limits: FetchLimits;
  /** TLS CA and the admin's switches (POP3_ALLOW_INSECURE, POP3_ALLOW_PRIVATE_HOSTS) */
  connection: FetchDeps['connection'];
}

export type Saved =
  | { ok: true; account: StoredAccount }
  /** 'too-many': MAX_ACCOUNTS reached; 'password-needed': a new host, port or security needs the password typed again */
  | { ok: false; reason: 'too-many' | 'password-needed' | 'not-found' };

export interface AccountView {
  account: StoredAccount;
  /** the stored password does not open with this session's IMAP password: ask for it again */
  needsPassword: boolean;
  running?: LiveRun;
  /** this process's last run, when newer than the stored status */
  outcome?: RunOutcome;
  stored?: FetchStatus;
}

export class Accounts {
  readonly schedule: FetchSchedule;
  readonly #store: SettingsStore;
  readonly #options: AccountsOptions;

  constructor(options: AccountsOptions) {
    this.#options = options;
    this.#store = options.store;
    const { store, lock, limits, connection, logger } = options;
    this.schedule = new FetchSchedule({ ...options, run: { store, lock: lock.lock, limits, connection, logger } });
  }

  /** Every signed-in request (http/sessions/account-schedule.ts). */
  touch(sid: string, user: string, mail: MailSession, link: SessionLink): () => void {
    return this.schedule.touch(sid, user, mail, link);
  }

  signedOut(sid: string): void {
    this.schedule.stop(sid);
  }

  async close(graceMs = 0): Promise<void> {
    await this.schedule.close(graceMs);
    await this.#options.lock.close();
  }

  async list(mail: MailSession): Promise<readonly StoredAccount[]> {
    return (await this.#current(mail)).accounts;
  }

  async find(mail: MailSession, id: string): Promise<StoredAccount | undefined> {
    return findAccount(await this.#current(mail), id);
  }

  async add(mail: MailSession, sid: string, input: AccountInput, password: string): Promise<Saved> {
    const list = await this.#current(mail);
    if (list.accounts.length >= MAX_ACCOUNTS) return { ok: false, reason: 'too-many' };
    const account: StoredAccount = { id: newAccountId(), ...input, sealedPassword: await this.#secrets(sid).seal(password) };
    await this.#save(mail, sid, [...list.accounts, account]);
    if (account.auto) this.schedule.fetch(sid, account);
    return { ok: true, account };
  }

  /** `password` undefined: unchanged, allowed only while the password still goes to the server it was typed for. */
  async update(mail: MailSession, sid: string, id: string, input: AccountInput, password: string | undefined): Promise<Saved> {
    const list = await this.#current(mail);
    const old = findAccount(list, id);
    if (!old) return { ok: false, reason: 'not-found' };
    // Whoever holds a session must not be able to send the stored password to a server of their choosing.
    const moved = old.host.toLowerCase() !== input.host.toLowerCase() || old.port !== input.port || old.security !== input.security;
    if (password === undefined && moved) return { ok: false, reason: 'password-needed' };
    const sealedPassword = password === undefined ? old.sealedPassword : await this.#secrets(sid).seal(password);
    const account: StoredAccount = { id, ...input, sealedPassword };
    await this.#save(mail, sid, list.accounts.map((a) => (a.id === id ? account : a)));
    return { ok: true, account };
  }

  async remove(mail: MailSession, sid: string, id: string): Promise<StoredAccount | undefined> {
    const list = await this.#current(mail);
    const old = findAccount(list, id);
    if (!old) return undefined;
    await this.#save(mail, sid, list.accounts.filter((a) => a.id !== id));
    // The account is gone either way; state left behind is only a few kilobytes nobody reads.
    await removeState(this.#store, mail, id).catch((err: unknown) => {
      this.#options.logger.warn({ user: mail.user, account: id, msg: (err as Error).message }, 'state of a removed pop3 account not removed');
    });
    return old;
  }

  /** Whether the stored password opens with this session's IMAP password. */
  async opens(sid: string, account: StoredAccount): Promise<boolean> {
    return (await this.#secrets(sid).open(account.sealedPassword)).ok;
  }

  /** Connect, sign in, STAT and UIDL with what is stored; nothing is fetched. */
  async test(sid: string, account: StoredAccount): Promise<ConnectionCheck> {
    const opened = await this.#secrets(sid).open(account.sealedPassword);
    if (!opened.ok) return { ok: false, failure: { kind: 'wrong-password' } };
    const { connection, limits } = this.#options;
    return testConnection({
      host: account.host, port: account.port, security: account.security, user: account.user, password: opened.secret,
      timeoutMs: limits.timeoutMs, allowInsecure: connection.allowInsecure, allowPrivateHosts: connection.allowPrivateHosts,
      ...(connection.tlsCa ? { tlsCa: connection.tlsCa } : {}),
    }, account.mode);
  }

  fetch(sid: string, account: StoredAccount): LiveRun | undefined {
    return this.schedule.fetch(sid, account);
  }

  /** Each account with what the page says about it. */
  async overview(mail: MailSession, sid: string): Promise<AccountView[]> {
    const accounts = await this.list(mail);
    const secrets = this.#secrets(sid);
    const running = this.schedule.running(sid);
    return Promise.all(accounts.map(async (account) => {
      const [opened, stored] = await Promise.all([secrets.open(account.sealedPassword), readStatus(this.#store, mail, account.id)]);
      const outcome = this.schedule.lastOutcome(sid, account.id);
      const live = running.get(account.id);
      return {
        account,
        needsPassword: !opened.ok,
        ...(live ? { running: live } : {}),
        ...(outcome && !(stored && outcomeTime(outcome) < stored.at) ? { outcome } : {}),
        ...(stored ? { stored } : {}),
      };
    }));
  }

  /**
   * The list as stored now: the pages of other accounts ask the server each time (one GETMETADATA, or a STATUS of
   * the hidden folder), since another instance or session may have changed it within the store's cache time, and
   * an edit must start from what is stored rather than overwrite it with an older copy.
   */
  #current(mail: MailSession) {
    return this.#store.read(mail, POP3_ACCOUNTS, { maxAgeMs: 0 });
  }

  async #save(mail: MailSession, sid: string, accounts: StoredAccount[]): Promise<void> {
    const list = await this.#current(mail);
    await this.#store.write(mail, POP3_ACCOUNTS, { ...list, accounts });
    this.schedule.listChanged(sid, accounts);
  }

  #secrets(sid: string) {
    const secrets = this.schedule.secretsOf(sid);
    // touch() runs before every signed-in route (http/sessions/account-schedule.ts); only a schedule stopped during this very
    // request (the IMAP server refused the session's password in a run) gets here: the next request starts afresh.
    if (!secrets) throw new MailError('unavailable', userText('accounts:errors.unavailable', 'Your other accounts cannot be used right now. Try again in a moment.'));
    return secrets;
  }
}

function outcomeTime(outcome: RunOutcome): string {
  return outcome.kind === 'fetched' ? outcome.status.at : outcome.at;
}
