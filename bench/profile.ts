// V8 CPU profiles of the Postern child around a loop of requests (process-probe.ts: node:inspector, the same data
// as `node --cpu-prof`), written as .cpuprofile files for Chrome DevTools and summarized here by owner: which
// package, which src/ file or view, how much of the wall time the process sat idle waiting for Dovecot or the
// client. Samples are wall-clock: on a busy machine a syscall where the kernel switched away looks longer than it
// ran, so the report scales the shares to the CPU time process.cpuUsage measured over the same requests.
import fs from 'node:fs';
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
  // EJS names its compiled templates with the file name in quotes.
  const file = url.startsWith('file://') ? new URL(url).pathname : url.replace(/^"(.*)"$/, '$1');
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = file.slice(modules + 14).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? file);
  }
  const rel = path.relative(ROOT, file);
  return rel.startsWith('..') ? file : rel;
}

/** Summarizes a .cpuprofile written by process-probe.ts (the Postern child) over `wallMs` of work. */
export function summarizeProfile(file: string, wallMs: number): ProfileSummary {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  return { file: path.relative(ROOT, file), wallMs, ...summarize(data) };
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
