// Sorted and searched pages (`?sort=subject`, `?q=...`), measured only when Postern has them: a route that
// answers 400, or a page that ignores the parameter, is reported as skipped with the reason.
import { execForUids, fetchRows, imapText, uidSort } from './raw-imap.ts';
import { compare, page, type Row, type SizeContext } from './scenarios.ts';
import { timeAlone } from './stats.ts';
import { takeTally } from './spans.ts';

const uidsOf = (html: string) => [...html.matchAll(/data-uid="(\d+)"/g)].map((m) => Number(m[1]));
const sameSet = (a: number[], b: number[]) => a.length === b.length && a.every((x) => b.includes(x));

interface Probe {
  /** why the parameter cannot be measured yet, when it cannot */
  skip?: string;
  /** the UIDs Postern's page shows */
  shown: number[];
  /** the SEARCH/SORT commands Postern sent for it */
  sent: { command: string; attributes: unknown[] }[];
  /** how long Postern took for it */
  ms: number;
}

/** One Postern request with the parameter: is it there (not a 400, not the plain page), and what did it send? */
async function probe(ctx: SizeContext, path: string): Promise<Probe> {
  takeTally();
  const began = performance.now();
  const res = await ctx.web.get(path);
  const ms = performance.now() - began;
  const sent = takeTally().searches;
  const shown = uidsOf(res.text);
  // What the page says is wrong: the form's field error or the error page's message, else the start of the text.
  const said = /class="(?:field-error|message)"[^>]*>([^<]*)</.exec(res.text)?.[1];
  const text = () => (said ?? res.text.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim().slice(0, 160);
  if (res.status === 400) return { skip: `GET ${path} answered 400 (${text()})`, shown, sent, ms };
  if (res.status !== 200) return { skip: `GET ${path} answered ${res.status}`, shown, sent, ms };
  const plain = uidsOf(await page(ctx.web, '/mailbox/INBOX'));
  if (shown.length === plain.length && shown.every((uid, i) => uid === plain[i])) {
    return { skip: `GET ${path} shows the plain first page: the parameter is not implemented yet`, shown, sent, ms };
  }
  return { shown, sent, ms };
}

const described = (sent: Probe['sent']) => sent.map((s) => `${s.command} ${imapText(s.attributes)}`).join('; ');

// RFC 5256 sort keys for Postern's sort parameter.
const SORT_KEYS: Record<string, string> = { subject: 'SUBJECT', from: 'FROM', size: 'SIZE', date: 'DATE' };

export async function sortedPages(ctx: SizeContext, by = 'subject'): Promise<Row[]> {
  const path = `/mailbox/INBOX?sort=${encodeURIComponent(by)}`;
  const scenario = `sorted page (sort=${by})`;
  const key = SORT_KEYS[by] ?? 'SUBJECT';
  const { skip, shown, sent, ms } = await probe(ctx, path);
  if (skip) return [{ scenario, size: ctx.size, note: `skipped: ${skip}` }];
  // Postern may sort ascending or descending by default: the baseline sorts the way its page shows.
  const ascending = (await uidSort(ctx.raw, [key])).slice(0, ctx.pageSize);
  const criteria = sameSet(shown, ascending) ? [key] : ['REVERSE', key];
  const sorted = (await uidSort(ctx.raw, criteria)).slice(0, ctx.pageSize);
  const matches = sameSet(shown, sorted);
  const row = await compare({ ...ctx, probeMs: ms }, `${scenario} (raw: UID SORT + FETCH)`, async () => {
    const uids = await uidSort(ctx.raw, criteria);
    await fetchRows(ctx.raw, uids.slice(0, ctx.pageSize));
  }, () => page(ctx.web, path));
  const notes = [`Postern sent ${described(sent) || 'no SORT'}`, ...(matches ? [] : [`its rows differ from UID SORT (${criteria.join(' ')})`]), ...(row.note ? [row.note] : [])];
  const rows: Row[] = [{ ...row, note: notes.join('; ') }];
  // ESORT with PARTIAL (RFC 5267) returns only the page's UIDs (and COUNT the total) instead of all of them.
  try {
    const partial = async () => fetchRows(ctx.raw, await uidSort(ctx.raw, criteria, `1:${ctx.pageSize}`));
    const same = sameSet(await uidSort(ctx.raw, criteria, `1:${ctx.pageSize}`), sorted);
    const { summary, reducedTo } = await timeAlone(ctx, partial);
    const notes = [...(same ? [] : ['PARTIAL answered other UIDs than UID SORT']), ...(reducedTo ? [`slow: ${reducedTo} measured runs`] : [])];
    rows.push({ scenario: '  raw ESORT RETURN (COUNT PARTIAL 1:50) + FETCH', size: ctx.size, raw: summary, ...(notes.length ? { note: notes.join('; ') } : {}) });
  } catch (err) {
    rows.push({ scenario: '  raw ESORT RETURN (COUNT PARTIAL 1:50) + FETCH', size: ctx.size, note: `server refused: ${(err as Error).message}` });
  }
  return rows;
}

/** The raw side replays the SEARCH/SORT command Postern sent (same criteria), then fetches the page's rows. */
export async function searchPages(ctx: SizeContext, term: string): Promise<Row[]> {
  const path = `/mailbox/INBOX?q=${encodeURIComponent(term)}`;
  const scenario = `search page (q=${term})`;
  // The probe is Postern's warm-up too: at 50,000 messages a full-text search takes seconds.
  const { skip, shown, sent, ms } = await probe(ctx, path);
  if (skip) return [{ scenario, size: ctx.size, note: `skipped: ${skip}` }];
  if (!sent.length) return [{ scenario, size: ctx.size, note: 'skipped: Postern sent no SEARCH or SORT for it, nothing to replay' }];
  let replayed: number[] = [];
  const replay = async () => {
    let uids: number[] = [];
    for (const { command, attributes } of sent) uids = await execForUids(ctx.raw, command, attributes);
    // SEARCH answers in ascending UID order, the newest last; SORT answers in the page's order.
    const pageUids = /SORT/i.test(sent.at(-1)!.command) ? uids.slice(0, ctx.pageSize) : uids.slice(-ctx.pageSize).reverse();
    await fetchRows(ctx.raw, pageUids);
    replayed = pageUids;
  };
  const row = await compare({ ...ctx, probeMs: ms }, `${scenario} (raw: same SEARCH/SORT + FETCH)`, replay, () => page(ctx.web, path));
  const matches = sameSet(shown, replayed);
  const notes = [`replayed ${described(sent)}`, ...(matches ? [] : ["Postern's rows differ from the replay"]), ...(row.note ? [row.note] : [])];
  return [{ ...row, note: notes.join('; ') }];
}
