// Writing mail: the compose form (new, draft, reply, reply-all, forward) and POST /compose (compose-post.ts), which
// sends or saves.
import { Router } from 'express';
import { loadDraft } from '../../mail/writing/drafts.ts';
import { readComposeSource } from '../../mail/writing/originals.ts';
import { findOriginal } from '../../mail/writing/original-ref.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import { composeQuery, parseContext } from '../writing/compose-form.ts';
import { renderCompose, sendersOf, type ComposeRouteOptions } from '../writing/compose-view.ts';
import { takeFlash } from '../pages/flash.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { listToken, parseList } from '../lists/list-state.ts';
import { settingsOf } from '../sessions/load-settings.ts';
import { messageParams, parse } from '../forms/params.ts';
import { answerState, blankState, draftState } from '../presenters/compose-page.ts';
import { composePost } from './compose-post.ts';

export type { ComposeRouteOptions } from '../writing/compose-view.ts';

const queryString = (value: unknown) => (typeof value === 'string' ? value : '');

export function composeRoutes(opts: ComposeRouteOptions): Router {
  const router = Router();

  router.get('/compose', takeFlash, async (req, res) => {
    const { to } = parse(composeQuery, req.query);
    const context = parseContext((name) => queryString(req.query[name]));
    const mail = mailSessionOf(res);
    const richText = settingsOf(res)?.composeFormat === 'html';
    let state;
    if (context.draft !== undefined) {
      const draft = await loadDraft(mail, context.draft, { html: richText });
      // A draft opened again later (from Drafts, another day) finds its original from its own note.
      const original = context.original ?? (draft.originalRef && await findOriginal(mail, draft.originalRef, draft.inReplyTo));
      state = draftState(draft, original || undefined, await sendersOf(res, opts), richText);
    } else {
      state = blankState(to ?? '', await sendersOf(res, opts), richText);
    }
    await renderCompose(res, 200, state, opts);
  });

  for (const mode of ['reply', 'reply-all', 'forward'] as const) {
    router.get(`/message/:mailbox/:uid/${mode}`, takeFlash, async (req, res) => {
      const { mailbox, uid } = parse(messageParams, req.params);
      const mail = mailSessionOf(res);
      // The list the message was opened from goes along, so sending returns to the message within it.
      const list = listToken(parseList(req.query.list)) || undefined;
      // In rich text the HTML part comes too, to be quoted as HTML (compose/quote-html.ts).
      const richText = settingsOf(res)?.composeFormat === 'html';
      const source = await readComposeSource(mail, mailbox, uid, { html: richText });
      const state = answerState(source, mode, await sendersOf(res, opts), localeOf(res), richText);
      const original = state.context.original && { ...state.context.original, list };
      await renderCompose(res, 200, { ...state, context: { ...state.context, original } }, opts);
    });
  }

  router.post('/compose', composePost(opts));

  return router;
}
