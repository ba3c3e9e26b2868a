// Fills a benchmark INBOX fast. Two ways, per SANDBOX-NOTES.md: write Maildir files straight into the user's
// cur/ and let `doveadm index` build the index (no IMAP round trips, no per-message transaction), or
// MULTIAPPEND through IMAP (sandbox/seed.ts, ~2,000 messages/s). The Maildir path is the default; the
// MULTIAPPEND one is kept for servers we cannot reach on disk and as a check that both give the same mailbox.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { seedMailbox } from '../sandbox/seed.ts';
import { groupId, userId } from '../sandbox/system-users.ts';
import type { SandboxInfo } from '../sandbox/sandbox.ts';
import { benchMessages, type BenchMessage } from './corpus.ts';

const run = promisify(execFile);

export interface BenchUser {
  name: string;
  password: string;
}

// Maildir flag letters (maildir(5) "info" part), in the ASCII order the spec asks for.
const MAILDIR_FLAGS: Record<string, string> = { '\\Draft': 'D', '\\Flagged': 'F', '\\Answered': 'R', '\\Seen': 'S' };

function maildirName(i: number, message: BenchMessage): string {
  const letters = message.flags.map((f) => MAILDIR_FLAGS[f] ?? '').sort().join('');
  // Dovecot hands out UIDs to new files in the order of the time stamp that starts the name (maildir-uidlist.c
  // sorts them so), so a rising stamp makes UIDs rise with the date. S= saves Dovecot a stat() for the size.
  const stamp = Math.floor(message.date.getTime() / 1000);
  return `${stamp}.M${i}P1.bench,S=${message.raw.length}:2,${letters}`;
}

/**
 * Writes `count` messages into ~/Maildir/cur of `user` and indexes them; returns the bytes written. `signal`
 * (Ctrl-C) stops the writing and kills doveadm, which would otherwise go on writing into a removed sandbox.
 */
export async function seedMaildir(info: SandboxInfo, user: BenchUser, count: number, signal?: AbortSignal): Promise<number> {
  const home = path.join(info.dir, 'home', user.name);
  const cur = path.join(home, 'Maildir', 'cur');
  for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(home, 'Maildir', sub), { recursive: true });
  let bytes = 0;
  let i = 0;
  for (const message of benchMessages(count, `${user.name}@${info.mailDomain}`)) {
    const file = path.join(cur, maildirName(i++, message));
    fs.writeFileSync(file, message.raw);
    // The internal date of a Maildir message is the file's mtime.
    fs.utimesSync(file, message.date, message.date);
    bytes += message.raw.length;
    // Let a signal handler run now and then: the loop is synchronous file writes otherwise.
    if (i % 1000 === 0) {
      await yieldToEvents();
      signal?.throwIfAborted();
    }
  }
  // Dovecot refuses to store mail as root: the whole home belongs to the mail user (sandbox/users.ts).
  await run('chown', ['-R', `${userId('nobody')}:${groupId('nogroup')}`, home], { signal });
  // doveadm finishes a mailbox before it looks at SIGTERM; the sandbox is thrown away anyway, so SIGKILL.
  await run('doveadm', ['-c', info.dovecotConf, 'index', '-u', user.name, 'INBOX'], { maxBuffer: 1 << 20, signal, killSignal: 'SIGKILL' });
  return bytes;
}

/** The same mailbox through IMAP MULTIAPPEND (works with any server, about 2,000 messages/s on Dovecot here). */
export async function seedByAppend(client: ImapFlow, user: BenchUser, count: number, domain: string): Promise<number> {
  let bytes = 0;
  const batch: { mailbox: string[]; flags: string[]; date: Date; raw: Buffer }[] = [];
  const flush = async () => {
    await seedMailbox(client, batch.splice(0), []);
  };
  for (const message of benchMessages(count, `${user.name}@${domain}`)) {
    batch.push({ mailbox: ['INBOX'], ...message });
    bytes += message.raw.length;
    if (batch.length >= 5000) await flush();
  }
  if (batch.length) await flush();
  return bytes;
}
