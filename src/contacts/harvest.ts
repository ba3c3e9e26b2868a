// What one message says about the user's contacts. In Sent, the user wrote to its To, Cc and Bcc (Bcc is there
// when the client that sent it kept it: Thunderbird does, Postern's own copy does not, so noteSent counts Postern's
// sends directly), and its From is one of the user's own addresses. In INBOX, the sender (From, and Reply-To when it
// differs) wrote to the user, unless the message came from a list or a robot (RFC 2369 List-* fields, RFC 3834
// Auto-Submitted, Precedence), was marked junk, or the address is one nobody writes to (noreply, MAILER-DAEMON).
import type { AddressedMessage } from '../mail/reading/message-addresses.ts';
import { MAX_ADDRESS_CHARS, type FolderRole } from './contact-book.ts';
import { cleanName, type ContactEvent } from './frecency.ts';

export interface MessageEvents {
  events: ContactEvent[];
  /** the From addresses of Sent mail: the user's own */
  own: string[];
}

// A mailbox: no spaces, brackets, quotes or separators that would break "Name <addr>, " when typed back.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]{1,253}$/;

const ROBOT = /(^|[-+])(no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounces?)([-+]|$)/;

export function isUsableAddress(address: string): boolean {
  return address.length <= MAX_ADDRESS_CHARS && ADDRESS.test(address);
}

export function isRobotAddress(address: string): boolean {
  const local = address.slice(0, address.lastIndexOf('@')).toLowerCase().replace(/[._]/g, '-');
  return ROBOT.test(local);
}

/** Unix seconds of the message, never in the future (a wrong clock or a spammer's Date). */
export function secondsOf(date: Date | undefined, now: number): number {
  const t = date ? Math.floor(date.getTime() / 1000) : now;
  return Math.min(Math.max(0, Number.isFinite(t) ? t : now), now);
}

export function eventsOf(role: FolderRole, msg: AddressedMessage, own: ReadonlySet<string>, now: number): MessageEvents {
  const at = secondsOf(msg.date, now);
  const kind = role === 'sent' ? 'sent' : 'received';
  if (role === 'inbox' && (msg.automated || msg.junk)) return { events: [], own: [] };
  const people = role === 'sent' ? [...msg.to, ...msg.cc, ...msg.bcc] : [...msg.from, ...msg.replyTo];
  const mine = role === 'sent' ? msg.from.map((a) => a.address.toLowerCase()).filter(isUsableAddress) : [];
  const seen = new Set<string>();
  const events: ContactEvent[] = [];
  for (const person of people) {
    const address = person.address.trim().toLowerCase();
    if (seen.has(address) || !isUsableAddress(address) || own.has(address) || mine.includes(address) || isRobotAddress(address)) continue;
    seen.add(address);
    events.push({ address, name: cleanName(person.name, address), kind, at });
  }
  return { events, own: mine };
}
