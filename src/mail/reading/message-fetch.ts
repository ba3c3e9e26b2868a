// One UID FETCH of exactly what opening a message still needs: its summary, its structure and its shown text parts,
// in any combination. imapflow's fetch() asks for body sections only with BODY.PEEK; this one can ask BODY[n],
// which sets \Seen as a side effect (RFC 3501 section 6.4.5), so opening an unread message marks it read without a
// STORE of its own. The answer goes through imapflow's own response parser and through the cache like every
// other FETCH row (a flag change the server slips in for another message included).
import type { FetchMessageObject } from 'imapflow';
import { formatMessageResponse } from 'imapflow/lib/tools.js';
import type { MailCache } from '../cache/mail-cache.ts';
import type { ImapClient } from '../connection/mail-session.ts';
import { atom, runCommand } from '../finding/search.ts';

/** Text beyond this per part is cut off with a note: a 50 MB text part would stall the browser anyway. */
export const MAX_DISPLAY_BYTES = 2 * 1024 * 1024;

export interface FetchItems {
  /** envelope, size, date and Content-Type: the list row and the page's headers */
  summary?: boolean;
  structure?: boolean;
  /** body sections of the text parts shown, each at most MAX_DISPLAY_BYTES */
  sections?: string[];
  /** BODY.PEEK: leave \Seen alone (the body frame and re-reads) */
  peek?: boolean;
  /** at most this many bytes of each section (default MAX_DISPLAY_BYTES) */
  maxBytes?: number;
}

/** The message's row, or undefined when the UID is not (or no longer) in the mailbox. */
export async function fetchMessage(client: ImapClient, cache: MailCache, uid: number, items: FetchItems): Promise<FetchMessageObject | undefined> {
  const box = client.mailbox;
  if (!box) throw new Error('fetchMessage needs a selected mailbox');
  const list: unknown[] = [atom('UID'), atom('FLAGS')];
  if (items.summary) {
    list.push(atom('ENVELOPE'), atom('RFC822.SIZE'), atom('INTERNALDATE'),
      { type: 'ATOM', value: 'BODY.PEEK', section: [atom('HEADER.FIELDS'), [atom('CONTENT-TYPE')]] });
  }
  if (items.structure) list.push(atom('BODYSTRUCTURE'));
  for (const section of items.sections ?? []) {
    list.push({ type: 'ATOM', value: items.peek ? 'BODY.PEEK' : 'BODY', section: [atom(section)], partial: [0, items.maxBytes ?? MAX_DISPLAY_BYTES] });
  }
  let found: FetchMessageObject | undefined;
  await runCommand(client, 'UID FETCH', [{ type: 'SEQUENCE', value: String(uid) }, list], {
    FETCH: async (untagged) => {
      const row = await formatMessageResponse(untagged, box, undefined, client) as FetchMessageObject;
      cache.onFetchRow(box.path, row);
      if (row.uid !== uid) return;
      // A server may split one message's answer over several rows.
      found = found ? merge(found, row) : row;
    },
  });
  return found;
}

function merge(a: FetchMessageObject, b: FetchMessageObject): FetchMessageObject {
  const bodyParts = a.bodyParts || b.bodyParts ? new Map([...(a.bodyParts ?? []), ...(b.bodyParts ?? [])]) : undefined;
  return { ...a, ...b, ...(bodyParts ? { bodyParts } : {}) } as FetchMessageObject;
}
