// Searching every folder at once. No server here offers RFC 7377 MULTISEARCH (Dovecot 2.3, Cyrus 3.6 and Courier
// 5 were probed: DESIGN.md "Finding"), so it is folder by folder: for each folder that holds mail, the folder's own
// search (listMessages: UID SORT or SEARCH, then one FETCH of its newest matches), each call with the session's
// deadline. Bounded: at most MAX_FOLDERS folders and `perFolder` rows from each; the caller shows the newest
// `limit` of them all and each folder's count, with a link to the rest in that folder.
import type { MailSession } from '../connection/mail-session.ts';
import { MailError } from '../errors/mail-errors.ts';
import { Refused } from '../errors/refused.ts';
import { listMessages, type MessageSummary } from '../reading/messages.ts';
import type { MessageQuery } from './search.ts';

/** Folders searched at most: an account with more gets the first ones in tree order and is told so. */
export const MAX_FOLDERS = 100;

export interface FolderHits {
  mailbox: string;
  /** how many messages of the folder match */
  total: number;
}

export interface FoundMessage extends MessageSummary {
  mailbox: string;
}

export interface AllFoldersResult {
  /** the newest matches over every folder, newest first */
  messages: FoundMessage[];
  /** each folder with at least one match, in the order searched */
  folders: FolderHits[];
  total: number;
  /** folders that could not be searched (gone meanwhile, or the server refused): named, not fatal */
  failed: string[];
  /** folders not searched at all, past MAX_FOLDERS */
  notSearched: number;
}

export async function searchAllFolders(
  session: MailSession, paths: readonly string[], query: MessageQuery, opts: { limit: number },
): Promise<AllFoldersResult> {
  const folders: FolderHits[] = [];
  const failed: string[] = [];
  let found: FoundMessage[] = [];
  for (const mailbox of paths.slice(0, MAX_FOLDERS)) {
    try {
      const page = await listMessages(session, mailbox, { page: 1, pageSize: opts.limit, query, sort: { key: 'date', reverse: true } });
      if (page.total === 0) continue;
      folders.push({ mailbox, total: page.total });
      found = newest(found.concat(page.messages.map((m) => ({ ...m, mailbox }))), opts.limit);
    } catch (err) {
      // A folder deleted by another client meanwhile, or one the server will not search: the others still count.
      if (err instanceof Refused || (err instanceof MailError && (err.kind === 'not-found' || err.kind === 'rejected'))) failed.push(mailbox);
      else throw err;
    }
  }
  return { messages: found, folders, total: folders.reduce((n, f) => n + f.total, 0), failed, notSearched: Math.max(0, paths.length - MAX_FOLDERS) };
}

function newest(messages: FoundMessage[], limit: number): FoundMessage[] {
  const time = (m: FoundMessage) => m.date?.getTime() ?? 0;
  return messages.sort((a, b) => time(b) - time(a)).slice(0, limit);
}
