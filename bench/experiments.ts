// Runs that are not one raw/Postern scenario: the JIT warm-up before anything is timed, and the size pairs (the
// same kind of page at the smallest and the largest mailbox, measured interleaved) behind issue 9's "flat with
// mailbox size" targets.
import { fetchPage, listStatus, openMessage } from './raw-imap.ts';
import { openMessageAsBrowser } from './open-message.ts';
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
      await openMessageAsBrowser(ctx.web, `/message/INBOX/${uid}`);
    }
  }
}

export interface SizePair {
  /** what is compared, e.g. "sorted by subject" */
  name: string;
  /** which target of issue 9 this pair measures, when it is one */
  target?: 'sort-subject' | 'sort-from' | 'deep-page';
  small: { size: number; path: string; summary: Summary };
  large: { size: number; path: string; summary: Summary };
  /** large median / small median */
  ratio: number;
}

/** The deepest page both sizes can show of the page number asked for: page 100 needs 5,000 messages. */
const deepest = (size: number, pageSize: number, wanted: number) => Math.min(wanted, Math.max(1, Math.floor(size / pageSize)));

/**
 * The same Postern page at the smallest and the largest mailbox, interleaved (small, large, large, small, ...) so
 * load drifts cancel: inbox page 1, sorted by subject and by sender, and page 100 of the large one against the
 * same page number at the small one, or its last page when it has fewer (page 20 of 1,000).
 */
export async function sizePairs(small: SizeContext, large: SizeContext): Promise<SizePair[]> {
  const deepLarge = deepest(large.size, large.pageSize, 100);
  const deepSmall = deepest(small.size, small.pageSize, deepLarge);
  const kinds: { name: string; target?: SizePair['target']; small: string; large: string }[] = [
    { name: 'inbox page 1', small: '/mailbox/INBOX', large: '/mailbox/INBOX' },
    { name: 'sorted by subject', target: 'sort-subject', small: '/mailbox/INBOX?sort=subject', large: '/mailbox/INBOX?sort=subject' },
    { name: 'sorted by sender', target: 'sort-from', small: '/mailbox/INBOX?sort=from', large: '/mailbox/INBOX?sort=from' },
    { name: `page ${deepLarge} vs page ${deepSmall}`, target: 'deep-page', small: `/mailbox/INBOX?page=${deepSmall}`, large: `/mailbox/INBOX?page=${deepLarge}` },
  ];
  const opts = { warmup: small.warmup, iterations: small.iterations, budgetMs: small.budgetMs };
  const pairs: SizePair[] = [];
  for (const kind of kinds) {
    const pair = await comparePair(opts, () => page(small.web, kind.small), () => page(large.web, kind.large));
    pairs.push({
      name: kind.name,
      ...(kind.target ? { target: kind.target } : {}),
      small: { size: small.size, path: kind.small, summary: pair.raw },
      large: { size: large.size, path: kind.large, summary: pair.postern },
      ratio: ratioOf(pair.postern, pair.raw) ?? NaN,
    });
  }
  return pairs;
}
