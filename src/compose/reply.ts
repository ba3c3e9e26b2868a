// The starting fields of a reply, reply-all or forward, from the message being answered. Pure: the IMAP side is
// mail/writing/originals.ts, and everything here is table-tested.
import type { ComposeSource } from '../mail/writing/originals.ts';
import { formatAddress, formatAddressList } from '../mime/addresses.ts';
import { flowedLines } from '../mime/flowed.ts';
import { quoteText } from '../mime/linkify.ts';
import { uniqueAddresses, type MailAddress } from './addresses.ts';
import { htmlToText } from './html-text.ts';
import { isOwnAddress } from './identity.ts';

export type ReplyMode = 'reply' | 'reply-all' | 'forward';

export interface PreparedFields {
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  body: string;
}

export interface Threading {
  inReplyTo: string | undefined;
  references: string[];
}

export interface Me {
  login: string;
  fromAddress: string | undefined;
  /** the addresses of all the user's identities: reply-all leaves them out too */
  identities?: readonly string[];
}

// "Re:" once, whatever the other side's client added: "Re: Re:", "RE[2]:", the German "AW:", the Nordic "SV:".
const REPLY_PREFIX = /^(\s*(re|aw|sv|antw)\s*(\[\d+\])?\s*:)+\s*/i;
const FORWARD_PREFIX = /^(\s*(fwd?|wg|tr)\s*:)+\s*/i;

export function replySubject(subject: string): string {
  return `Re: ${subject.replace(REPLY_PREFIX, '').trim()}`;
}

export function forwardSubject(subject: string): string {
  return `Fwd: ${subject.replace(FORWARD_PREFIX, '').trim()}`;
}

/** RFC 5322 §3.6.4: In-Reply-To is the parent's Message-ID; References is the parent's References plus it. */
export function threadingFor(source: ComposeSource): Threading {
  if (!source.messageId) return { inReplyTo: undefined, references: source.references };
  return { inReplyTo: source.messageId, references: [...source.references.filter((r) => r !== source.messageId), source.messageId] };
}

/**
 * RFC 5322 §3.6.3: a reply goes to Reply-To, else From; reply-all adds To and Cc, without the user's own
 * addresses. A reply to one's own message (opened from Sent) goes to its recipients, as in Thunderbird and Gmail.
 */
export function replyRecipients(source: ComposeSource, mode: 'reply' | 'reply-all', me: Me): { to: MailAddress[]; cc: MailAddress[] } {
  const own = (a: MailAddress) => isOwnAddress(a.address, me.login, me.fromAddress, me.identities);
  let to: MailAddress[] = source.replyTo.length ? source.replyTo : source.from;
  if (to.length > 0 && to.every(own)) to = source.to;
  to = uniqueAddresses(to);
  if (mode === 'reply') return { to, cc: [] };
  const cc = uniqueAddresses([...source.to, ...source.cc].filter((a) => !own(a)), to.map((a) => a.address));
  return { to, cc };
}

/** The source's text as plain lines: HTML flattened, format=flowed unwrapped with its quote depth kept. */
export function sourceText(source: ComposeSource): string {
  const text = source.text;
  if (!text) return '';
  if (text.kind === 'html') return htmlToText(text.content);
  if (!text.flowed) return text.content.replace(/\r\n?/g, '\n');
  return flowedLines(text.content, text.delSp)
    .map((line) => (line.depth > 0 ? `${'>'.repeat(line.depth)} ${line.text}` : line.text))
    .join('\n');
}

/**
 * The words a reply or forward starts with, in the writer's language with dates in their zone: src/http passes
 * them (presenters/quote-words.ts); without them, English with dates in UTC.
 */
export interface QuoteWords {
  /** "On Tue, 3 Nov 2026, 10:15, Carol <carol@x.org> wrote:" */
  wrote(date: Date | undefined, author: string | undefined): string;
  /** the header block of a forward: its first line and the field names */
  forwarded: { title: string; from: string; date: string; subject: string; to: string; cc: string };
  /** a date in the header block */
  date(date: Date | undefined): string;
}

const englishDate = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short',
});
const when = (date: Date | undefined) => (date && !Number.isNaN(date.getTime()) ? englishDate.format(date) : 'an unknown date');

export const ENGLISH_QUOTE_WORDS: QuoteWords = {
  wrote: (date, author) => `On ${when(date)}, ${author || 'someone'} wrote:`,
  forwarded: { title: '---------- Forwarded message ----------', from: 'From', date: 'Date', subject: 'Subject', to: 'To', cc: 'Cc' },
  date: when,
};

export function prepareReply(source: ComposeSource, mode: 'reply' | 'reply-all', me: Me, words = ENGLISH_QUOTE_WORDS): PreparedFields {
  const { to, cc } = replyRecipients(source, mode, me);
  const quoted = quoteText(sourceText(source));
  return { to, cc, subject: replySubject(source.subject), body: `\n\n${words.wrote(source.date, formatAddress(source.from[0]) || undefined)}\n${quoted}\n` };
}

/** The forwarded-message block above a forward's original, in the plain and the HTML forward alike. */
export function forwardedHeader(source: ComposeSource, words: QuoteWords = ENGLISH_QUOTE_WORDS): string {
  const label = words.forwarded;
  return [
    label.title,
    `${label.from}: ${formatAddressList(source.from)}`,
    `${label.date}: ${words.date(source.date)}`,
    `${label.subject}: ${source.subject}`,
    `${label.to}: ${formatAddressList(source.to)}`,
    ...(source.cc.length ? [`${label.cc}: ${formatAddressList(source.cc)}`] : []),
  ].join('\n');
}

export function prepareForward(source: ComposeSource, words = ENGLISH_QUOTE_WORDS): PreparedFields {
  const header = forwardedHeader(source, words);
  return { to: [], cc: [], subject: forwardSubject(source.subject), body: `\n\n${header}\n\n${sourceText(source)}\n` };
}
