// The set-up every Chromium test file of compose repeats: fresh users, Postern in-process, Chromium listening to it,
// all closed after the file. Call it inside describe(): it registers the before/after hooks and returns an object
// the before hook fills in, for the tests to read.
import { after, before } from 'node:test';
import { buildApp, signIn, tokenOf, type TestApp } from './app.ts';
import { launch, type BrowserRun } from './browser.ts';
import { newUser, sandbox, type TestUser } from './env.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';

export interface BrowserSuite<N extends readonly string[]> {
  info: SandboxInfo;
  t: TestApp;
  run: BrowserRun;
  /** one fresh user per prefix given, in that order */
  users: { [K in keyof N]: TestUser };
}

export interface SuiteOptions<N extends readonly string[]> {
  /** environment overrides for the app (buildApp) */
  env?: Record<string, string>;
  /** run after the users and the app exist, before Chromium starts: settings, identities, messages */
  setUp?: (suite: Omit<BrowserSuite<N>, 'run'>) => Promise<void>;
}

export function browserSuite<const N extends readonly string[]>(prefixes: N, opts: SuiteOptions<N> = {}): BrowserSuite<N> {
  const suite = {} as BrowserSuite<N>;
  before(async () => {
    suite.info = await sandbox();
    suite.t = buildApp(suite.info, opts.env);
    suite.users = await Promise.all(prefixes.map((p) => newUser(p))) as BrowserSuite<N>['users'];
    await opts.setUp?.(suite);
    suite.run = await launch(suite.t);
  });
  after(async () => {
    await suite.run?.close();
    await suite.t?.close();
  });
  return suite;
}

/** Sets a user's compose format (Settings, "Compose messages in"), signed in as `user` with supertest. */
export async function setComposeFormat(t: TestApp, user: TestUser, composeFormat: 'html' | 'text'): Promise<void> {
  const agent = await signIn(t.app, user);
  await agent.post('/settings').type('form').send({
    _csrf: await tokenOf(agent, '/settings'), timeZone: '', language: '', theme: 'system', pageSize: '', remoteImageSenders: '', composeFormat,
  }).expect(303);
}
