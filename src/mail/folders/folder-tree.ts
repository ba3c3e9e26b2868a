// Pure shaping of an IMAP LIST answer into the folder tree the pages show. No I/O, so the server differences
// (Dovecot, Cyrus, Courier; see shared/SANDBOX-NOTES.md) are table-tested with plain objects.
import { isSettingsFolder } from '../private-storage/hidden-folders.ts';

export type SpecialUse = 'inbox' | 'drafts' | 'sent' | 'archive' | 'junk' | 'trash' | 'all' | 'flagged';

export interface ListedFolder {
  path: string;
  delimiter: string;
  flags: Set<string>;
  subscribed: boolean;
  status?: { messages?: number | undefined; unseen?: number | undefined } | undefined;
}

export interface MailboxSummary {
  /** the full IMAP path: what travels in URLs and commands */
  path: string;
  /** leaf name shown to the user */
  name: string;
  depth: number;
  delimiter: string;
  specialUse?: SpecialUse;
  selectable: boolean;
  subscribed: boolean;
  messages: number;
  unseen: number;
}

const FLAG_USES: Record<string, SpecialUse> = {
  '\\drafts': 'drafts', '\\sent': 'sent', '\\archive': 'archive', '\\junk': 'junk', '\\trash': 'trash',
  '\\all': 'all', '\\flagged': 'flagged',
};

// Used only when the server flags nothing (Courier): the names clients commonly create (RFC 6154 section 1).
const NAME_USES: Record<string, SpecialUse> = {
  drafts: 'drafts', draft: 'drafts', sent: 'sent', 'sent items': 'sent', 'sent messages': 'sent', 'sent mail': 'sent',
  archive: 'archive', archives: 'archive', junk: 'junk', spam: 'junk', 'junk e-mail': 'junk', 'junk mail': 'junk',
  trash: 'trash', 'deleted items': 'trash', 'deleted messages': 'trash', bin: 'trash',
};

const ORDER: SpecialUse[] = ['inbox', 'drafts', 'sent', 'archive', 'junk', 'trash', 'flagged', 'all'];

function flagUse(folder: ListedFolder): SpecialUse | undefined {
  // Cyrus sends "\sent" in lower case: RFC 3501 flags compare case-insensitively.
  for (const flag of folder.flags) {
    const use = FLAG_USES[flag.toLowerCase()];
    if (use) return use;
  }
  return undefined;
}

function isSelectable(folder: ListedFolder): boolean {
  return ![...folder.flags].some((f) => ['\\noselect', '\\nonexistent'].includes(f.toLowerCase()));
}

/**
 * Builds the display tree: INBOX first, then special-use folders, then the rest by name, children under their
 * parent. `prefix` is the personal namespace prefix (Courier: "INBOX."), hidden from display names.
 */
export function buildFolderTree(listed: ListedFolder[], prefix = ''): MailboxSummary[] {
  const folders = listed.filter((f) => !isSettingsFolder(f.path, prefix));
  const anyFlagged = folders.some((f) => flagUse(f) !== undefined);
  const nodes = folders.map((f) => {
    const isInbox = f.path.toUpperCase() === 'INBOX';
    const shown = !isInbox && prefix && f.path.startsWith(prefix) ? f.path.slice(prefix.length) : f.path;
    const segments = f.delimiter ? shown.split(f.delimiter) : [shown];
    const leaf = segments[segments.length - 1] ?? shown;
    let specialUse: SpecialUse | undefined = isInbox ? 'inbox' : flagUse(f);
    if (!specialUse && !anyFlagged && segments.length === 1) specialUse = NAME_USES[leaf.toLowerCase()];
    return { folder: f, segments, leaf: isInbox ? 'Inbox' : leaf, specialUse };
  });
  type Node = (typeof nodes)[number] & { children: Node[] };
  const byKey = new Map<string, Node>();
  for (const n of nodes) byKey.set(n.segments.join('\u0000'), { ...n, children: [] });
  const roots: Node[] = [];
  for (const node of byKey.values()) {
    const parent = byKey.get(node.segments.slice(0, -1).join('\u0000'));
    if (node.segments.length > 1 && parent) parent.children.push(node);
    else roots.push(node);
  }
  const rank = (n: Node) => (n.specialUse ? ORDER.indexOf(n.specialUse) : ORDER.length);
  const compare = (a: Node, b: Node) => rank(a) - rank(b) || a.leaf.localeCompare(b.leaf);
  const out: MailboxSummary[] = [];
  const walk = (list: Node[], depth: number) => {
    for (const n of list.sort(compare)) {
      out.push({
        path: n.folder.path,
        name: n.leaf,
        depth,
        delimiter: n.folder.delimiter,
        ...(n.specialUse ? { specialUse: n.specialUse } : {}),
        selectable: isSelectable(n.folder),
        subscribed: n.folder.subscribed === true,
        messages: n.folder.status?.messages ?? 0,
        unseen: n.folder.status?.unseen ?? 0,
      });
      walk(n.children, depth + 1);
    }
  };
  walk(roots, 0);
  return out;
}

export function findSpecialUse(tree: MailboxSummary[], use: SpecialUse): MailboxSummary | undefined {
  return tree.find((m) => m.specialUse === use);
}
