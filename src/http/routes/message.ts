// Reading one message: the page (its body inline, as the frame's srcdoc), the body frame on its own, its parts and
// its source.
import { create as contentDisposition } from 'content-disposition';
import { Router, type Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { getMessageBody, streamMessagePart, streamRawMessage } from '../../mail/reading/message-parts.ts';
import { getMessage } from '../../mail/reading/messages.ts';
import { SIGNATURE_BYTES } from '../../mime/image-signature.ts';
import { servePartAs, type ServedAs } from '../../mime/part-serving.ts';
import { readHead } from '../../remote/stream-head.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import { takeFlash } from '../pages/flash.ts';
import type { ImageProxyUrls } from '../pages/image-proxy-urls.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { settingsOf } from '../sessions/load-settings.ts';
import { shownFolders } from '../lists/shown-folders.ts';
import { trustingEntry } from '../../settings/remote-image-senders.ts';
import { messageExtras, remoteImagesChoice } from '../presenters/message-extras.ts';
import { listNeighbours } from '../../mail/reading/neighbours.ts';
import { prefetchNext } from '../../mail/reading/prefetch.ts';
import { messageQueryOf, parseList, sortOf } from '../lists/list-state.ts';
import { bodyCsp, bodyDocument } from '../presenters/body-document.ts';
import { inlineBody } from '../presenters/inline-body.ts';
import { sanitizedBody, type RemoteShown } from '../presenters/sanitized-body.ts';
import { messagePage } from '../presenters/message-page.ts';
import { messagePageCsp } from '../pages/page-csp.ts';
import { bodyQuery, messageParams, parse, partParams } from '../forms/params.ts';

// Parts and the raw source are the sender's bytes on our origin: whatever they hold, nosniff keeps the browser to
// the type we chose and the CSP sandbox keeps a document from running or reaching anything.
const DOWNLOAD_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox" };

// Headers are set directly, never through res.attachment() or res.type(): those derive Content-Type from the file
// name, and a part named "login.html" would go out as text/html.
function setDownloadHeaders(res: Response, served: ServedAs, filename: string): void {
  res.setHeader('Content-Type', served.contentType);
  res.setHeader('Content-Disposition', contentDisposition(filename, { type: served.inline ? 'inline' : 'attachment' }));
  for (const [name, value] of Object.entries(DOWNLOAD_HEADERS)) res.setHeader(name, value);
}

export function messageRoutes(opts: { imageUrls: ImageProxyUrls; pageSize: number; folderCountsMs: number }): Router {
  const router = Router();
  const shownFor = (sessionId: string): RemoteShown => ({ key: sessionId, urlFor: (src) => opts.imageUrls.urlFor(sessionId, src) });

  router.get('/message/:mailbox/:uid', takeFlash, async (req, res) => {
    const { mailbox, uid } = parse(messageParams, req.params);
    const { remote } = parse(bodyQuery, req.query);
    const list = parseList(req.query.list);
    const mail = mailSessionOf(res);
    const pageSize = settingsOf(res)?.pageSize ?? opts.pageSize;
    // Before getMessage marks it read: in a list of unread mail, this message still has its place.
    const neighbours = await listNeighbours(mail, mailbox, uid, { query: messageQueryOf(list), sort: sortOf(list), page: list.page, pageSize });
    const view = await getMessage(mail, mailbox, uid);
    // The reader most likely opens the next one in this list next: fetched while they read this one.
    prefetchNext(mail, mailbox, uid, neighbours.next);
    const folders = await shownFolders(res, { maxAgeMs: opts.folderCountsMs });
    const choice = remoteImagesChoice(remote, trustingEntry(settingsOf(res)?.remoteImageSenders ?? [], view.from[0]?.address));
    // Sanitized once, in the mode the reader chose (sanitized-body.ts): the body document goes into the page, and
    // the count of remote references decides whether the page offers to show them.
    const shown = choice.shown ? shownFor(req.sessionID) : undefined;
    const { remoteReferences } = sanitizedBody(view.body, mailbox, uid, shown);
    const hasRemote = remoteReferences > 0;
    const locale = localeOf(res);
    const bodySrcdoc = inlineBody(view.body, mailbox, uid, locale, shown);
    const page = messagePage(folders, view, { remote: choice.shown, hasRemote, fmt: locale, list, neighbours, pageSize, bodySrcdoc });
    if (page.bodySrcdoc !== undefined) res.setHeader('Content-Security-Policy', messagePageCsp());
    res.render('message', { ...page, extras: messageExtras(view, choice, hasRemote) });
  });

  router.get('/message/:mailbox/:uid/body', async (req, res) => {
    const { mailbox, uid } = parse(messageParams, req.params);
    const query = parse(bodyQuery, req.query);
    const allowRemoteImages = query.remote === '1';
    const body = await getMessageBody(mailSessionOf(res), mailbox, uid);
    const locale = localeOf(res);
    const remote = allowRemoteImages ? shownFor(req.sessionID) : undefined;
    const doc = bodyDocument(body, mailbox, uid, { remote, theme: locale.theme, fmt: locale, foldQuotes: query.quotes === 'fold' });
    res.set({
      'Content-Security-Policy': bodyCsp(),
      'Referrer-Policy': 'no-referrer',
      'X-Blocked-Remote-Images': String(doc.blockedRemoteImages),
    });
    res.type('html').send(doc.html);
  });

  router.get('/message/:mailbox/:uid/part/:part', async (req, res) => {
    const { mailbox, uid, part } = parse(partParams, req.params);
    await streamMessagePart(mailSessionOf(res), mailbox, uid, part, async (info, content) => {
      // The first bytes decide inline or download, so they are read before any header goes out.
      const { head, body } = await readHead(content, SIGNATURE_BYTES);
      setDownloadHeaders(res, servePartAs(info.contentType, info.disposition, head), info.filename);
      await pipeline(body, res);
    });
  });

  router.get('/message/:mailbox/:uid/raw', async (req, res) => {
    const { mailbox, uid } = parse(messageParams, req.params);
    await streamRawMessage(mailSessionOf(res), mailbox, uid, async (info, content) => {
      const name = `${(info.subject || `message-${uid}`).replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').slice(0, 100)}.eml`;
      setDownloadHeaders(res, { contentType: 'message/rfc822', inline: false }, name);
      await pipeline(content, res);
    });
  });

  return router;
}
