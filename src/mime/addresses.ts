// Address display for headers, lists and reply fields. Names arrive already decoded (RFC 2047) by the IMAP layer.

export interface AddressLike {
  name?: string | undefined;
  address?: string | undefined;
}

// RFC 5322 §3.2.3 specials: a display name containing one must be a quoted-string to parse back as the same name.
const SPECIALS = /[()<>[\]:;@\\,."]/;

// Header values must never carry CR/LF (injection) or other controls; whitespace runs fold to one space.
function clean(value: string | undefined): string {
  if (typeof value !== 'string') return '';
  return value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** "Name <addr>", the bare address when there is no name, or the name alone for a group / missing address. */
export function formatAddress(a: AddressLike | undefined | null): string {
  const name = clean(a?.name);
  const address = clean(a?.address).replace(/[<>\s]/g, '');
  if (address === '') return name;
  if (name === '' || name === address) return address;
  const phrase = SPECIALS.test(name) ? `"${name.replace(/[\\"]/g, '\\$&')}"` : name;
  return `${phrase} <${address}>`;
}

export function formatAddressList(list: readonly (AddressLike | undefined | null)[] | undefined | null): string {
  if (!Array.isArray(list)) return '';
  return list.map(formatAddress).filter((s) => s !== '').join(', ');
}

/** What a message list shows: the name, else the address's local part, else the address, else "". */
export function displayName(a: AddressLike | undefined | null): string {
  const name = clean(a?.name);
  if (name !== '') return name;
  const address = clean(a?.address);
  const at = address.lastIndexOf('@');
  return at > 0 ? address.slice(0, at) : address;
}
