// GET /conversation/:mailbox/:uid — the conversation that holds this message: its messages in this folder and the
// user's own replies from Sent, oldest first. Its actions post to the mailbox's bulk route (organize.ts).
import { Router } from 'express';
import { withUsualNames } from '../../mail/folders/folder-rules.ts';
import { loadConversation } from '../../mail/threads/conversation.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import { takeFlash } from '../pages/flash.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { labelsOf } from '../lists/labels.ts';
import { parseList } from '../lists/list-state.ts';
import { messageParams, parse } from '../forms/params.ts';
import { conversationPage } from '../presenters/conversation-page.ts';
import { shownFolders } from '../lists/shown-folders.ts';

export function conversationRoutes(): Router {
  const router = Router();

  router.get('/conversation/:mailbox/:uid', takeFlash, async (req, res) => {
    const { mailbox, uid } = parse(messageParams, req.params);
    const list = parseList(req.query.list);
    const folders = await shownFolders(res);
    const sent = withUsualNames(folders).find((f) => f.specialUse === 'sent')?.path;
    const conversation = await loadConversation(mailSessionOf(res), mailbox, uid, { sent });
    res.render('conversation', conversationPage(folders, conversation, { fmt: localeOf(res), list, labels: labelsOf(res) }));
  });

  return router;
}
