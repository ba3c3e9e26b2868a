// Keywords (RFC 3501 section 2.3.2 flag-keyword) on many messages: labels ($label1..$label5 as Thunderbird names
// them, or a name of the user's where the server allows new ones) and the junk marks $Junk / $NotJunk that spam
// filters and other clients read (IANA "IMAP and JMAP Keywords" registry). One UID STORE per keyword and UID set,
// .SILENT like flags.ts.
//
// Whether a folder keeps a keyword is in its PERMANENTFLAGS (RFC 3501 section 7.1): the keyword itself, or "\*"
// for "any new keyword". Dovecot, Cyrus and Courier all answer "\*" (probed here); a server that does not would
// accept the STORE and forget the keyword at logout, so setting one it cannot keep is refused before asking.
import type { ImapClient, MailSession } from '../connection/mail-session.ts';
import { Refused } from '../errors/refused.ts';
import { userText } from '../errors/user-text.ts';
import { toUidSets } from '../finding/uid-set.ts';
import type { ActionCount } from './flags.ts';
import { existingUids, refusedUnless } from './message-set.ts';

export interface KeywordChange {
  add?: readonly string[];
  remove?: readonly string[];
}

const REFUSED = userText('mail:refusedKeywords', 'The mail server did not accept the label change.');

/** Whether the selected folder keeps `keyword` (case-insensitive, RFC 3501 section 2.3.2). */
export function keepsKeyword(client: ImapClient, keyword: string): boolean {
  const permanent = [...(client.mailbox ? client.mailbox.permanentFlags ?? [] : [])].map((f) => f.toLowerCase());
  return permanent.includes('\\*') || permanent.includes(keyword.toLowerCase());
}

export function setKeywords(session: MailSession, mailbox: string, uids: readonly number[], change: KeywordChange): Promise<ActionCount> {
  return session.withMailbox(mailbox, async (client) => {
    const refused = (change.add ?? []).find((k) => !keepsKeyword(client, k));
    if (refused) {
      throw new Refused('keywords', userText('mail:keywordsNotKept', `This folder on the mail server keeps no label named ${refused}.`, { keyword: refused }));
    }
    const present = await existingUids(client, uids);
    for (const set of present.length ? toUidSets(present) : []) {
      const options = { uid: true, silent: true };
      if (change.add?.length) refusedUnless(await client.messageFlagsAdd(set, [...change.add], options), REFUSED);
      if (change.remove?.length) refusedUnless(await client.messageFlagsRemove(set, [...change.remove], options), REFUSED);
    }
    // .SILENT: the server does not echo the new flags, so the cache is told, as flags.ts tells it.
    for (const keyword of change.add ?? []) session.cache.flagsStored(mailbox, present, keyword, true);
    for (const keyword of change.remove ?? []) session.cache.flagsStored(mailbox, present, keyword, false);
    return { done: present.length, missing: new Set(uids).size - present.length };
  });
}

/**
 * The junk marks before mail is moved to or out of Junk: $Junk (and not $NotJunk) when the user calls it junk, the
 * reverse when they say it is not. Best effort: a folder that keeps no keywords still gets its mail moved.
 */
export async function markJunk(session: MailSession, mailbox: string, uids: readonly number[], junk: boolean): Promise<void> {
  const change = junk ? { add: ['$Junk'], remove: ['$NotJunk'] } : { add: ['$NotJunk'], remove: ['$Junk'] };
  try {
    await setKeywords(session, mailbox, uids, change);
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
  }
}
