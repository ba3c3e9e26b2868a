// Where "archive", "mark as junk" and "delete" put mail. The folder comes from RFC 6154 special-use flags (or the
// well-known names, on servers that flag nothing). When the server has none, we create it under its usual name on
// first use, as Thunderbird does for Archive: refusing would leave the user stuck, while an extra top-level folder
// is harmless and what every other client would pick up by name.
import { findSpecialUse } from './folder-tree.ts';
import { folderLabel, listFolders, namespacePrefix } from './folder-lookup.ts';
import { USUAL_NAMES } from './folder-rules.ts';
import { MailError } from '../errors/mail-errors.ts';
import type { MailSession } from '../connection/mail-session.ts';
import { forgetMailboxes } from './mailboxes.ts';

export type FilingUse = 'archive' | 'junk' | 'trash';

export interface FilingFolder {
  path: string;
  label: string;
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
    if (found) return { path: found.path, label: folderLabel(found.path, prefix), created: false };
    const name = USUAL_NAMES[use];
    const made = await client.mailboxCreate(name);
    if (!made?.path) throw new MailError('rejected', `The mail server did not create the ${name} folder.`);
    forgetMailboxes(session);
    return { path: made.path, label: folderLabel(made.path, prefix), created: made.created !== false };
  });
}
