// Writing mail: the compose form (new, draft, reply, reply-all, forward) and POST /compose (compose-post.ts), which
// sends or saves.
import { Router, type Request } from 'express';
import { loadDraft } from '../../mail/writing/drafts.ts';
import { readComposeSource } from '../../mail/writing/originals.ts';
import { mailSessionOf } from '../auth.ts';
import { composeQuery, parseContext } from '../compose-form.ts';
import { identityOf, renderCompose, type ComposeRouteOptions } from '../compose-view.ts';
import { takeFlash } from '../flash.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { listToken, parseList } from '../list-state.ts';
import { messageParams, parse } from '../params.ts';
import { answerState, blankState, draftState, type Remembered } from '../presenters/compose-page.ts';
import { composePost } from './compose-post.ts';

export type { ComposeRouteOptions } from '../compose-view.ts';

const queryString = (value: unknown) => (typeof value === 'string' ? value : '');
const remembered = (req: Request): Remembered => req.session.composeFrom ?? { name: '', address: '' };

export function composeRoutes(opts: ComposeRouteOptions): Router {
  const router = Router();

  router.get('/compose', takeFlash, async (req, res) => {
    const { to } = parse(composeQuery, req.query);
    const context = parseContext((name) => queryString(req.query[name]));
    const mail = mailSessionOf(res);
    const state = context.draft !== undefined
      ? draftState(await loadDraft(mail, context.draft), context.original)
      : blankState(to ?? '', remembered(req));
    await renderCompose(res, 200, state, opts);
  });

  for (const mode of ['reply', 'reply-all', 'forward'] as const) {
    router.get(`/message/:mailbox/:uid/${mode}`, takeFlash, async (req, res) => {
      const { mailbox, uid } = parse(messageParams, req.params);
      const mail = mailSessionOf(res);
      // The list the message was opened from goes along, so sending returns to the message within it.
      const list = listToken(parseList(req.query.list)) || undefined;
      const source = await readComposeSource(mail, mailbox, uid);
      const state = answerState(source, mode, identityOf(mail, opts), remembered(req), localeOf(res));
      const original = state.context.original && { ...state.context.original, list };
      await renderCompose(res, 200, { ...state, context: { ...state.context, original } }, opts);
    });
  }

  router.post('/compose', composePost(opts));

  return router;
}
