// Direct IMAP access for arranging and checking test state, outside Postern.
import { ImapFlow } from 'imapflow';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { readFileSync } from 'node:fs';
import type { TestUser } from './env.ts';

export async function withImap<T>(info: SandboxInfo, user: TestUser, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: '127.0.0.1', port: info.imapPort, secure: false, doSTARTTLS: true,
    tls: { ca: readFileSync(info.caFile) }, auth: { user: user.name, pass: user.password }, logger: false,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** APPENDs raw messages (CRLF) and returns their UIDs in order. */
export async function appendAll(info: SandboxInfo, user: TestUser, mailbox: string, raws: (string | Buffer)[], flags: string[] = []): Promise<number[]> {
  return withImap(info, user, async (client) => {
    const uids: number[] = [];
    for (const raw of raws) {
      const res = await client.append(mailbox, raw, flags);
      if (!res || !res.uid) throw new Error('APPEND returned no UID (UIDPLUS missing?)');
      uids.push(res.uid);
    }
    return uids;
  });
}

export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

interface RawExec {
  exec(command: string, attributes: unknown[], options: { untagged: Record<string, (u: { attributes: { value?: unknown }[] | { value?: unknown }[][] }) => Promise<void>> }): Promise<{ next(): void }>;
}

/**
 * The subscription list as the server keeps it: `LIST (SUBSCRIBED) "" "*"` (RFC 5258), name -> attributes. Unlike
 * imapflow's list(), it shows subscriptions to names that no longer exist (they carry \NonExistent). ASCII names
 * only: nothing here decodes modified UTF-7.
 */
export async function subscriptionList(info: SandboxInfo, user: TestUser): Promise<Map<string, string[]>> {
  return withImap(info, user, async (client) => {
    const found = new Map<string, string[]>();
    const res = await (client as unknown as RawExec).exec('LIST', [[{ type: 'ATOM', value: 'SUBSCRIBED' }], { type: 'STRING', value: '' }, { type: 'STRING', value: '*' }], {
      untagged: {
        LIST: async ({ attributes }) => {
          const flags = (attributes[0] as { value?: unknown }[]).map((f) => String(f.value));
          found.set(String((attributes[2] as { value?: unknown }).value), flags);
        },
      },
    });
    res.next();
    return found;
  });
}
