// The message body as its own HTML document for <iframe sandbox>: inlined in the message page as srcdoc, or served
// by GET /message/:mailbox/:uid/body (DESIGN.md security model, "Body frame"). It is assembled here rather than in
// EJS because it carries sanitized mail HTML verbatim, which a template would only do through an unescaped tag;
// every other string in it goes through escapeHtml.
import { createHash } from 'node:crypto';
import type { MessageBody } from '../../mail/reading/message-parts.ts';
import { textToHtml } from '../../mime/linkify.ts';
import type { Translate } from '../i18n/translator.ts';
import type { DateFormats } from './dates.ts';
import { sanitizedBody, type RemoteShown } from './sanitized-body.ts';
import { foldQuotes } from './folded-quotes.ts';

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
details.quoted>summary{cursor:pointer;color:#4a5366;font:13px system-ui,sans-serif;margin:.4em 0}
.truncated{color:#8a4b00;font-size:13px}hr.part{border:0;border-top:1px dashed #c5cbd6;margin:1.2em 0}
pre.report{margin:0;color:#4a5366}.enriched blockquote{margin:0 0 0 .2em;padding-left:.8em;border-left:3px solid #c5cbd6}`;

// The dark theme (DESIGN.md): text and mail without colours of its own follow it; mail that sets colours keeps
// them on a light card (.own-colours), since it was designed on white. The page's theme setting decides whether
// this applies always (dark), with the device's preference (system), or never (light); on screens only, since
// light text would print on white paper (browsers leave backgrounds out of print).
const DARK = `:root{color-scheme:dark}body{color:#e3e6ec;background:#1b1f27}a{color:#8ab4f8}
.quote{border-left-color:#4f586b;color:#b4bccb}details.quoted>summary{color:#b4bccb}.embedded{background:#262c38}.truncated{color:#f0b35a}hr.part{border-top-color:#4f586b}
.own-colours{color:#1d2330;background:#fff;color-scheme:light;border-radius:6px;padding:12px 16px;margin:0 -8px}.own-colours a{color:#0b57d0}`;

export type BodyTheme = 'system' | 'light' | 'dark';

function themeStyle(theme: BodyTheme): string {
  if (theme === 'light') return STYLE;
  return `${STYLE}\n@media screen${theme === 'system' ? ' and (prefers-color-scheme: dark)' : ''}{${DARK}}`;
}

/**
 * The base64 SHA-256 of each theme's <style> element: a message page that inlines its body (srcdoc) allows exactly
 * these in its own CSP (page-csp.ts), since the frame document inherits that policy.
 */
export function frameStyleHashes(): string[] {
  return (['system', 'light', 'dark'] as const).map((theme) => createHash('sha256').update(themeStyle(theme)).digest('base64'));
}

export interface BodyOptions {
  /** the image-proxy addresses of remote images, when the reader asked for them (image-proxy-urls.ts) */
  remote?: RemoteShown | undefined;
  theme?: BodyTheme;
  /** the reader's words and dates, for what Postern itself writes into the document */
  fmt: { t: Translate; dates: Pick<DateFormats, 'full'> };
  /** quoted text collapsed behind "Show quoted text" (the conversation view, folded-quotes.ts) */
  foldQuotes?: boolean;
}

// An embedded message's date comes as an ISO string when it parsed, else as the sender wrote it.
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function bodyDocument(body: MessageBody, mailbox: string, uid: number, opts: BodyOptions): BodyDocument {
  const { t, dates } = opts.fmt;
  const sanitized = sanitizedBody(body, mailbox, uid, opts.remote);
  const sections = body.parts.map(({ display, content, truncated }, i) => {
    const clean = sanitized.parts[i];
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
    if (clean) {
      html = `<div class="${display.kind}${clean.ownColours ? ' own-colours' : ''}">${clean.html}</div>`;
    } else if (display.kind === 'preformatted') {
      html = `<pre class="text report">${escapeHtml(content)}</pre>`;
    } else {
      html = `<div class="text">${textToHtml(content, { flowed: display.flowed ?? false, delSp: display.delSp ?? false })}</div>`;
    }
    return truncated ? `${html}<p class="truncated">${escapeHtml(t('message:body.truncated'))}</p>` : html;
  });
  const shown = opts.foldQuotes ? sections.map((html) => foldQuotes(html, escapeHtml(t('message:body.quoted')))) : sections;
  const main = shown.length ? shown.join('<hr class="part">') : `<p><i>${escapeHtml(t('message:body.noText'))}</i></p>`;
  // <base target=_blank>: links leave the frame for a new tab (the sandbox allows popups, not navigation). Mail too
  // wide for the frame (a 600 px newsletter on a phone) gets class "fit" from public/app.js, which frees its tables
  // from their fixed widths, and is scaled down only if that is not enough.
  // The policy comes first in the head, before anything it governs: in a srcdoc frame it is the document's own, on
  // top of the page's it inherits (page-csp.ts); served from /body it repeats the header's.
  const html = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${FRAME_POLICY_META}">`
    + `<meta charset="utf-8"><meta name="referrer" content="no-referrer">`
    + '<meta name="viewport" content="width=device-width, initial-scale=1">'
    + `<base target="_blank"><style>${themeStyle(opts.theme ?? 'system')}</style></head><body>${main}</body></html>`;
  return { html, blockedRemoteImages: sanitized.blockedRemote };
}

/**
 * CSP for the body document: nothing runs, nothing loads but our own origin (part URLs, and remote images through
 * the image proxy when the reader asked for them) and data: images. The reader's browser never contacts a sender.
 * A <meta> policy cannot carry frame-ancestors or sandbox: the srcdoc frame gets its sandbox from the iframe's
 * attribute, and cannot be framed by anyone but its page.
 */
const FRAME_POLICY = [
  "default-src 'none'",
  "img-src 'self' data:",
  "style-src 'unsafe-inline'",
  "script-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
];
const FRAME_POLICY_META = escapeHtml(FRAME_POLICY.join('; '));

/** The header of GET /message/:mailbox/:uid/body: the frame's policy, and sandboxed even when opened alone. */
export function bodyCsp(): string {
  return [
    ...FRAME_POLICY,
    "frame-ancestors 'self'",
    // Even opened outside the frame, the document stays sandboxed: no scripts, no forms, no top navigation.
    'sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox',
  ].join('; ');
}
