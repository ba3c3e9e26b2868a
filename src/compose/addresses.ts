// The To, Cc and Bcc fields as the user typed them ("Ana Lima <ana@example.com>, bo@example.com"), parsed with
// nodemailer's addressparser and checked one address at a time, so the form can say which one is wrong.
import addressparser from 'nodemailer/lib/addressparser';
import { userText, type UserText } from '../mail/errors/user-text.ts';

export interface MailAddress {
  name: string;
  address: string;
}

/** `error` names its catalog message (compose namespace) and keeps the English (mail/errors/user-text.ts). */
export type AddressListResult = { ok: true; addresses: MailAddress[] } | { ok: false; error: UserText };

/** More than this per field is a mailing list's job, and a cap keeps a pasted megabyte from becoming a loop. */
export const MAX_RECIPIENTS = 100;
const MAX_FIELD_CHARS = 10_000;

// RFC 5321 §4.5.3.1: 64 octets of local part, 255 of domain. The local part is a dot-atom (quoted local parts
// are legal but nearly always a typo in a web form); the domain is dot-separated labels, IDN letters allowed
// (nodemailer punycodes them), or an address literal in brackets.
const LOCAL = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const LABEL = /^[\p{L}\p{N}]([\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const LITERAL = /^\[[0-9a-fA-F:.]{2,45}\]$/;

export function isValidAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at < 1 || at === address.length - 1) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64 || domain.length > 255) return false;
  if (!LOCAL.test(local)) return false;
  return LITERAL.test(domain) || domain.split('.').every((label) => LABEL.test(label));
}

/** Parses one address field. Line breaks and other controls are refused outright: they could only smuggle headers. */
export function parseAddressList(input: string): AddressListResult {
  const value = input.trim();
  if (value === '') return { ok: true, addresses: [] };
  if (/[\r\n]/.test(value)) return { ok: false, error: userText('compose:errors.addressLineBreaks', 'Line breaks are not allowed in an address field.') };
  if (/[\u0000-\u001f\u007f]/.test(value)) return { ok: false, error: userText('compose:errors.addressControls', 'This field has control characters that cannot be sent.') };
  if (value.length > MAX_FIELD_CHARS) return { ok: false, error: userText('compose:errors.addressTooLong', 'This field is too long.') };
  // flatten: a group ("team: a@x, b@y;") is sent to its members; an empty one ("undisclosed-recipients:;") to none.
  const parsed = addressparser(value, { flatten: true });
  const addresses: MailAddress[] = [];
  for (const entry of parsed) {
    const address = entry.address.trim();
    const name = entry.name.replace(/\s+/g, ' ').trim();
    if (address === '') {
      if (name === '') continue;
      return { ok: false, error: userText('compose:errors.notAnAddress', `"${name}" is not an email address: write it like name@example.com.`, { name }) };
    }
    if (!isValidAddress(address)) {
      return { ok: false, error: userText('compose:errors.invalidAddress', `"${address}" is not a valid email address.`, { address }) };
    }
    // addressparser reads "a@x.org b@y.org" as the name "b@y.org" of a@x.org: one recipient silently lost.
    if (/\S@\S/.test(name) && !value.includes(`"${name}"`)) {
      return { ok: false, error: userText('compose:errors.separate', `Separate the addresses with commas: "${name}" and "${address}".`, { name, address }) };
    }
    addresses.push({ name, address });
  }
  if (addresses.length > MAX_RECIPIENTS) return { ok: false, error: userText('compose:errors.tooManyAddresses', `At most ${MAX_RECIPIENTS} addresses fit in one field.`, { max: MAX_RECIPIENTS }) };
  return { ok: true, addresses };
}

export const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Drops repeats (case-insensitively, first one wins) and any address in `exclude`. */
export function uniqueAddresses(list: readonly MailAddress[], exclude: readonly string[] = []): MailAddress[] {
  const seen = new Set(exclude.map((a) => a.toLowerCase()));
  const out: MailAddress[] = [];
  for (const a of list) {
    const key = a.address.toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}
