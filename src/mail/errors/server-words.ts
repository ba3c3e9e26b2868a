// Plain words for what mail servers answer. A server's reply is written for its administrator: Dovecot appends
// timings ("(0.001 + 0.000 secs)"), SMTP replies lead with codes. People are told what happened from the
// machine-readable part (RFC 5530 response codes, RFC 3463 enhanced status codes), plus at most one cleaned
// sentence of the server's own where it says something the code cannot. The raw reply goes to the log. Pure.
// Every sentence is a UserText: a catalog key the page translates, and the English for the log.
import { userText, type TextValue, type UserText } from './user-text.ts';

/** How the MailError for an IMAP response code reads; `detail`: the server's own sentence adds something. */
export interface CodeWords {
  kind: 'not-found' | 'exists' | 'too-large' | 'rejected' | 'unavailable';
  text: UserText;
  detail: boolean;
}

// RFC 5530 section 3, plus TOOBIG (RFC 4469/7889). Codes that say everything keep the server's text out of the page.
export const IMAP_CODE_WORDS: Record<string, CodeWords> = {
  NONEXISTENT: { kind: 'not-found', text: userText('mail:codes.nonexistent', 'That folder or message does not exist.'), detail: false },
  ALREADYEXISTS: { kind: 'exists', text: userText('mail:codes.alreadyExists', 'A folder with that name already exists.'), detail: false },
  OVERQUOTA: { kind: 'too-large', text: userText('mail:codes.overQuota', 'Your mailbox is full: delete some mail, and empty the Trash, to make room.'), detail: false },
  TOOBIG: { kind: 'too-large', text: userText('mail:codes.tooBig', 'That message is larger than the mail server accepts.'), detail: false },
  LIMIT: { kind: 'too-large', text: userText('mail:codes.limit', 'That goes past a limit the mail server sets, such as how many folders or messages it allows.'), detail: true },
  NOPERM: { kind: 'rejected', text: userText('mail:codes.noPerm', 'You do not have permission to do that on the mail server.'), detail: true },
  CANNOT: { kind: 'rejected', text: userText('mail:codes.cannot', 'The mail server does not allow that.'), detail: true },
  CONTACTADMIN: { kind: 'rejected', text: userText('mail:codes.contactAdmin', 'The mail server asks you to contact your mail administrator.'), detail: true },
  PRIVACYREQUIRED: { kind: 'rejected', text: userText('mail:codes.privacyRequired', 'The mail server requires a secure connection for that.'), detail: false },
  EXPUNGEISSUED: { kind: 'rejected', text: userText('mail:codes.expungeIssued', 'Some of those messages were just deleted by another mail program. Reload the page and try again.'), detail: false },
  CORRUPTION: { kind: 'rejected', text: userText('mail:codes.corruption', 'The mail server found damaged data in this folder: please tell your mail administrator.'), detail: false },
  CLIENTBUG: { kind: 'rejected', text: userText('mail:codes.clientBug', 'The mail server did not accept the request as Postern sent it.'), detail: false },
  SERVERBUG: { kind: 'unavailable', text: userText('mail:codes.serverBug', 'The mail server ran into a problem of its own. Try again; if it keeps happening, tell your mail administrator.'), detail: false },
  INUSE: { kind: 'unavailable', text: userText('mail:codes.inUse', 'Another mail program is using that folder right now. Try again in a moment.'), detail: false },
  UNAVAILABLE: { kind: 'unavailable', text: userText('mail:codes.unavailable', 'The mail server cannot do that right now. Try again in a moment.'), detail: false },
};

const MAX_SENTENCE = 160;

/**
 * One human sentence from a server's reply text, or undefined when nothing human is left: no tag, status word,
 * [RESPONSE-CODE], SMTP code, Dovecot timing or control character, at most 160 characters.
 */
export function cleanServerText(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let text = raw
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/^\s*(?:\*|[A-Za-z0-9.]+)\s+(?:OK|NO|BAD)\s+/i, '')
    .replace(/^\s*(?:\[[^\]]*\]\s*)+/, '')
    .replace(/^\s*[245]\d\d(?:[ -]+[245]\.\d{1,3}\.\d{1,3})?[ -]+/, '')
    // Dovecot 2.3: "(0.001 + 0.000 secs)", "(0.001 + 0.000 + 0.001 secs)"; other servers: "(0.01 secs)".
    .replace(/\s*\((?:\d+(?:\.\d+)?\s*\+\s*)*\d+(?:\.\d+)?\s*secs?\)/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/\p{L}/u.test(text)) return undefined;
  if (text.length > MAX_SENTENCE) {
    const cut = text.lastIndexOf(' ', MAX_SENTENCE - 1);
    text = `${text.slice(0, cut > MAX_SENTENCE / 2 ? cut : MAX_SENTENCE - 1)}…`;
  }
  text = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/** "The server said: …" for a reply whose words add something, or undefined. */
export function serverSaid(raw: string | undefined): UserText | undefined {
  const clean = cleanServerText(raw);
  return clean ? userText('mail:serverSaid', `The server said: ${clean}`, { text: clean }) : undefined;
}

