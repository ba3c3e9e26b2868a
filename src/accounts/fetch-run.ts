// One "fetch" of one account as the user sees it: the engine's runs (src/pop3/fetch-account.ts) one after another
// while a backlog larger than POP3_MAX_PER_RUN is being worked off, each under the account's lock, on an IMAP
// connection of the run's own, then the outcome stored beside the account for the accounts page.
import type { Logger } from 'pino';
import type { MailSession } from '../mail/connection/mail-session.ts';
import { fetchAccount, type FetchReport } from '../pop3/fetch-account.ts';
import { describeFailure, FetchStepError } from '../pop3/fetch-failure.ts';
import type { FetchLock } from '../pop3/fetch-lock.ts';
import type { FetchDeps, FetchLimits, FetchProgress } from '../pop3/fetch-types.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import type { StoredAccount } from './account-list.ts';
import { SettingsUidlStore, writeStatus, type FetchStatus } from './fetch-state.ts';
import { fetchTarget, targetFolder } from './fetch-target.ts';

export interface RunContext {
  store: SettingsStore;
  lock: FetchLock;
  limits: FetchLimits;
  connection: FetchDeps['connection'];
  logger: Logger;
  tempDir?: string;
}

export interface RunProgress {
  phase: 'connecting' | 'fetching' | 'finishing';
  /** messages stored so far in this fetch, over all its runs */
  done: number;
  /** of how many new ones: this run's, the runs' before it and those left for later runs */
  total: number;
}

export interface RunRequest {
  user: string;
  account: StoredAccount;
  /** the POP3 password, opened for this run only */
  password: string;
  /** the run's own IMAP connection (fetch-schedule.ts opens and closes it) */
  mail: MailSession;
  signal: AbortSignal;
  onProgress(progress: RunProgress): void;
}

/** Runs in a row while a backlog is worked off; each one fetches at most POP3_MAX_PER_RUN. */
const MAX_RUNS_IN_A_ROW = 20;

/**
 * 'busy' when another run of the account holds its lock (another session, another instance); 'stopped' when the
 * session ended before anything was done (nothing is stored then: the last status still stands).
 */
export async function fetchNow(ctx: RunContext, req: RunRequest): Promise<FetchStatus | 'busy' | 'stopped'> {
  const { account, mail } = req;
  let folder: string;
  try {
    folder = await targetFolder(mail, account);
  } catch (err) {
    return finish(ctx, req, failed(new FetchStepError('target', err)), 0);
  }
  let appended = 0;
  let done = 0;
  let total = 0;
  for (let run = 1; ; run++) {
    const base = done;
    // Between runs the user still sees the fetch it asked for: done so far of the total known, not a new start.
    const progress = (p: FetchProgress) => {
      if (p.phase === 'connecting' && run > 1) return req.onProgress({ phase: 'fetching', done: base, total });
      if (p.phase !== 'connecting') total = base + p.total + p.remaining;
      req.onProgress({ phase: p.phase, done: base + p.done, total });
    };
    const report = await fetchAccount({
      // The lock key: account ids are random, the user name keeps two users' keys apart regardless.
      id: `${req.user}/${account.id}`,
      host: account.host, port: account.port, security: account.security, user: account.user, password: req.password,
      mode: account.mode, folder,
    }, {
      target: fetchTarget(mail),
      store: new SettingsUidlStore(ctx.store, mail, account.id, ctx.logger),
      lock: ctx.lock,
      limits: ctx.limits,
      connection: ctx.connection,
      signal: req.signal,
      ...(ctx.tempDir ? { tempDir: ctx.tempDir } : {}),
      onProgress: progress,
    });
    if (report.outcome === 'busy' || (report.outcome === 'stopped' && !report.retrieved)) {
      if (run === 1) return report.outcome === 'busy' ? 'busy' : 'stopped';
      return finish(ctx, req, report, appended);
    }
    appended += report.appended;
    done += report.retrieved;
    const more = report.outcome === 'done' && report.remaining > 0 && report.retrieved > 0 && !req.signal.aborted;
    if (!more || run >= MAX_RUNS_IN_A_ROW) return finish(ctx, req, report, appended);
  }
}

function failed(error: unknown): FetchReport {
  const now = new Date();
  return {
    outcome: 'failed', onServer: 0, retrieved: 0, appended: 0, duplicates: 0, deleted: 0, tooLarge: [], refused: [], remaining: 0,
    error: describeFailure(error), cause: error, startedAt: now, finishedAt: now,
  };
}

/** The outcome for the page, stored (best effort: the page also has this process's memory of it) and logged. */
async function finish(ctx: RunContext, req: RunRequest, report: FetchReport, appended: number): Promise<FetchStatus> {
  const error = report.error;
  const status: FetchStatus = {
    at: report.finishedAt.toISOString(),
    outcome: report.outcome === 'busy' ? 'done' : report.outcome,
    appended,
    onServer: report.onServer,
    remaining: report.remaining,
    tooLarge: report.tooLarge.length,
    refused: report.refused.length,
    ...(error ? { error: { kind: error.kind, ...(error.reason ? { reason: error.reason } : {}), ...(error.serverText ? { serverText: error.serverText.slice(0, 300) } : {}) } } : {}),
  };
  const log = { user: req.user, account: req.account.id, outcome: status.outcome, appended, kind: error?.kind };
  if (error && report.outcome === 'failed') ctx.logger.warn({ ...log, cause: causeText(report.cause) }, 'pop3 fetch failed');
  else ctx.logger.info(log, 'pop3 fetch finished');
  await writeStatus(ctx.store, req.mail, req.account.id, status).catch((err: unknown) => {
    ctx.logger.warn({ user: req.user, account: req.account.id, cause: causeText(err) }, 'pop3 fetch status not stored');
  });
  return status;
}

/** An error for the log: its name and message only (a cause chain may hold server replies, never our secrets). */
function causeText(err: unknown): string | undefined {
  if (!(err instanceof Error)) return err === undefined ? undefined : String(err);
  const inner = err.cause instanceof Error ? `: ${err.cause.name}: ${err.cause.message}` : '';
  return `${err.name}: ${err.message}${inner}`;
}
