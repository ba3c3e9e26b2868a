// Read/unread and flagged, for one message or thousands: one UID STORE per flag and UID set, with .SILENT so the
// server does not answer with a FETCH line per message (RFC 3501 section 6.4.6).
import type { MailSession } from './mail-session.ts';
import { existingUids, refusedUnless } from './message-set.ts';
import { toUidSets } from './uid-set.ts';

export interface FlagChange {
  seen?: boolean;
  flagged?: boolean;
}

/** How many of the asked-for messages an action reached; the rest had gone from the folder meanwhile. */
export interface ActionCount {
  done: number;
  missing: number;
}

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
        refusedUnless(stored, 'The mail server did not accept the flag change.');
      }
    }
    return { done: present.length, missing: new Set(uids).size - present.length };
  });
}
