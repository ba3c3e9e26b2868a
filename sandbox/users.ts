// Sandbox users are lines of Dovecot's passwd-file. Dovecot rereads the file when its size or mtime changed,
// so appending a line is all it takes to add a user while the servers run; Postfix asks Dovecot for SMTP AUTH,
// so the same line makes the user able to send.
import fs from 'node:fs';
import path from 'node:path';
import { groupId, userId } from './system-users.ts';

// ':' separates passwd-file fields and a newline ends the line; the name also becomes a directory.
const NAME = /^[a-z0-9][a-z0-9._-]*$/;

export function checkUserName(name: string): void {
  if (!NAME.test(name)) throw new Error(`sandbox: user name ${JSON.stringify(name)} must match ${NAME}`);
}

export function passwdLine(homeDir: string, name: string, password: string): string {
  checkUserName(name);
  if (/[:\r\n]/.test(password) || password === '') {
    throw new Error(`sandbox: password for ${name} must be non-empty, without ':' or line breaks`);
  }
  // Mail must belong to an unprivileged account: Dovecot refuses to store mail as root.
  const uid = userId('nobody');
  const gid = groupId('nogroup');
  return `${name}:{PLAIN}${password}:${uid}:${gid}::${path.join(homeDir, name)}::\n`;
}

/**
 * Creates the user's INBOX (Maildir cur/new/tmp) up front, owned by the mail uid. Left to Dovecot, a new user's
 * INBOX is created by whichever connection touches it first, and two at once (an LMTP delivery and an IMAP
 * login) can collide: one of them gets "NO [ALREADYEXISTS]" on SELECT INBOX.
 */
export function prepareMailbox(homeDir: string, name: string): void {
  const uid = userId('nobody');
  const gid = groupId('nogroup');
  const home = path.join(homeDir, name);
  for (const dir of [home, path.join(home, 'Maildir'), ...['cur', 'new', 'tmp'].map((d) => path.join(home, 'Maildir', d))]) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chownSync(dir, uid, gid);
  }
}

export function writePasswdFile(passwdFile: string, homeDir: string, users: { name: string; password: string }[]): void {
  const lines = users.map((user) => passwdLine(homeDir, user.name, user.password));
  for (const user of users) prepareMailbox(homeDir, user.name);
  // Readable by Dovecot's auth worker, which runs as the unprivileged dovecot user.
  fs.writeFileSync(passwdFile, lines.join(''), { mode: 0o644 });
}

export async function appendUser(passwdFile: string, homeDir: string, name: string, password: string): Promise<void> {
  const current = await fs.promises.readFile(passwdFile, 'utf8');
  if (current.split('\n').some((line) => line.startsWith(`${name}:`))) {
    throw new Error(`sandbox: user ${name} exists already`);
  }
  prepareMailbox(homeDir, name);
  // One write() of a short line in append mode: safe even if two processes add users at once.
  await fs.promises.appendFile(passwdFile, passwdLine(homeDir, name, password));
  // Dovecot checks the file at most once per second of its clock (passwd-file.c: last_sync_time ==
  // ioloop_time), so a login in the second of an earlier lookup would not find the new user (observed: 9
  // of 10 immediate logins refused). From the next second on it rereads; the margin covers timer slack.
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
}
