// POP3 accounts for tests: a sandbox user whose INBOX is the POP3 mailbox (seeded by writing Maildir files, as
// bench/seed.ts does, so 1,000 messages take a second), another user as the IMAP target, and the engine wired to
// them exactly as Postern will wire it: the target is the user's MailSession, the UIDL store and lock are given.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { groupId, userId } from '../../sandbox/system-users.ts';
import { appendMessageFile } from '../../src/mail/writing/append-file.ts';
import { hasMessageId } from '../../src/mail/writing/fetched-mail.ts';
import { MailSession } from '../../src/mail/connection/mail-session.ts';
import { fetchAccount, type FetchDeps, type FetchReport, type FetchTarget, type Pop3Account } from '../../src/pop3/fetch-account.ts';
import { MemoryLock } from '../../src/pop3/fetch-lock.ts';
import { MemoryUidlStore } from '../../src/pop3/uidl-store.ts';
import type { TestUser } from './env.ts';
import { withImap } from './imap.ts';

const run = promisify(execFile);
let sequence = 0;

/** A small CRLF message with its own Message-ID and a Received date an hour after its Date. */
export function pop3Message(tag: string, i: number, date = new Date(Date.UTC(2025, 0, 1) + i * 60_000)): Buffer {
  const received = new Date(date.getTime() + 3600_000);
  return Buffer.from([
    `Received: from mx.example.net by pop.example.net; ${received.toUTCString().replace('GMT', '+0000')}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    'From: Sender <sender@example.net>',
    `Subject: ${tag} message ${i}`,
    `Message-ID: <${tag}-${i}@pop3.test>`,
    '',
    `Body of message ${i}.`,
    '.a line that starts with a dot',
    '',
  ].join('\r\n'));
}

/**
 * Puts raw messages into the user's INBOX as Maildir files and lets Dovecot index them. `fresh` files go to new/
 * (what a delivery agent does: the server gives them UIDs on its next look), the others to cur/.
 */
export async function seedPop3(info: SandboxInfo, user: TestUser, raws: Buffer[], options: { fresh?: boolean } = {}): Promise<void> {
  const home = path.join(info.dir, 'home', user.name);
  const dir = path.join(home, 'Maildir', options.fresh ? 'new' : 'cur');
  for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(home, 'Maildir', sub), { recursive: true });
  const stamp = Math.floor(Date.now() / 1000);
  for (const raw of raws) {
    // Dovecot numbers new files in the order of the stamp and then the name: a zero-padded counter keeps seed order.
    const name = `${stamp}.M${String(++sequence).padStart(8, '0')}P${process.pid}.pop3test,S=${raw.length}${options.fresh ? '' : ':2,'}`;
    fs.writeFileSync(path.join(dir, name), raw);
  }
  await run('chown', ['-R', `${userId('nobody')}:${groupId('nogroup')}`, home]);
  if (!options.fresh) await run('doveadm', ['-c', info.dovecotConf, 'index', '-u', user.name, 'INBOX'], { maxBuffer: 1 << 20 });
}

export function imapSession(info: SandboxInfo, user: TestUser): MailSession {
  return new MailSession({
    host: '127.0.0.1', port: info.imapPort, secure: false, startTls: true, tlsCa: fs.readFileSync(info.caFile), socketTimeoutMs: 60_000,
  }, user.name, user.password, pino({ level: 'silent' }));
}

export function targetOf(session: MailSession): FetchTarget {
  return {
    hasMessageId: (folder, id) => hasMessageId(session, folder, id),
    append: async (folder, file, { internalDate }) => {
      await appendMessageFile(session, folder, file, { internalDate });
    },
  };
}

export function accountFor(info: SandboxInfo, user: TestUser, overrides: Partial<Pop3Account> = {}): Pop3Account {
  return {
    id: `acct-${user.name}`, host: '127.0.0.1', port: info.pop3Port, security: 'starttls', user: user.name, password: user.password,
    mode: 'keep', folder: 'INBOX', ...overrides,
  };
}

/** The dependencies of one engine: a fresh memory store and lock unless given, the sandbox CA, loopback allowed. */
export function depsFor(info: SandboxInfo, target: FetchTarget, overrides: Partial<FetchDeps> = {}): FetchDeps {
  return {
    target,
    store: new MemoryUidlStore(),
    lock: new MemoryLock(),
    limits: { maxMessageBytes: 25 * 1024 * 1024, maxPerRun: 10_000, timeoutMs: 10_000 },
    connection: { tlsCa: fs.readFileSync(info.caFile), allowInsecure: false, allowPrivateHosts: true },
    ...overrides,
  };
}

/** A run that must not fail: its error, if any, becomes the assertion message. */
export async function fetchOk(account: Pop3Account, deps: FetchDeps): Promise<FetchReport> {
  const report = await fetchAccount(account, deps);
  if (report.outcome !== 'done') throw new Error(`fetch ${report.outcome}: ${JSON.stringify(report.error)} ${String(report.cause)}`);
  return report;
}

/** Message-IDs in a folder, with how often each occurs. */
export async function messageIds(info: SandboxInfo, user: TestUser, folder = 'INBOX'): Promise<Map<string, number>> {
  return withImap(info, user, async (client) => {
    const counts = new Map<string, number>();
    await client.mailboxOpen(folder, { readOnly: true });
    if (!client.mailbox || client.mailbox.exists === 0) return counts;
    for await (const m of client.fetch('1:*', { envelope: true })) {
      const id = m.envelope?.messageId ?? '';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  });
}

/** How many messages the POP3 mailbox holds (its INBOX, asked over IMAP). */
export async function pop3Count(info: SandboxInfo, user: TestUser): Promise<number> {
  const status = await withImap(info, user, (client) => client.status('INBOX', { messages: true }));
  return status ? (status.messages ?? -1) : -1;
}
