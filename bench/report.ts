// Printing the results as tables and writing them as JSON (bench/results/latest.json, kept out of git).
import fs from 'node:fs';
import path from 'node:path';
import type { ProfileSummary } from './profile.ts';
import type { Experiment, Flatness } from './experiments.ts';
import type { Row } from './scenarios.ts';

export interface Results {
  generatedAt: string;
  machine: { node: string; cpus: number; cpuModel: string; dovecot: string };
  options: { sizes: number[]; iterations: number; warmup: number; budgetSeconds: number; seed: string; pageSize: number };
  /** Express's env (NODE_ENV) and view cache of the Postern measured in the plain rows */
  postern: { env: string; viewCache: boolean };
  seeding: { size: number; ms: number; megabytes: number; method: string }[];
  rows: Row[];
  /** inbox page 1 at the largest size against the smallest, interleaved */
  flatness?: Flatness;
  experiments: Experiment[];
  profile?: ProfileSummary & { size: number; requests: number };
  totalSeconds: number;
}

const ms = (x: number | undefined) => (x === undefined ? '' : x.toFixed(x < 10 ? 2 : 1));
const count = (n: number) => n.toLocaleString('en-US');

function table(head: string[], body: string[][], alignLeft = 1): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const commandList = (commands: Record<string, number> | undefined, times?: Record<string, number>) =>
  Object.entries(commands ?? {}).map(([name, n]) => `${n === 1 ? '' : `${n}x `}${name}${times?.[name] !== undefined ? ` ${ms(times[name])}` : ''}`).join(', ');

export function formatResults(results: Results): string {
  const out: string[] = [];
  out.push(`Postern as measured: express env "${results.postern.env}", view cache ${results.postern.viewCache ? 'on' : 'off'}`, '');
  out.push(table(
    ['scenario', 'size', 'raw median', 'raw p95', 'Postern median', 'Postern p95', 'ratio'],
    results.rows.map((r) => [
      r.scenario, count(r.size), ms(r.raw?.median), ms(r.raw?.p95), ms(r.postern?.median), ms(r.postern?.p95),
      r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`,
    ]),
  ));
  out.push('(times in ms; ratio = Postern median / raw median)');
  const notes = results.rows.filter((r) => r.note).map((r) => `  ${r.scenario.trim()} @ ${count(r.size)}: ${r.note}`);
  if (notes.length) out.push('', 'notes:', ...notes);
  if (results.flatness) {
    const f = results.flatness;
    const line = (name: string, side: Flatness['raw']) =>
      `${name} ${ms(side.large.median)} ms at ${count(f.largest)} / ${ms(side.small.median)} ms at ${count(f.smallest)} = ${side.ratio.toFixed(2)}`;
    out.push('', `flatness (inbox page 1 medians, both sizes measured interleaved): ${line('Postern', f.postern)}; ${line('raw FETCH', f.raw)}`);
  }
  for (const e of results.experiments) {
    out.push(`experiment @ ${count(e.size)}: ${e.name}: median ${ms(e.baseline.median)} -> ${ms(e.variant.median)} ms (${e.ratio.toFixed(2)}x), p95 ${ms(e.baseline.p95)} -> ${ms(e.variant.p95)}; EJS span ${ms(e.baselineSpans.renderMs)} -> ${ms(e.variantSpans.renderMs)} ms`);
  }
  const spans = results.rows.filter((r) => r.posternSpans);
  out.push('', 'where Postern\'s time goes (means per measured request, ms):', table(
    ['scenario', 'size', 'raw', 'client', 'server', 'IMAP door', 'IMAP wire', 'EJS', 'rest', 'Postern IMAP commands (wire ms) / raw'],
    spans.map((r) => {
      const s = r.posternSpans!;
      return [
        r.scenario, count(r.size), ms(r.raw?.mean), ms(r.postern?.mean), ms(s.serverMs), ms(s.doorMs), ms(s.commandMs), ms(s.renderMs),
        ms(Math.max(0, s.serverMs - s.doorMs - s.renderMs)), `${commandList(r.posternCommands, s.commandMsByName)} / ${commandList(r.rawCommands)}`,
      ];
    }),
  ));
  for (const r of spans.filter((row) => row.scenario === 'inbox page 1 (raw: NOOP + FETCH + LIST-STATUS)')) {
    const mw = Object.entries(r.posternSpans!.middlewareMs).map(([name, t]) => `${name} ${ms(t)}`).join(', ');
    out.push(`  middleware before the route, inbox page 1 @ ${count(r.size)} (ms): ${mw}`);
  }
  out.push('  raw = the raw side\'s mean; client = whole request seen by the client; server = HTTP callback to finish; IMAP door = inside withMailbox/',
    '  withClient; IMAP wire = command sent to tagged answer; rest = server - door - EJS (middleware, session, shaping)');
  if (results.profile) {
    const p = results.profile;
    const busy = 100 - (p.byOwner.find((o) => o.owner === '(idle)')?.percent ?? 0);
    out.push('', `CPU profile of ${p.requests} Postern inbox pages at ${count(p.size)} messages (${p.file}): ${ms(p.wallMs / p.requests)} ms wall and ${ms((busy / 100) * (p.wallMs / p.requests))} ms CPU (this process, benchmark client included) per page`);
    const perPage = (percent: number) => ms((percent / 100) * (p.wallMs / p.requests));
    out.push('  by owner (ms per page): ' + p.byOwner.map((o) => `${o.owner} ${perPage(o.percent)}`).join(', '));
    out.push('  top functions (self ms per page):', ...p.topFunctions.slice(0, 12).map((f) => `    ${perPage(f.percent).padStart(5)}  ${f.fn}`));
  }
  return out.join('\n');
}

export function writeResults(dir: string, results: Results): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'latest.json');
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return file;
}
