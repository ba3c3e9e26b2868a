// Flag, move, copy, archive, junk and delete: the mailbox page's action bar (many UIDs, or all matching) and the
// message page's buttons (one). Every POST ends in a 303 with a flash saying what happened, except a delete in the
// Trash without confirm=yes and "all N matching", which get the confirm page first. Each returns to the list as it
// was (the `list` field) or, from the message page, to the next message (`then`).
import { Router } from 'express';
import { setFlags, type FlagChange } from '../../mail/organizing/flags.ts';
import { mailSessionOf, safeNext } from '../sessions/auth.ts';
import { HttpError } from '../pages/errors.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { msg } from '../i18n/translator.ts';
import { bulkActionForm, messageDeleteForm, messageFlagsForm, messageMoveForm } from '../forms/forms.ts';
import { listHref, listToken, messageHref, parseList, type ListState } from '../lists/list-state.ts';
import { landing, NO_CONFIRM, respond, runAction, settled, told } from '../lists/organize-actions.ts';
import { singleFlagNotice } from '../presenters/organize-notices.ts';
import { mailboxParams, messageParams, parse } from '../forms/params.ts';
import { mailboxUrl, messageUrl } from '../pages/urls.ts';
import { actOnAllMatching } from './all-matching.ts';
import { chosenLabel } from '../lists/labels.ts';
import { ownRepliesFor } from '../lists/conversation-actions.ts';

const gone = (uid: number) => new HttpError(404, msg('mail:messageGone', { uid: String(uid) }));

/** The hidden fields a confirm page passes on so the action still knows where to return. */
const carried = (list: ListState, then: number | undefined) => [
  ...(listToken(list) ? [{ name: 'list', value: listToken(list) }] : []),
  ...(then !== undefined ? [{ name: 'then', value: String(then) }] : []),
];

export function organizeRoutes(): Router {
  const router = Router();

  router.post('/mailbox/:mailbox/messages', async (req, res) => {
    const { mailbox } = parse(mailboxParams, req.params);
    const form = parse(bulkActionForm, req.body ?? {});
    const list = parseList(form.list);
    const back = listHref(mailbox, list);
    if (form.all) return actOnAllMatching(req, res, mailbox, form, list);
    const words = localeOf(res);
    if (form.uid.length === 0) return respond(req, res, told({ type: 'error', text: words.t('organize:errors.selectFirst') }), back);
    const mail = mailSessionOf(res);
    const outcome = await settled(async () => runAction(mail, form.action, {
      mailbox, uids: form.uid, to: form.to, label: chosenLabel(res, form.label), confirm: form.confirm, words,
      ownReplies: form.conversation ? await ownRepliesFor(res, mailbox, form.action, form.uid) : undefined,
      confirmAction: { url: `${mailboxUrl(mailbox)}/messages`, cancelHref: back, bulk: true, carry: carried(list, form.then) },
    }), words);
    // From the message page (archive, junk) the next message follows; from the list, the list as it was.
    const next = form.then !== undefined && 'reached' in outcome && outcome.reached ? await landing(mail, mailbox, form.then, list) : back;
    respond(req, res, outcome, next, back);
  });

  router.post('/message/:mailbox/:uid/flags', async (req, res) => {
    const { mailbox, uid } = parse(messageParams, req.params);
    const form = parse(messageFlagsForm, req.body ?? {});
    const list = parseList(form.list);
    const change: FlagChange = {
      ...(form.seen ? { seen: form.seen === '1' } : {}),
      ...(form.flagged ? { flagged: form.flagged === '1' } : {}),
    };
    const count = await setFlags(mailSessionOf(res), mailbox, [uid], change);
    if (count.done === 0) throw gone(uid);
    // Back on the message page it would be marked read again at once: "mark unread" returns to the list.
    const fallback = change.seen === false ? listHref(mailbox, list, { focus: uid }) : messageHref(mailbox, uid, list);
    respond(req, res, told(singleFlagNotice(change, localeOf(res))), safeNext(form.return) ?? fallback);
  });

  router.post('/message/:mailbox/:uid/move', async (req, res) => {
    const { mailbox, uid } = parse(messageParams, req.params);
    const form = parse(messageMoveForm, req.body ?? {});
    const list = parseList(form.list);
    const here = messageHref(mailbox, uid, list);
    const words = localeOf(res);
    if (!form.to) return respond(req, res, told({ type: 'error', text: words.t('organize:errors.chooseFolderOne') }), here);
    const mail = mailSessionOf(res);
    const outcome = await settled(() => runAction(mail, 'move', { mailbox, uids: [uid], to: form.to, confirm: false, confirmAction: NO_CONFIRM, words }), words);
    if ('reached' in outcome && outcome.reached === 0) throw gone(uid);
    respond(req, res, outcome, 'reached' in outcome ? await landing(mail, mailbox, form.then, list) : here, here);
  });

  router.post('/message/:mailbox/:uid/delete', async (req, res) => {
    const { mailbox, uid } = parse(messageParams, req.params);
    const form = parse(messageDeleteForm, req.body ?? {});
    const list = parseList(form.list);
    const here = messageHref(mailbox, uid, list);
    const mail = mailSessionOf(res);
    const words = localeOf(res);
    const outcome = await settled(() => runAction(mail, 'delete', {
      mailbox, uids: [uid], to: undefined, confirm: form.confirm, words,
      confirmAction: { url: messageUrl(mailbox, uid, 'delete'), cancelHref: here, bulk: false, carry: carried(list, form.then) },
    }), words);
    if ('reached' in outcome && outcome.reached === 0) throw gone(uid);
    respond(req, res, outcome, 'reached' in outcome ? await landing(mail, mailbox, form.then, list) : here, here);
  });

  return router;
}
