// Runs that are not one raw/Postern scenario: the JIT warm-up before anything is timed, the flatness pair
// (the same page at the smallest and the largest size, interleaved), and the view-cache experiment.
import type { BrowserClient } from './http-client.ts';
import { fetchPage, listStatus, openMessage } from './raw-imap.ts';
import { SideRecord, type SpanMeans } from './recorder.ts';
import { page, ratioOf, type SizeContext } from './scenarios.ts';
import { comparePair, type Summary } from './stats.ts';

/**
 * Unmeasured rounds of every kind of request on every size before anything is timed: V8 compiles the hot paths
 * of express, EJS and imapflow during the first few hundred requests, which would otherwise count against
 * whichever size is measured first and make the flatness figure look better than it is.
 */
export async function warmUp(ctx: SizeContext, rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await fetchPage(ctx.raw, 1 + (i % 10), ctx.pageSize);
    await listStatus(ctx.raw);
    await page(ctx.web, `/mailbox/INBOX?page=${1 + (i % 10)}`);
    if (i % 4 === 0) {
      const uid = ctx.targets[i % ctx.targets.length]!;
      await openMessage(ctx.raw, uid);
      await page(ctx.web, `/message/INBOX/${uid}`);
      await page(ctx.web, `/message/INBOX/${uid}/body`);
    }
  }
}

export interface Flatness {
  smallest: number;
  largest: number;
  /** inbox page 1 at each size, measured interleaved (small, large, large, small, ...) so load drifts cancel */
  postern: { small: Summary; large: Summary; ratio: number };
  raw: { small: Summary; large: Summary; ratio: number };
}

/** "Flat with mailbox size": the inbox page at the largest size against the smallest, Postern and raw alike. */
export async function flatness(small: SizeContext, large: SizeContext): Promise<Flatness> {
  const opts = { warmup: small.warmup, iterations: small.iterations, budgetMs: small.budgetMs };
  const postern = await comparePair(opts, () => page(small.web, '/mailbox/INBOX'), () => page(large.web, '/mailbox/INBOX'));
  const raw = await comparePair(opts, () => fetchPage(small.raw, 1, small.pageSize), () => fetchPage(large.raw, 1, large.pageSize));
  const shape = (pair: { raw: Summary; postern: Summary }) => ({ small: pair.raw, large: pair.postern, ratio: ratioOf(pair.postern, pair.raw) ?? NaN });
  return { smallest: small.size, largest: large.size, postern: shape(postern), raw: shape(raw) };
}

export interface Experiment {
  name: string;
  size: number;
  baseline: Summary;
  variant: Summary;
  /** variant median / baseline median */
  ratio: number;
  baselineSpans: SpanMeans;
  variantSpans: SpanMeans;
}

/**
 * Postern with Express's view cache off (EJS reads and compiles every template on every page) against the same
 * app with it on, serving inbox page 1 of one account, interleaved. Run only when Postern ships with it off.
 */
export async function viewCacheExperiment(ctx: SizeContext, cachedWeb: BrowserClient): Promise<Experiment> {
  const off = new SideRecord();
  const on = new SideRecord();
  const pair = await comparePair(ctx, off.side(() => page(ctx.web, '/mailbox/INBOX')), on.side(() => page(cachedWeb, '/mailbox/INBOX')));
  return {
    name: 'inbox page 1: view cache off vs on', size: ctx.size, baseline: pair.raw, variant: pair.postern,
    ratio: ratioOf(pair.postern, pair.raw) ?? NaN, baselineSpans: off.means(), variantSpans: on.means(),
  };
}
