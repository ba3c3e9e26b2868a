// Postern in a process of its own: src/main.ts exactly as an admin starts it (configuration from the
// environment, the idle sweep running, request logs at info, here to /dev/null), with process-probe.ts loaded
// first to answer questions over IPC. Used where the benchmark's own work must not share Postern's CPU or heap:
// CPU per page, throughput under many users, memory per idle session, the soak.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { pickFreePorts } from '../sandbox/ports.ts';
import type { SandboxInfo } from '../sandbox/sandbox.ts';
import type { ProbeMemory, ProbeRequest } from './process-probe.ts';

const ROOT = path.join(import.meta.dirname, '..');
export const METRICS_TOKEN = 'bench-metrics-token-0123456789';

type Question = ProbeRequest extends infer R ? (R extends ProbeRequest ? Omit<R, 'id'> : never) : never;

export interface PosternChild {
  url: string;
  pid: number;
  /** CACHE_MAX_MB as the child's configuration reads it, in bytes: the cap postern_cache_bytes must stay under */
  cacheCapBytes: number;
  /** user + system CPU time of the child so far, in ms */
  cpuMs(): Promise<number>;
  memory(opts?: { gc?: boolean }): Promise<ProbeMemory>;
  profileStart(): Promise<void>;
  profileStop(file: string): Promise<void>;
  /** a V8 heap snapshot of the child written to `file` */
  heapSnapshot(file: string): Promise<void>;
  /** v8.getHeapStatistics() and v8.getHeapSpaceStatistics() of the child */
  heapSpaces(): Promise<unknown>;
  /** GET /metrics with the bench's token: Prometheus text */
  metrics(): Promise<string>;
  /** SIGTERM: main.ts finishes requests, logs every IMAP connection out and exits */
  close(): Promise<void>;
}

export interface ChildOptions {
  /** environment on top of the bench's configuration */
  env?: Record<string, string>;
  /** the checkout whose src/main.ts runs (default this one): cpu-compare.ts runs another beside it */
  root?: string;
}

// The Node options admins run Postern with (the systemd example's NODE_OPTIONS, the young generation's size), so
// that memory and CPU figures are those of a deployment.
const UNIT_NODE_OPTIONS = /^Environment=NODE_OPTIONS=(.*)$/m.exec(fs.readFileSync(path.join(ROOT, 'docs', 'examples', 'postern@.service'), 'utf8'))?.[1] ?? '';

export async function startPosternChild(info: SandboxInfo, opts: ChildOptions = {}): Promise<PosternChild> {
  const [port] = await pickFreePorts(1);
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_OPTIONS: UNIT_NODE_OPTIONS,
    IMAP_URL: `imap://127.0.0.1:${info.imapPort}`,
    SMTP_URL: `smtp://127.0.0.1:${info.submissionPort ?? 1}`,
    TLS_CA_FILE: info.caFile,
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    METRICS_TOKEN,
    // The memory run holds 1,000 idle sessions; the default cap would close the oldest.
    MAX_IMAP_CONNECTIONS: '20000',
    ...opts.env,
  };
  const child = fork(path.join(opts.root ?? ROOT, 'src', 'main.ts'), [], {
    execArgv: ['--expose-gc', '--import', path.join(ROOT, 'bench', 'process-probe.ts')],
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}/`;
  await waitUntilServing(url, child, () => stderr);
  const ask = asker(child);
  return {
    url,
    pid: child.pid!,
    cacheCapBytes: loadConfig(env).cache.maxBytes,
    cpuMs: async () => {
      const { user, system } = (await ask({ op: 'cpu' })) as NodeJS.CpuUsage;
      return (user + system) / 1000;
    },
    memory: async (opts = {}) => (await ask({ op: 'memory', gc: opts.gc ?? true })) as ProbeMemory,
    profileStart: async () => void (await ask({ op: 'profile-start' })),
    profileStop: async (file) => void (await ask({ op: 'profile-stop', file })),
    heapSnapshot: async (file) => void (await ask({ op: 'heap-snapshot', file })),
    heapSpaces: async () => ask({ op: 'heap-spaces' }),
    metrics: async () => {
      const res = await fetch(new URL('/metrics', url), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      return res.text();
    },
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const stuck = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(stuck);
    },
  };
}

async function waitUntilServing(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Postern child exited with ${child.exitCode}: ${stderr()}`);
    try {
      if ((await fetch(new URL('/healthz', url))).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`Postern child did not answer /healthz within 20 s: ${stderr()}`);
}

function asker(child: ChildProcess): (question: Question) => Promise<unknown> {
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined) w?.reject(new Error(`Postern child: ${m.error}`));
    else w?.resolve(m.result);
  });
  child.once('exit', () => {
    for (const w of waiting.values()) w.reject(new Error('Postern child exited'));
    waiting.clear();
  });
  return (question) => new Promise((resolve, reject) => {
    const id = ++next;
    waiting.set(id, { resolve, reject });
    child.send({ ...question, id });
  });
}
