// A V8 CPU profile of this process around a loop of Postern requests (node:inspector, the same data as
// `node --cpu-prof`), written as a .cpuprofile for Chrome DevTools and summarized here by owner: which
// package, which src/ file, how much of the wall time the process sat idle waiting for Dovecot.
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  wallMs: number;
  /** share of the wall time by owner, in percent; "(idle)" is waiting on the network (Dovecot) */
  byOwner: { owner: string; percent: number }[];
  /** the busiest functions by self time, in percent of the wall time */
  topFunctions: { fn: string; percent: number }[];
}

const ROOT = path.join(import.meta.dirname, '..');

function ownerOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  // writeBuffer is the write(2) of a socket: on two busy cores the kernel often switches to Dovecot right there.
  if (!url && functionName === 'writeBuffer') return '(socket writes)';
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  // Node's bundled undici is the benchmark's own HTTP client (fetch), not Postern.
  if (url.startsWith('node:internal/deps/undici')) return 'undici (bench client)';
  if (url.startsWith('node:inspector')) return '(profiler)';
  if (url.startsWith('node:')) return `node:${url.slice(5).replace(/^internal\//, '').split('/')[0]}`;
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = file.slice(modules + 14).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? file);
  }
  const rel = path.relative(ROOT, file);
  return rel.startsWith('..') ? file : rel;
}

/** Profiles `work` (sampling every 100 µs) and summarizes it; the raw profile goes to `file`. */
export async function profile(file: string, work: () => Promise<void>): Promise<ProfileSummary> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    const started = performance.now();
    await work();
    const wallMs = performance.now() - started;
    const { profile: data } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(data));
    return { file: path.relative(ROOT, file), wallMs, ...summarize(data) };
  } finally {
    session.disconnect();
  }
}

function summarize(data: CpuProfile): Omit<ProfileSummary, 'file' | 'wallMs'> {
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  data.samples.forEach((id, i) => {
    const delta = data.timeDeltas[i] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    total += delta;
    const owner = ownerOf(frame);
    owners.set(owner, (owners.get(owner) ?? 0) + delta);
    const fn = `${frame.functionName || '(anonymous)'} ${owner}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + delta);
  });
  const top = (map: Map<string, number>, n: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([key, us]) => [key, Math.round((1000 * us) / (total || 1)) / 10] as const);
  return {
    byOwner: top(owners, 16).map(([owner, percent]) => ({ owner, percent })),
    topFunctions: top(functions, 16).filter(([fn]) => !fn.startsWith('(idle)')).map(([fn, percent]) => ({ fn, percent })),
  };
}
