// Timing loops and their summaries. Raw and Postern runs of one scenario alternate (raw, Postern, Postern,
// raw, ...) so that a drift in the machine (another process, Dovecot's cache filling, GC pressure) lands on
// both sides alike instead of on whichever ran second.
import { performance } from 'node:perf_hooks';

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  mean: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest-rank percentiles: every reported value is a run that happened.
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: sorted.length,
    median: round(rank(0.5)),
    p95: round(rank(0.95)),
    min: round(sorted[0] ?? NaN),
    mean: round(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1)),
  };
}

/**
 * How many warm-up and measured runs fit in the budget, given one run's time: all that were asked for when they
 * fit, else a tenth of what fits for warm-up (at least the run already made) and at least 3 measured runs.
 */
export function fitBudget(opts: PairOptions, runMs: number): { warmup: number; iterations: number } {
  const fits = Math.floor(opts.budgetMs / Math.max(runMs, 0.001));
  const warmup = Math.max(opts.minWarmup ?? 0, Math.min(opts.warmup, Math.max(1, Math.floor(fits / 10))));
  return { warmup, iterations: Math.min(opts.iterations, Math.max(3, fits - warmup)) };
}

/** Times `fn` like one side of comparePair, alone: warm-up, then measured runs, within the same budget. */
export async function timeAlone(opts: PairOptions, fn: (i: number) => Promise<unknown>): Promise<{ summary: Summary; reducedTo?: number }> {
  const began = performance.now();
  await fn(0);
  const { warmup, iterations } = fitBudget(opts, performance.now() - began);
  for (let i = 1; i < warmup; i++) await fn(i);
  const summary = summarize(await timeRuns(iterations, fn));
  return { summary, ...(iterations < opts.iterations ? { reducedTo: iterations } : {}) };
}

/** Calls `fn(i)` `count` times, one after another, and returns each call's duration in ms. */
export async function timeRuns(count: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

export interface Pair {
  raw: Summary;
  postern: Summary;
  /** set when a slow scenario ran fewer iterations to stay within its time budget */
  reducedTo?: number;
}

/** One side of a comparison; `i` lets it vary its target per run, `measured` is false during the warm-up. */
export type Side = (i: number, measured: boolean) => Promise<unknown>;

export interface PairOptions {
  warmup: number;
  iterations: number;
  /** wall time one scenario may take; a slow one (a full-text SEARCH of 50,000 messages) runs fewer iterations */
  budgetMs: number;
  /**
   * How long one Postern run already took (a probe), when known. A scenario where one raw + Postern pair would
   * take over a third of the budget gets no warm-up (there is nothing to warm: Dovecot reads every message
   * again each time) and as many measured pairs as fit, at least one.
   */
  probeMs?: number;
  /**
   * Warm-up runs the scenario needs whatever its first run took: a scenario that goes round N targets must have
   * seen each once before it is measured, or a slow first run (Dovecot reading a 100,000-message mailbox cold) cuts
   * the warm-up short and the measured runs start with first visits that the row does not mean to time.
   */
  minWarmup?: number;
}

/** Warms both sides up, then times them interleaved in ABBA order. */
export async function comparePair(opts: PairOptions, raw: Side, postern: Side): Promise<Pair> {
  if (opts.probeMs !== undefined && 2 * opts.probeMs > opts.budgetMs / 3) {
    const pairs = Math.max(1, Math.min(opts.iterations, Math.floor(opts.budgetMs / (2 * opts.probeMs))));
    return { ...(await timeInterleaved(pairs, raw, postern)), reducedTo: pairs };
  }
  const began = performance.now();
  await raw(0, false);
  await postern(0, false);
  const pairMs = performance.now() - began;
  const { warmup, iterations } = fitBudget(opts, pairMs);
  for (let i = 1; i < warmup; i++) {
    await raw(i, false);
    await postern(i, false);
  }
  return { ...(await timeInterleaved(iterations, raw, postern)), ...(iterations < opts.iterations ? { reducedTo: iterations } : {}) };
}

async function timeInterleaved(iterations: number, raw: Side, postern: Side): Promise<Pair> {
  const rawSamples: number[] = [];
  const posternSamples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const order = i % 2 === 0 ? [raw, postern] : [postern, raw];
    for (const side of order) {
      const start = performance.now();
      await side(i, true);
      (side === raw ? rawSamples : posternSamples).push(performance.now() - start);
    }
  }
  return { raw: summarize(rawSamples), postern: summarize(posternSamples) };
}
