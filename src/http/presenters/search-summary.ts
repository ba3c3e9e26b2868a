// A search in words: the line above the results ("12 results for “lunch”, from “alice”, unread") and the same
// search named on a confirmation ("all the messages matching “lunch”, from “alice”"), in the reader's language;
// the days of "since" and "before" as their locale writes a date.
import { msg, type Translate } from '../i18n/translator.ts';
import type { DateFormats } from './dates.ts';

type Fields = Partial<Record<'q' | 'from' | 'to' | 'subject' | 'since' | 'before' | 'attachment' | 'filter', string | undefined>>;

export interface SearchWords {
  t: Translate;
  dates: Pick<DateFormats, 'day'>;
}

function narrowing(f: Fields, { t, dates }: SearchWords): string[] {
  const quoted = (key: string, v: string | undefined) => (v ? t(key, { value: v }) : '');
  return [
    quoted(msg('mailbox:summary.from'), f.from), quoted(msg('mailbox:summary.to'), f.to), quoted(msg('mailbox:summary.subject'), f.subject),
    f.since ? t('mailbox:summary.since', { day: dates.day(f.since) }) : '', f.before ? t('mailbox:summary.before', { day: dates.day(f.before) }) : '',
    f.filter === 'unseen' ? t('mailbox:summary.unread') : f.filter === 'flagged' ? t('mailbox:summary.flagged') : '',
    f.attachment === '1' ? t('mailbox:summary.attachment') : '',
  ].filter(Boolean);
}

/** "12 results for “lunch”, from “alice”, unread, with attachments" */
export function searchSummary(count: number, f: Fields, words: SearchWords): string {
  const parts = narrowing(f, words).join(', ');
  if (f.q) return words.t(parts ? msg('mailbox:summary.forTextAnd') : msg('mailbox:summary.forText'), { count, q: f.q, parts });
  return words.t('mailbox:summary.narrowed', { count, parts });
}

/** "matching “lunch”, from “alice”, unread"; undefined when nothing is searched. */
export function describeSearch(f: Fields, words: SearchWords): string | undefined {
  const parts = [f.q ? words.t('mailbox:summary.matching', { value: f.q }) : '', ...narrowing(f, words)].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}
