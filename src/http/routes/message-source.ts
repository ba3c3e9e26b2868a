// GET /message/:mailbox/:uid/source: the message's source as text in a page, for reading headers without
// downloading a file. Bounded: the first MAX_SOURCE_BYTES only, with a note and the download link (/raw) for the
// rest. EJS escapes it, so markup in the source is shown, never run.
import { Router } from 'express';
import { readSourceHead } from '../../mail/reading/message-source.ts';
import { sourceText } from '../../mime/source-text.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { messageParams, parse } from '../forms/params.ts';
import { messageUrl } from '../pages/urls.ts';

/** A megabyte of headers and text is more than anyone reads in a page, and bounds the page's memory. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

export function messageSourceRoutes(): Router {
  const router = Router();

  router.get('/message/:mailbox/:uid/source', async (req, res) => {
    const { mailbox, uid } = parse(messageParams, req.params);
    const head = await readSourceHead(mailSessionOf(res), mailbox, uid, MAX_SOURCE_BYTES);
    const { t, size } = localeOf(res);
    const truncated = head.size > head.bytes.length;
    res.set('Cache-Control', 'private, no-store');
    res.render('source', {
      title: t('message:source.title', { subject: head.subject.trim() || `#${uid}` }),
      backHref: messageUrl(mailbox, uid),
      rawHref: messageUrl(mailbox, uid, 'raw'),
      text: sourceText(head.bytes, truncated),
      sizeNote: t('message:source.size', { size: size(head.size) }),
      truncatedNote: truncated ? t('message:source.truncated', { shown: size(head.bytes.length), total: size(head.size) }) : undefined,
    });
  });

  return router;
}
