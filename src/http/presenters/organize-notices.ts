// The flash lines that say what an organize action did, counted from what the server really changed.
import type { ActionCount } from '../../mail/organizing/flags.ts';
import type { FiledCount } from '../../mail/organizing/move.ts';

export interface Notice {
  type: 'info' | 'error';
  text: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const messages = (n: number) => plural(n, 'message');

export type FlagAction = 'seen' | 'unseen' | 'flag' | 'unflag';
export type FiledAction = 'move' | 'copy' | 'archive' | 'junk' | 'delete';

const NONE_LEFT = 'None of the selected messages are in this folder any more: they may have been moved or deleted elsewhere.';

function withMissing(text: string, count: ActionCount): Notice {
  if (count.done === 0) return { type: 'error', text: NONE_LEFT };
  const gone = count.missing > 0 ? ` ${plural(count.missing, 'other was', 'others were')} no longer in this folder.` : '';
  return { type: 'info', text: `${text}${gone}` };
}

export function flagNotice(action: FlagAction, count: ActionCount): Notice {
  const n = messages(count.done);
  const text = {
    seen: `Marked ${n} as read.`,
    unseen: `Marked ${n} as unread.`,
    flag: `Flagged ${n}.`,
    unflag: `Removed the flag from ${n}.`,
  }[action];
  return withMissing(text, count);
}

export function filedNotice(action: FiledAction, count: FiledCount, opts: { created?: boolean } = {}): Notice {
  const created = opts.created ? `Created the folder ${count.label}. ` : '';
  const verb = action === 'copy' ? 'Copied' : 'Moved';
  return withMissing(`${created}${verb} ${messages(count.done)} to ${count.label}.`, count);
}

export function expungedNotice(count: ActionCount): Notice {
  return withMissing(`Deleted ${messages(count.done)} for good.`, count);
}

/** Single-message flag changes read better without a count. */
export function singleFlagNotice(change: { seen?: boolean; flagged?: boolean }): Notice {
  const parts: string[] = [];
  if (change.seen !== undefined) parts.push(change.seen ? 'marked as read' : 'marked as unread');
  if (change.flagged !== undefined) parts.push(change.flagged ? 'flagged' : 'unflagged');
  const text = parts.join(' and ');
  return { type: 'info', text: `Message ${text}.` };
}
