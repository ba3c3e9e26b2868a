// A rich-text body as it is sent (public/compose-editor.js posts it as bodyHtml): run through the reader's own
// allow-list sanitizer (src/mime/sanitize-html.ts: no script, no handlers, no remote images, no forms) whatever the
// browser's editor produced, since the field is whatever a client posts. Its plain-text part is made from that same
// HTML, not from what the browser sent as `body`, so the two parts say the same: links keep their address after
// their text, the signature separator keeps its trailing space (RFC 3676 section 4.3), which line trimming
// would take, and a quoted reply's <blockquote> becomes "> " lines.
import { htmlToText } from '../../compose/html-text.ts';
import { sanitizeEmailHtml } from '../../mime/sanitize-html.ts';

const LINK = /<a\b[^>]*?\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi;
const decodeAttr = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export function htmlBody(raw: string): { html: string; text: string } | undefined {
  if (!raw.trim()) return undefined;
  const html = sanitizeEmailHtml(raw, { resolveCid: () => undefined }).html.trim();
  if (!html) return undefined;
  const withAddresses = html.replace(LINK, (whole, href: string, inner: string) => {
    const url = decodeAttr(href);
    const words = htmlToText(inner);
    return !/^(https?|mailto):/i.test(url) || words === url || `mailto:${words}` === url ? whole : `${inner} &lt;${href}&gt;`;
  });
  const text = htmlToText(withAddresses, { quoteBlockquotes: true }).replace(/^--$/gm, '-- ');
  return { html, text: `${text}\n` };
}
