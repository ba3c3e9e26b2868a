// Read/unread and flagged, for one message or thousands: one UID STORE per flag and UID set, with .SILENT so the
// server does not answer with a FETCH line per message (RFC 3501 section 6.4.6). The session's cache takes the
// change directly, since the server does not say it back.
import type { MailSession } from '../connection/mail-session.ts';
import { existingUids, refusedUnless } from './message-set.ts';
import { userText } from '../errors/user-text.ts';
import { toUidSets } from '../finding/uid-set.ts';

export interface FlagChange {
  seen?: boolean;
  flagged?: boolean;
}

/** How many of the asked-for messages an action reached; the rest had gone from the folder meanwhile. */
export interface ActionCount {
  done: number;
  missing: number;
}

const FLAGS_REFUSED = userText('mail:refusedFlags', 'The mail server did not accept the flag change.');

const FLAG_NAMES: Record<keyof FlagChange, string> = { seen: '\\Seen', flagged: '\\Flagged' };

export async function setFlags(session: MailSession, mailbox: string, uids: readonly number[], change: FlagChange): Promise<ActionCount> {
  return session.withMailbox(mailbox, async (client) => {
    const present = await existingUids(client, uids);
    for (const [key, on] of Object.entries(change) as [keyof FlagChange, boolean | undefined][]) {
      if (on === undefined || present.length === 0) continue;
      for (const set of toUidSets(present)) {
        const options = { uid: true, silent: true };
        const stored = on
          ? await client.messageFlagsAdd(set, [FLAG_NAMES[key]], options)
          : await client.messageFlagsRemove(set, [FLAG_NAMES[key]], options);
        refusedUnless(stored, FLAGS_REFUSED);
      }
      session.cache.flagsStored(mailbox, present, FLAG_NAMES[key], on);
    }
    return { done: present.length, missing: new Set(uids).size - present.length };
  });
}

/**
 * "Mark all read" for a whole folder: one UID SEARCH UNSEEN to count, then one UID STORE from 1 to the highest
 * unread UID. Storing \Seen on a message that has it changes nothing, so the command is one short line however
 * scattered the unread mail is, and mail arriving meanwhile (a higher UID) stays unread.
 */
export async function markAllSeen(session: MailSession, mailbox: string): Promise<number> {
  return session.withMailbox(mailbox, async (client) => {
    const unseen = refusedUnless(await client.search({ seen: false }, { uid: true }), userText('mail:refusedUnreadSearch', 'The mail server refused to look for unread messages.'));
    if (unseen.length === 0) return 0;
    const stored = await client.messageFlagsAdd(`1:${unseen.reduce((a, b) => Math.max(a, b), 0)}`, ['\\Seen'], { uid: true, silent: true });
    refusedUnless(stored, FLAGS_REFUSED);
    session.cache.flagsStored(mailbox, unseen, '\\Seen', true);
    return unseen.length;
  }, { fresh: true });
}
