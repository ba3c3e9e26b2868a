// A test account holding the whole demo mailbox (sandbox/demo-mail.ts), for tests that check the pages against
// known, realistic mail.
import { randomBytes } from 'node:crypto';
import { addUserToPasswdFile } from '../../sandbox/sandbox.ts';
import { seedDemoAccount } from '../../sandbox/seed.ts';
import { newUser, sandbox, type TestUser } from './env.ts';

/**
 * `name`: exactly this login, as `npm run demo` has ("demo"), for pictures that show the account's name; only one
 * test file of a run may take a given name. Without it, a fresh name of its own like every test account.
 */
export async function demoUser(opts: { name?: string } = {}): Promise<TestUser> {
  const info = await sandbox();
  let user: TestUser;
  if (opts.name) {
    user = { name: opts.name, password: `pw-${randomBytes(9).toString('base64url')}`, address: `${opts.name}@${info.mailDomain}` };
    await addUserToPasswdFile(info, user.name, user.password);
  } else {
    user = await newUser('demo');
  }
  await seedDemoAccount({ host: info.host, port: info.imapPort, secure: false, caFile: info.caFile, user: user.name, password: user.password, domain: info.mailDomain });
  return user;
}
