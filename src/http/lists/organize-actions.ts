// The organize actions shared by the list's action bar, "all N matching", and the message page's buttons: run one
// action on a set of UIDs, say what it did, and answer with a 303 and a flash (or a confirm page first).
import type { Request, Response } from 'express';
import { filingFolder } from '../../mail/folders/filing-folders.ts';
import { setFlags, type ActionCount, type FlagChange } from '../../mail/organizing/flags.ts';
import { samePath } from '../../mail/folders/folder-lookup.ts';
import type { MailSession } from '../../mail/connection/mail-session.ts';
import { isInFolder } from '../../mail/organizing/message-set.ts';
import { copyMessages, expungeMessages, moveMessages } from '../../mail/organizing/move.ts';
import { markJunk, setKeywords } from '../../mail/organizing/keywords.ts';
import { Refused } from '../../mail/errors/refused.ts';
import type { OwnReplies } from './conversation-actions.ts';
import { flash } from '../pages/flash.ts';
import type { BulkAction } from '../forms/forms.ts';
import { folderName, say, type Words } from '../i18n/user-text.ts';
import { listHref, messageHref, type ListState } from './list-state.ts';
import { confirmExpunge, type ConfirmPage, type Field } from '../presenters/confirm-page.ts';
import { expungedNotice, filedNotice, flagNotice, labelNotice, type Notice } from '../presenters/organize-notices.ts';

/** What to tell the user, and how many messages the action reached (0: none of them were there any more). */
export type Outcome = { notice: Notice; reached?: number } | { confirm: ConfirmPage };

export const told = (notice: Notice, reached?: { done: number }): Outcome => ({ notice, ...(reached ? { reached: reached.done } : {}) });

const FLAG_CHANGES: Record<'seen' | 'unseen' | 'flag' | 'unflag', FlagChange> = {
  seen: { seen: true }, unseen: { seen: false }, flag: { flagged: true }, unflag: { flagged: false },
};

export interface ActionInput {
  mailbox: string;
  uids: number[];
  to: string | undefined;
  /** label, unlabel: the label's keyword and its name as the reader knows it */
  label?: { keyword: string; name: string } | undefined;
  confirm: boolean;
  /** where the confirm page posts back to, what it names as "back", and the fields it carries on */
  confirmAction: { url: string; cancelHref: string; bulk: boolean; carry?: Field[] };
  /** the reader's language, for the notices and the confirm page */
  words: Words;
  /** a conversation's action: the user's own messages in Sent it reaches too (conversation-actions.ts) */
  ownReplies?: OwnReplies | undefined;
}

/** The folder's count and that of the user's own messages in Sent, as one. */
const both = <C extends ActionCount>(here: C, sent: ActionCount | undefined): C =>
  (sent ? { ...here, done: here.done + sent.done, missing: here.missing + sent.missing } : here);

export const NO_CONFIRM = { url: '', cancelHref: '', bulk: false };

export async function runAction(mail: MailSession, action: BulkAction, input: ActionInput): Promise<Outcome> {
  const { mailbox, uids, to, words, ownReplies } = input;
  switch (action) {
    case 'seen': case 'unseen': case 'flag': case 'unflag': {
      const here = await setFlags(mail, mailbox, uids, FLAG_CHANGES[action]);
      const count = both(here, ownReplies && await setFlags(mail, ownReplies.mailbox, ownReplies.uids, FLAG_CHANGES[action]));
      return told(flagNotice(action, count, words), count);
    }
    case 'move': case 'copy': {
      if (!to) return told({ type: 'error', text: words.t('organize:errors.chooseFolder', { action }) });
      const count = await (action === 'move' ? moveMessages : copyMessages)(mail, mailbox, uids, to);
      return told(filedNotice(action, count, words), count);
    }
    case 'label': case 'unlabel': {
      if (!input.label) return told({ type: 'error', text: words.t('organize:errors.chooseLabel') });
      const keyword = [input.label.keyword];
      const change = action === 'label' ? { add: keyword } : { remove: keyword };
      const here = await setKeywords(mail, mailbox, uids, change);
      const count = both(here, ownReplies && await setKeywords(mail, ownReplies.mailbox, ownReplies.uids, change));
      return told(labelNotice(action, input.label.name, count, words), count);
    }
    case 'notjunk': {
      // Back to the Inbox, marked for spam filters and other clients as a message the user wants (RFC 5788 keywords).
      await markJunk(mail, mailbox, uids, false);
      const count = await moveMessages(mail, mailbox, uids, 'INBOX');
      return told(filedNotice('move', count, words), count);
    }
    case 'archive': case 'junk': {
      if (action === 'junk') await markJunk(mail, mailbox, uids, true);
      const target = await filingFolder(mail, action);
      const count = await moveMessages(mail, mailbox, uids, target.path);
      return told(filedNotice(action, count, words, { created: target.created }), count);
    }
    case 'delete': {
      const trash = await filingFolder(mail, 'trash');
      if (!samePath(trash.path, mailbox)) {
        const here = await moveMessages(mail, mailbox, uids, trash.path);
        const count = both(here, ownReplies && await moveMessages(mail, ownReplies.mailbox, ownReplies.uids, trash.path));
        return told(filedNotice('delete', count, words, { created: trash.created }), count);
      }
      if (!input.confirm) {
        const c = input.confirmAction;
        const folderLabel = folderName(trash, words.t);
        return { confirm: confirmExpunge({ folderLabel, uids, action: c.url, cancelHref: c.cancelHref, bulk: c.bulk, carry: c.carry ?? [] }, words) };
      }
      const count = await expungeMessages(mail, mailbox, uids);
      return told(expungedNotice(count, words), count);
    }
  }
}

/** Refusals (archiving from the Archive, moving into the same folder) are said in a flash, like any outcome. */
export async function settled(run: () => Promise<Outcome>, words: Words): Promise<Outcome> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof Refused) return told({ type: 'error', text: say(err.text, words) });
    throw err;
  }
}

/** The confirm page, or the flash and a 303 to `next` (or to `onError` when the action was refused). */
export function respond(req: Request, res: Response, outcome: Outcome, next: string, onError = next): void {
  if ('confirm' in outcome) return res.render('confirm', outcome.confirm);
  flash(req, outcome.notice.type, outcome.notice.text);
  res.redirect(303, outcome.notice.type === 'error' ? onError : next);
}

/**
 * Where the message page's delete, move, archive and junk land: the next message of the list, as in every desktop
 * mail client, if it is still there; else the list as it was.
 */
export async function landing(mail: MailSession, mailbox: string, then: number | undefined, list: ListState): Promise<string> {
  if (then !== undefined && await isInFolder(mail, mailbox, then)) return messageHref(mailbox, then, list);
  return listHref(mailbox, list);
}
