// Searching every folder at once. No server here offers RFC 7377 MULTISEARCH (Dovecot 2.3, Cyrus 3.6 and Courier
// 5 were probed: DESIGN.md "Finding"), so it is folder by folder: for each folder that holds mail, the folder's own
// search (listMessages: UID SORT or SEARCH, then one FETCH of its newest matches), each call with the session's
// deadline. Each folder's answer is handed over as it comes (an async generator), so the page can show it while
// the next folder is searched; the generator runs only as fast as its reader takes the answers. Bounded: at most
// MAX_FOLDERS folders and `perFolder` rows from each, and nothing kept from one folder to the next.
import type { MailSession } from '../connection/mail-session.ts';
import { MailError } from '../errors/mail-errors.ts';
import { Refused } from '../errors/refused.ts';
import { listMessages, type MessageSummary } from '../reading/messages.ts';
import type { MessageQuery } from './search.ts';

/** Folders searched at most: an account with more gets the first ones in tree order and is told so. */
export const MAX_FOLDERS = 100;

/** One folder's answer: its newest matches (newest first) and how many there are in all, or that it failed. */
export type FolderAnswer =
  | { mailbox: string; failed: false; total: number; messages: MessageSummary[] }
  | { mailbox: string; failed: true };

/** How many folders are left out past MAX_FOLDERS. */
export function foldersNotSearched(paths: readonly string[]): number {
  return Math.max(0, paths.length - MAX_FOLDERS);
}

/**
 * Yields each folder's answer in the order of `paths` (the first MAX_FOLDERS of them). A folder that vanished or
 * refused is yielded as failed; any other failure (server gone, deadline) is thrown, naming nothing: the caller
 * knows which folder it was waiting for.
 */
export async function* searchEachFolder(
  session: MailSession, paths: readonly string[], query: MessageQuery, opts: { perFolder: number },
): AsyncGenerator<FolderAnswer> {
  for (const mailbox of paths.slice(0, MAX_FOLDERS)) {
    let answer: FolderAnswer;
    try {
      const page = await listMessages(session, mailbox, { page: 1, pageSize: opts.perFolder, query, sort: { key: 'date', reverse: true } });
      answer = { mailbox, failed: false, total: page.total, messages: page.messages };
    } catch (err) {
      // A folder deleted by another client meanwhile, or one the server will not search: the others still count.
      if (err instanceof Refused || (err instanceof MailError && (err.kind === 'not-found' || err.kind === 'rejected'))) answer = { mailbox, failed: true };
      else throw err;
    }
    yield answer;
  }
}
