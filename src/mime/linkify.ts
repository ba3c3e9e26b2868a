// Plain-text mail to HTML for a `white-space: pre-wrap` container: escaped, links made clickable, quoted
// lines in nested <blockquote class="quote">. And the reverse direction for replies.
import { fixedLines, flowedLines, splitLines } from './flowed.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

export function textToHtml(text: string, opts: { flowed?: boolean; delSp?: boolean } = {}): string {
  const lines = opts.flowed ? flowedLines(String(text), opts.delSp) : fixedLines(String(text));
  let out = '';
  let depth = 0;
  let first = true;
  for (const line of lines) {
    // Block boundaries already break the line in pre-wrap; a "\n" next to them would add an empty line.
    if (line.depth !== depth) first = true;
    for (; depth < line.depth; depth++) out += '<blockquote class="quote">';
    for (; depth > line.depth; depth--) out += '</blockquote>';
    out += (first ? '' : '\n') + linkifyLine(line.text);
    first = false;
  }
  return out + '</blockquote>'.repeat(depth);
}

// Characters that end a URL in running text: whitespace, markup delimiters, controls, invisible format characters
// (a bidi override inside a link's text would disguise where it goes).
const URL_START = /https?:\/\//gi;
const URL_STOP = /[\s<>"\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;
const TRAILING = /[.,;:!?'"*_~]$/;
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const LOCAL_CHAR = /[a-z0-9._%+-]/i;
const DOMAIN_CHAR = /[a-z0-9.-]/i;
const DOMAIN = /^(?:[a-z0-9-]{1,63}\.){1,8}[a-z]{2,63}$/i;

const link = (href: string, label: string) =>
  `<a href="${escapeHtml(href)}" rel="noopener noreferrer" target="_blank">${escapeHtml(label)}</a>`;

function linkifyLine(line: string): string {
  let out = '';
  let from = 0;
  let skipUntil = 0;
  for (const m of line.matchAll(URL_START)) {
    const start = m.index;
    if (start < from || start < skipUntil) continue;
    let end = start + m[0].length;
    while (end < line.length && !URL_STOP.test(line[end] ?? ' ')) end++;
    const url = trimUrl(line.slice(start, end));
    // Not a URL: later "http://" inside the same run are not tried either, so "http://:http://:..." stays linear.
    if (!isLinkable(url)) {
      skipUntil = end;
      continue;
    }
    out += linkifyEmails(line.slice(from, start)) + link(url, url);
    from = start + url.length;
  }
  return out + linkifyEmails(line.slice(from));
}

// "(see https://x.org/a)." ends at "a"; "https://en.wikipedia.org/wiki/Foo_(bar)" keeps its balanced ")".
// Bracket counts are kept while trimming so a URL ending in 100,000 ")" costs linear time.
function trimUrl(url: string): string {
  const counts = new Map<string, number>();
  for (const c of url) if ('()[]{}'.includes(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  let end = url.length;
  while (end > 0) {
    const last = url[end - 1] ?? '';
    const opener = CLOSERS[last];
    if (opener && (counts.get(opener) ?? 0) < (counts.get(last) ?? 0)) counts.set(last, (counts.get(last) ?? 0) - 1);
    else if (!TRAILING.test(last)) break;
    end--;
  }
  return url.slice(0, end);
}

// A host must follow the "//" as written: the URL parser would read "https:///x" as https://x/.
function isLinkable(url: string): boolean {
  if (!/^https?:\/\/[^/\\]/i.test(url)) return false;
  try {
    return new URL(url).hostname !== '';
  } catch {
    return false;
  }
}

// Found from each "@" outwards rather than by a global regex, which would try a 64-character local part at every
// position of a long line.
function linkifyEmails(text: string): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > from && at - start < 64 && LOCAL_CHAR.test(text[start - 1] ?? '')) start--;
    let end = at + 1;
    while (end < text.length && end - at <= 253 && DOMAIN_CHAR.test(text[end] ?? '')) end++;
    while (end > at + 1 && /[.-]/.test(text[end - 1] ?? '')) end--; // "mail a@b.com." ends at "m"
    // Part of a longer word ("x@y.com@z", a path "/u@h.com") or an over-long local part: leave it as text.
    const glued = /[a-z0-9._%+@/-]/i.test(text[start - 1] ?? ' ') || /[a-z0-9@_]/i.test(text[end] ?? ' ');
    if (start === at || glued || !DOMAIN.test(text.slice(at + 1, end))) continue;
    const address = text.slice(start, end);
    out += escapeHtml(text.slice(from, start)) + link(`mailto:${address}`, address);
    from = end;
  }
  return out + escapeHtml(text.slice(from));
}

/** The text of a reply: each line prefixed with "> " (">" alone on empty lines, no trailing space), nesting stacks. */
export function quoteText(text: string): string {
  const lines = splitLines(String(text));
  while (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines.map((line) => (line === '' ? '>' : `> ${line}`)).join('\n');
}
