// The folder that mail fetched from another account goes to when the user keeps it apart ("a folder named after
// the account", issue 11): found by name at the top of the personal namespace, or created there on first use.
// imapflow subscribes what it creates (commands/create.js), so the sidebar shows the new folder at once.
import type { MailSession } from '../connection/mail-session.ts';
import { Refused } from '../errors/refused.ts';
import { findIn, listFolders, namespacePrefix } from './folder-lookup.ts';
import { leafNameProblem } from './folder-rules.ts';
import { forgetMailboxes } from './mailboxes.ts';

/**
 * The path of the top-level folder `name`, created when missing. The server's delimiter in the name becomes "-":
 * an account called "web.de" gets the folder "web-de" on a server whose delimiter is "." (Courier), rather than a
 * folder "de" inside "web".
 */
export function ensureFolder(session: MailSession, name: string): Promise<string> {
  return session.withClient(async (client) => {
    const tree = await listFolders(client);
    const delimiter = client.namespace?.delimiter ?? tree[0]?.delimiter ?? '';
    const leaf = delimiter ? name.split(delimiter).join('-') : name;
    const problem = leafNameProblem(leaf, delimiter);
    if (problem) throw new Refused('invalid-name', problem);
    const path = namespacePrefix(client) + leaf;
    const found = findIn(tree, path);
    if (found) return found.path;
    const made = await client.mailboxCreate(path);
    forgetMailboxes(session);
    return made.path;
  }, { retry: false });
}
