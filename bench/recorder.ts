// Collects the spans (spans.ts) of one side of a comparison over its measured runs: IMAP commands per run and
// the mean time of each span, so a ratio comes with what it is made of.
import type { Side } from './stats.ts';
import { takeTally, type Tally } from './spans.ts';

export interface SpanMeans {
  serverMs: number;
  doorMs: number;
  commandMs: number;
  renderMs: number;
  /** per app-level middleware, until it called next() */
  middlewareMs: Record<string, number>;
  /** wire time per IMAP command name */
  commandMsByName: Record<string, number>;
}

type Sums = Omit<SpanMeans, 'middlewareMs' | 'commandMsByName'>;

export class SideRecord {
  runs = 0;
  readonly #side: 'postern' | 'raw';
  readonly #commands: Record<string, number> = {};
  readonly #sums: Sums = { serverMs: 0, doorMs: 0, commandMs: 0, renderMs: 0 };
  readonly #middleware: Record<string, number> = {};
  readonly #commandMs: Record<string, number> = {};

  /** side: whose commands this records (spans.ts keeps the raw connections' apart) */
  constructor(side: 'postern' | 'raw') {
    this.#side = side;
  }

  /**
   * `fn` as a comparePair side whose spans are recorded on measured runs. A side's tally runs from the end of its
   * last run, so Postern's background commands (a prefetch) sent while the raw side ran count as Postern's.
   */
  side(fn: Side): Side {
    let first = true;
    return async (i, measured) => {
      if (first) takeTally(this.#side);
      first = false;
      await fn(i, measured);
      const tally = takeTally(this.#side);
      if (measured) this.add(tally);
    };
  }

  add(tally: Tally): void {
    this.runs++;
    for (const [name, n] of Object.entries(tally.commands)) this.#commands[name] = (this.#commands[name] ?? 0) + n;
    for (const key of Object.keys(this.#sums) as (keyof Sums)[]) this.#sums[key] += tally[key];
    for (const [name, ms] of Object.entries(tally.middlewareMs)) this.#middleware[name] = (this.#middleware[name] ?? 0) + ms;
    for (const [name, ms] of Object.entries(tally.commandMsByName)) this.#commandMs[name] = (this.#commandMs[name] ?? 0) + ms;
  }

  /** Commands per run, e.g. { 'UID FETCH': 1, LIST: 1 }; fractions mean "sometimes". */
  commandsPerRun(): Record<string, number> {
    const runs = this.runs || 1;
    return Object.fromEntries(Object.entries(this.#commands).map(([name, n]) => [name, Math.round((100 * n) / runs) / 100]));
  }

  means(): SpanMeans {
    const runs = this.runs || 1;
    const mean = (x: number) => Math.round((1000 * x) / runs) / 1000;
    return {
      serverMs: mean(this.#sums.serverMs), doorMs: mean(this.#sums.doorMs), commandMs: mean(this.#sums.commandMs), renderMs: mean(this.#sums.renderMs),
      middlewareMs: Object.fromEntries(Object.entries(this.#middleware).map(([name, ms]) => [name, mean(ms)])),
      commandMsByName: Object.fromEntries(Object.entries(this.#commandMs).map(([name, ms]) => [name, mean(ms)])),
    };
  }
}

/** Splits one side's run into named laps (e.g. FETCH, then LIST-STATUS), kept for measured runs only. */
export class Laps {
  readonly samples = new Map<string, number[]>();
  #measured = false;
  #last = 0;

  start(measured: boolean): void {
    this.#measured = measured;
    this.#last = performance.now();
  }

  lap(name: string): void {
    const now = performance.now();
    if (this.#measured) {
      const list = this.samples.get(name) ?? [];
      list.push(now - this.#last);
      this.samples.set(name, list);
    }
    this.#last = now;
  }
}
