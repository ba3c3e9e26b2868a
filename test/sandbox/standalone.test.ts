// How the private Cyrus and Courier end with their owner, as the sandbox's servers do: Ctrl-C through
// stopOnSignals, a SIGKILLed owner through the watchdog; and Courier's private /etc/courier stays private.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { groupMembers } from '../../sandbox/daemons.ts';
import { isPortClosed } from '../../sandbox/ports.ts';
import { startCourier } from '../../sandbox/courier.ts';
import type { ImapServerInfo } from '../../sandbox/standalone.ts';
import { isAlive } from './process-state.ts';

const CLI = path.join(import.meta.dirname, '../../sandbox/cli.ts');

interface Owner {
  child: ChildProcess;
  info: ImapServerInfo & { openMetadataPort?: number };
  pids: number[];
}

// The CLI prints the server's info as JSON once it is up.
async function startOwner(kind: 'cyrus' | 'courier'): Promise<Owner> {
  const child = spawn(process.execPath, [CLI, kind, '--users', 'erin:pw'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk) => (err += chunk));
  const info = await new Promise<Owner['info']>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.trimEnd().endsWith('}')) resolve(JSON.parse(out) as Owner['info']);
    });
    child.once('exit', (code) => reject(new Error(`cli exited ${code}: ${err}`)));
  });
  const groups = fs.readFileSync(path.join(info.dir, 'watchdog.groups'), 'utf8').trim().split(/\s+/).map(Number);
  return { child, info, pids: groups.flatMap(groupMembers) };
}

async function allGone(owner: Owner): Promise<boolean> {
  if (owner.pids.some(isAlive) || fs.existsSync(owner.info.dir)) return false;
  for (const port of [owner.info.imapPort, owner.info.openMetadataPort ?? owner.info.imapPort]) if (!(await isPortClosed(port))) return false;
  return true;
}

async function waitUntil(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

for (const kind of ['cyrus', 'courier'] as const) {
  describe(`a private ${kind} and its owner`, () => {
    it('stops every process, frees the ports and removes the dir when the owner gets SIGINT', async () => {
      const owner = await startOwner(kind);
      assert.ok(owner.pids.length >= 2, `found ${owner.pids}`);
      const exited = new Promise<number | null>((resolve) => owner.child.once('exit', (code) => resolve(code)));
      owner.child.kill('SIGINT');
      assert.equal(await exited, 130);
      assert.equal(await allGone(owner), true, `left: ${owner.pids.filter(isAlive)}`);
    });

    it('is killed within seconds when the owner is SIGKILLed', async () => {
      const owner = await startOwner(kind);
      owner.child.kill('SIGKILL');
      assert.equal(await waitUntil(() => allGone(owner), 5000), true, `left: ${owner.pids.filter(isAlive)}`);
    });
  });
}

describe('Courier\'s private configuration', () => {
  it('is seen by its own processes only: the machine\'s /etc/courier and /run/courier are left as they were', async () => {
    const before = fs.readdirSync('/etc/courier').sort();
    const socket = '/run/courier/authdaemon/socket';
    const socketBefore = fs.existsSync(socket);
    const courier = await startCourier();
    try {
      await courier.addUser('frank', 'pw-frank');
      assert.deepEqual(fs.readdirSync('/etc/courier').sort(), before);
      assert.equal(fs.existsSync(socket), socketBefore);
      assert.ok(fs.existsSync(path.join(courier.info.dir, 'run', 'authdaemon', 'socket')), 'its socket is in its own dir');
    } finally {
      await courier.stop();
    }
  });
});
