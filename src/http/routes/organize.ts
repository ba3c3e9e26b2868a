// Flag, move, copy, archive, junk and delete: the mailbox page's action bar (many UIDs) and the message page's
// buttons (one). Every POST ends in a 303 with a flash saying what happened, except a delete in the Trash without
// confirm=yes, which gets the confirm page first.
import { Router, type Request, type Response } from 'express';
import { filingFolder } from '../../mail/filing-folders.ts';
import { setFlags, type FlagChange } from '../../mail/flags.ts';
import { samePath } from '../../mail/folder-lookup.ts';
import type { MailSession } from '../../mail/mail-session.ts';
import { copyMessages, expungeMessages, moveMessages } from '../../mail/move.ts';
import { Refused } from '../../mail/refused.ts';
import { mailSessionOf, safeNext } from '../auth.ts';
import { HttpError } from '../errors.ts';
import { flash } from '../flash.ts';
import { bulkActionForm, messageDeleteForm, messageFlagsForm, messageMoveForm, type BulkAction } from '../forms.ts';
import { confirmExpunge, type ConfirmPage } from '../presenters/confirm-page.ts';
import { expungedNotice, filedNotice, flagNotice, singleFlagNotice, type Notice } from '../presenters/organize-notices.ts';
import { mailboxParams, messageParams, parse } from '../params.ts';
import { mailboxUrl, messageUrl } from '../urls.ts';

/** What to tell the user, and how many messages the action reached (0: none of them were there any more). */
type Outcome = { notice: Notice; reached?: number } | { confirm: ConfirmPage };

const told = (notice: Notice, reached?: { done: number }): Outcome => ({ notice, ...(reached ? { reached: reached.done } : {}) });

const FLAG_CHANGES: Record<'seen' | 'unseen' | 'flag' | 'unflag', FlagChange> = {
  seen: { seen: true }, unseen: { seen: false }, flag: { flagged: true }, unflag: { flagged: false },
};

interface ActionInput {
  mailbox: string;
  uids: number[];
  to: string | undefined;
  confirm: boolean;
  /** where the confirm page posts back to, and what it names as "back" */
  confirmAction: { url: string; cancelHref: string; bulk: boolean };
}

async function runAction(mail: MailSession, action: BulkAction, input: ActionInput): Promise<Outcome> {
  const { mailbox, uids, to } = input;
  switch (action) {
    case 'seen': case 'unseen': case 'flag': case 'unflag': {
      const count = await setFlags(mail, mailbox, uids, FLAG_CHANGES[action]);
      return told(flagNotice(action, count), count);
    }
    case 'move': case 'copy': {
      if (!to) return told({ type: 'error', text: `Choose the folder to ${action} the selected messages to.` });
      const count = await (action === 'move' ? moveMessages : copyMessages)(mail, mailbox, uids, to);
      return told(filedNotice(action, count), count);
    }
    case 'archive': case 'junk': {
      const target = await filingFolder(mail, action);
      const count = await moveMessages(mail, mailbox, uids, target.path);
      return told(filedNotice(action, count, { created: target.created }), count);
    }
    case 'delete': {
      const trash = await filingFolder(mail, 'trash');
      if (!samePath(trash.path, mailbox)) {
        const count = await moveMessages(mail, mailbox, uids, trash.path);
        return told(filedNotice('delete', count, { created: trash.created }), count);
      }
      if (!input.confirm) {
        const c = input.confirmAction;
        return { confirm: confirmExpunge({ folderLabel: trash.label, uids, action: c.url, cancelHref: c.cancelHref, bulk: c.bulk }) };
      }
      const count = await expungeMessages(mail, mailbox, uids);
      return told(expungedNotice(count), count);
    }
  }
}

/** Refusals (archiving from the Archive, moving into the same folder) are said in a flash, like any outcome. */
async function settled(run: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof Refused) return told({ type: 'error', text: err.message });
    throw err;
  }
}

/** The confirm page, or the flash and a 303 to `next` (or to `onError` when the action was refused). */
function respond(req: Request, res: Response, outcome: Outcome, next: string, onError = next): void {
  if ('confirm' in outcome) return res.render('confirm', outcome.confirm);
  flash(req, outcome.notice.type, outcome.notice.text);
  res.redirect(303, outcome.notice.type === 'error' ? onError : next);
}

const NO_CONFIRM = { url: '', cancelHref: '', bulk: false };

const gone = (uid: number) => new HttpError(404, `There is no message ${uid} in this folder: it may have been moved or deleted.`);

export function organizeRoutes(): Router {
  const router = Router();

  router.post('/mailbox/:mailbox/messages', async (req, res) => {
    const { mailbox } = parse(mailboxParams, req.params);
    const form = parse(bulkActionForm, req.body ?? {});
    const back = mailboxUrl(mailbox);
    if (form.uid.length === 0) return respond(req, res, told({ type: 'error', text: 'Select at least one message first.' }), back);
    const outcome = await settled(() => runAction(mailSessionOf(res), form.action, {
      mailbox, uids: form.uid, to: form.to, confirm: form.confirm,
      confirmAction: { url: `${back}/messages`, cancelHref: back, bulk: true },
    }));
    respond(req, res, outcome, back);
  });

  router.post('/message/:mailbox/:uid/flags', async (req, res) => {
    const { mailbox, uid } = parse(messageParams, req.params);
    const form = parse(messageFlagsForm, req.body ?? {});
    const change: FlagChange = {
      ...(form.seen ? { seen: form.seen === '1' } : {}),
      ...(form.flagged ? { flagged: form.flagged === '1' } : {}),
    };
    const count = await setFlags(mailSessionOf(res), mailbox, [uid], change);
    if (count.done === 0) throw gone(uid);
    // Back on the message page it would be marked read again at once: "mark unread" returns to the folder.
    const fallback = change.seen === false ? mailboxUrl(mailbox) : messageUrl(mailbox, uid);
    respond(req, res, told(singleFlagNotice(change)), safeNext(form.return) ?? fallback);
  });

  router.post('/message/:mailbox/:uid/move', async (req, res) => {
    const { mailbox, uid } = parse(messageParams, req.params);
    const { to } = parse(messageMoveForm, req.body ?? {});
    const here = messageUrl(mailbox, uid);
    if (!to) return respond(req, res, told({ type: 'error', text: 'Choose the folder to move the message to.' }), here);
    const outcome = await settled(() => runAction(mailSessionOf(res), 'move', { mailbox, uids: [uid], to, confirm: false, confirmAction: NO_CONFIRM }));
    if ('reached' in outcome && outcome.reached === 0) throw gone(uid);
    respond(req, res, outcome, mailboxUrl(mailbox), here);
  });

  router.post('/message/:mailbox/:uid/delete', async (req, res) => {
    const { mailbox, uid } = parse(messageParams, req.params);
    const { confirm } = parse(messageDeleteForm, req.body ?? {});
    const here = messageUrl(mailbox, uid);
    const outcome = await settled(() => runAction(mailSessionOf(res), 'delete', {
      mailbox, uids: [uid], to: undefined, confirm,
      confirmAction: { url: messageUrl(mailbox, uid, 'delete'), cancelHref: here, bulk: false },
    }));
    if ('reached' in outcome && outcome.reached === 0) throw gone(uid);
    respond(req, res, outcome, mailboxUrl(mailbox), here);
  });

  return router;
}
