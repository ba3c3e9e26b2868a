// The detail tables under the targets: every one-at-a-time scenario with its spans, the size pairs, CPU per page
// with where it goes, and the runs under load.
import type { CpuFigure, CpuProfile } from './cpu.ts';
import type { SizePair } from './experiments.ts';
import type { MemoryRun } from './memory.ts';
import type { Row } from './scenarios.ts';
import type { SoakRun } from './soak.ts';
import type { ThroughputRun } from './throughput.ts';

const ms = (x: number | undefined) => (x === undefined ? '' : x.toFixed(x < 10 ? 2 : 1));
const count = (n: number) => n.toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function table(head: string[], body: string[][], alignLeft = 1): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const commandList = (commands: Record<string, number> | undefined, times?: Record<string, number>) =>
  Object.entries(commands ?? {}).map(([name, n]) => `${n === 1 ? '' : `${n}x `}${name}${times?.[name] !== undefined ? ` ${ms(times[name])}` : ''}`).join(', ');

export function rowsSection(rows: Row[], postern: { env: string; viewCache: boolean }): string {
  const out: string[] = ['```', `One request at a time (Postern in-process: express env "${postern.env}", view cache ${postern.viewCache ? 'on' : 'off'})`, ''];
  out.push(table(
    ['scenario', 'size', 'raw median', 'raw p95', 'Postern median', 'Postern p95', 'ratio'],
    rows.map((r) => [
      r.scenario, count(r.size), ms(r.raw?.median), ms(r.raw?.p95), ms(r.postern?.median), ms(r.postern?.p95),
      r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`,
    ]),
  ));
  out.push('(times in ms; ratio = Postern median / raw median)');
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.scenario.trim()} @ ${count(r.size)}: ${r.note}`);
  if (notes.length) out.push('', 'notes:', ...notes);
  const spans = rows.filter((r) => r.posternSpans);
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
  for (const r of spans.filter((row) => row.scenario.startsWith('inbox page 1 (floor'))) {
    const mw = Object.entries(r.posternSpans!.middlewareMs).map(([name, t]) => `${name} ${ms(t)}`).join(', ');
    out.push(`  middleware before the route, inbox page 1 @ ${count(r.size)} (ms): ${mw}`);
  }
  out.push('  raw = the raw side\'s mean; client = whole request seen by the client; server = HTTP callback to finish; IMAP door = inside withMailbox/withView/',
    '  withClient; IMAP wire = command sent to tagged answer (IDLE counted, not timed); rest = server - door - EJS (middleware, session, shaping)', '```', '');
  return out.join('\n');
}

export function sizePairSection(pairs: SizePair[]): string {
  if (!pairs.length) return '';
  return ['```', 'The same page at both sizes, interleaved (Postern medians, ms):', table(
    ['page', 'small', 'median', 'p95', 'large', 'median', 'p95', 'large / small'],
    pairs.map((p) => [p.name, count(p.small.size), ms(p.small.summary.median), ms(p.small.summary.p95), count(p.large.size), ms(p.large.summary.median), ms(p.large.summary.p95), `${p.ratio.toFixed(2)}x`]),
  ), '```', ''].join('\n');
}

export function cpuSection(figures: CpuFigure[], profiles: CpuProfile[]): string {
  if (!figures.length) return '';
  const out = ['```', 'Postern CPU per page (its own process, process.cpuUsage over sequential requests of one browser):', table(
    ['page', 'size', 'requests', 'CPU ms', 'wall ms'],
    figures.map((f) => [f.kind, count(f.size), String(f.requests), ms(f.cpuMs), ms(f.wallMs)]),
  )];
  for (const p of profiles) {
    // The profile's shares of busy samples (not idle, not the profiler's own), scaled to the CPU time measured over
    // the same kind of requests without the profiler.
    const notBusy = new Set(['(idle)', '(profiler)']);
    const busy = 100 - p.byOwner.filter((o) => notBusy.has(o.owner)).reduce((a, o) => a + o.percent, 0);
    const share = (percent: number) => ms((percent / (busy || 1)) * p.cpuMs);
    out.push('', `CPU profile, ${p.kind} at ${count(p.size)} (${p.requests} requests, ${p.file}): ${ms(p.cpuMs)} ms CPU per page, by owner (ms):`);
    out.push('  ' + p.byOwner.filter((o) => !notBusy.has(o.owner)).map((o) => `${o.owner} ${share(o.percent)}`).join(', '));
    const functions = p.topFunctions.filter((f) => !f.fn.includes('(profiler)')).slice(0, 12);
    out.push('  top functions (self ms per page):', ...functions.map((f) => `    ${share(f.percent).padStart(5)}  ${f.fn}`));
  }
  out.push('```', '');
  return out.join('\n');
}

export function loadSection(runs: ThroughputRun[], memoryRuns: MemoryRun[], soak: SoakRun | undefined): string {
  const out = ['```'];
  if (runs.length) {
    out.push('Under load (closed loop, every user sends its next request when the last is answered):', table(
      ['users', 'size', 'Postern pages/s', 'median ms', 'p95 ms', 'errors', 'CPU ms/page', 'floor ops/s', 'median ms', 'p95 ms', 'errors', 'CPU ms/op', 'ratio'],
      runs.map((t) => [
        String(t.users), count(t.size), t.postern.perSecond.toFixed(1), ms(t.postern.latency.median), ms(t.postern.latency.p95), String(t.postern.errors), ms(t.postern.cpuMsPerOp),
        t.floor.perSecond.toFixed(1), ms(t.floor.latency.median), ms(t.floor.latency.p95), String(t.floor.errors), ms(t.floor.cpuMsPerOp), `${t.ratio.toFixed(2)}x`,
      ]),
    ));
    for (const t of runs) for (const f of [...t.postern.failures, ...t.floor.failures]) out.push(`  failure with ${t.users} users: ${f}`);
  }
  for (const memory of memoryRuns) {
    out.push('', `Memory: ${count(memory.sessions)} idle sessions on ${count(memory.size)} messages, ${memory.seconds.toFixed(0)} s to build; after GC,`,
      `  before ${mb(memory.before.rss)} RSS / ${mb(memory.before.heapUsed)} heap, after ${mb(memory.after.rss)} RSS / ${mb(memory.after.heapUsed)} heap, external +${mb(memory.after.external - memory.before.external)}`,
      `  postern_cache_bytes ${memory.cache.bytes === undefined ? 'absent' : mb(memory.cache.bytes)} (CACHE_MAX_MB ${mb(memory.cache.capBytes)}), evictions ${memory.cache.evictions ?? 'absent'}`);
  }
  if (soak) {
    out.push('', `Soak: ${soak.users} users for ${soak.minutes} min on ${count(soak.size)} messages, ${count(soak.pages)} pages, ${soak.errors} errors; after GC (minute: RSS / heap):`);
    out.push('  ' + soak.samples.map((s) => `${s.minute.toFixed(1)}: ${mb(s.rss)} / ${mb(s.heapUsed)}`).join(', '));
    for (const f of soak.failures) out.push(`  failure: ${f}`);
  }
  out.push('```');
  return out.length > 2 ? out.join('\n') : '';
}
