// How much an address matters now: how often the user wrote to it or heard from it, fading with the time since
// the latest message ("frecency", as Firefox ranks history). Writing to someone counts four times as much as
// hearing from them: a reply is a choice, a received message may be anyone's. The score halves every 60 days
// without news: a friend written to 30 times (score 120) falls below a colleague written to twice this week
// (score 8) after 60 days x log2(120 / 8), about 8 months. The same score decides which addresses go when the book
// is full.
import { entryBytes, MAX_BOOK_BYTES, MAX_CONTACTS, MAX_NAME_CHARS, type Contact } from './contact-book.ts';

export const SENT_WEIGHT = 4;
export const HALF_LIFE_SECONDS = 60 * 24 * 3600;

export interface ContactEvent {
  address: string;
  name: string;
  kind: 'sent' | 'received';
  /** Unix seconds */
  at: number;
}

export function score(c: Contact, now: number): number {
  const age = Math.max(0, now - c.last);
  return (SENT_WEIGHT * c.sent + c.received) * 2 ** (-age / HALF_LIFE_SECONDS);
}

/** Display names as people read them: no controls, no quotes around, one space between words, not an address. */
export function cleanName(raw: string, address: string): string {
  let name = raw.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  name = name.replace(/^(["'])(.*)\1$/, '$2').trim();
  if (name.toLowerCase() === address.toLowerCase() || /\S@\S/.test(name)) return '';
  const points = [...name];
  return points.length > MAX_NAME_CHARS ? points.slice(0, MAX_NAME_CHARS).join('').trim() : name;
}

/** Counts one message for its address; the name is taken from the newest message that had one. */
export function applyEvent(contacts: Map<string, Contact>, e: ContactEvent): void {
  const key = e.address.toLowerCase();
  let c = contacts.get(key);
  if (!c) contacts.set(key, (c = { address: key, name: '', sent: 0, received: 0, last: 0 }));
  if (e.kind === 'sent') c.sent += 1;
  else c.received += 1;
  // Gathering reads older mail after newer (newest first), so "latest" is by the message's time, not by order.
  if (e.name && (e.at >= c.last || c.name === '')) c.name = e.name;
  c.last = Math.max(c.last, e.at);
}

export function byScore(now: number): (a: Contact, b: Contact) => number {
  return (a, b) => score(b, now) - score(a, now) || b.last - a.last || (a.address < b.address ? -1 : 1);
}

/** The best-scoring contacts that fit both bounds: MAX_CONTACTS entries and MAX_BOOK_BYTES of JSON. */
export function trimContacts(contacts: Iterable<Contact>, now: number, limits = { count: MAX_CONTACTS, bytes: MAX_BOOK_BYTES }): Contact[] {
  const kept: Contact[] = [];
  let bytes = 0;
  for (const c of [...contacts].sort(byScore(now))) {
    if (kept.length >= limits.count) break;
    const size = entryBytes(c);
    if (bytes + size > limits.bytes) continue;
    bytes += size;
    kept.push(c);
  }
  return kept;
}
