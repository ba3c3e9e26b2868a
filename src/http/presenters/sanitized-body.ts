// A message's HTML parts sanitized, once per open. The message page needs both the HTML (its body frame is inline,
// srcdoc) and whether the sanitizer held remote content back (it offers "show remote images" only then); opening the
// message again, and the body frame served on its own (a body too large to inline, the frame opened alone), need the
// same. They all get the same MessageBody object while the session's cache keeps the text (open-message.ts), so
// the result hangs off that object in a WeakMap, and the entry goes when the cache lets go of the text. A text too
// large to keep is fetched and sanitized again by a later request, as before.
// Memory: beside each text a session keeps, at most one sanitized copy of it, which the cache counts as the text's
// size again (mail/reading/message-texts.ts bodyBytes; DESIGN.md, message page).
import type { MessageBody } from '../../mail/reading/message-parts.ts';
import { enrichedToHtml } from '../../mime/enriched.ts';
import { setsOwnColours } from '../../mime/html-colours.ts';
import { sanitizeEmailHtml } from '../../mime/sanitize-html.ts';
import { partUrl } from '../pages/urls.ts';

/** Remote images shown through the image proxy: `key` names the session the addresses are signed for. */
export interface RemoteShown {
  key: string;
  urlFor: (src: string) => string | undefined;
}

export interface SanitizedPart {
  html: string;
  ownColours: boolean;
}

export interface SanitizedBody {
  /** per part of body.parts: the sanitized HTML of html and enriched parts, undefined for the others */
  parts: (SanitizedPart | undefined)[];
  /** remote references held back (sanitize-html.ts); 0 when nothing was */
  blockedRemote: number;
  /** remote references in the mail, shown or not: whether there is anything to show or to hide */
  remoteReferences: number;
}

const kept = new WeakMap<MessageBody, { key: string; value: SanitizedBody }>();

export function sanitizedBody(body: MessageBody, mailbox: string, uid: number, remote?: RemoteShown): SanitizedBody {
  const key = remote ? `shown\n${remote.key}` : 'blocked';
  const hit = kept.get(body);
  if (hit?.key === key) return hit.value;
  const resolveCid = (cid: string) => {
    const part = body.plan.inlineImages.get(cid) ?? body.plan.inlineImages.get(cid.toLowerCase());
    return part ? partUrl(mailbox, uid, part) : undefined;
  };
  let blockedRemote = 0;
  let remoteReferences = 0;
  const parts = body.parts.map(({ display, content }) => {
    if (display.kind !== 'html' && display.kind !== 'enriched') return undefined;
    // text/enriched becomes HTML of our own tags first; both then go through the one sanitizer.
    const source = display.kind === 'enriched' ? enrichedToHtml(content) : content;
    const clean = sanitizeEmailHtml(source, { resolveCid, remoteImage: remote?.urlFor });
    blockedRemote += clean.blockedRemoteImages;
    remoteReferences += clean.remoteReferences;
    return { html: clean.html, ownColours: setsOwnColours(clean.html) };
  });
  const value = { parts, blockedRemote, remoteReferences };
  kept.set(body, { key, value });
  return value;
}
