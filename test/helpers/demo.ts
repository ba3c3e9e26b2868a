// A test account holding the whole demo mailbox (sandbox/demo-mail.ts), for tests that check the pages against
// known, realistic mail.
import { seedDemoAccount } from '../../sandbox/seed.ts';
import { newUser, sandbox, type TestUser } from './env.ts';

export async function demoUser(): Promise<TestUser> {
  const info = await sandbox();
  const user = await newUser('demo');
  await seedDemoAccount({ host: info.host, port: info.imapPort, secure: false, caFile: info.caFile, user: user.name, password: user.password, domain: info.mailDomain });
  return user;
}
