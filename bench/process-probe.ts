// Loaded into the Postern child with `--import` (postern-child.ts), before src/main.ts: answers the benchmark's
// questions about this process over the IPC channel, so main.ts runs as an admin runs it and nothing in src/
// knows about the benchmark. CPU time, memory after a full GC (the child runs with --expose-gc), and a V8 CPU
// profile of a window the parent chooses (node:inspector, the same data as `node --cpu-prof`).
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import v8 from 'node:v8';

export type ProbeRequest =
  | { id: number; op: 'cpu' }
  | { id: number; op: 'memory'; gc: boolean }
  | { id: number; op: 'profile-start' }
  | { id: number; op: 'profile-stop'; file: string }
  | { id: number; op: 'heap-snapshot'; file: string }
  | { id: number; op: 'heap-spaces' };

export interface ProbeMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

let profiler: Session | undefined;

async function answer(request: ProbeRequest): Promise<unknown> {
  switch (request.op) {
    case 'cpu':
      return process.cpuUsage();
    case 'memory': {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (request.gc && !gc) throw new Error('the child runs without --expose-gc');
      // Twice: objects freed by the first collection's finalizers go in the second.
      if (request.gc) for (let i = 0; i < 2; i++) gc!();
      const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
      return { rss, heapUsed, heapTotal, external, arrayBuffers } satisfies ProbeMemory;
    }
    case 'profile-start':
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
      await profiler.post('Profiler.start');
      return null;
    case 'profile-stop': {
      if (!profiler) throw new Error('no profile running');
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      profiler = undefined;
      fs.mkdirSync(path.dirname(request.file), { recursive: true });
      fs.writeFileSync(request.file, JSON.stringify(profile));
      return null;
    }
    case 'heap-spaces':
      // V8's own view: committed and resident size per space, and what V8 itself holds with malloc.
      return { heap: v8.getHeapStatistics(), spaces: v8.getHeapSpaceStatistics() };
    case 'heap-snapshot':
      // For finding where a session's bytes go (bench/heap-compare.ts): a .heapsnapshot for Chrome DevTools.
      fs.mkdirSync(path.dirname(request.file), { recursive: true });
      return v8.writeHeapSnapshot(request.file);
  }
}

process.on('message', (message: ProbeRequest) => {
  answer(message).then(
    (result) => process.send?.({ id: message.id, result }),
    (err: Error) => process.send?.({ id: message.id, error: err.message }),
  );
});
// The IPC channel must not keep the process alive after main.ts's graceful shutdown.
process.channel?.unref();
