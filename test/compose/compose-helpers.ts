// Shared steps of the compose tests: posting the multipart form as a browser does, and reading what arrived
// straight from IMAP (outside Postern) to check the bytes.
import { after, before } from 'node:test';
import type supertest from 'supertest';
import type { FetchMessageObject } from 'imapflow';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { withImap } from '../helpers/imap.ts';
import { buildApp, csrfFrom, signIn, type TestApp } from '../helpers/app.ts';

export type Agent = ReturnType<typeof supertest.agent>;

export interface ComposeSuite<N extends readonly string[]> {
  info: SandboxInfo;
  t: TestApp;
  /** one fresh user per prefix given, in that order */
  users: { [K in keyof N]: TestUser };
  /** supertest, signed in as the first user with their address as login */
  agent: Agent;
}

/**
 * The set-up of a compose test file without a browser: fresh users, Postern in-process, supertest signed in as
 * the first user, all closed after the file. Call it inside describe(); the before hook fills the object in.
 */
export function composeSuite<const N extends readonly string[]>(prefixes: N): ComposeSuite<N> {
  const suite = {} as ComposeSuite<N>;
  before(async () => {
    suite.info = await sandbox();
    suite.t = buildApp(suite.info);
    suite.users = await Promise.all(prefixes.map((p) => newUser(p))) as ComposeSuite<N>['users'];
    suite.agent = await signIn(suite.t.app, asAddressLogin(suite.users[0]!));
  });
  after(() => suite.t?.close());
  return suite;
}

export interface Upload {
  name: string;
  type: string;
  bytes: Buffer;
}

/** POST /compose as multipart/form-data, `_csrf` first like the form; arrays become repeated fields. */
export function postCompose(agent: Agent, fields: Record<string, string | string[] | undefined>, files: Upload[] = []) {
  let req = agent.post('/compose');
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) req = req.field(name, v);
  }
  for (const f of files) req = req.attach('attachments', f.bytes, { filename: f.name, contentType: f.type });
  return req;
}

/** The hidden and visible fields of a compose page, as a browser would submit them (checked `keep` boxes only). */
export function formFields(html: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = { _csrf: csrfFrom(html) };
  for (const m of html.matchAll(/<input type="hidden" name="(draft|origMailbox|origUid|mode|confirmNoSubject|list|signedAs)" value="([^"]*)">/g)) out[m[1]!] = unescape(m[2]!);
  const identity = /<option value="([a-z0-9]+)"[^>]* selected>/.exec(html)?.[1];
  if (identity) out.identity = identity;
  for (const m of html.matchAll(/<input id="(to|cc|bcc|subject|fromName|fromAddress)" name="\1" type="text"[^>]* value="([^"]*)"/g)) out[m[1]!] = unescape(m[2]!);
  const body = /<textarea id="body" name="body"[^>]*>\n?([\s\S]*?)<\/textarea>/.exec(html)?.[1];
  if (body !== undefined) out.body = unescape(body);
  out.keep = [...html.matchAll(/name="keep" value="([^"]+)" checked/g)].map((m) => m[1]!);
  return out;
}

export function unescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

export interface Stored {
  uid: number;
  source: Buffer;
  flags: Set<string>;
  msg: FetchMessageObject;
}

/** All messages of a folder with their full source. */
export async function messagesIn(info: SandboxInfo, user: TestUser, mailbox: string): Promise<Stored[]> {
  return withImap(info, user, async (client) => {
    const lock = await client.getMailboxLock(mailbox);
    try {
      const out: Stored[] = [];
      if (!client.mailbox || client.mailbox.exists === 0) return out;
      for await (const msg of client.fetch('1:*', { uid: true, flags: true, source: true, envelope: true, bodyStructure: true })) {
        out.push({ uid: msg.uid, source: msg.source!, flags: msg.flags ?? new Set(), msg });
      }
      return out;
    } finally {
      lock.release();
    }
  });
}

/** Waits for delivery (Postfix -> LMTP is asynchronous) of a message whose Subject matches. */
export async function waitForMessage(info: SandboxInfo, user: TestUser, subject: RegExp, timeoutMs = 15_000, also: (m: Stored) => boolean = () => true): Promise<Stored> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await messagesIn(info, user, 'INBOX')).find((m) => subject.test(m.msg.envelope?.subject ?? '') && also(m));
    if (found) return found;
    if (Date.now() > until) throw new Error(`no message matching ${subject} arrived for ${user.name}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The decoded bytes of one part, fetched directly from IMAP. */
export async function partBytes(info: SandboxInfo, user: TestUser, mailbox: string, uid: number, part: string): Promise<Buffer> {
  return withImap(info, user, async (client) => {
    const lock = await client.getMailboxLock(mailbox);
    try {
      const { content } = await client.download(String(uid), part, { uid: true, decodeText: false });
      const chunks: Buffer[] = [];
      for await (const c of content ?? []) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    } finally {
      lock.release();
    }
  });
}

/** The header block of a raw message, unfolded, as "name: value" lines. */
export function headerLines(source: Buffer): string[] {
  const text = source.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  return text.slice(0, end).replace(/\r\n[ \t]+/g, ' ').split('\r\n');
}

export function header(source: Buffer, name: string): string | undefined {
  const prefix = `${name.toLowerCase()}:`;
  return headerLines(source).find((l) => l.toLowerCase().startsWith(prefix))?.slice(prefix.length).trim();
}

/** Signs in with the full address as the login, the way hosted mail does: the From address is then known. */
export function asAddressLogin(user: TestUser): TestUser {
  return { ...user, name: user.address };
}
