// The flash lines that say what an organize action did, counted from what the server really changed, in the
// reader's language (plurals are the catalog's: "1 message", "3 messages").
import type { ActionCount } from '../../mail/organizing/flags.ts';
import type { FiledCount } from '../../mail/organizing/move.ts';
import { msg } from '../i18n/translator.ts';
import { folderName, type Words } from '../i18n/user-text.ts';

export interface Notice {
  type: 'info' | 'error';
  text: string;
}

export type FlagAction = 'seen' | 'unseen' | 'flag' | 'unflag';
export type FiledAction = 'move' | 'copy' | 'archive' | 'junk' | 'delete';

function withMissing(text: string, count: ActionCount, { t }: Words): Notice {
  if (count.done === 0) return { type: 'error', text: t('organize:notices.noneLeft') };
  const gone = count.missing > 0 ? ` ${t('organize:notices.missing', { count: count.missing })}` : '';
  return { type: 'info', text: `${text}${gone}` };
}

const FLAG_KEYS: Record<FlagAction, string> = {
  seen: msg('organize:notices.markedRead'), unseen: msg('organize:notices.markedUnread'), flag: msg('organize:notices.flagged'), unflag: msg('organize:notices.unflagged'),
};

export function flagNotice(action: FlagAction, count: ActionCount, words: Words): Notice {
  return withMissing(words.t(FLAG_KEYS[action], { count: count.done }), count, words);
}

export function filedNotice(action: FiledAction, count: FiledCount, words: Words, opts: { created?: boolean } = {}): Notice {
  const folder = folderName(count, words.t);
  const created = opts.created ? `${words.t('organize:notices.created', { folder })} ` : '';
  const filed = words.t(action === 'copy' ? msg('organize:notices.copied') : msg('organize:notices.moved'), { count: count.done, folder });
  return withMissing(`${created}${filed}`, count, words);
}

export function expungedNotice(count: ActionCount, words: Words): Notice {
  return withMissing(words.t('organize:notices.expunged', { count: count.done }), count, words);
}

/** Single-message flag changes read better without a count. */
export function singleFlagNotice(change: { seen?: boolean; flagged?: boolean }, { t }: Words): Notice {
  const parts: string[] = [];
  if (change.seen !== undefined) parts.push(t(change.seen ? msg('organize:notices.single.read') : msg('organize:notices.single.unread')));
  if (change.flagged !== undefined) parts.push(t(change.flagged ? msg('organize:notices.single.flagged') : msg('organize:notices.single.unflagged')));
  return { type: 'info', text: parts.join(' ') };
}
