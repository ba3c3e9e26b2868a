// `npm test`: type-check, start the sandbox mail servers (Dovecot, Postfix, Redis) once on free loopback ports,
// run every test file with node:test against them, and stop them whatever happens: failure, Ctrl-C or SIGTERM.
// Extra arguments select test files: `npm test -- test/http/login.test.ts`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startSandbox, stopOnSignals } from '../sandbox/sandbox.ts';

const root = path.join(import.meta.dirname, '..');
const started = Date.now();
const files = process.argv.slice(2);

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.once('error', () => resolve(127));
  });
}

const node = process.execPath;
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
console.log('typecheck: tsc --noEmit');
if (await run(node, [tsc, '--noEmit', '-p', root]) !== 0) {
  console.error('typecheck failed: fix the type errors above first');
  process.exit(1);
}

const sandbox = await startSandbox({ users: [], smtp: true, redis: true, log: (line) => console.log(`sandbox: ${line}`) });
stopOnSignals(sandbox);
console.log(`sandbox: imap ${sandbox.imapPort}, imaps ${sandbox.imapsPort}, pop3 ${sandbox.pop3Port}, pop3s ${sandbox.pop3sPort}, submission ${sandbox.submissionPort}, redis ${sandbox.redisPort}`);

let code = 1;
try {
  code = await run(node, [
    '--test',
    '--test-reporter=spec',
    '--test-concurrency=2',
    '--test-timeout=180000',
    ...(files.length ? files : ['test/**/*.test.ts']),
  ], { ...process.env, POSTERN_TEST_SANDBOX: path.join(sandbox.dir, 'sandbox.json') });
} finally {
  await sandbox.stop();
}
console.log(`npm test: ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(code);
