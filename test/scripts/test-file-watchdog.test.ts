// The per-file deadline of `npm test`: a test file that spins synchronously (which node:test's own timeout cannot
// stop) is killed and reported as failed, and the files beside it still run to their end.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { watchTestFiles } from '../../scripts/test-file-watchdog.ts';

describe('watchTestFiles', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'postern-watchdog-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('kills a spinning test file past its limit and lets a quick one pass', async () => {
    const spinning = path.join(dir, 'spins.test.ts');
    const quick = path.join(dir, 'quick.test.ts');
    writeFileSync(spinning, "import { it } from 'node:test';\nit('spins', () => { for (;;) {} });\n");
    writeFileSync(quick, "import { it } from 'node:test';\nit('passes', () => {});\n");
    const lines: string[] = [];
    const began = Date.now();
    // A run of its own, not a subtest of this one: node:test marks its children with NODE_TEST_CONTEXT.
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const runner = spawn(process.execPath, ['--test', '--test-reporter=tap', '--test-concurrency=2', spinning, quick], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    runner.stdout.on('data', (chunk: Buffer) => (out += chunk));
    const watchdog = watchTestFiles(runner.pid!, 2, (line) => lines.push(line), 200);
    const code = await new Promise<number | null>((resolve) => runner.once('exit', (c) => resolve(c)));
    watchdog.stop();
    assert.notEqual(code, 0, 'the runner reports the killed file as failed');
    assert.ok(Date.now() - began < 30_000, `the run ended ${Date.now() - began} ms after it began`);
    assert.deepEqual(watchdog.killed.map((k) => k.file), [spinning]);
    assert.ok(watchdog.killed[0]!.seconds >= 2);
    assert.match(lines.join('\n'), /killed .*spins\.test\.ts after \d+ s/);
    assert.match(out, /^ok \d+ - .*quick\.test\.ts|^# pass 1$/m, 'the quick file passed');
  });
});
