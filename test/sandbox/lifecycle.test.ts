// How sandbox servers end with their owner: Ctrl-C through stopOnSignals, a SIGKILLed owner through the
// watchdog, and a failed start that explains itself.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { groupMembers } from '../../sandbox/daemons.ts';
import { isPortClosed } from '../../sandbox/ports.ts';
import { startSandbox, type SandboxInfo } from '../../sandbox/sandbox.ts';
import { isAlive } from './process-state.ts';

const CLI = path.join(import.meta.dirname, '../../sandbox/cli.ts');

interface Owner {
  child: ChildProcess;
  info: SandboxInfo;
  pids: number[];
  ports: number[];
}

// The CLI prints sandbox.json on stdout once everything is up.
async function startOwner(): Promise<Owner> {
  const child = spawn(process.execPath, [CLI, 'start', '--users', 'erin:pw', '--redis'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk) => (err += chunk));
  const info = await new Promise<SandboxInfo>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.trimEnd().endsWith('}')) resolve(JSON.parse(out) as SandboxInfo);
    });
    child.once('exit', (code) => reject(new Error(`cli exited ${code}: ${err}`)));
  });
  const groups = fs.readFileSync(path.join(info.dir, 'watchdog.groups'), 'utf8').trim().split(/\s+/).map(Number);
  const pids = groups.flatMap(groupMembers);
  const ports = [info.imapPort, info.imapsPort, info.lmtpPort, info.pop3Port, info.pop3sPort, info.submissionPort!, info.redisPort!];
  return { child, info, pids, ports };
}

async function waitUntil(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}


async function allGone(owner: Owner): Promise<boolean> {
  if (owner.pids.some(isAlive) || fs.existsSync(owner.info.dir)) return false;
  for (const port of owner.ports) if (!(await isPortClosed(port))) return false;
  return true;
}

describe('sandbox lifecycle', () => {
  it('stops every server and exits 130 when the owner gets SIGINT', async () => {
    const owner = await startOwner();
    assert.ok(owner.pids.length >= 4, `found ${owner.pids}`);
    const exited = new Promise<number | null>((resolve) => owner.child.once('exit', (code) => resolve(code)));
    owner.child.kill('SIGINT');
    assert.equal(await exited, 130);
    // stop() ran before exit, so nothing may linger even briefly.
    assert.equal(await allGone(owner), true);
  });

  it('kills every server within seconds when the owner is SIGKILLed', async () => {
    const owner = await startOwner();
    owner.child.kill('SIGKILL');
    assert.equal(await waitUntil(() => allGone(owner), 5000), true, `left: ${owner.pids.filter(isAlive)}`);
  });

  it('fails with the end of the server log when Dovecot cannot start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postern-sandbox-test-'));
    const first = await startSandbox({ dir, users: [], smtp: false });
    try {
      // A second instance in the same dir finds the first one's master.pid.
      await assert.rejects(startSandbox({ dir, users: [], smtp: false }), /Dovecot did not start[\s\S]*already running/);
    } finally {
      await first.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
