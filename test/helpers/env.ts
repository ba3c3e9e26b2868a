// The sandbox mail servers a test file talks to. `npm test` (scripts/run-tests.ts) starts one set for the whole
// run and passes its sandbox.json in POSTERN_TEST_SANDBOX; a test file run on its own starts a private set.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after } from 'node:test';
import { addUserToPasswdFile, startSandbox, type Sandbox, type SandboxInfo } from '../../sandbox/sandbox.ts';

let shared: Promise<SandboxInfo> | undefined;
let own: Sandbox | undefined;

// Registered at load time on the file's root test: a hook registered inside a suite's before() would run as soon
// as that hook ends.
after(async () => {
  await own?.stop();
});

export function sandbox(): Promise<SandboxInfo> {
  shared ??= (async () => {
    const file = process.env.POSTERN_TEST_SANDBOX;
    if (file) return JSON.parse(readFileSync(file, 'utf8')) as SandboxInfo;
    own = await startSandbox({ users: [], smtp: true, redis: true });
    return own;
  })();
  return shared;
}

export interface TestUser {
  name: string;
  password: string;
  address: string;
}

/** A fresh account with an empty mailbox, so test files never see each other's mail. */
export async function newUser(prefix = 'u'): Promise<TestUser> {
  const info = await sandbox();
  const name = `${prefix}${randomBytes(5).toString('hex')}`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  await addUserToPasswdFile(info, name, password);
  return { name, password, address: `${name}@${info.mailDomain}` };
}
