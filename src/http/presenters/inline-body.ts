// The body document as the message page inlines it (the iframe's srcdoc), remembered per opened message. Opening a
// message again (the reader going back and forth, a kept text: mail/cache/kept-texts.ts) then costs no assembly of
// the document (linkified text, folded lines). The page escapes it with `<%=` like any attribute (STYLE.md 8: no raw
// output outside includes), which a pre-escaped copy would have saved too, at the price of a raw `<%-`.
//
// Like the sanitized HTML (sanitized-body.ts), the entry hangs off the MessageBody object the session's cache keeps,
// so it goes when the cache lets go of the text, and the cache counts it (mail/reading/message-texts.ts bodyBytes).
// One entry per body: the key is everything the document depends on besides the body, and another reader's choice
// (remote images shown, theme, language, zone) makes another document. The document is kept from the second time
// it is asked for: most messages are opened once, and a session that has just read one (the idle sessions of
// issue 9's memory target) then holds no copy of it beyond the text.
import type { MessageBody } from '../../mail/reading/message-parts.ts';
import type { RequestLocale } from '../i18n/request-locale.ts';
import { bodyDocument } from './body-document.ts';
import type { RemoteShown } from './sanitized-body.ts';

/**
 * Past this many characters of body document the page names the frame's src instead of inlining it: the srcdoc
 * attribute is escaped again (every quote and bracket of the mail's markup becomes an entity), so a large newsletter
 * would grow the page by more than itself. Mail under it (nearly all) opens in one request. DESIGN.md, Body frame.
 */
export const INLINE_BODY_MAX_CHARS = 256 * 1024;

type Locale = Pick<RequestLocale, 'language' | 'locale' | 'timeZone' | 'timeZoneChosen' | 'theme' | 't' | 'dates'>;

/** `srcdoc` is absent until the same document is asked for a second time. */
const kept = new WeakMap<MessageBody, { key: string; srcdoc?: string | undefined }>();

/** The document for the srcdoc attribute (unescaped: the page's `<%=` escapes it); undefined when too large to inline. */
export function inlineBody(body: MessageBody, mailbox: string, uid: number, locale: Locale, remote?: RemoteShown): string | undefined {
  const key = `${mailbox}\n${uid}\n${remote ? `shown\n${remote.key}` : 'blocked'}\n${locale.theme}\n${locale.language}\n${locale.locale}\n${locale.timeZone}\n${locale.timeZoneChosen}`;
  const hit = kept.get(body);
  if (hit?.key === key && 'srcdoc' in hit) return hit.srcdoc;
  const { html } = bodyDocument(body, mailbox, uid, { remote, theme: locale.theme, fmt: locale });
  const srcdoc = html.length <= INLINE_BODY_MAX_CHARS ? html : undefined;
  kept.set(body, hit?.key === key ? { key, srcdoc } : { key });
  return srcdoc;
}
