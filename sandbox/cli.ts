// Manual debugging entry:
//   node sandbox/cli.ts start --users demo:demo123,alice:pw [--redis] [--no-smtp] [--dir DIR]
//     prints sandbox.json and keeps the servers up until Ctrl-C
//   node sandbox/cli.ts add-user DIR_OR_SANDBOX_JSON name:password
//   node sandbox/cli.ts cyrus|courier [--users name:password,...] [--dir DIR]
//     a private Cyrus or Courier IMAP (what test/servers/ uses); prints its info and runs until Ctrl-C
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startCourier } from './courier.ts';
import { startCyrus } from './cyrus.ts';
import { addUserToPasswdFile, readSandboxInfo, startSandbox, stopOnSignals } from './sandbox.ts';

const USAGE = `usage:
  node sandbox/cli.ts start --users name:password[,name:password...] [--redis] [--no-smtp] [--dir DIR]
  node sandbox/cli.ts add-user DIR_OR_SANDBOX_JSON name:password
  node sandbox/cli.ts cyrus|courier [--users name:password[,name:password...]] [--dir DIR]`;

function parseUser(spec: string): { name: string; password: string } {
  const colon = spec.indexOf(':');
  if (colon <= 0) throw new Error(`expected name:password, got ${JSON.stringify(spec)}`);
  return { name: spec.slice(0, colon), password: spec.slice(colon + 1) };
}

async function start(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      users: { type: 'string', default: 'demo:demo123' },
      redis: { type: 'boolean', default: false },
      'no-smtp': { type: 'boolean', default: false },
      dir: { type: 'string' },
    },
  });
  const sandbox = await startSandbox({
    dir: values.dir,
    users: values.users.split(',').filter(Boolean).map(parseUser),
    smtp: !values['no-smtp'],
    redis: values.redis,
    log: (line) => console.error(line),
  });
  stopOnSignals(sandbox);
  console.log(fs.readFileSync(path.join(sandbox.dir, 'sandbox.json'), 'utf8').trimEnd());
  console.error('sandbox: running; Ctrl-C stops it');
  // The servers are unref'd children; this timer is what keeps the CLI alive until the signal.
  setInterval(() => {}, 60_000);
}

async function addUser(args: string[]): Promise<void> {
  const [where, spec] = args;
  if (!where || !spec) throw new Error(USAGE);
  const file = where.endsWith('.json') ? where : path.join(where, 'sandbox.json');
  const user = parseUser(spec);
  await addUserToPasswdFile(readSandboxInfo(file), user.name, user.password);
  console.error(`sandbox: added ${user.name}`);
}

async function other(kind: 'cyrus' | 'courier', args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { users: { type: 'string', default: 'demo:demo123' }, dir: { type: 'string' } } });
  const server = await (kind === 'cyrus' ? startCyrus : startCourier)({ dir: values.dir, log: (line) => console.error(line) });
  stopOnSignals(server);
  for (const user of values.users.split(',').filter(Boolean).map(parseUser)) await server.addUser(user.name, user.password);
  console.log(JSON.stringify(server.info, null, 2));
  console.error(`${kind}: running; Ctrl-C stops it`);
  setInterval(() => {}, 60_000);
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'start') await start(rest);
  else if (command === 'add-user') await addUser(rest);
  else if (command === 'cyrus' || command === 'courier') await other(command, rest);
  else throw new Error(USAGE);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
