// Steps shared by the tests of other accounts: the add and edit forms as a browser posts them, what the accounts
// page shows, the stored list read raw from the IMAP server, and waiting (under a deadline) for background fetches.
import type { Express } from 'express';
import supertest from 'supertest';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { getMetadata } from '../../src/mail/private-storage/metadata.ts';
import { entryName } from '../../src/settings/metadata-entries.ts';
import { csrfFrom } from '../helpers/app.ts';
import type { TestUser } from '../helpers/env.ts';
import { withImap } from '../helpers/imap.ts';

type Agent = ReturnType<typeof supertest.agent>;

/**
 * Signs in through the real form, like helpers/app.ts signIn, and also returns the session id (the schedule of
 * other accounts is kept per session): express-session's cookie is "s:<id>.<signature>".
 */
export async function signInWithId(app: Express, user: TestUser): Promise<{ agent: Agent; sid: string; cookies: string }> {
  const agent = supertest.agent(app);
  const form = await agent.get('/login').expect(200);
  const res = await agent.post('/login').type('form')
    .send({ _csrf: csrfFrom(form.text), username: user.name, password: user.password })
    .expect(303);
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const sid = /^postern\.sid=s%3A([^.;]+)\./.exec(set.find((c) => c.startsWith('postern.sid=')) ?? '')?.[1];
  if (!sid) throw new Error('no session cookie after sign-in');
  // Both cookies, for another instance that shares the session store.
  const cookies = set.filter((c) => /^postern\.(sid|key)=/.test(c)).map((c) => c.split(';')[0]).join('; ');
  return { agent, sid: decodeURIComponent(sid), cookies };
}

/** The form's fields for the sandbox's POP3 server (STLS on its POP3 port), fetched automatically into a folder. */
export function accountForm(info: SandboxInfo, source: TestUser, fields: Record<string, string> = {}): Record<string, string> {
  return {
    name: '', host: '127.0.0.1', port: String(info.pop3Port), security: 'starttls', user: source.name, password: source.password,
    mode: 'keep', target: 'folder', auto: '1', ...fields,
  };
}

export async function postAdd(agent: Agent, fields: Record<string, string>) {
  const form = await agent.get('/settings/accounts/new').expect(200);
  const body = Object.fromEntries(Object.entries({ _csrf: csrfFrom(form.text), ...fields }).filter(([k, v]) => !(k === 'auto' && v !== '1')));
  return agent.post('/settings/accounts').type('form').send(body);
}

export async function postEdit(agent: Agent, id: string, fields: Record<string, string>) {
  const form = await agent.get(`/settings/accounts/${id}`).expect(200);
  const body = Object.fromEntries(Object.entries({ _csrf: csrfFrom(form.text), ...fields }).filter(([k, v]) => !(k === 'auto' && v !== '1')));
  return agent.post(`/settings/accounts/${id}`).type('form').send(body);
}

/** POST to an account's action (test, fetch, delete) with the list page's token; returns the response. */
export async function postAction(agent: Agent, id: string, action: 'test' | 'fetch' | 'delete') {
  const page = await agent.get('/settings/accounts').expect(200);
  return agent.post(`/settings/accounts/${id}/${action}`).type('form').send({ _csrf: csrfFrom(page.text) });
}

/** The response, which must be a redirect (a POST that worked): its page is the message otherwise. */
export async function redirected(response: Promise<{ status: number; text: string; headers: Record<string, string> }>) {
  const res = await response;
  if (res.status !== 303) throw new Error(`expected 303, got ${res.status}: ${res.text.replace(/\s+/g, ' ').slice(0, 400)}`);
  return res;
}

/** The ids of the accounts the list page shows, in order. */
export function shownIds(html: string): string[] {
  return [...html.matchAll(/data-account="([a-z0-9]+)"/g)].map((m) => m[1]!);
}

/** The flash messages of a page, as text. */
export function flashes(html: string): string[] {
  return [...html.matchAll(/<p class="flash (?:info|error)" role="status">([^<]*)<\/p>/g)].map((m) => m[1]!.replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
}

/** The pop3-accounts document as the IMAP server keeps it (METADATA), without Postern in between. */
export async function storedListRaw(info: SandboxInfo, user: TestUser): Promise<string | undefined> {
  return withImap(info, user, async (client) => {
    const read = await getMetadata(client as never, [entryName('pop3-accounts')], 1 << 20);
    return read.values.get(entryName('pop3-accounts'));
  });
}

/** Polls `check` until it returns a value (not undefined) or the deadline passes: a hang guard, not a timing claim. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, deadlineMs = 30_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
