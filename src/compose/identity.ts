// Who the signed-in user is as a sender. Identities (name, address, reply-to, signature) are kept on the IMAP
// server (src/settings/identities.ts); when the user has defined none, the login's own address is the only one
// (the login when it is an address, login@MAIL_DOMAIN for a bare login). A bare login without MAIL_DOMAIN names no
// address at all: guessing one from the IMAP host would sign mail with a wrong address, so the form then asks.
//
// IDENTITY_POLICY (config.ts) says which From addresses may be used. Postfix, like most submission servers, takes
// any From from an authenticated user unless its admin set reject_sender_login_mismatch, so Postern checks itself,
// when an identity is saved and again at every send (a stored list may predate a stricter policy, and a form can
// name anything): `login` (own-address) only the login's own address, `domain` (own-domain) any address of the
// login's domain, `any` (the default) whatever the server accepts. Under `domain` a login whose domain is unknown (bare, no MAIL_DOMAIN) may send
// as nothing: failing closed is the point of the policy. Reply-To is not checked: it forges nobody.
import { isValidAddress, sameAddress, type MailAddress } from './addresses.ts';

export type IdentityPolicy = 'login' | 'domain' | 'any';

export interface Signature {
  format: 'text' | 'html';
  /** plain text, or HTML already sanitized when it was saved */
  content: string;
}

export interface Identity {
  id: string;
  name: string;
  address: string;
  replyTo: string;
  signature: Signature;
}

/** The id of the implicit identity, the login's own address, used while the user has defined none. */
export const LOGIN_IDENTITY = 'login';

/** The From address the login itself gives, or undefined when the login is not an address. */
export function loginAddress(login: string): string | undefined {
  return login.includes('@') && isValidAddress(login) ? login : undefined;
}

/** The login's own address: the login, or a bare login completed with MAIL_DOMAIN; undefined when unknown. */
export function ownAddress(login: string, mailDomain: string | undefined): string | undefined {
  if (login.includes('@')) return loginAddress(login);
  const address = mailDomain ? `${login}@${mailDomain}` : '';
  return isValidAddress(address) ? address : undefined;
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

export interface PolicyContext {
  policy: IdentityPolicy;
  login: string;
  mailDomain: string | undefined;
}

/** Whether `address` may be a From address under the policy. */
export function fromAllowed(address: string, ctx: PolicyContext): boolean {
  if (!isValidAddress(address)) return false;
  if (ctx.policy === 'any') return true;
  const own = ownAddress(ctx.login, ctx.mailDomain);
  if (!own) return false;
  if (ctx.policy === 'login') return sameAddress(address, own);
  return domainOf(address) === domainOf(own);
}

/** The user's identities, or the implicit one of the login's address; empty when not even that is known. */
export function identitiesOf(stored: readonly Identity[], login: string, mailDomain: string | undefined): Identity[] {
  if (stored.length) return [...stored];
  const own = ownAddress(login, mailDomain);
  return own ? [{ id: LOGIN_IDENTITY, name: '', address: own, replyTo: '', signature: { format: 'text', content: '' } }] : [];
}

/** The default identity: the one the user chose, else the first. */
export function defaultIdentity(list: readonly Identity[], defaultId: string | null | undefined): Identity | undefined {
  return list.find((i) => i.id === defaultId) ?? list[0];
}

/**
 * The identity a reply is written from: the one the message was sent to (To, then Cc), else the address it was
 * delivered to (Delivered-To, X-Original-To: a Bcc or an alias), else the default.
 */
export function identityForReply(list: readonly Identity[], defaultId: string | null | undefined, recipients: readonly MailAddress[], deliveredTo: readonly string[]): Identity | undefined {
  for (const address of [...recipients.map((r) => r.address), ...deliveredTo]) {
    const found = list.find((i) => sameAddress(i.address, address));
    if (found) return found;
  }
  return defaultIdentity(list, defaultId);
}

const localPart = (address: string) => address.slice(0, Math.max(0, address.lastIndexOf('@')));

/** The address in `recipients` that belongs to a bare login (same local part), for replying from it. */
export function addressForLogin(login: string, recipients: readonly MailAddress[]): string | undefined {
  if (login.includes('@')) return loginAddress(login);
  return recipients.find((r) => sameAddress(localPart(r.address), login))?.address;
}

/**
 * Whether `address` is the user's own, so reply-all leaves it out: any of the user's identities, the login when
 * it is an address, and for a bare login any address whose local part is the login (the same user at another
 * domain alias of the server; a stranger with the same local part elsewhere is the rare price).
 */
export function isOwnAddress(address: string, login: string, fromAddress: string | undefined, identities: readonly string[] = []): boolean {
  if (fromAddress && sameAddress(address, fromAddress)) return true;
  if (identities.some((i) => sameAddress(address, i))) return true;
  if (login.includes('@')) return sameAddress(address, login);
  return sameAddress(localPart(address), login);
}
