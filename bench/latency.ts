// The one-request-at-a-time half of the benchmark: Postern in this process (so spans.ts can say where each
// request's time goes), one signed-in browser per mailbox size, each scenario against the raw floor on a warm
// connection, and the size pairs for the "flat with mailbox size" targets.
import type { SandboxInfo } from '../sandbox/sandbox.ts';
import { sizePairs, warmUp, type SizePair } from './experiments.ts';
import { BrowserClient } from './http-client.ts';
import { startPostern } from './postern.ts';
import { connectRaw } from './raw-imap.ts';
import { httpFloor, mailboxPage, openMessages, type Row, type SizeContext } from './scenarios.ts';
import type { BenchUser } from './seed.ts';
import { searchPages, sortedPages } from './sorted.ts';

export interface LatencyOptions {
  pageSize: number;
  warmup: number;
  iterations: number;
  budgetMs: number;
  warmUpRounds: number;
  /** the full-text search scenario, which is no target and takes seconds per run at 100,000 messages */
  search: boolean;
}

export interface LatencyResults {
  postern: { env: string; viewCache: boolean };
  rows: Row[];
  sizePairs: SizePair[];
  /** per size, twenty UIDs spread from the oldest message to the newest */
  targets: Map<number, number[]>;
}

/** `cleanups` gets whatever must be closed on exit (Postern, raw connections), as soon as it is open. */
export async function measureLatency(info: SandboxInfo, accounts: { size: number; user: BenchUser }[], opts: LatencyOptions, cleanups: Set<() => Promise<unknown>>, log: (line: string) => void): Promise<LatencyResults> {
  const postern = await startPostern(info);
  cleanups.add(postern.close);
  log(`Postern in-process at ${postern.url} (express env ${postern.mode.env}, view cache ${postern.mode.viewCache ? 'on' : 'off'})`);
  const contexts: SizeContext[] = [];
  const targets = new Map<number, number[]>();
  for (const { size, user } of accounts) {
    const raw = await connectRaw(info, user);
    cleanups.add(() => raw.logout().catch(() => raw.close()));
    const web = new BrowserClient(postern.url);
    await web.signIn(user.name, user.password);
    // Twenty messages spread evenly from the oldest to the newest, so opening one is not always a cache hit.
    const uids: number[] = [];
    const spread = Array.from({ length: 20 }, (_, i) => 1 + Math.floor((i * (size - 1)) / 19));
    for await (const msg of raw.fetch(spread.join(','), { uid: true })) uids.push(msg.uid);
    targets.set(size, uids);
    contexts.push({ size, raw, web, pageSize: opts.pageSize, warmup: opts.warmup, iterations: opts.iterations, targets: uids, budgetMs: opts.budgetMs });
  }
  log(`warming up (${opts.warmUpRounds} unmeasured rounds per size)`);
  for (const ctx of contexts) await warmUp(ctx, opts.warmUpRounds);

  const rows: Row[] = [];
  for (const ctx of contexts) {
    log(`${ctx.size}: measuring one request at a time`);
    rows.push(await httpFloor(ctx));
    rows.push(...await mailboxPage(ctx, 1));
    rows.push(...await mailboxPage(ctx, 10));
    rows.push(...await openMessages(ctx));
    rows.push(...await sortedPages(ctx));
    if (opts.search) rows.push(...await searchPages(ctx, 'digest'));
  }
  log(`size pairs: ${contexts[0]!.size} against ${contexts.at(-1)!.size}, interleaved`);
  const pairs = contexts.length > 1 ? await sizePairs(contexts[0]!, contexts.at(-1)!) : [];
  // Its sessions and connections are not needed by the runs that follow, which start their own Postern.
  await postern.close();
  return { postern: postern.mode, rows, sizePairs: pairs, targets };
}
