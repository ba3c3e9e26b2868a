// The measured scenarios for one mailbox size: Postern over HTTP against raw imapflow doing the minimum the
// same page needs (DESIGN.md "Performance model"). Each produces table rows; raw-only rows show what a part
// of the page costs on its own (the sidebar's LIST-STATUS), Postern-only rows the HTTP floor.
import type { BrowserClient } from './http-client.ts';
import { openMessageAsBrowser } from './open-message.ts';
import { fetchPage, listStatus, openMessage, type RawClient } from './raw-imap.ts';
import { Laps, SideRecord, type SpanMeans } from './recorder.ts';
import { comparePair, summarize, timeAlone, timeRuns, type Side, type Summary } from './stats.ts';

export interface Row {
  scenario: string;
  size: number;
  raw?: Summary;
  postern?: Summary;
  /** Postern median / raw median */
  ratio?: number;
  rawCommands?: Record<string, number>;
  posternCommands?: Record<string, number>;
  posternSpans?: SpanMeans;
  note?: string;
}

export interface SizeContext {
  size: number;
  raw: RawClient;
  web: BrowserClient;
  pageSize: number;
  warmup: number;
  iterations: number;
  /** UIDs to open, spread over the whole mailbox */
  targets: number[];
  /** wall time per scenario before a slow one runs fewer iterations */
  budgetMs: number;
  /** how long one Postern run of the scenario took already, when known (see PairOptions) */
  probeMs?: number;
}

export const ratioOf = (postern: Summary | undefined, raw: Summary | undefined): number | undefined =>
  postern && raw && raw.median > 0 ? Math.round((100 * postern.median) / raw.median) / 100 : undefined;

