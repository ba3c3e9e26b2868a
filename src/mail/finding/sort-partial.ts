// One window of a sorted list: UID SORT RETURN (COUNT PARTIAL first:last) (RFC 5267 sections 3 and 4.4) answers
// with only the UIDs at those positions and how many match, instead of every matching UID (a subject sort of
// 100,000 messages is 590 KB as ESORT ALL). Dovecot 2.3 accepts PARTIAL with ESORT while advertising only
// CONTEXT=SEARCH, so it is tried where ESORT comes with CONTEXT=SORT, CONTEXT=SEARCH or PARTIAL (RFC 9394), and a
// server that answers BAD is not asked again on that connection.
import type { ImapClient } from '../connection/mail-session.ts';
import { atom, compileQuery, expandSet, runCommand, type MessageQuery } from './search.ts';
import { SORT_KEYS, type SortOrder } from './sort.ts';

const refused = new WeakSet<ImapClient>();

export function canSortPartial(client: ImapClient): boolean {
  const caps = client.capabilities;
  return caps.has('ESORT') && (caps.has('CONTEXT=SORT') || caps.has('CONTEXT=SEARCH') || caps.has('PARTIAL')) && !refused.has(client);
}

export interface SortWindow {
  total: number;
  /** the UIDs at positions first..last (1-based), in sort order; fewer past the end */
  uids: number[];
}

/** The window, or undefined when the server refuses PARTIAL (then sort everything). */
export async function sortWindow(client: ImapClient, q: MessageQuery, order: SortOrder, first: number, last: number): Promise<SortWindow | undefined> {
  const { keys } = compileQuery(client, q);
  const criteria = [...(order.reverse ? [atom('REVERSE')] : []), atom(SORT_KEYS[order.key])];
  const window: SortWindow = { total: 0, uids: [] };
  try {
    await runCommand(client, 'UID SORT', [atom('RETURN'), [atom('COUNT'), atom('PARTIAL'), atom(`${first}:${last}`)], criteria, atom('UTF-8'), ...keys], {
      ESEARCH: async (response) => {
        Object.assign(window, readWindow(response.attributes ?? [], last - first + 1));
      },
    });
  } catch (err) {
    if ((err as { responseStatus?: string }).responseStatus !== 'BAD') throw err;
    refused.add(client);
    return undefined;
  }
  return window;
}

type Attribute = { value?: unknown } | Attribute[] | null | undefined;

/** `* ESEARCH (TAG "A5") UID PARTIAL (1:50 6,9:7) COUNT 200`: the set may be NIL when the window is past the end. */
export function readWindow(attributes: Attribute[], limit: number): SortWindow {
  const window: SortWindow = { total: 0, uids: [] };
  for (let i = 0; i < attributes.length - 1; i++) {
    const a = attributes[i];
    const name = a && !Array.isArray(a) ? String(a.value ?? '').toUpperCase() : '';
    const next = attributes[i + 1];
    if (name === 'COUNT' && next && !Array.isArray(next)) window.total = Number(next.value) || 0;
    if (name === 'PARTIAL' && Array.isArray(next)) {
      const set = next[1];
      if (set && !Array.isArray(set) && typeof set.value === 'string') window.uids = expandSet(set.value, limit);
    }
  }
  return window;
}
