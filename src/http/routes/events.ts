// GET /events?mailbox=<path>&since=<id>: the signed-in session's live mail as Server-Sent Events, for the mailbox
// page's script (public/live.js). The stream itself (headers, heartbeat, caps, slow readers, shutdown) is
// src/push/; this route parses, checks, subscribes to the session's watch (one IDLE for all of a session's tabs)
// and turns each event into the page's markup (presenters/live-events.ts). Reconnects resume after Last-Event-ID
// (or `since`, the id the page was rendered at); what the watch no longer holds becomes 'reset'.
import { labelsOf } from '../lists/labels.ts';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { WatchEvent } from '../../mail/connection/watch-channel.ts';
import type { StreamHub } from '../../push/stream-hub.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import { HttpError } from '../pages/errors.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { msg } from '../i18n/translator.ts';
import { mailboxParams, parse } from '../forms/params.ts';
import { renderPartial } from '../pages/render-partial.ts';
import { liveEvent, type LiveContext } from '../presenters/live-events.ts';
import { shownFolders } from '../lists/shown-folders.ts';

const eventsQuery = mailboxParams.extend({
  since: z.string().max(64, msg('request:malformed')).optional(),
});

export function eventRoutes(hub: StreamHub): Router {
  const router = Router();

  router.get('/events', async (req, res) => {
    const { mailbox, since } = parse(eventsQuery, req.query);
    // The stream carries the user's mail: only Postern's own pages may open it. Browsers name the requesting site
    // (Sec-Fetch-Site); cookies are SameSite=Lax, and no CORS header lets another origin read the answer anyway.
    const site = req.get('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none') throw new HttpError(403, { key: msg('error:messages.streamsCrossSite') });
    const refusal = hub.refusal(req.sessionID);
    // A refusal is a status the browser's EventSource does not retry (only a dropped stream is retried).
    if (refusal === 'session') throw new HttpError(429, { key: msg('error:messages.streamsPerSession') });
    if (refusal) throw new HttpError(503, { key: msg('error:messages.streamsFull') });
    const mail = mailSessionOf(res);
    const folders = await shownFolders(res, { maxAgeMs: Infinity });
    const use = folders.find((f) => f.path === mailbox)?.specialUse;
    const ctx: LiveContext = {
      mailbox,
      fmt: localeOf(res),
      showRecipient: use === 'sent' || use === 'drafts',
      labels: labelsOf(res),
      summary: (uid) => mail.cache.summary(mailbox, uid),
      renderRow: async (m) => (await renderPartial(res, 'partials/message-row', { m })).trim(),
    };

    const resumeAt = req.get('last-event-id') || since;
    // No await from here to subscribe(): no event can fall between what since() gives and what the listener gets.
    const missed = resumeAt ? mail.watch.since(resumeAt, mailbox) : [];
    let unsubscribe = () => {};
    const stream = hub.open(req.sessionID, res, { stillSignedIn: signedInCheck(req), ended: () => unsubscribe() });
    // Events are rendered in order, one after the other; a rendering that fails ends the stream (the browser
    // reconnects and resumes) rather than skip an event.
    let queue = Promise.resolve();
    const push = (event: WatchEvent) => {
      queue = queue.then(async () => {
        if (!stream.open) return;
        stream.send(await liveEvent(event, ctx));
      }).catch(() => stream.end());
    };
    unsubscribe = mail.watch.subscribe(mailbox, push, () => stream.end());
    if (!stream.open) return unsubscribe();
    if (missed === undefined) push({ type: 'reset', mailbox, id: mail.watch.lastId });
    else for (const event of missed) push(event);
  });

  return router;
}

/** Whether the session this stream was opened for still exists with the same sign-in (not signed out, not expired). */
function signedInCheck(req: Request): () => Promise<boolean> {
  const { sessionStore: store, sessionID: id } = req;
  const keyCheck = req.session.keyCheck;
  return () => new Promise((resolve, reject) => store.get(id, (err, stored) => (err ? reject(err as Error) : resolve(!!stored && stored.keyCheck === keyCheck))));
}
