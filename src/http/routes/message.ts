// Reading one message: the page, its body frame, its parts and its source.
import { Router, type Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { listMailboxes } from '../../mail/mailboxes.ts';
import { getMessageBody, streamMessagePart, streamRawMessage, type PartStreamInfo } from '../../mail/message-parts.ts';
import { getMessage } from '../../mail/messages.ts';
import { listNeighbours } from '../../mail/neighbours.ts';
import { isSafeInlineImage } from '../../mime/format.ts';
import { mailSessionOf } from '../auth.ts';
import { takeFlash } from '../flash.ts';
import { messageQueryOf, parseList, sortOf } from '../list-state.ts';
import { bodyCsp, bodyDocument } from '../presenters/body-document.ts';
import { messagePage } from '../presenters/message-page.ts';
import { bodyQuery, messageParams, parse, partParams } from '../params.ts';

function setDownloadHeaders(res: Response, info: PartStreamInfo): void {
  // Only image types a browser renders without running code may show inline (cid: images in the body frame);
  // anything else is a download, and nosniff + CSP sandbox keep even a lying Content-Type harmless.
  const inline = isSafeInlineImage(info.contentType);
  res.type(inline ? info.contentType : 'application/octet-stream');
  res.attachment(info.filename);
  if (inline) res.set('Content-Disposition', res.get('Content-Disposition')!.replace(/^attachment/, 'inline'));
  res.set({ 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox", 'Cache-Control': 'private, max-age=3600' });
}

export function messageRoutes(opts: { pageSize: number }): Router {
  const router = Router();

  router.get('/message/:mailbox/:uid', takeFlash, async (req, res) => {
    const { mailbox, uid } = parse(messageParams, req.params);
    const { remote } = parse(bodyQuery, req.query);
    const list = parseList(req.query.list);
    const mail = mailSessionOf(res);
    // Before getMessage marks it read: in a list of unread mail, this message still has its place.
    const neighbours = await listNeighbours(mail, mailbox, uid, { query: messageQueryOf(list), sort: sortOf(list) });
    const view = await getMessage(mail, mailbox, uid);
    const folders = await listMailboxes(mail);
    res.render('message', messagePage(folders, view, { remote: remote === '1', list, neighbours, pageSize: opts.pageSize }));
  });

  router.get('/message/:mailbox/:uid/body', async (req, res) => {
    const { mailbox, uid } = parse(messageParams, req.params);
    const allowRemoteImages = parse(bodyQuery, req.query).remote === '1';
    const body = await getMessageBody(mailSessionOf(res), mailbox, uid);
    const doc = bodyDocument(body, mailbox, uid, { allowRemoteImages });
    res.set({
      'Content-Security-Policy': bodyCsp(allowRemoteImages),
      'Referrer-Policy': 'no-referrer',
      'X-Blocked-Remote-Images': String(doc.blockedRemoteImages),
      'Cache-Control': 'private, no-store',
    });
    res.type('html').send(doc.html);
  });

  router.get('/message/:mailbox/:uid/part/:part', async (req, res) => {
    const { mailbox, uid, part } = parse(partParams, req.params);
    await streamMessagePart(mailSessionOf(res), mailbox, uid, part, async (info, content) => {
      setDownloadHeaders(res, info);
      await pipeline(content, res);
    });
  });

  router.get('/message/:mailbox/:uid/raw', async (req, res) => {
    const { mailbox, uid } = parse(messageParams, req.params);
    await streamRawMessage(mailSessionOf(res), mailbox, uid, async (info, content) => {
      res.type('message/rfc822');
      res.attachment(`${(info.subject || `message-${uid}`).replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').slice(0, 100)}.eml`);
      res.set({ 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox" });
      await pipeline(content, res);
    });
  });

  return router;
}
