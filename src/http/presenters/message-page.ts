// View model of GET /message/:mailbox/:uid: headers, attachment list, the body frame's document or address, and the way
// through the list it was opened from (previous, next, back to the list on the page that holds this message).
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import type { MessageView } from '../../mail/reading/messages.ts';
import type { Neighbours } from '../../mail/reading/neighbours.ts';
import { formatAddressList } from '../../mime/addresses.ts';
import { isSafeInlineImage } from '../../mime/format.ts';
import { listHref, listToken, messageHref, type ListState } from '../lists/list-state.ts';
import { messageUrl, partUrl } from '../pages/urls.ts';
import { folderLinks } from './folders.ts';
import type { Formats } from './formats.ts';
import { messageActions } from './message-actions.ts';
import { replyLinks } from './reply-links.ts';

export interface MessagePageOptions {
  remote: boolean;
  /** the mail refers to remote content (sanitized-body.ts): only then is there anything to show */
  hasRemote: boolean;
  fmt: Formats;
  list: ListState;
  neighbours: Neighbours;
  pageSize: number;
  /** the body frame's document as the srcdoc attribute's value (inline-body.ts); undefined: too large to inline */
  bodySrcdoc: string | undefined;
}

export function messagePage(folders: MailboxSummary[], view: MessageView, opts: MessagePageOptions) {
  const { list, neighbours: around } = opts;
  const { t } = opts.fmt;
  const headers = [
    { label: t('message:headers.from'), value: formatAddressList(view.from) },
    { label: t('message:headers.to'), value: formatAddressList(view.to) },
    { label: t('message:headers.cc'), value: formatAddressList(view.cc) },
    { label: t('message:headers.replyTo'), value: formatAddressList(view.replyTo) },
    { label: t('message:headers.date'), value: opts.fmt.dates.full(view.date) },
  ].filter((h) => h.value);
  const here = messageHref(view.mailbox, view.uid, list);
  const withRemote = `${here}${here.includes('?') ? '&' : '?'}remote=1`;
  // Walking with previous/next moves through the list's pages: "back" goes to the page holding this message.
  const page = around.index !== undefined ? Math.floor(around.index / opts.pageSize) + 1 : list.page;
  const token = listToken(list);
  const inline = opts.bodySrcdoc !== undefined;
  // What the message's own actions carry: the list to return to, and the message to show once this one is gone.
  const keepPlace = [
    ...(token ? [{ name: 'list', value: token }] : []),
    ...(around.next !== undefined ? [{ name: 'then', value: String(around.next) }] : []),
  ];
  return {
    title: view.subject.trim() || t('common:noSubject'),
    mailbox: view.mailbox,
    uid: view.uid,
    folders: folderLinks(folders, view.mailbox),
    backHref: listHref(view.mailbox, list, { page, focus: view.uid }),
    previousHref: around.previous !== undefined ? messageHref(view.mailbox, around.previous, list) : undefined,
    nextHref: around.next !== undefined ? messageHref(view.mailbox, around.next, list) : undefined,
    position: around.index !== undefined ? t('message:nav.position', { index: around.index + 1, total: around.total }) : undefined,
    headers,
    flagged: view.flagged,
    seen: view.seen,
    organize: { ...messageActions(folders, view.mailbox, view.uid), hidden: keepPlace },
    reply: replyLinks(folders, view.mailbox, view.uid, list),
    // One of the two: the body in the page (one request), or the address the frame loads it from.
    bodySrcdoc: opts.bodySrcdoc,
    bodyHref: inline ? undefined : messageUrl(view.mailbox, view.uid, opts.remote ? 'body?remote=1' : 'body'),
    remoteHref: opts.hasRemote && !opts.remote ? withRemote : undefined,
    rawHref: messageUrl(view.mailbox, view.uid, 'raw'),
    attachments: view.plan.attachments.filter((a) => !a.inline || !a.contentId).map((a) => ({
      name: a.filename,
      type: a.type,
      size: opts.fmt.size(a.size),
      href: partUrl(view.mailbox, view.uid, a.part),
      // A raster image is shown in the page on request: the part route serves it as an image only when its bytes
      // are one (else as a download, which an <img> shows as broken, harmless).
      preview: isSafeInlineImage(a.type),
    })),
  };
}
