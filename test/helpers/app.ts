// Builds Postern in-process against the sandbox servers, as main.ts does against real ones.
import { pino } from 'pino';
import supertest from 'supertest';
import type { Response } from 'superagent';
import type { Express } from 'express';
import { createAccounts, createApp, createRegistry, type AppDeps } from '../../src/app.ts';
import type { Accounts } from '../../src/accounts/accounts.ts';
import { SettingsStore } from '../../src/settings/settings-store.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { SessionRegistry } from '../../src/mail/connection/session-registry.ts';
import { createSmtpSender } from '../../src/compose/smtp-sender.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import type { TestUser } from './env.ts';

export function testConfig(info: SandboxInfo, overrides: Record<string, string> = {}): Config {
  return loadConfig({
    IMAP_URL: `imap://127.0.0.1:${info.imapPort}`,
    SMTP_URL: `smtp://127.0.0.1:${info.submissionPort ?? 1}`,
    TLS_CA_FILE: info.caFile,
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export interface TestApp {
  app: Express;
  config: Config;
  registry: SessionRegistry;
  /** other accounts over POP3 and their schedule */
  accounts: Accounts;
  close(): Promise<void>;
}

export interface BuildOptions {
  /** how often automatic POP3 accounts are fetched (POP3_FETCH_MINUTES counts whole minutes) */
  fetchIntervalMs?: number;
}

export function buildApp(info: SandboxInfo, overrides: Record<string, string> = {}, deps: Partial<AppDeps> = {}, options: BuildOptions = {}): TestApp {
  const config = testConfig(info, overrides);
  const logger = deps.logger ?? pino({ level: 'silent' });
  const registry = createRegistry(config, logger);
  const sender = createSmtpSender(config.smtp, { tlsCa: config.tlsCa, timeoutMs: config.smtpTimeoutMs });
  const settingsStore = deps.settingsStore ?? new SettingsStore({ mode: config.settingsStore, logger });
  const accounts = deps.accounts ?? createAccounts(config, logger, settingsStore, { ...(options.fetchIntervalMs ? { intervalMs: options.fetchIntervalMs } : {}) });
  const app = createApp({ config, registry, sender, logger, loginFailuresPerWindow: 1000, settingsStore, accounts, ...deps });
  return {
    app, config, registry, accounts,
    close: async () => {
      await accounts.close(5000);
      await registry.closeAll();
    },
  };
}

export function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

/** Signs in through the real form (CSRF token and all) and returns the cookie-keeping agent. */
export async function signIn(app: Express, user: TestUser): Promise<ReturnType<typeof supertest.agent>> {
  const agent = supertest.agent(app);
  const form = await agent.get('/login').expect(200);
  await agent.post('/login').type('form')
    .send({ _csrf: csrfFrom(form.text), username: user.name, password: user.password })
    .expect(303);
  return agent;
}

/** The CSRF token of any page the agent can see. */
export async function tokenOf(agent: ReturnType<typeof supertest.agent>, path = '/mailbox/INBOX'): Promise<string> {
  return csrfFrom((await agent.get(path).expect(200)).text);
}

/** A supertest body parser that keeps the response as raw bytes, whatever its Content-Type. */
export function bytes(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
