// The schedule's life, with small fakes (no run is started: the session has no automatic account): a session with
// nothing to fetch in the background is forgotten after two quiet intervals, but never while one of its requests is
// in progress: a slow "add account" (a scrypt seal on a loaded machine) once outlived two short intervals, and the
// automatic account it added was then not fetched until the next request.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { FetchSchedule } from '../../src/accounts/fetch-schedule.ts';
import type { RunContext } from '../../src/accounts/fetch-run.ts';
import type { MailSession } from '../../src/mail/connection/mail-session.ts';
import { waitFor } from './accounts-helpers.ts';

const logger = pino({ level: 'silent' });
const INTERVAL = 20;

function schedule(): FetchSchedule {
  const store = { read: async () => ({ accounts: [] }) };
  return new FetchSchedule({
    intervalMs: INTERVAL,
    run: { store } as unknown as RunContext,
    openMail: () => assert.fail('no run was expected'),
    logger,
  });
}

const link = { password: () => 'imap-password', state: async () => 'alive' as const };

describe('FetchSchedule', () => {
  it('keeps a session’s schedule while a request of it is in progress, and forgets it once the session is quiet', async () => {
    const s = schedule();
    try {
      const ended = s.touch('sid-1', 'user', {} as MailSession, link);
      // Ten intervals with the request still running.
      await new Promise((resolve) => setTimeout(resolve, 10 * INTERVAL));
      assert.ok(s.secretsOf('sid-1'), 'the schedule is kept under a running request');
      ended();
      await waitFor('the quiet session to be forgotten', async () => (s.secretsOf('sid-1') ? undefined : true), 5000);
      assert.equal(s.size, 0);
    } finally {
      await s.close(0);
    }
  });

  it('counts each request: the schedule stays until the last one ends', async () => {
    const s = schedule();
    try {
      const first = s.touch('sid-2', 'user', {} as MailSession, link);
      const second = s.touch('sid-2', 'user', {} as MailSession, link);
      first();
      first(); // ending twice counts once
      await new Promise((resolve) => setTimeout(resolve, 10 * INTERVAL));
      assert.ok(s.secretsOf('sid-2'), 'the second request still holds it');
      second();
      await waitFor('the quiet session to be forgotten', async () => (s.secretsOf('sid-2') ? undefined : true), 5000);
    } finally {
      await s.close(0);
    }
  });
});
