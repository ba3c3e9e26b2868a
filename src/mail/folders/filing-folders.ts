// Where "archive", "mark as junk" and "delete" put mail. The folder comes from RFC 6154 special-use flags (or the
// well-known names, on servers that flag nothing). When the server has none, we create it under its usual name on
// first use, as Thunderbird does for Archive: refusing would leave the user stuck, while an extra top-level folder
// is harmless and what every other client would pick up by name.
import { findSpecialUse } from './folder-tree.ts';
import { folderRef, listFolders, namespacePrefix } from './folder-lookup.ts';
import { USUAL_NAMES } from './folder-rules.ts';
import { MailError } from '../errors/mail-errors.ts';
import { userText, type FolderRef } from '../errors/user-text.ts';
import type { MailSession } from '../connection/mail-session.ts';
import { forgetMailboxes } from './mailboxes.ts';

export type FilingUse = 'archive' | 'junk' | 'trash';

export interface FilingFolder extends FolderRef {
  path: string;
  /** true when this call created it */
  created: boolean;
}

export function filingFolder(session: MailSession, use: FilingUse): Promise<FilingFolder> {
  // A fresh LIST rather than specialFolder()'s per-connection cache: one cheap command per action, and a Trash
  // that another client deleted or renamed meanwhile is noticed instead of failing every delete until sign-out.
  return session.withClient(async (client) => {
    const prefix = namespacePrefix(client);
    // listFolders also finds a folder of the usual name that the server does not flag (made by us or an older
    // client): that is the one people expect.
    const found = findSpecialUse(await listFolders(client), use);
    if (found) return { path: found.path, ...folderRef(found.path, prefix, found), created: false };
    const name = USUAL_NAMES[use];
    const made = await client.mailboxCreate(name);
    // The new folder's name is the usual one in English whatever the reader's language: other mail programs find
    // it by that name, and pages show it under the reader's name for it (folderRef).
    const ref = { label: name, use };
    if (!made?.path) throw new MailError('rejected', userText('mail:notCreated', `The mail server did not create the ${name} folder.`, { folder: ref }));
    forgetMailboxes(session);
    const label = folderRef(made.path, prefix).label;
    return { path: made.path, label, ...(label === name ? { use } : {}), created: made.created !== false };
  });
}
