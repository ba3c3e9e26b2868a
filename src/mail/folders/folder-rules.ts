// What may be done to which folder, and how paths are put together. Pure, so the server differences (delimiter
// "/" on Dovecot, "." on Cyrus and Courier, none on a flat server) are table-tested without a server.
import type { MailboxSummary, SpecialUse } from './folder-tree.ts';
import { userText, type FolderRef, type UserText } from '../errors/user-text.ts';

/** The names Postern gives Archive, Junk and Trash when it has to create them (see filing-folders.ts). */
export const USUAL_NAMES = { archive: 'Archive', junk: 'Junk', trash: 'Trash' } as const;

/**
 * The tree with Archive, Junk and Trash found by name where the server flags no folder for that use. folder-tree.ts
 * looks at names only when a server flags nothing at all; a server that flags Drafts and Sent but has no Trash
 * gets an unflagged "Trash" from us (CREATE cannot set a special use without CREATE-SPECIAL-USE, which Dovecot
 * lacks), and that folder must then count as the Trash everywhere: as the target of delete and as protected.
 */
export function withUsualNames(tree: MailboxSummary[]): MailboxSummary[] {
  const missing = Object.entries(USUAL_NAMES).filter(([use]) => !tree.some((f) => f.specialUse === use));
  if (missing.length === 0) return tree;
  return tree.map((f) => {
    if (f.specialUse || f.depth !== 0) return f;
    const hit = missing.find(([, name]) => name.toLowerCase() === f.name.toLowerCase());
    return hit ? { ...f, specialUse: hit[0] as SpecialUse } : f;
  });
}

const USE_NAMES: Record<SpecialUse, string> = {
  inbox: 'inbox', drafts: 'drafts', sent: 'sent mail', archive: 'archive', junk: 'junk', trash: 'trash',
  all: 'all-mail', flagged: 'flagged-mail',
};

/** The folder for a sentence (folder-lookup.ts folderRef): a top-level special-use folder keeps its use. */
const ref = (f: MailboxSummary): FolderRef => (f.depth === 0 && f.specialUse ? { label: f.name, use: f.specialUse } : { label: f.name });

/**
 * Why this folder must not be renamed or deleted, or undefined when it may be. INBOX cannot be renamed away in
 * any meaningful sense (RFC 3501 section 6.3.5 turns RENAME INBOX into a move of its messages). Special-use
 * folders are where Postern and every other client file sent mail, drafts and deleted mail: renaming one here
 * would break the others until they are reconfigured.
 */
export function protectionReason(folder: MailboxSummary): UserText | undefined {
  if (folder.specialUse === 'inbox' || folder.path.toUpperCase() === 'INBOX') {
    return userText('mail:folders.inboxProtected', 'Inbox is where new mail arrives: it cannot be renamed or deleted.');
  }
  if (folder.specialUse) {
    return userText('mail:folders.protected',
      `"${folder.name}" is your ${USE_NAMES[folder.specialUse]} folder, which Postern and other mail programs rely on: it cannot be renamed or deleted here.`,
      { folder: ref(folder), use: folder.specialUse });
  }
  return undefined;
}

/** The folders inside `folder`, at any depth, deepest first (the order DELETE needs). */
export function descendantsOf(tree: MailboxSummary[], folder: MailboxSummary): MailboxSummary[] {
  if (!folder.delimiter) return [];
  const start = folder.path + folder.delimiter;
  return tree.filter((f) => f.path.startsWith(start)).sort((a, b) => b.depth - a.depth || b.path.length - a.path.length);
}

/** Why `folder` (with what it contains) must stay, or undefined. */
export function removalBlocker(tree: MailboxSummary[], folder: MailboxSummary, verb: 'rename' | 'delete'): UserText | undefined {
  const own = protectionReason(folder);
  if (own) return own;
  const inner = descendantsOf(tree, folder).find((f) => protectionReason(f));
  if (!inner) return undefined;
  return userText('mail:folders.containsProtected',
    `"${folder.name}" contains your ${USE_NAMES[inner.specialUse!]} folder "${inner.name}", so it cannot be ${verb === 'rename' ? 'renamed' : 'deleted'} here.`,
    { folder: ref(folder), use: inner.specialUse!, inner: ref(inner), verb });
}

// Characters that make a name look different from what it is, or break the lines it is shown on: C0 and C1
// controls (U+0085 NEL is a line break to some programs), the line and paragraph separators U+2028/U+2029, and the
// bidi controls (U+061C, U+200E/F, U+202A-202E, U+2066-2069) that reorder the text around them, so "Invoices\u202Efdp"
// would show as something else (Unicode TR 36 section 2.1). Zero-width joiners stay: emoji sequences need them.
const UNSHOWABLE = /[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
// What a name is made of when nothing in it can be seen: spaces of every kind and the zero-width ones.
const INVISIBLE = /^[\s\u200b-\u200d\u2060\ufeff]*$/u;

/**
 * Why a leaf name cannot be used, or undefined. A name holding the server's delimiter would silently create a
 * folder inside another ("a/b" is folder b inside a on Dovecot, "a.b" on Courier), so it is refused with the
 * delimiter named. Controls, separators and bidi overrides are refused on every server: Dovecot stores them, and
 * every folder list, log line and header that shows the name then breaks or lies. Everything else the server
 * judges itself.
 */
export function leafNameProblem(name: string, delimiter: string): UserText | undefined {
  if (INVISIBLE.test(name)) return userText('mail:folders.nameInvisible', 'Enter a name for the folder: it needs at least one visible character.');
  if (UNSHOWABLE.test(name)) {
    return userText('mail:folders.nameUnshowable',
      'A folder name cannot contain control characters, line or paragraph separators, or text direction marks. Type the name again without them.');
  }
  if (delimiter && name.includes(delimiter)) {
    return userText('mail:folders.nameDelimiter',
      `A folder name cannot contain "${delimiter}" on this server: it separates folders from their subfolders. To make a subfolder, choose the folder to put it in.`,
      { delimiter });
  }
  return undefined;
}

/** Path of a new folder `name` inside `parent` (top level when absent). */
export function childPath(parent: MailboxSummary | undefined, name: string): string {
  return parent ? parent.path + parent.delimiter + name : name;
}

/** Path of `folder` renamed to leaf `name`, in the same parent. */
export function renamedPath(folder: MailboxSummary, name: string): string {
  const cut = folder.delimiter ? folder.path.lastIndexOf(folder.delimiter) : -1;
  return cut >= 0 ? folder.path.slice(0, cut + folder.delimiter.length) + name : name;
}

/**
 * The subscriptions a rename has to carry: [old path, new path] for the folder and each folder inside it that is
 * subscribed. RENAME moves the folders but not the subscription list (RFC 3501 section 6.3.6: a server must not
 * drop a subscription on its own), so Dovecot keeps the old names subscribed and the new ones are not.
 */
export function subscriptionMoves(tree: MailboxSummary[], folder: MailboxSummary, newPath: string): [string, string][] {
  return [folder, ...descendantsOf(tree, folder)]
    .filter((f) => f.subscribed)
    .map((f) => [f.path, newPath + f.path.slice(folder.path.length)]);
}
