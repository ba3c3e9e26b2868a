// Which contacts fit what is being typed, best first. Every typed word must begin a word of the name or a part of
// the address ("li" finds Ana Lima and ana.lima@example.com; "lima@ex" too, since parts start after . - _ + @),
// compared without case or accents ("jose" finds José, "muller" Müller, "oe" is not "ø" but "o" is). Among the
// matches the frecency score decides (frecency.ts), so the person written to most lately comes first.
import type { Contact } from './contact-book.ts';
import { score } from './frecency.ts';

export const MAX_SUGGESTIONS = 10;
const MAX_QUERY_WORDS = 6;

// Letters that NFKD does not take apart but that people type without their stroke or as two letters.
const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', ı: 'i', þ: 'th' };

/** Lower case, accents off: what both sides are compared as. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[ßæœøđðłıþ]/g, (ch) => LETTERS[ch] ?? ch);
}

/** The text from each place a word or address part starts: "ana.lima@x.org" -> itself, "lima@x.org", "x.org", "org". */
function starts(text: string, separators: RegExp): string[] {
  const out = text ? [text] : [];
  for (let i = 1; i < text.length; i++) {
    if (separators.test(text[i - 1]!) && !separators.test(text[i]!)) out.push(text.slice(i));
  }
  return out;
}

const NAME_SEPARATORS = /[\s\-'’.,()"/]/u;
const ADDRESS_SEPARATORS = /[.\-_+@]/;

interface Indexed {
  contact: Contact;
  starts: string[];
}

const indexes = new WeakMap<readonly Contact[], Indexed[]>();

/** Folding 2,000 names on every key press would be wasted work: a book's index is kept while the book is. */
function indexOf(contacts: readonly Contact[]): Indexed[] {
  let index = indexes.get(contacts);
  if (!index) {
    index = contacts.map((contact) => ({
      contact,
      starts: [...starts(fold(contact.name), NAME_SEPARATORS), ...starts(fold(contact.address), ADDRESS_SEPARATORS)],
    }));
    indexes.set(contacts, index);
  }
  return index;
}

/** The words of a query: what the browser sends is the text after the last comma, maybe with `"` or `<` in it. */
export function queryWords(query: string): string[] {
  return fold(query).split(/[\s,;<>"()]+/).filter((w) => w !== '').slice(0, MAX_QUERY_WORDS);
}

export function suggest(contacts: readonly Contact[], query: string, now: number, options: { own?: readonly string[]; limit?: number } = {}): Contact[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const own = new Set((options.own ?? []).map((a) => a.toLowerCase()));
  const found = indexOf(contacts)
    .filter((e) => !own.has(e.contact.address) && words.every((w) => e.starts.some((s) => s.startsWith(w))))
    .map((e) => ({ contact: e.contact, score: score(e.contact, now) }));
  // Scored once each: a one-letter query can match the whole book.
  found.sort((a, b) => b.score - a.score || b.contact.last - a.contact.last || (a.contact.address < b.contact.address ? -1 : 1));
  return found.slice(0, options.limit ?? MAX_SUGGESTIONS).map((f) => f.contact);
}
