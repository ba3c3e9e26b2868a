// Changes to the book, applied to the latest stored version just before it is written (contacts.ts serializes
// them per session). Another session or instance may have read some of the same mail meanwhile: a message whose
// UID is already inside the stored ranges of its folder is not counted again, and the ranges are joined, so two
// gatherers working at once count each message once as long as they see each other's writes.
import { MAX_OWN, MAX_PENDING, MAX_RANGES, type ContactBook, type FolderRole } from './contact-book.ts';
import { applyEvent, type ContactEvent } from './frecency.ts';
import { addRange } from './scan-plan.ts';

export interface ScannedEvent extends ContactEvent {
  uid: number;
  messageId: string;
}

/** What one run read in one folder. */
export interface FolderScan {
  role: FolderRole;
  path: string;
  uidValidity: number;
  /** the UID windows this run read */
  windows: [number, number][];
  events: ScannedEvent[];
  own: string[];
}

const inside = (ranges: readonly [number, number][], uid: number) => ranges.some(([a, b]) => a <= uid && uid <= b);

/** Adds addresses to the front of the user's own, newest first, and forgets them as contacts. */
function noteOwn(book: ContactBook, addresses: readonly string[]): boolean {
  const fresh = addresses.map((a) => a.toLowerCase()).filter((a) => !book.own.includes(a));
  if (fresh.length === 0) return false;
  book.own = [...new Set([...fresh, ...book.own])].slice(0, MAX_OWN);
  for (const a of fresh) book.contacts.delete(a);
  return true;
}

/** Applies a folder scan; false when it changed nothing worth writing. */
export function applyScan(book: ContactBook, scan: FolderScan): boolean {
  const stored = book.folders[scan.role];
  // A new UIDVALIDITY or another Sent folder: what was read there says nothing about this folder's UIDs.
  const same = stored && stored.path === scan.path && stored.uidValidity === scan.uidValidity;
  const counted = same ? stored.ranges : [];
  let changed = noteOwn(book, scan.own);
  for (const e of scan.events) {
    if (inside(counted, e.uid) || book.own.includes(e.address)) continue;
    // Postern counted this message when it sent it (noteSent): meeting it in Sent only settles that.
    const pending = scan.role === 'sent' && e.messageId ? book.pending.indexOf(e.messageId) : -1;
    if (pending >= 0) continue;
    applyEvent(book.contacts, e);
    changed = true;
  }
  if (scan.role === 'sent') {
    const met = new Set(scan.events.map((e) => e.messageId));
    const left = book.pending.filter((id) => !met.has(id));
    if (left.length !== book.pending.length) {
      book.pending = left;
      changed = true;
    }
  }
  let ranges = counted;
  for (const w of scan.windows) ranges = addRange(ranges, w, MAX_RANGES);
  const before = JSON.stringify(stored ?? null);
  book.folders[scan.role] = { path: scan.path, uidValidity: scan.uidValidity, ranges };
  return changed || JSON.stringify(book.folders[scan.role]) !== before;
}

export interface SentNote {
  /** the Message-ID of what went out, so the gatherer does not count its copy in Sent again */
  messageId: string;
  recipients: readonly { name: string; address: string }[];
}

/** Counts what Postern itself just sent. */
export function applySent(book: ContactBook, note: SentNote, events: readonly ContactEvent[]): boolean {
  const fresh = events.filter((e) => !book.own.includes(e.address));
  for (const e of fresh) applyEvent(book.contacts, e);
  if (note.messageId && !book.pending.includes(note.messageId)) book.pending = [...book.pending, note.messageId].slice(-MAX_PENDING);
  return fresh.length > 0;
}
