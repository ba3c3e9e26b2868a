// What in a mail would load from the web while it is shown: the sanitizer counts these so the message page offers
// "show remote images" only when something was actually held back (issue 8: the notice stood on every HTML mail).
// Counting decides no security question (the allow-list does); it follows the browser's reading where that is
// cheap and otherwise errs on the side of one reference more. "Remote" is an absolute http(s) URL, as for <img src>
// (url-policy.ts): relative and protocol-relative references are dropped without counting, as before.
import { classifyImageSource } from './url-policy.ts';

// Attributes the browser fetches while rendering. Links (a/area href, ping, cite, form action, meta refresh) are
// not content: they load nothing until the reader clicks.
const LOADING = new Set(['src', 'background', 'poster', 'data', 'lowsrc', 'dynsrc']);
const CANDIDATE_LISTS = new Set(['srcset', 'imagesrcset']);
// href loads on these (stylesheets and icons, SVG images and filters, <use> of another document).
const LOADING_HREF = new Set(['link', 'image', 'feimage', 'use']);

export const isRemoteUrl = (value: string): boolean => classifyImageSource(value).kind === 'remote';

/** Remote references in one element's attributes, as the parser gave them (names lower-case). */
export function remoteInAttributes(tag: string, attribs: Record<string, string>): number {
  let n = 0;
  for (const [name, value] of Object.entries(attribs)) {
    if (typeof value !== 'string') continue;
    if (LOADING.has(name) || ((name === 'href' || name === 'xlink:href') && LOADING_HREF.has(tag))) {
      if (isRemoteUrl(value)) n++;
    } else if (CANDIDATE_LISTS.has(name)) {
      // "url 1x, url 2x": the URL is each candidate's first word (HTML's srcset parsing, simplified).
      if (value.split(',').some((c) => isRemoteUrl(c.trim().split(/\s+/)[0] ?? ''))) n++;
    } else if (name === 'style') {
      n += remoteInCss(value);
    }
  }
  return n;
}

// url(...) unquoted or quoted, and quoted strings (image-set("..."), @import "...").
const CSS_URLS = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s'"]*))|"([^"]*)"|'([^']*)'/gi;

/** Remote URLs in CSS text; CSS escapes (u\rl) are not undone, the filter drops such declarations anyway. */
export function remoteInCss(css: string): number {
  let n = 0;
  for (const m of css.matchAll(CSS_URLS)) {
    if (isRemoteUrl(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '')) n++;
  }
  return n;
}

/**
 * Remote URLs inside <style> elements, which the sanitizer discards with their text unseen. Raw text, as the
 * HTML parser reads it: up to the next "</style". Linear: every search starts where the last one ended.
 */
export function remoteInStyleElements(html: string): number {
  const open = /<style\b/gi;
  const close = /<\/style/gi;
  let n = 0;
  while (open.exec(html)) {
    const start = html.indexOf('>', open.lastIndex);
    if (start < 0) break;
    close.lastIndex = start;
    const end = close.exec(html);
    n += remoteInCss(html.slice(start + 1, end ? end.index : html.length));
    if (!end) break;
    open.lastIndex = close.lastIndex;
  }
  return n;
}
