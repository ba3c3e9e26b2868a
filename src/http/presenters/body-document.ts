// The message body as its own HTML document, served into <iframe sandbox> (DESIGN.md security model). It is
// assembled here rather than in EJS because it carries sanitized mail HTML verbatim, which a template would only
// do through an unescaped tag; every other string in it goes through escapeHtml.
import type { MessageBody } from '../../mail/message-parts.ts';
import { sanitizeEmailHtml } from '../../mime/sanitize-html.ts';
import { textToHtml } from '../../mime/linkify.ts';
import { partUrl } from '../urls.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface BodyDocument {
  html: string;
  blockedRemoteImages: number;
}

const STYLE = `body{margin:0;padding:12px 16px;font:15px/1.5 system-ui,sans-serif;color:#1d2330;overflow-wrap:anywhere}
img{max-width:100%;height:auto}table{max-width:100%}html.fit table,html.fit td,html.fit th{width:auto!important;min-width:0!important}.text{white-space:pre-wrap;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13.5px}
.quote{margin:0 0 0 .2em;padding-left:.8em;border-left:3px solid #c5cbd6;color:#4a5366}
.embedded{margin:1.2em 0 .6em;padding:.5em .8em;background:#f2f4f8;border-radius:6px;font-size:13px}
.truncated{color:#8a4b00;font-size:13px}hr.part{border:0;border-top:1px dashed #c5cbd6;margin:1.2em 0}`;

export function bodyDocument(body: MessageBody, mailbox: string, uid: number, opts: { allowRemoteImages: boolean }): BodyDocument {
  const resolveCid = (cid: string) => {
    const part = body.plan.inlineImages.get(cid) ?? body.plan.inlineImages.get(cid.toLowerCase());
    return part ? partUrl(mailbox, uid, part) : undefined;
  };
  let blockedRemoteImages = 0;
  const sections = body.parts.map(({ display, content, truncated }) => {
    let html: string;
    if (display.kind === 'embedded-message') {
      const rows = [['Forwarded message', ''], ['From', display.from], ['Subject', display.subject], ['Date', display.date]]
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => (v ? `<div><b>${escapeHtml(k!)}:</b> ${escapeHtml(v)}</div>` : `<div><b>${escapeHtml(k!)}</b></div>`));
      return `<div class="embedded">${rows.join('')}</div>`;
    }
    if (display.kind === 'html') {
      const clean = sanitizeEmailHtml(content, { resolveCid, allowRemoteImages: opts.allowRemoteImages });
      blockedRemoteImages += clean.blockedRemoteImages;
      html = `<div class="html">${clean.html}</div>`;
    } else {
      html = `<div class="text">${textToHtml(content, { flowed: display.flowed ?? false, delSp: display.delSp ?? false })}</div>`;
    }
    return truncated ? `${html}<p class="truncated">This part is too long to show in full: download the message to see all of it.</p>` : html;
  });
  const main = sections.length ? sections.join('<hr class="part">') : '<p><i>This message has no text.</i></p>';
  // <base target=_blank>: links leave the frame for a new tab (the sandbox allows popups, not navigation). Mail too
  // wide for the frame (a 600 px newsletter on a phone) gets class "fit" from public/app.js, which frees its tables
  // from their fixed widths, and is scaled down only if that is not enough.
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">`
    + '<meta name="viewport" content="width=device-width, initial-scale=1">'
    + `<base target="_blank"><style>${STYLE}</style></head><body>${main}</body></html>`;
  return { html, blockedRemoteImages };
}

/** CSP for the body document: nothing runs, nothing loads but our own part URLs (and remote images when asked). */
export function bodyCsp(allowRemoteImages: boolean): string {
  return [
    "default-src 'none'",
    `img-src 'self' data:${allowRemoteImages ? ' https: http:' : ''}`,
    "style-src 'unsafe-inline'",
    "script-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
    // Even opened outside the frame, the document stays sandboxed: no scripts, no forms, no top navigation.
    'sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox',
  ].join('; ');
}
