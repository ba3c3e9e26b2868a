// Fills an IMAP account with the demo corpus. Works against any server: the delimiter, the
// namespace prefix and the special-use folders come from the server (LIST, NAMESPACE), with
// well-known names as the fallback for servers without SPECIAL-USE (Courier).
import { readFileSync } from 'node:fs';
import { ImapFlow, type ListResponse } from 'imapflow';
import { demoContext } from './demo/context.ts';
import { pop3DemoMessages } from './demo/pop3.ts';
import { DEMO_FOLDERS, demoMessages, type DemoMessage } from './demo-mail.ts';

// RFC 6154 attributes, and the names mailers give these folders when the server flags none.
const SPECIAL_USE: Record<string, { flag: string; names: string[] }> = {
  Sent: { flag: '\\sent', names: ['sent', 'sent items', 'sent messages', 'sent mail'] },
  Drafts: { flag: '\\drafts', names: ['drafts', 'draft'] },
  Junk: { flag: '\\junk', names: ['junk', 'spam', 'junk e-mail', 'bulk mail'] },
  Trash: { flag: '\\trash', names: ['trash', 'deleted items', 'deleted messages', 'bin'] },
  Archive: { flag: '\\archive', names: ['archive', 'archives'] },
};

export async function seedMailbox(client: ImapFlow, messages: DemoMessage[], folders: string[][]): Promise<{ appended: number }> {
  const listed = await client.list();
  const existing = new Set(listed.map((box) => box.path));
  const prefix = client.namespace?.prefix ?? '';
  const delimiter = client.namespace?.delimiter ?? listed.find((box) => box.delimiter)?.delimiter ?? '/';
  const pathOf = (segments: string[]) => prefix + segments.join(delimiter);

  // Special-use folders: the server's own, else created under their usual name.
  const special = new Map<string, string>();
  for (const [kind, { flag, names }] of Object.entries(SPECIAL_USE)) {
    const found = findSpecial(listed, flag, names, prefix);
    if (found) {
      special.set(kind, found.path);
    } else if (messages.some((m) => isSpecial(m.mailbox, kind))) {
      special.set(kind, (await client.mailboxCreate([kind])).path);
    }
  }

  // User folders, parents first: servers differ on whether CREATE makes missing parents.
  const wanted = [...folders, ...messages.map((m) => m.mailbox).filter((box) => !isInbox(box) && !Object.hasOwn(SPECIAL_USE, onlySegment(box)))];
  const withParents = wanted.flatMap((box) => box.map((_, i) => box.slice(0, i + 1)));
  const unique = [...new Map(withParents.map((box) => [pathOf(box), box])).values()].sort((a, b) => a.length - b.length);
  for (const box of unique) {
    if (!existing.has(pathOf(box))) await client.mailboxCreate(box);
  }

  const target = (box: string[]): string => (isInbox(box) ? 'INBOX' : (special.get(onlySegment(box)) ?? pathOf(box)));
  const byFolder = new Map<string, DemoMessage[]>();
  for (const message of messages) {
    const path = target(message.mailbox);
    const group = byFolder.get(path) ?? [];
    group.push(message);
    byFolder.set(path, group);
  }
  let appended = 0;
  for (const [path, group] of byFolder) {
    // Oldest first, so UIDs and sequence numbers rise with the date as for delivered mail.
    group.sort((a, b) => a.date.getTime() - b.date.getTime());
    for (let i = 0; i < group.length; i += BATCH) {
      await appendBatch(client, path, group.slice(i, i + BATCH));
      appended += Math.min(BATCH, group.length - i);
    }
  }
  return { appended };
}

export async function seedDemoAccount(opts: {
  host: string;
  port: number;
  secure: boolean;
  caFile?: string;
  user: string;
  password: string;
  domain: string;
  bulk?: number;
  /** the POP3 demo account (sandbox/demo/pop3.ts) instead of the main demo mailbox */
  pop3?: boolean;
}): Promise<{ appended: number }> {
  const messages = opts.pop3
    ? await pop3DemoMessages(demoContext('pop3', { user: opts.user, domain: opts.domain, now: new Date() }))
    : await demoMessages({ user: opts.user, domain: opts.domain, ...(opts.bulk !== undefined ? { bulk: opts.bulk } : {}) });
  const client = new ImapFlow({
    host: opts.host,
    port: opts.port,
    secure: opts.secure,
    // Never send the password in clear: without implicit TLS, STARTTLS is required.
    ...(opts.secure ? {} : { doSTARTTLS: true }),
    ...(opts.caFile ? { tls: { ca: readFileSync(opts.caFile) } } : {}),
    auth: { user: opts.user, pass: opts.password },
    logger: false,
  });
  await client.connect();
  try {
    return await seedMailbox(client, messages, opts.pop3 ? [] : DEMO_FOLDERS);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

// imapflow keeps one command in flight, so concurrent append() calls only queue: 450 messages
// took 1.5 s to Dovecot here either way. MULTIAPPEND (RFC 3502) stores a whole batch with one
// command and one server transaction: about 2,000 messages/s instead of 330. imapflow has no
// public call for it, so this uses its exec() and falls back to append() one by one when that,
// the capability, or a plain-ASCII folder name (no modified UTF-7 to encode) is missing.
const BATCH = 50;

type Exec = (command: string, attributes: unknown[]) => Promise<{ next(): void }>;

async function appendBatch(client: ImapFlow, path: string, batch: DemoMessage[]): Promise<void> {
  const exec = (client as unknown as { exec?: Exec }).exec;
  if (batch.length > 1 && typeof exec === 'function' && client.capabilities.has('MULTIAPPEND') && /^[\x20-\x25\x27-\x7e]+$/.test(path)) {
    const attributes: unknown[] = [{ type: 'STRING', value: path }];
    for (const m of batch) {
      attributes.push(m.flags.map((flag) => ({ type: 'ATOM', value: flag })), { type: 'STRING', value: imapDate(m.date) }, { type: 'LITERAL', value: m.raw });
    }
    const response = await exec.call(client, 'APPEND', attributes);
    response.next(); // imapflow waits for this before it sends the next command
    return;
  }
  for (const m of batch) {
    if (!(await client.append(path, m.raw, m.flags, m.date))) throw new Error(`APPEND to ${path} was refused`);
  }
}

// RFC 3501 date-time, e.g. "05-Mar-2026 14:03:00 +0000".
function imapDate(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}-${months[date.getUTCMonth()]}-${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

function findSpecial(listed: ListResponse[], flag: string, names: string[], prefix: string): ListResponse | undefined {
  // Cyrus sends the attributes in lower case ("\sent"), so compare case-insensitively.
  const flagged = listed.find((box) => [...box.flags].some((f) => f.toLowerCase() === flag));
  if (flagged) return flagged;
  const hinted = listed.find((box) => box.specialUse?.toLowerCase() === flag);
  if (hinted) return hinted;
  return listed.find((box) => names.includes((box.path.startsWith(prefix) ? box.path.slice(prefix.length) : box.path).toLowerCase()));
}

function isInbox(box: string[]): boolean {
  return box.length === 1 && box[0]?.toUpperCase() === 'INBOX';
}

function isSpecial(box: string[], kind: string): boolean {
  return box.length === 1 && box[0] === kind;
}

function onlySegment(box: string[]): string {
  return box.length === 1 ? (box[0] ?? '') : '';
}
