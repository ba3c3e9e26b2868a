// `npm run demo`: a sandbox mail server on loopback with a seeded demo account, and Postern (src/main.ts, the
// same entry point as `npm start`) pointed at it. Prints the URL and the login; Ctrl-C stops everything. A second
// mailbox, reachable over POP3, stands for the user's "other account" at an old provider (issue 11).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pickFreePorts } from '../sandbox/ports.ts';
import { startSandbox, stopOnSignals } from '../sandbox/sandbox.ts';
import { seedDemoAccount } from '../sandbox/seed.ts';

const root = path.join(import.meta.dirname, '..');
const user = 'demo';
const password = `demo-${randomBytes(6).toString('base64url')}`;
const pop3User = 'oldisp';
const pop3Password = `pop-${randomBytes(6).toString('base64url')}`;

console.log('demo: starting the sandbox mail servers (Dovecot IMAP and POP3, Postfix submission)');
const sandbox = await startSandbox({
  users: [{ name: user, password }, { name: pop3User, password: pop3Password }],
  smtp: true,
  log: (line) => console.log(`demo: ${line}`),
});
let postern: ReturnType<typeof spawn> | undefined;
stopOnSignals(sandbox, () => new Promise<void>((resolve) => {
  if (!postern || postern.exitCode !== null) return resolve();
  postern.once('exit', () => resolve());
  postern.kill('SIGTERM');
}));

console.log('demo: seeding the demo mailbox');
const seeded = await seedDemoAccount({
  host: sandbox.host, port: sandbox.imapPort, secure: false, caFile: sandbox.caFile,
  user, password, domain: sandbox.mailDomain,
});
const pop3Seeded = await seedDemoAccount({
  host: sandbox.host, port: sandbox.imapPort, secure: false, caFile: sandbox.caFile,
  user: pop3User, password: pop3Password, domain: sandbox.mailDomain, pop3: true,
});
console.log(`demo: ${seeded.appended} messages seeded, and ${pop3Seeded.appended} in the POP3 mailbox`);

const port = process.env.PORT ?? String((await pickFreePorts(1))[0]);
postern = spawn(process.execPath, [path.join(root, 'src', 'main.ts')], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: {
    ...process.env,
    IMAP_URL: `imap://127.0.0.1:${sandbox.imapPort}`,
    SMTP_URL: `smtp://127.0.0.1:${sandbox.submissionPort}`,
    TLS_CA_FILE: sandbox.caFile,
    MAIL_DOMAIN: sandbox.mailDomain,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    PORT: port,
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The demo's POP3 mailbox is on loopback, which fetching refuses by default (users type the host).
    POP3_ALLOW_PRIVATE_HOSTS: '1',
  },
});
postern.once('exit', async (code) => {
  console.log(`demo: postern exited (${code ?? 'signal'}); stopping the sandbox`);
  await sandbox.stop();
  process.exit(code ?? 1);
});
for await (const line of createInterface({ input: postern.stdout! })) {
  console.log(line);
  if (line.startsWith('postern: listening on')) {
    console.log(`\nPostern demo is ready.\nurl: http://127.0.0.1:${port}/\nuser: ${user}\npassword: ${password}`);
    // The other account: STLS on the first port, implicit TLS on pop3s (the sandbox's self-signed certificate).
    console.log(`pop3: 127.0.0.1:${sandbox.pop3Port} ${pop3User} ${pop3Password}\npop3s: 127.0.0.1:${sandbox.pop3sPort}\n\nPress Ctrl-C to stop.`);
  }
}