// RFC 3463 section 3: subject.detail of an enhanced status code, in the words a sender understands.
const ADDRESS_REFUSED = userText('mail:smtp.reasons.addressRefused', 'the address was refused');
const SENDER_REFUSED = userText('mail:smtp.reasons.senderRefused', 'the sender address was refused');
const NOT_VALID = userText('mail:smtp.reasons.notValid', 'the address is not valid');
const CONTENT_REFUSED = userText('mail:smtp.reasons.contentRefused', 'the message content was refused');
const REFUSED = userText('mail:smtp.reasons.refused', 'refused');
const ENHANCED: Record<string, UserText> = {
  '1.0': ADDRESS_REFUSED, '1.1': userText('mail:smtp.reasons.noRecipient', 'no such recipient'),
  '1.2': userText('mail:smtp.reasons.noDomain', 'no such domain, or it takes no mail'), '1.3': NOT_VALID,
  '1.4': userText('mail:smtp.reasons.ambiguous', 'the address is ambiguous'), '1.6': userText('mail:smtp.reasons.moved', 'the mailbox has moved'),
  '1.7': SENDER_REFUSED, '1.8': SENDER_REFUSED, '1.10': userText('mail:smtp.reasons.noMailDomain', 'the domain takes no mail'),
  '2.0': userText('mail:smtp.reasons.cannotTake', 'the mailbox cannot take mail'), '2.1': userText('mail:smtp.reasons.disabled', 'the mailbox is disabled'),
  '2.2': userText('mail:smtp.reasons.full', 'the mailbox is full'), '2.3': userText('mail:smtp.reasons.tooLargeForMailbox', 'the message is too large for that mailbox'),
  '2.4': userText('mail:smtp.reasons.listExpansion', 'the mailing list could not be expanded'), '3.4': userText('mail:smtp.reasons.tooLarge', 'the message is too large'),
  '5.3': userText('mail:smtp.reasons.tooManyRecipients', 'too many recipients'), '6.0': CONTENT_REFUSED,
  '7.0': userText('mail:smtp.reasons.policy', 'refused by the server\'s policy'), '7.1': userText('mail:smtp.reasons.notPermitted', 'not permitted by the server'),
};
// The subject alone (RFC 3463 section 3.1), when the detail is not one of the above.
const SUBJECTS: Record<string, UserText> = {
  4: userText('mail:smtp.reasons.routing', 'the mail could not be routed there'), 6: CONTENT_REFUSED,
  7: userText('mail:smtp.reasons.security', 'refused by the server\'s security policy'),
};
// RFC 5321 section 4.2.3, for servers without enhanced codes.
const BASIC: Record<string, UserText> = {
  550: userText('mail:smtp.reasons.unavailable', 'the mailbox is unavailable'), 551: userText('mail:smtp.reasons.notHere', 'the mailbox is not here'),
  552: userText('mail:smtp.reasons.storage', 'the server\'s storage limit was exceeded'), 553: NOT_VALID, 554: REFUSED,
  452: userText('mail:smtp.reasons.outOfRoom', 'the server is out of room for now'), 450: userText('mail:smtp.reasons.busy', 'the mailbox is busy'),
  451: userText('mail:smtp.reasons.localProblem', 'the server had a local problem'),
};

export interface SmtpReason {
  /** plain words for people: "no such recipient" (English, for the log) */
  reason: string;
  /** the same words for the page */
  text: UserText;
  /** the codes as the server sent them ("550 5.1.1"), for the log */
  code: string | undefined;
}

/** Plain words for an SMTP reply ("550 5.1.1 <a@b>: Recipient address rejected: ..."), from its codes alone. */
export function smtpReason(response: string | undefined, responseCode?: number): SmtpReason {
  const m = /^\s*([245]\d\d)(?:[ -]+([245])\.(\d{1,3}\.\d{1,3}))?/.exec(response ?? '');
  const basic = m?.[1] ?? (responseCode ? String(responseCode) : undefined);
  const enhanced = m?.[3];
  const subject = enhanced?.split('.')[0];
  const words = (enhanced && ENHANCED[enhanced]) || (subject && SUBJECTS[subject]) || (basic && BASIC[basic]) || REFUSED;
  const temporary = (m?.[2] ?? basic?.charAt(0)) === '4';
  const text = temporary ? userText('mail:smtp.temporary', `${words.english}, for now: try again later`, { reason: words }) : words;
  return { reason: text.english, text, code: basic ? [basic, enhanced ? `${m?.[2]}.${enhanced}` : ''].join(' ').trim() : undefined };
}

export interface RecipientRefusal {
  address: string;
  /** plain words: "no such recipient" (English, for the log) */
  reason: string;
  /** the same words for the page; absent on refusals made by hand (tests), which then show `reason` */
  text?: UserText;
  /** for the log: "550 5.1.1" and the reply as it came */
  code?: string;
  serverText?: string;
}

/** "a@x: no such recipient", or "a@x (no such recipient) and b@y (the mailbox is full)". */
export function describeRefusals(refusals: readonly RecipientRefusal[]): string {
  if (refusals.length === 1) return `${refusals[0]!.address}: ${refusals[0]!.reason}`;
  const each = refusals.map((r) => `${r.address} (${r.reason})`);
  return `${each.slice(0, -1).join(', ')} and ${each[each.length - 1]}`;
}

/** describeRefusals for the page: one refusal as a sentence part, several as a list the page joins in its language. */
export function refusalsText(refusals: readonly RecipientRefusal[]): TextValue {
  const reasonOf = (r: RecipientRefusal) => r.text ?? r.reason;
  if (refusals.length === 1) {
    const r = refusals[0]!;
    return userText('mail:smtp.refusalOne', `${r.address}: ${r.reason}`, { address: r.address, reason: reasonOf(r) });
  }
  return refusals.map((r) => userText('mail:smtp.refusalEach', `${r.address} (${r.reason})`, { address: r.address, reason: reasonOf(r) }));
}
