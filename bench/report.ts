// Printing the results and writing them as JSON (bench/results/latest.json, kept out of git). The targets come
// first, as the markdown table README shows, with the machine under it; the details after (report-details.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { CacheCapRun } from './cache-cap.ts';
import type { CpuFigure, CpuProfile } from './cpu.ts';
import type { SizePair } from './experiments.ts';
import type { MemoryRun } from './memory.ts';
import { cpuSection, loadSection, rowsSection, sizePairSection } from './report-details.ts';
import type { Row } from './scenarios.ts';
import type { SoakRun } from './soak.ts';
import { targetTable, type Target } from './targets.ts';
import type { ThroughputRun } from './throughput.ts';

export interface Machine {
  node: string;
  cpus: number;
  cpuModel: string;
  dovecot: string;
  memoryGb: number;
}

export interface Results {
  generatedAt: string;
  machine: Machine;
  options: {
    sizes: number[]; iterations: number; warmup: number; budgetSeconds: number; seed: string; pageSize: number;
    users: number[]; throughputSeconds: number; sessions: number; soakMinutes: number; cpuRequests: number; quick: boolean;
  };
  /** Express's env (NODE_ENV) and view cache of the Postern measured in the one-at-a-time rows */
  postern: { env: string; viewCache: boolean };
  seeding: { size: number; ms: number; megabytes: number; method: string }[];
  targets: Target[];
  rows: Row[];
  sizePairs: SizePair[];
  cpu: CpuFigure[];
  profiles: CpuProfile[];
  throughput: ThroughputRun[];
  memory: MemoryRun[];
  cacheCap?: CacheCapRun;
  soak?: SoakRun;
  totalSeconds: number;
}

export function machineLine(m: Machine, date: string): string {
  return `${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, Dovecot ${m.dovecot}; ${date.slice(0, 10)}`;
}

export function formatResults(results: Results): string {
  const o = results.options;
  return [
    `## Issue 9 targets${o.quick ? ' (--quick: small sizes and short runs, a smoke test, not the figures)' : ''}`,
    '',
    targetTable(results.targets),
    '',
    `Machine: ${machineLine(results.machine, results.generatedAt)}. Sizes ${o.sizes.map((s) => s.toLocaleString('en-US')).join(' and ')} messages,`,
    `${o.iterations} measured runs per side, ${o.throughputSeconds} s per throughput side, ${o.sessions} idle sessions, a ${o.soakMinutes}-minute soak.`,
    '',
    '## Details',
    '',
    rowsSection(results.rows, results.postern),
    sizePairSection(results.sizePairs),
    cpuSection(results.cpu, results.profiles),
    loadSection(results.throughput, results.memory, results.soak),
  ].join('\n');
}

export function writeResults(dir: string, results: Results): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'latest.json');
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return file;
}
