// Who the signed-in user is as a mail address. Postern has no address book of identities: the From address is
// the login when the login is an address (Gmail, Fastmail, Migadu, most hosted mail). A bare login ("demo")
// names no domain, and guessing one from the IMAP host name would sign mail with a wrong address, so then the
// form asks for the address once (remembered for the session) and offers the recipient address of the message
// being answered that has the login as its local part.
import { isValidAddress, sameAddress, type MailAddress } from './addresses.ts';

/** The From address the login itself gives, or undefined when the login is not an address. */
export function loginAddress(login: string): string | undefined {
  return login.includes('@') && isValidAddress(login) ? login : undefined;
}

const localPart = (address: string) => address.slice(0, Math.max(0, address.lastIndexOf('@')));

/** The address in `recipients` that belongs to a bare login (same local part), for replying from it. */
export function addressForLogin(login: string, recipients: readonly MailAddress[]): string | undefined {
  if (login.includes('@')) return loginAddress(login);
  return recipients.find((r) => sameAddress(localPart(r.address), login))?.address;
}

/**
 * Whether `address` is the user's own, so reply-all leaves it out: the From address in use, the login when it is
 * an address, and for a bare login any address whose local part is the login (the same user at another domain
 * alias of the server; a stranger with the same local part elsewhere is the rare price).
 */
export function isOwnAddress(address: string, login: string, fromAddress: string | undefined): boolean {
  if (fromAddress && sameAddress(address, fromAddress)) return true;
  if (login.includes('@')) return sameAddress(address, login);
  return sameAddress(localPart(address), login);
}
