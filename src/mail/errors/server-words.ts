// Plain words for what mail servers answer. A server's reply is written for its administrator: Dovecot appends
// timings ("(0.001 + 0.000 secs)"), SMTP replies lead with codes. People are told what happened from the
// machine-readable part (RFC 5530 response codes, RFC 3463 enhanced status codes), plus at most one cleaned
// sentence of the server's own where it says something the code cannot. The raw reply goes to the log. Pure.

/** How the MailError for an IMAP response code reads; `detail`: the server's own sentence adds something. */
export interface CodeWords {
  kind: 'not-found' | 'exists' | 'too-large' | 'rejected' | 'unavailable';
  message: string;
  detail: boolean;
}

// RFC 5530 section 3, plus TOOBIG (RFC 4469/7889). Codes that say everything keep the server's text out of the page.
export const IMAP_CODE_WORDS: Record<string, CodeWords> = {
  NONEXISTENT: { kind: 'not-found', message: 'That folder or message does not exist.', detail: false },
  ALREADYEXISTS: { kind: 'exists', message: 'A folder with that name already exists.', detail: false },
  OVERQUOTA: { kind: 'too-large', message: 'Your mailbox is full: delete some mail, and empty the Trash, to make room.', detail: false },
  TOOBIG: { kind: 'too-large', message: 'That message is larger than the mail server accepts.', detail: false },
  LIMIT: { kind: 'too-large', message: 'That goes past a limit the mail server sets, such as how many folders or messages it allows.', detail: true },
  NOPERM: { kind: 'rejected', message: 'You do not have permission to do that on the mail server.', detail: true },
  CANNOT: { kind: 'rejected', message: 'The mail server does not allow that.', detail: true },
  CONTACTADMIN: { kind: 'rejected', message: 'The mail server asks you to contact your mail administrator.', detail: true },
  PRIVACYREQUIRED: { kind: 'rejected', message: 'The mail server requires a secure connection for that.', detail: false },
  EXPUNGEISSUED: { kind: 'rejected', message: 'Some of those messages were just deleted by another mail program. Reload the page and try again.', detail: false },
  CORRUPTION: { kind: 'rejected', message: 'The mail server found damaged data in this folder: please tell your mail administrator.', detail: false },
  CLIENTBUG: { kind: 'rejected', message: 'The mail server did not accept the request as Postern sent it.', detail: false },
  SERVERBUG: { kind: 'unavailable', message: 'The mail server ran into a problem of its own. Try again; if it keeps happening, tell your mail administrator.', detail: false },
  INUSE: { kind: 'unavailable', message: 'Another mail program is using that folder right now. Try again in a moment.', detail: false },
  UNAVAILABLE: { kind: 'unavailable', message: 'The mail server cannot do that right now. Try again in a moment.', detail: false },
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
export function serverSaid(raw: string | undefined): string | undefined {
  const clean = cleanServerText(raw);
  return clean ? `The server said: ${clean}` : undefined;
}

// RFC 3463 section 3: subject.detail of an enhanced status code, in the words a sender understands.
const ENHANCED: Record<string, string> = {
  '1.0': 'the address was refused', '1.1': 'no such recipient', '1.2': 'no such domain, or it takes no mail',
  '1.3': 'the address is not valid', '1.4': 'the address is ambiguous', '1.6': 'the mailbox has moved',
  '1.7': 'the sender address was refused', '1.8': 'the sender address was refused', '1.10': 'the domain takes no mail',
  '2.0': 'the mailbox cannot take mail', '2.1': 'the mailbox is disabled', '2.2': 'the mailbox is full',
  '2.3': 'the message is too large for that mailbox', '2.4': 'the mailing list could not be expanded',
  '3.4': 'the message is too large', '5.3': 'too many recipients', '6.0': 'the message content was refused',
  '7.0': 'refused by the server\'s policy', '7.1': 'not permitted by the server',
};
// RFC 5321 section 4.2.3, for servers without enhanced codes.
const BASIC: Record<string, string> = {
  550: 'the mailbox is unavailable', 551: 'the mailbox is not here', 552: 'the server\'s storage limit was exceeded',
  553: 'the address is not valid', 554: 'refused', 452: 'the server is out of room for now', 450: 'the mailbox is busy',
  451: 'the server had a local problem',
};

export interface SmtpReason {
  /** plain words for people: "no such recipient" */
  reason: string;
  /** the codes as the server sent them ("550 5.1.1"), for the log */
  code: string | undefined;
}

/** Plain words for an SMTP reply ("550 5.1.1 <a@b>: Recipient address rejected: ..."), from its codes alone. */
export function smtpReason(response: string | undefined, responseCode?: number): SmtpReason {
  const m = /^\s*([245]\d\d)(?:[ -]+([245])\.(\d{1,3}\.\d{1,3}))?/.exec(response ?? '');
  const basic = m?.[1] ?? (responseCode ? String(responseCode) : undefined);
  const enhanced = m?.[3];
  const subject = enhanced?.split('.')[0];
  const words = (enhanced && ENHANCED[enhanced])
    ?? (subject === '4' ? 'the mail could not be routed there' : subject === '6' ? 'the message content was refused' : subject === '7' ? 'refused by the server\'s security policy' : undefined)
    ?? (basic && BASIC[basic])
    ?? 'refused';
  const temporary = (m?.[2] ?? basic?.charAt(0)) === '4';
  return {
    reason: temporary ? `${words}, for now: try again later` : words,
    code: basic ? [basic, enhanced ? `${m?.[2]}.${enhanced}` : ''].join(' ').trim() : undefined,
  };
}

export interface RecipientRefusal {
  address: string;
  /** plain words: "no such recipient" */
  reason: string;
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