/** A Postern GET that must answer 200; anything else stops the run with the page's text. */
export async function page(web: BrowserClient, path: string): Promise<string> {
  const res = await web.get(path);
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${res.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)}`);
  return res.text;
}

/** Runs a raw/Postern pair and returns the comparison row. */
export async function compare(ctx: SizeContext, scenario: string, rawFn: Side, posternFn: Side, opts: { minWarmup?: number } = {}): Promise<Row> {
  const rawRecord = new SideRecord('raw');
  const posternRecord = new SideRecord('postern');
  const pair = await comparePair({ ...ctx, ...opts }, rawRecord.side(rawFn), posternRecord.side(posternFn));
  return {
    scenario, size: ctx.size, raw: pair.raw, postern: pair.postern, ratio: ratioOf(pair.postern, pair.raw),
    rawCommands: rawRecord.commandsPerRun(), posternCommands: posternRecord.commandsPerRun(), posternSpans: posternRecord.means(),
    ...(pair.reducedTo ? { note: `slow: ${pair.reducedTo} measured runs per side instead of ${ctx.iterations}, to stay within ${ctx.budgetMs / 1000} s` } : {}),
  };
}

/**
 * Inbox page `n` against the floor of issue 9: on the warm raw connection with INBOX selected, LIST-STATUS (the
 * sidebar) + FETCH of the page's rows. Sub-rows show each part of the floor alone, the FETCH alone as a ratio (what
 * the list minimally needs), and what a NOOP costs, which Postern sends to learn of new mail.
 */
export async function mailboxPage(ctx: SizeContext, n: number): Promise<Row[]> {
  const laps = new Laps();
  const name = `inbox page ${n}`;
  const path = n === 1 ? '/mailbox/INBOX' : `/mailbox/INBOX?page=${n}`;
  const row = await compare(ctx, `${name} (floor: LIST-STATUS + FETCH)`, async (_i, measured) => {
    laps.start(measured);
    await listStatus(ctx.raw);
    laps.lap('list');
    const rows = await fetchPage(ctx.raw, n, ctx.pageSize);
    if (rows.length !== ctx.pageSize) throw new Error(`raw page ${n} has ${rows.length} rows`);
    laps.lap('fetch');
  }, () => page(ctx.web, path));
  const part = (lap: string) => summarize(laps.samples.get(lap) ?? []);
  const fetch = part('fetch');
  const noop = await timeAlone(ctx, () => ctx.raw.noop());
  return [
    row,
    { scenario: '  sidebar LIST-STATUS alone', size: ctx.size, raw: part('list'), rawCommands: { LIST: 1 } },
    { scenario: `  FETCH of the rows alone (ratio: Postern / FETCH)`, size: ctx.size, raw: fetch, postern: row.postern, ratio: ratioOf(row.postern, fetch), rawCommands: { FETCH: 1 } },
    { scenario: '  NOOP alone (new-mail check)', size: ctx.size, raw: noop.summary, rawCommands: { NOOP: 1 } },
  ];
}

/**
 * Opening a message: what a browser asks of Postern (the message page, and the body frame only when the page names
 * its src rather than inlining it) against the floor of issue 9, one FETCH of envelope/flags/BODYSTRUCTURE and
 * then the text part(s) the reader shows, on the warm raw connection.
 */
export async function openMessages(ctx: SizeContext): Promise<Row[]> {
  const laps = new Laps();
  let bodyRequests = 0;
  let opens = 0;
  const target = (i: number) => ctx.targets[i % ctx.targets.length]!;
  const row = await compare(ctx, 'open message, page + body (floor: FETCH BODYSTRUCTURE + text)', (i) => openMessage(ctx.raw, target(i)), async (i, measured) => {
    laps.start(measured);
    const separate = await openMessageAsBrowser(ctx.web, `/message/INBOX/${target(i)}`, () => laps.lap('page'));
    if (separate) laps.lap('body');
    if (measured) {
      opens++;
      if (separate) bodyRequests++;
    }
  }, { minWarmup: ctx.targets.length });
  return [
    { ...row, note: [row.note, `body frame requests per open: ${opens ? Math.round((100 * bodyRequests) / opens) / 100 : 0}`].filter(Boolean).join('; ') },
    { scenario: '  message page alone (the body inline)', size: ctx.size, postern: summarize(laps.samples.get('page') ?? []) },
    ...(bodyRequests ? [{ scenario: '  body frame alone (bodies too large to inline)', size: ctx.size, postern: summarize(laps.samples.get('body') ?? []) }] : []),
    await firstOpens(ctx),
  ];
}

/**
 * Informational, beside the target's row (which opens twenty messages in turn, so from the second round on Postern
 * may answer from texts it kept): each message opened once, the way a reader goes down the list, from the newest to
 * older ones (the twenty of that row left out), by both sides. Postern fetches the next message ahead while the
 * reader reads (src/mail/reading/prefetch.ts); here the next open comes at once, so the prefetch races it, and its
 * background commands count on Postern's side (spans.ts).
 */
async function firstOpens(ctx: SizeContext): Promise<Row> {
  const all = await ctx.raw.search({ all: true }, { uid: true });
  const fresh = (all || []).filter((uid) => !ctx.targets.includes(uid)).reverse();
  const walk = () => {
    let at = 0;
    return () => {
      const uid = fresh[at++];
      if (uid === undefined) throw new Error(`first opens: only ${fresh.length} messages to open once`);
      return uid;
    };
  };
  const [rawNext, posternNext] = [walk(), walk()];
  return compare(ctx, 'first open of each message, page + body (informational; floor: the same)', () => openMessage(ctx.raw, rawNext()), async () => {
    await openMessageAsBrowser(ctx.web, `/message/INBOX/${posternNext()}`);
  });
}

/** The HTTP floor: GET /healthz goes through the same client, server and middleware up to the session. */
export async function httpFloor(ctx: SizeContext): Promise<Row> {
  await timeRuns(ctx.warmup, () => ctx.web.get('/healthz'));
  const samples = await timeRuns(ctx.iterations, () => ctx.web.get('/healthz'));
  return { scenario: 'HTTP floor: GET /healthz (no session, no IMAP)', size: ctx.size, postern: summarize(samples) };
}
