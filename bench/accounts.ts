// One benchmark account per mailbox size: a big INBOX plus a few folders with a little mail, so the sidebar's
// LIST-STATUS has the dozen folders of a real account to count.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { seedMailbox } from '../sandbox/seed.ts';
import type { SandboxInfo } from '../sandbox/sandbox.ts';
import { benchMessages } from './corpus.ts';
import { connectRaw } from './raw-imap.ts';
import { seedByAppend, seedMaildir, type BenchUser } from './seed.ts';

const FOLDERS: string[][] = [
  ['Projects'], ['Projects', 'Postern'], ['Projects', 'Archive 2025'], ['Receipts'], ['Lists'], ['Lists', 'postern-dev'], ['Travel'],
];
// Special-use names mean the server's folder of that kind (sandbox/seed.ts).
const FILED: string[][] = [...FOLDERS, ['Sent'], ['Archive'], ['Trash']];

export function benchUser(size: number): BenchUser {
  return { name: `bench${size}`, password: `bench-${randomBytes(9).toString('base64url')}` };
}

/**
 * The users of the load, memory and soak runs: distinct accounts, so that nothing Postern might keep per account
 * (settings, any cache keyed by user) is shared between them and flatters the figures, as one account with many
 * sessions could. Seeding 100 INBOXes of 100,000 messages would take over an hour and ~90 GB, so every one of them
 * sees the same Maildir (sharedMaildir below): to Dovecot that is one mailbox opened by many sessions, exactly
 * what the floor's raw connections open.
 */
export function sharingUsers(owner: BenchUser, count: number): BenchUser[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${owner.name}-${i + 1}`, password: owner.password }));
}

/** Points each user's ~/Maildir at the owner's (before any of them logs in, so Dovecot creates nothing there). */
export function shareMaildir(info: SandboxInfo, owner: BenchUser, users: BenchUser[]): void {
  const home = (user: BenchUser) => path.join(info.dir, 'home', user.name);
  for (const user of users) {
    const maildir = path.join(home(user), 'Maildir');
    fs.rmSync(maildir, { recursive: true, force: true });
    fs.symlinkSync(path.join(home(owner), 'Maildir'), maildir);
  }
}

export interface Seeded {
  size: number;
  ms: number;
  bytes: number;
}

export async function prepareAccount(info: SandboxInfo, user: BenchUser, size: number, method: 'maildir' | 'append', signal?: AbortSignal): Promise<Seeded> {
  const began = Date.now();
  let bytes = 0;
  if (method === 'maildir') bytes = await seedMaildir(info, user, size, signal);
  const client = await connectRaw(info, user);
  try {
    if (method === 'append') bytes = await seedByAppend(client, user, size, info.mailDomain);
    const filed = [...benchMessages(FILED.length * 12, `${user.name}@${info.mailDomain}`, new Date(), 7)]
      .map((m, i) => ({ ...m, mailbox: FILED[i % FILED.length]! }));
    await seedMailbox(client, filed, FOLDERS);
    const status = await client.status('INBOX', { messages: true });
    const exists = status ? status.messages : undefined;
    if (exists !== size) throw new Error(`seeding ${user.name}: INBOX has ${exists} messages, expected ${size}`);
  } finally {
    await client.logout().catch(() => client.close());
  }
  return { size, ms: Date.now() - began, bytes };
}
