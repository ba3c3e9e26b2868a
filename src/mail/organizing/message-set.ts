// The messages an action applies to. A page may be minutes old when the user ticks its boxes: another client can
// have moved or deleted some of them since. UID SEARCH tells which are still here, so the flash can count what
// really happened and a single-message action on a vanished UID is a "not found", not a silent no-op (a UID STORE
// or UID MOVE of a missing UID succeeds without doing anything, RFC 3501 section 6.4.8).
import { MailError } from '../errors/mail-errors.ts';
import { userText, type UserText } from '../errors/user-text.ts';
import type { ImapClient, MailSession } from '../connection/mail-session.ts';
import { toUidSets } from '../finding/uid-set.ts';

/** The subset of `uids` present in the selected mailbox, ascending. */
export async function existingUids(client: ImapClient, uids: readonly number[]): Promise<number[]> {
  const found = await search(client, uids);
  if (found.length < new Set(uids).size) {
    // The page may come from another Postern instance whose connection saw newer mail than this one. Dovecot
    // answers a SEARCH from its view before the command (and only then announces the new EXISTS), so a UID it
    // has not told this connection about yet is missed once: NOOP lets it catch up, then ask for the rest.
    await client.noop();
    const have = new Set(found);
    found.push(...await search(client, uids.filter((uid) => !have.has(uid))));
  }
  return [...new Set(found)].sort((a, b) => a - b);
}

/** Whether one message is still in the folder: the message to land on after an action must still be there. */
export function isInFolder(session: MailSession, mailbox: string, uid: number): Promise<boolean> {
  return session.withMailbox(mailbox, async (client) => (await existingUids(client, [uid])).length === 1);
}

async function search(client: ImapClient, uids: readonly number[]): Promise<number[]> {
  const found: number[] = [];
  for (const set of toUidSets(uids)) {
    const hits = await client.search({ uid: set }, { uid: true });
    if (!hits) throw new MailError('rejected', userText('mail:refusedLookup', 'The mail server refused to look up the selected messages.'));
    found.push(...hits);
  }
  return found;
}

/**
 * imapflow answers a refused STORE, COPY or MOVE with `false` instead of throwing (it logs the server's text,
 * which our logger-less client drops): turn that into a MailError the user sees.
 */
export function refusedUnless<T>(result: T | false | undefined, message: UserText): T {
  if (result === false || result === undefined) throw new MailError('rejected', message);
  return result;
}
