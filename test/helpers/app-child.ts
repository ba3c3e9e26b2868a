// Postern in a child process of its own (buildApp + listen), for tests that measure the process: its memory during
// and after a request. The parent (app-process.ts) sends the sandbox info over IPC, then asks for measurements.
// Runs with --expose-gc: every figure is taken right after full collections, so it is live memory, not garbage.
import type { AddressInfo } from 'node:net';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { buildApp } from './app.ts';

export interface ChildStart {
  info: SandboxInfo;
  overrides: Record<string, string>;
}

export interface Memory {
  rss: number;
  /** JavaScript objects plus the bytes of every Buffer: what the process holds live */
  live: number;
}

const collect = globalThis.gc ?? (() => { throw new Error('run with --expose-gc'); });

// Two collections: V8 frees the memory of dead Buffers while it sweeps after a collection, and the second one
// finishes that sweep, so the figures hold only what is still referenced.
function measure(): Memory {
  collect();
  collect();
  const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
  return { rss, live: heapUsed + arrayBuffers };
}

// While sampling: the most memory seen, once a second. Each measurement stops the process for tens of ms on a
// busy 2-core machine, so sampling faster would mostly measure the collector; a request that holds a whole message
// holds it for seconds (building, SMTP, APPEND), which once a second catches.
let peak: Memory | undefined;
let sampler: NodeJS.Timeout | undefined;

function sample(): void {
  const now = measure();
  peak = peak ? { rss: Math.max(peak.rss, now.rss), live: Math.max(peak.live, now.live) } : now;
}

process.once('message', (start: ChildStart) => {
  const t = buildApp(start.info, start.overrides);
  const server = t.app.listen(0, '127.0.0.1', () => {
    process.send!({ port: (server.address() as AddressInfo).port });
  });
  process.on('message', (msg: string) => {
    if (msg === 'measure') {
      process.send!({ memory: measure() });
    } else if (msg === 'sample') {
      peak = undefined;
      sample();
      sampler = setInterval(sample, 1000);
      process.send!({ memory: peak });
    } else if (msg === 'peak') {
      clearInterval(sampler);
      sample();
      process.send!({ memory: peak });
    } else if (msg === 'exit') {
      server.closeAllConnections();
      void t.close().then(() => process.exit(0));
    }
  });
});
