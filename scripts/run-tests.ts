// `npm test`: type-check, start the sandbox mail servers (Dovecot, Postfix, Redis) once on free loopback ports,
// run every test file with node:test against them, and stop them whatever happens: failure, Ctrl-C or SIGTERM.
// Extra arguments select test files: `npm test -- test/http/login.test.ts`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startSandbox, stopOnSignals } from '../sandbox/sandbox.ts';
import { watchTestFiles, type Watchdog } from './test-file-watchdog.ts';

const root = path.join(import.meta.dirname, '..');
const started = Date.now();
const files = process.argv.slice(2);

// How long one test file may run before it is killed (the longest takes about a minute on 2 cores).
const fileSeconds = Number(process.env.POSTERN_TEST_FILE_SECONDS) || 240;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, spawned?: (pid: number) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    if (child.pid !== undefined) spawned?.(child.pid);
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
let watchdog: Watchdog | undefined;
try {
  code = await run(node, [
    '--test',
    '--test-reporter=spec',
    '--test-concurrency=2',
    '--test-timeout=180000',
    ...(files.length ? files : ['test/**/*.test.ts']),
  ], { ...process.env, POSTERN_TEST_SANDBOX: path.join(sandbox.dir, 'sandbox.json') }, (pid) => {
    watchdog = watchTestFiles(pid, fileSeconds, (line) => console.error(`run-tests: ${line}`));
  });
} finally {
  watchdog?.stop();
  await sandbox.stop();
}
if (watchdog?.killed.length) {
  code ||= 1;
  console.error(`run-tests: killed for running too long: ${watchdog.killed.map((k) => `${k.file} (${k.seconds} s)`).join(', ')}`);
}
console.log(`npm test: ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(code);
