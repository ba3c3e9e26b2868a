// The message body as its own HTML document, served into <iframe sandbox> (DESIGN.md security model). It is
// assembled here rather than in EJS because it carries sanitized mail HTML verbatim, which a template would only
// do through an unescaped tag; every other string in it goes through escapeHtml.
import type { MessageBody } from '../../mail/reading/message-parts.ts';
import { enrichedToHtml } from '../../mime/enriched.ts';
import { setsOwnColours } from '../../mime/html-colours.ts';
import { sanitizeEmailHtml } from '../../mime/sanitize-html.ts';
import { textToHtml } from '../../mime/linkify.ts';
import type { Translate } from '../i18n/translator.ts';
import { partUrl } from '../urls.ts';
import type { DateFormats } from './dates.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface BodyDocument {
  html: string;
  blockedRemoteImages: number;
}

const STYLE = `:root{color-scheme:light}body{margin:0;padding:12px 16px;font:15px/1.5 system-ui,sans-serif;color:#1d2330;background:#fff;overflow-wrap:anywhere}
img{max-width:100%;height:auto}table{max-width:100%}html.fit table,html.fit td,html.fit th{width:auto!important;min-width:0!important}.text{white-space:pre-wrap;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13.5px}
.quote{margin:0 0 0 .2em;padding-left:.8em;border-left:3px solid #c5cbd6;color:#4a5366}
.embedded{margin:1.2em 0 .6em;padding:.5em .8em;background:#f2f4f8;border-radius:6px;font-size:13px}
.truncated{color:#8a4b00;font-size:13px}hr.part{border:0;border-top:1px dashed #c5cbd6;margin:1.2em 0}
pre.report{margin:0;color:#4a5366}.enriched blockquote{margin:0 0 0 .2em;padding-left:.8em;border-left:3px solid #c5cbd6}`;

// The dark theme (DESIGN.md): text and mail without colours of its own follow it; mail that sets colours keeps
// them on a light card (.own-colours), since it was designed on white. The page's theme setting decides whether
// this applies always (dark), with the device's preference (system), or never (light); on screens only, since
// light text would print on white paper (browsers leave backgrounds out of print).
const DARK = `:root{color-scheme:dark}body{color:#e3e6ec;background:#1b1f27}a{color:#8ab4f8}
.quote{border-left-color:#4f586b;color:#b4bccb}.embedded{background:#262c38}.truncated{color:#f0b35a}hr.part{border-top-color:#4f586b}
.own-colours{color:#1d2330;background:#fff;color-scheme:light;border-radius:6px;padding:12px 16px;margin:0 -8px}.own-colours a{color:#0b57d0}`;

export type BodyTheme = 'system' | 'light' | 'dark';

function themeStyle(theme: BodyTheme): string {
  if (theme === 'light') return STYLE;
  return `${STYLE}\n@media screen${theme === 'system' ? ' and (prefers-color-scheme: dark)' : ''}{${DARK}}`;
}

export interface BodyOptions {
  /** the image-proxy address of a remote image, when the reader asked for remote images (image-proxy-urls.ts) */
  remoteImage?: ((src: string) => string | undefined) | undefined;
  theme?: BodyTheme;
  /** the reader's words and dates, for what Postern itself writes into the document */
  fmt: { t: Translate; dates: Pick<DateFormats, 'full'> };
}

// An embedded message's date comes as an ISO string when it parsed, else as the sender wrote it.
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function bodyDocument(body: MessageBody, mailbox: string, uid: number, opts: BodyOptions): BodyDocument {
  const resolveCid = (cid: string) => {
    const part = body.plan.inlineImages.get(cid) ?? body.plan.inlineImages.get(cid.toLowerCase());
    return part ? partUrl(mailbox, uid, part) : undefined;
  };
  const { t, dates } = opts.fmt;
  let blockedRemoteImages = 0;
  const sections = body.parts.map(({ display, content, truncated }) => {
    let html: string;
    if (display.kind === 'embedded-message') {
      const date = display.date && ISO.test(display.date) ? dates.full(new Date(display.date)) : display.date;
      const rows = [
        [t('message:embedded.title'), ''], [t('message:headers.from'), display.from], [t('message:headers.subject'), display.subject], [t('message:headers.date'), date],
      ]
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => (v ? `<div><b>${escapeHtml(k!)}:</b> ${escapeHtml(v)}</div>` : `<div><b>${escapeHtml(k!)}</b></div>`));
      return `<div class="embedded">${rows.join('')}</div>`;
    }
    if (display.kind === 'html' || display.kind === 'enriched') {
      // text/enriched becomes HTML of our own tags first; both then go through the one sanitizer.
      const source = display.kind === 'enriched' ? enrichedToHtml(content) : content;
      const clean = sanitizeEmailHtml(source, { resolveCid, remoteImage: opts.remoteImage });
      blockedRemoteImages += clean.blockedRemoteImages;
      html = `<div class="${display.kind}${setsOwnColours(clean.html) ? ' own-colours' : ''}">${clean.html}</div>`;
    } else if (display.kind === 'preformatted') {
      html = `<pre class="text report">${escapeHtml(content)}</pre>`;
    } else {
      html = `<div class="text">${textToHtml(content, { flowed: display.flowed ?? false, delSp: display.delSp ?? false })}</div>`;
    }
    return truncated ? `${html}<p class="truncated">${escapeHtml(t('message:body.truncated'))}</p>` : html;
  });
  const main = sections.length ? sections.join('<hr class="part">') : `<p><i>${escapeHtml(t('message:body.noText'))}</i></p>`;
  // <base target=_blank>: links leave the frame for a new tab (the sandbox allows popups, not navigation). Mail too
  // wide for the frame (a 600 px newsletter on a phone) gets class "fit" from public/app.js, which frees its tables
  // from their fixed widths, and is scaled down only if that is not enough.
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">`
    + '<meta name="viewport" content="width=device-width, initial-scale=1">'
    + `<base target="_blank"><style>${themeStyle(opts.theme ?? 'system')}</style></head><body>${main}</body></html>`;
  return { html, blockedRemoteImages };
}

/**
 * CSP for the body document: nothing runs, nothing loads but our own origin (part URLs, and remote images through
 * the image proxy when the reader asked for them) and data: images. The reader's browser never contacts a sender.
 */
export function bodyCsp(): string {
  return [
    "default-src 'none'",
    "img-src 'self' data:",
    "style-src 'unsafe-inline'",
    "script-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
    // Even opened outside the frame, the document stays sandboxed: no scripts, no forms, no top navigation.
    'sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox',
  ].join('; ');
}
