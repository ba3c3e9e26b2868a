// One fetch run for one POP3 account (issue 11). The order is what makes it lose nothing and duplicate nothing:
//   RETR to a temp file -> duplicate check (Message-ID in the target folder) -> APPEND -> record the UIDL
//   -> (delete mode) DELE -> ... -> flush the UIDL records -> QUIT.
// DELE takes effect only at QUIT (RFC 1939 section 6), so a run that breaks anywhere deletes nothing, and the next
// run knows every message it finished by UIDL, or by Message-ID when the UIDL record did not survive.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeFailure, failedAt, FetchStepError, refusedFailure } from './fetch-failure.ts';
import { retrieveMessage, storeMessage, type Retrieved } from './fetch-message.ts';
import { planFetch } from './fetch-plan.ts';
import type { FetchDeps, FetchProgress, FetchReport, Pop3Account } from './fetch-types.ts';
import { Pop3Client } from './pop3-client.ts';
import { Pop3Error } from './pop3-error.ts';

export type { FetchDeps, FetchProgress, FetchReport, FetchTarget, Pop3Account } from './fetch-types.ts';

export async function fetchAccount(account: Pop3Account, deps: FetchDeps): Promise<FetchReport> {
  const report: FetchReport = {
    outcome: 'done', onServer: 0, retrieved: 0, appended: 0, duplicates: 0, deleted: 0, tooLarge: [], refused: [], remaining: 0,
    startedAt: new Date(), finishedAt: new Date(),
  };
  const finish = (outcome: FetchReport['outcome'], error?: unknown): FetchReport => {
    report.outcome = outcome;
    if (error !== undefined) {
      report.error = describeFailure(error);
      report.cause = error;
    }
    report.finishedAt = new Date();
    return report;
  };
  let handle;
  try {
    handle = await deps.lock.acquire(account.id);
  } catch (err) {
    return finish('failed', new FetchStepError('lock', err));
  }
  if (!handle) return finish('busy');
  const lost = handle.lost;
  let work: string | undefined;
  let client: Pop3Client | undefined;
  let ahead: Promise<Retrieved> | undefined;
  try {
    // Stopped while waiting for the lock (sign-out, shutdown): not even a connection.
    if (deps.signal?.aborted) return finish('stopped');
    work = await mkdtemp(path.join(deps.tempDir ?? tmpdir(), 'postern-pop3-'));
    deps.onProgress?.({ phase: 'connecting', total: 0, done: 0, bytes: 0, remaining: 0 });
    const pop3 = await Pop3Client.connect({ ...account, ...deps.connection, timeoutMs: deps.limits.timeoutMs });
    client = pop3;
    const { count } = await pop3.stat();
    const listing = await pop3.list(count);
    report.onServer = listing.length;
    const uidls = await pop3.uidl(count).catch((err: unknown) => {
      // Without UIDL nothing tells old from new on the server: keep mode would fetch everything every time.
      if (err instanceof Pop3Error && err.kind === 'no-uidl' && account.mode === 'delete') return undefined;
      throw err;
    });
    const seen = await failedAt('state', () => deps.store.load());
    if (uidls?.size) await failedAt('state', () => deps.store.retain(new Set(uidls.values())));
    const plan = planFetch(listing, uidls, seen, account.mode, deps.limits);
    report.tooLarge = plan.tooLarge.map(({ number, size }) => ({ number, size }));
    report.remaining = plan.remaining;
    let marked = 0;
    for (const number of plan.deleteOnly) {
      await pop3.dele(number);
      marked++;
    }
    const progress: FetchProgress = { phase: 'fetching', total: plan.fetch.length, done: 0, bytes: 0, remaining: plan.remaining };
    deps.onProgress?.({ ...progress });
    const retrieve = (index: number) => {
      const pending = retrieveMessage(pop3, plan.fetch[index]!, work!, deps.limits);
      pending.catch(() => undefined); // awaited later; until then a failure must not count as unhandled
      return pending;
    };
    ahead = plan.fetch.length ? retrieve(0) : undefined;
    let stopped = false;
    for (let index = 0; ahead; index++) {
      const current = await ahead;
      report.retrieved++;
      stopped = !!(deps.signal?.aborted || lost.aborted);
      // The next RETR runs on the POP3 connection while this message goes to IMAP: per message the order stays.
      ahead = !stopped && index + 1 < plan.fetch.length ? retrieve(index + 1) : undefined;
      const stored = await storeMessage(current, account, deps, report);
      if (account.mode === 'delete' && stored) {
        if (ahead) await ahead; // one POP3 command at a time: the DELE waits for the RETR in flight
        await pop3.dele(current.message.number);
        marked++;
      }
      progress.done++;
      progress.bytes += current.bytes;
      deps.onProgress?.({ ...progress });
      if (stopped) report.remaining += plan.fetch.length - index - 1;
    }
    deps.onProgress?.({ ...progress, phase: 'finishing' });
    await failedAt('state', () => deps.store.flush());
    await pop3.quit();
    report.deleted = marked;
    if (report.refused.length) report.error = refusedFailure(report.refused);
    return finish(stopped ? 'stopped' : 'done');
  } catch (err) {
    client?.close(); // without QUIT: no DELE of this session takes effect
    await ahead?.catch(() => undefined);
    // What was appended is recorded, so a later run does not fetch it again.
    await deps.store.flush().catch(() => undefined);
    return finish('failed', err);
  } finally {
    await handle.release();
    if (work) await rm(work, { recursive: true, force: true });
  }
}
