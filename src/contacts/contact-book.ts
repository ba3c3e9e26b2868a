// The "contacts" document: who the user writes to and hears from, and how far the gatherer has read each folder.
// It lives on the user's IMAP server beside the settings (DESIGN.md "Contacts"), so it follows the user to any
// Postern instance. Entries are stored as tuples, not objects: 2,000 of them as objects would spend about 80 KB of
// the 256 KB document limit on repeated key names alone. Like user-settings.ts, whatever does not fit is dropped
// on its own (one odd entry never costs the others) and unknown top-level fields are kept for newer versions.
import { z } from 'zod';
import { defineDocument } from '../settings/document-type.ts';

export interface Contact {
  /** lower-cased: the key */
  address: string;
  /** the latest non-empty display name seen, '' when none */
  name: string;
  /** messages the user wrote to it */
  sent: number;
  /** messages received from it */
  received: number;
  /** Unix time in seconds of the latest of those messages */
  last: number;
}

/** Which UIDs of one folder have been read; a new UIDVALIDITY or another path means none. */
export interface FolderProgress {
  path: string;
  uidValidity: number;
  /** disjoint, ascending [from, to] UID ranges already read (UIDs that did not exist included) */
  ranges: [number, number][];
}

export type FolderRole = 'sent' | 'inbox';

export const MAX_CONTACTS = 2000;
/** The whole document stays well under the store's 256 KB (settings/document-text.ts): eviction goes by bytes too. */
export const MAX_BOOK_BYTES = 192 * 1024;
export const MAX_NAME_CHARS = 64;
export const MAX_ADDRESS_CHARS = 254;
/** Message-IDs Postern sent and counted itself, not yet met in Sent (contacts.ts noteSent). */
export const MAX_PENDING = 50;
/** The user's own addresses, learned from the From of Sent mail: never suggested, never counted. */
export const MAX_OWN = 20;
export const MAX_RANGES = 16;

const count = z.number().int().min(0).max(1e9);
const contactTuple = z.tuple([z.string().min(3).max(MAX_ADDRESS_CHARS), z.string().max(MAX_NAME_CHARS * 2), count, count, z.number().int().min(0).max(1e11)]);
const range = z.tuple([z.number().int().min(1), z.number().int().min(1)]).refine(([a, b]) => a <= b);
const folder = z.object({ p: z.string().min(1).max(1000), v: z.number().int().min(0), r: z.array(range).max(MAX_RANGES) });

/** Keeps the elements that fit `item`, at most `max` of them. */
const each = <T>(item: z.ZodType<T>, max: number) => z.array(z.unknown()).transform((list) => list.flatMap((x) => {
  const one = item.safeParse(x);
  return one.success ? [one.data] : [];
}).slice(0, max)).catch([]).default([]);

export const contactBookSchema = z.looseObject({
  /** [address, name, sent, received, last] */
  a: each(contactTuple, MAX_CONTACTS),
  /** progress per folder role */
  f: z.object({ sent: folder.optional().catch(undefined), inbox: folder.optional().catch(undefined) }).catch({}).default({}),
  /** pending Message-IDs */
  p: each(z.string().min(1).max(998), MAX_PENDING),
  /** own addresses, lower-cased */
  s: each(z.string().min(3).max(MAX_ADDRESS_CHARS), MAX_OWN),
});

export type StoredBook = z.infer<typeof contactBookSchema>;

export const CONTACT_BOOK = defineDocument<StoredBook>('contacts', contactBookSchema, () => contactBookSchema.parse({}));

/** The book as the gatherer and the ranking use it. */
export interface ContactBook {
  contacts: Map<string, Contact>;
  folders: Partial<Record<FolderRole, FolderProgress>>;
  pending: string[];
  own: string[];
  /** top-level fields of a newer version, written back untouched */
  extra: Record<string, unknown>;
}

export function openBook(stored: StoredBook): ContactBook {
  const { a, f, p, s, ...extra } = stored;
  const contacts = new Map<string, Contact>();
  for (const [address, name, sent, received, last] of a) {
    const key = address.toLowerCase();
    if (!contacts.has(key)) contacts.set(key, { address: key, name, sent, received, last });
  }
  const folders: ContactBook['folders'] = {};
  for (const role of ['sent', 'inbox'] as const) {
    const one = f[role];
    if (one) folders[role] = { path: one.p, uidValidity: one.v, ranges: one.r.map(([x, y]) => [x, y]) };
  }
  return { contacts, folders, pending: [...p], own: s.map((x) => x.toLowerCase()), extra };
}

/** The stored form; `contacts` must already be trimmed (frecency.ts trimContacts). */
export function closeBook(book: ContactBook, contacts: Contact[]): StoredBook {
  const f: StoredBook['f'] = {};
  for (const role of ['sent', 'inbox'] as const) {
    const one = book.folders[role];
    if (one) f[role] = { p: one.path, v: one.uidValidity, r: one.ranges };
  }
  return {
    ...book.extra,
    a: contacts.map((c) => [c.address, c.name, c.sent, c.received, c.last]),
    f,
    p: book.pending.slice(-MAX_PENDING),
    s: book.own.slice(0, MAX_OWN),
  };
}

/** What one entry costs in the JSON, with its comma. */
export function entryBytes(c: Contact): number {
  return Buffer.byteLength(JSON.stringify([c.address, c.name, c.sent, c.received, c.last])) + 1;
}
