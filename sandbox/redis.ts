// Redis for session-store tests: in memory only (no RDB, no AOF), gone with the sandbox.
import fs from 'node:fs';
import { spawnDaemon, stopDaemon, type Daemon } from './daemons.ts';
import { SandboxStartError, logSize } from './failures.ts';
import type { Layout } from './layout.ts';
import { waitForServer } from './ports.ts';

export async function startRedis(layout: Layout, port: number): Promise<Daemon> {
  fs.mkdirSync(layout.redisDir, { recursive: true });
  const logStart = logSize(layout.redisLog);
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', layout.redisDir, '--daemonize', 'no', '--logfile', '',
  ];
  const daemon = spawnDaemon('redis', '/usr/bin/redis-server', args, layout.redisLog);
  try {
    await waitForServer({
      port,
      send: 'INFO server\r\n',
      // Redis has no greeting to brand; its INFO names the pid, which proves the answer comes from our child.
      answer: (received) => received.includes(`process_id:${daemon.pid}\r\n`),
      deadline: Date.now() + 10_000,
      gaveUp: () => daemon.exitStatus(),
    });
  } catch (err) {
    await stopDaemon(daemon, { graceMs: 1000 });
    throw new SandboxStartError('Redis', (err as Error).message, layout.redisLog, logStart);
  }
  return daemon;
}
