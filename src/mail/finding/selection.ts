// "All N matching": the messages of a whole folder or search, chosen on the server, never as a list of UIDs
// carried by the browser (a search at 100,000 messages can match more than a form may hold).
//
// The confirm page is shown from a snapshot: how many match now, and the highest of their UIDs under the folder's
// UIDVALIDITY. Acting after the confirmation searches again within UIDs 1..that bound, so mail that arrives in
// between (its UID is always higher than any given before, RFC 3501 section 2.3.1.1) is never swept up by an action
// the user agreed to for fewer messages; a message that stopped matching meanwhile is left alone. (UIDNEXT would
// not do as the bound: a connection learns new mail from EXISTS, which does not update it.)
import type { MailSession } from '../connection/mail-session.ts';
import { userText } from '../errors/user-text.ts';
import { Refused } from '../errors/refused.ts';
import { searchUids, type MessageQuery } from './search.ts';

export interface SelectionBound {
  uidValidity: string;
  /** the highest UID included */
  upTo: number;
}

export interface Selection extends SelectionBound {
  /** the matching UIDs, ascending */
  uids: number[];
}

/** The messages of `mailbox` matching `query` (all of them for an empty query), within `bound` when given. */
export function selectMatching(session: MailSession, mailbox: string, query: MessageQuery, bound?: SelectionBound): Promise<Selection> {
  return session.withMailbox(mailbox, async (client) => {
    const box = client.mailbox;
    const uidValidity = box ? String(box.uidValidity) : '';
    if (bound && bound.uidValidity !== uidValidity) {
      throw new Refused('folder-replaced', userText('mail:folderReplaced', 'The folder was replaced on the server since you chose the messages: nothing was done. Choose them again.'));
    }
    if (!bound) {
      const uids = await searchUids(client, query);
      return { uids, uidValidity, upTo: uids.length ? uids[uids.length - 1]! : 0 };
    }
    const uids = bound.upTo >= 1 ? await searchUids(client, { ...query, uidsUpTo: bound.upTo }) : [];
    return { uids, uidValidity, upTo: bound.upTo };
  }, { fresh: true });
}
